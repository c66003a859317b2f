#include "hazards/ScenarioHazards.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "hazards/Earthquake.hpp"
#include "hazards/Tsunami.hpp"
#include "model/Error.hpp"
#include "model/SplitMix.hpp"

namespace cisim {
namespace {

std::string q(const std::string& s) { return "\"" + s + "\""; }

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
        out.damages.push_back({u, ev, e.start_h, e.severity, duration * scale, e.recovery, e.recovery_h * scale, nullptr});
    }
}

// A blackout darkens the supplier's own units and cuts its supply to everyone else in the region.
// It is an outage of the supplier: its repair_scale (a countermeasure) scales the
// outage and recovery of each of its units, and the supplier sector's scale those
// of the supply it cuts. A restoration schedule is what the utility reported: it
// is followed as given, not scaled.
void add_blackout(const Model& model, const Network& net, const Event& e, std::uint32_t ev, Disruption& out) {
    const auto supplier = supplier_sector(net, e);
    const double cut_scale = model.sectors[supplier].repair_scale;
    const auto schedule =
        e.restoration.empty() ? nullptr : std::make_shared<const RestorationSchedule>(e.restoration);
    for (auto u : select_units(model, net, e.target)) {
        if (net.units[u].sector == supplier) {
            const double scale = repair_scale_of(model, net, u);
            out.damages.push_back({u, ev, e.start_h, e.severity, e.duration_h * scale, e.recovery,
                                   e.recovery_h * scale, schedule});
        } else {
            out.cuts.push_back({u, ev, supplier, e.start_h, e.start_h + e.duration_h * cut_scale, e.severity,
                                e.recovery, e.recovery_h * cut_scale, schedule});
        }
    }
}

// Rolling (planned) blackouts, as utilities run them (TEPCO, March 2011): the
// supplier's service to the consumers in the region is cut in turns; the grid's
// own units are never cut. Every consumer (a unit of another sector that
// depends on the supplier) is in exactly one group: its node's "rolling_group"
// if given, else the groups are balanced by capacity within each sector
// (largest first, ties by id, each to the group with the least load so far).
// Group g is cut during [start + g·slot, start + (g+1)·slot) of every rotation of
// groups × slot hours, until end_h. A sector-level unit is a population: each
// group is its own share of the members (engines/Populations.hpp).
// The slots are a plan, not damage: no repair or repair_scale lengthens them.
void add_rolling_blackout(const Model& model, const Network& net, const Event& e, std::uint32_t ev,
                          Disruption& out) {
    const auto supplier = supplier_sector(net, e);
    const int groups = std::max(1, e.groups);
    auto depends_on_supplier = [&](std::uint32_t u) {
        for (auto i = net.in_offsets[u]; i < net.in_offsets[u + 1]; ++i) {
            const auto ref = net.in_edges[i].supplier;
            if ((ref.is_sector() ? ref.index() : net.units[ref.index()].sector) == supplier) return true;
        }
        return false;
    };
    auto cut_slots = [&](std::uint32_t u, int group, std::uint16_t of, std::uint16_t member_group) {
        for (double t = e.start_h + group * e.slot_h; t < e.end_h; t += groups * e.slot_h)
            out.cuts.push_back({u, ev, supplier, t, std::min(t + e.slot_h, e.end_h), e.severity, Recovery::step, 0,
                                nullptr, of, member_group});
    };
    // Assets by sector, explicit groups first.
    std::map<std::uint32_t, std::vector<std::uint32_t>> by_sector;
    for (auto u : select_units(model, net, e.target)) {
        if (net.units[u].sector == supplier || !depends_on_supplier(u)) continue;
        if (net.units[u].node < 0) {
            for (int g = 0; g < groups; ++g)
                cut_slots(u, g, static_cast<std::uint16_t>(groups), static_cast<std::uint16_t>(g));
            continue;
        }
        by_sector[net.units[u].sector].push_back(u);
    }
    for (auto& [sector, units] : by_sector) {
        std::vector<double> load(static_cast<std::size_t>(groups), 0.0);
        std::vector<std::uint32_t> free;
        for (auto u : units) {
            const auto node_index = static_cast<std::size_t>(net.units[u].node);
            const auto& node = model.nodes[node_index];
            const auto& rolling_group = node.rolling_group();
            if (rolling_group.empty()) {
                free.push_back(u);
                continue;
            }
            int g = 0;
            const auto [end, ec] = std::from_chars(rolling_group.data(),
                                                   rolling_group.data() + rolling_group.size(), g);
            if (ec != std::errc{} || end != rolling_group.data() + rolling_group.size() || g < 1 ||
                g > groups)
                throw InputError(model.file, "/nodes/" + std::to_string(node_index) + "/rolling_group",
                                 "\"" + rolling_group + "\" is not a group of event " + q(e.id) + " (1 to " +
                                     std::to_string(groups) + ")");
            load[static_cast<std::size_t>(g - 1)] += node.capacity;
            cut_slots(u, g - 1, 1, 0);
        }
        const auto capacity = [&](std::uint32_t u) { return model.nodes[static_cast<std::size_t>(net.units[u].node)].capacity; };
        std::stable_sort(free.begin(), free.end(), [&](std::uint32_t a, std::uint32_t b) {
            if (capacity(a) != capacity(b)) return capacity(a) > capacity(b);
            return net.units[a].id < net.units[b].id;
        });
        for (auto u : free) {
            const auto g = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());
            load[static_cast<std::size_t>(g)] += capacity(u);
            cut_slots(u, g, 1, 0);
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
        Rng rng(splitmix64(options.seed ^ splitmix64(i + 1)));
        switch (e.kind) {
            case EventKind::it_outage: add_it_outage(model, network, e, i, options, rng, out); break;
            case EventKind::blackout: add_blackout(model, network, e, i, out); break;
            case EventKind::rolling_blackout: add_rolling_blackout(model, network, e, i, out); break;
            case EventKind::earthquake:
                if (options.sample) add_earthquake(model, network, e, i, options, rng, out);
                else if (i == earthquakes.front()) add_earthquakes_central(model, network, scenario, earthquakes, out,
                                                                          {options.realisation, options.realisations});
                break;
            case EventKind::tsunami: add_tsunami(model, network, e, i, options, rng, out); break;
            case EventKind::restore: add_restore(model, network, e, i, out); break;
        }
    }
    return out;
}

}  // namespace cisim
