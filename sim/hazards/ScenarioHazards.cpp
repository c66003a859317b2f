#include "hazards/ScenarioHazards.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "hazards/Earthquake.hpp"
#include "hazards/Tsunami.hpp"

namespace cisim {
namespace {

// splitmix64: decorrelates the per-event streams derived from one seed.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Lognormal draw with the given median and coefficient of variation. The
// median, not the mean, is the scenario's value: the deterministic run uses it
// unchanged and so is the central case of the draws.
double draw_lognormal(double median, double cv, Rng& rng) {
    if (median <= 0 || cv <= 0) return median;
    std::lognormal_distribution<double> dist(std::log(median), std::sqrt(std::log1p(cv * cv)));
    return dist(rng);
}

std::uint32_t supplier_sector(const Network& net, const Event& e) { return net.sector_index.at(e.supplier); }

void add_it_outage(const Model& model, const Network& net, const Event& e, std::uint32_t ev,
                   const HazardOptions& opt, Rng& rng, Disruption& out) {
    // One duration per event: a system outage ends for all of its users at once.
    const double duration = opt.sample ? draw_lognormal(e.duration_h, e.duration_cv, rng) : e.duration_h;
    for (auto u : select_units(model, net, e.target)) {
        const double scale = repair_scale_of(model, net, u);
        out.damages.push_back({u, ev, e.start_h, e.severity, duration * scale, e.recovery, e.recovery_h * scale});
    }
}

// A blackout darkens the supplier's own units and cuts its supply to everyone else in the region.
// It is an outage of the supplier: its repair_scale (a countermeasure) scales the
// outage and recovery of each of its units, and the supplier sector's scale those
// of the supply it cuts.
void add_blackout(const Model& model, const Network& net, const Event& e, std::uint32_t ev, Disruption& out) {
    const auto supplier = supplier_sector(net, e);
    const double cut_scale = model.sectors[supplier].repair_scale;
    for (auto u : select_units(model, net, e.target)) {
        if (net.units[u].sector == supplier) {
            const double scale = repair_scale_of(model, net, u);
            out.damages.push_back({u, ev, e.start_h, e.severity, e.duration_h * scale, e.recovery, e.recovery_h * scale});
        } else {
            out.cuts.push_back({u, ev, supplier, e.start_h, e.start_h + e.duration_h * cut_scale, e.severity, e.recovery,
                                e.recovery_h * cut_scale});
        }
    }
}

// Rolling (planned) blackouts: `groups` groups take turns, one slot each, from
// start_h to end_h, as TEPCO ran them in March 2011. An asset belongs to one
// group (by its order among the region's assets); a sector-level unit stands for
// all groups at once and so loses severity/groups of its supply for the whole window.
// The slots are a plan, not an outage to repair: repair_scale does not change them.
void add_rolling_blackout(const Model& model, const Network& net, const Event& e, std::uint32_t ev,
                          Disruption& out) {
    const auto supplier = supplier_sector(net, e);
    const auto units = select_units(model, net, e.target);
    const int groups = std::max(1, e.groups);
    std::size_t position = 0;
    for (auto u : units) {
        const bool own = net.units[u].sector == supplier;
        if (net.units[u].node < 0) {
            const double share = e.severity / groups;
            if (own) out.damages.push_back({u, ev, e.start_h, share, e.end_h - e.start_h, Recovery::step, 0});
            else out.cuts.push_back({u, ev, supplier, e.start_h, e.end_h, share, Recovery::step, 0});
            continue;
        }
        const auto group = static_cast<int>(position++ % static_cast<std::size_t>(groups));
        for (double t = e.start_h + group * e.slot_h; t < e.end_h; t += groups * e.slot_h) {
            const double end = std::min(t + e.slot_h, e.end_h);
            if (own) out.damages.push_back({u, ev, t, e.severity, end - t, Recovery::step, 0});
            else out.cuts.push_back({u, ev, supplier, t, end, e.severity, Recovery::step, 0});
        }
    }
}

void add_restore(const Model& model, const Network& net, const Event& e, std::uint32_t ev, Disruption& out) {
    for (auto u : select_units(model, net, e.target)) out.restorations.push_back({u, ev, e.start_h});
}

}  // namespace

std::vector<std::uint32_t> select_units(const Model& model, const Network& net, const Target& target) {
    std::vector<char> chosen(net.size(), 0);
    if (!target.id.empty())
        for (auto u : units_of(model, net, target.id)) chosen[u] = 1;
    for (const auto& id : target.nodes)
        for (auto u : units_of(model, net, id)) chosen[u] = 1;
    if (!target.node_class.empty() || !target.region.empty()) {
        for (std::uint32_t u = 0; u < net.size(); ++u) {
            const auto n = net.units[u].node;
            if (n < 0) {
                // A sector-level unit has no class and no place: only "*" reaches it.
                if (target.region == "*") chosen[u] = 1;
                continue;
            }
            const auto& node = model.nodes[static_cast<std::size_t>(n)];
            if (!target.node_class.empty() && node.node_class == target.node_class) chosen[u] = 1;
            if (!target.region.empty() && glob_match(target.region, node.region)) chosen[u] = 1;
        }
    }
    std::vector<std::uint32_t> out;
    for (std::uint32_t u = 0; u < net.size(); ++u)
        if (chosen[u]) out.push_back(u);
    return out;
}

double repair_scale_of(const Model& model, const Network& net, std::uint32_t unit) {
    const auto& u = net.units[unit];
    const double sector_scale = model.sectors[u.sector].repair_scale;
    return u.node < 0 ? sector_scale : sector_scale * model.nodes[static_cast<std::size_t>(u.node)].repair_scale;
}

Disruption compile_disruption(const Model& model, const Network& network, const Scenario& scenario,
                              const HazardOptions& options) {
    Disruption out;
    // Central case: the earthquakes together, at the first (hazards/Earthquake.hpp).
    std::vector<std::uint32_t> earthquakes;
    for (std::uint32_t i = 0; i < scenario.events.size(); ++i)
        if (scenario.events[i].kind == EventKind::earthquake) earthquakes.push_back(i);
    for (std::uint32_t i = 0; i < scenario.events.size(); ++i) {
        const auto& e = scenario.events[i];
        Rng rng(mix(options.seed ^ mix(i + 1)));
        switch (e.kind) {
            case EventKind::it_outage: add_it_outage(model, network, e, i, options, rng, out); break;
            case EventKind::blackout: add_blackout(model, network, e, i, out); break;
            case EventKind::rolling_blackout: add_rolling_blackout(model, network, e, i, out); break;
            case EventKind::earthquake:
                if (options.sample) add_earthquake(model, network, e, i, options, rng, out);
                else if (i == earthquakes.front()) add_earthquakes_central(model, network, scenario, earthquakes, out);
                break;
            case EventKind::tsunami: add_tsunami(model, network, e, i, options, rng, out); break;
            case EventKind::restore: add_restore(model, network, e, i, out); break;
        }
    }
    return out;
}

}  // namespace cisim
