#include "hazards/Earthquake.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>

#include "hazards/CentralCase.hpp"
#include "hazards/Fragility.hpp"
#include "hazards/JmaIntensity.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Error.hpp"

namespace cisim {
namespace {

constexpr double hours_per_day = 24.0;
// Central case: assets less likely than this to be damaged stay out of the
// strata (far from the source): they would take a quantile they cannot use.
constexpr double negligible = 1e-6;

}  // namespace

std::vector<SiteShaking> earthquake_shaking(const Model& model, const Network& network, const Event& event) {
    FaultType type{};
    if (!parse_fault_type(event.fault_type, type))
        throw InputError("", event.file_index >= 0 ? "/events/" + std::to_string(event.file_index) + "/fault_type" : "",
                         "unknown fault_type '" + event.fault_type + "' (expected crustal, interplate or intraplate)");
    std::vector<SiteShaking> out;
    for (std::uint32_t u = 0; u < network.size(); ++u) {
        const auto n = network.units[u].node;
        if (n < 0) continue;
        const auto& node = model.nodes[static_cast<std::size_t>(n)];
        if (!node.lat || !node.lon) continue;
        SiteShaking s;
        s.unit = u;
        s.motion = site_motion(event, *node.lat, *node.lon, node.site_amplification);
        s.intensity = jma_intensity_from_pgv(s.motion.pgv_cm_s);
        s.probabilities = damage_state_probabilities(fragility_of(node.node_class), s.motion.pga_g(),
                                                     node.fragility_scale);
        out.push_back(s);
    }
    return out;
}

void add_earthquakes_central(const Model& model, const Network& network, const Scenario& scenario,
                             const std::vector<std::uint32_t>& events, Disruption& out,
                             const Realisation& realisation) {
    if (events.empty()) return;
    // P(worst state ≥ s) over the events, s = slight … complete, and the likeliest
    // cause of each; one event's shaking at a time (a million assets: ~100 MB each).
    // Every event exposes the same assets in the same order (earthquake_shaking).
    std::vector<std::uint32_t> units;
    std::vector<std::array<double, 5>> spared, best;
    std::vector<std::array<std::uint32_t, 5>> cause;
    for (std::uint32_t e = 0; e < events.size(); ++e) {
        const auto shaking = earthquake_shaking(model, network, scenario.events[events[e]]);
        if (e == 0) {
            for (const auto& site : shaking) units.push_back(site.unit);
            spared.assign(units.size(), {1, 1, 1, 1, 1});
            best.assign(units.size(), {});
            cause.assign(units.size(), {});
        }
        for (std::size_t i = 0; i < units.size(); ++i) {
            const auto& p = shaking[i].probabilities;
            double tail = 0;
            for (std::size_t s = 5; s-- > 1;) {
                tail += p[s];
                spared[i][s] *= 1 - tail;
                if (tail > best[i][s]) best[i][s] = tail, cause[i][s] = e;
            }
        }
    }
    std::vector<std::array<double, 5>> at_least(units.size());
    for (std::size_t i = 0; i < units.size(); ++i)
        for (std::size_t s = 1; s < 5; ++s) at_least[i][s] = 1 - spared[i][s];
    std::map<std::string_view, std::vector<std::size_t>> strata;  // sites by node class, in unit order
    const auto node_of = [&](std::size_t i) -> const Node& {
        return model.nodes[static_cast<std::size_t>(network.units[units[i]].node)];
    };
    for (std::size_t i = 0; i < units.size(); ++i)
        if (at_least[i][1] >= negligible) strata[node_of(i).node_class].push_back(i);
    const auto first = out.damages.size();
    for (const auto& [name, members] : strata) {
        const auto& cls = fragility_of(name);
        const auto y = spread_quantiles(members.size(), realisation, stratum_key(name, 0));
        std::array<std::vector<std::size_t>, 5> in_state;  // members by damage state
        for (std::size_t k = 0; k < members.size(); ++k) {
            const auto& a = at_least[members[k]];
            const std::array<double, 5> p{1 - a[1], a[1] - a[2], a[2] - a[3], a[3] - a[4], a[4]};
            in_state[static_cast<std::size_t>(damage_state_at(p, y[k]))].push_back(members[k]);
        }
        for (std::size_t state = 1; state < 5; ++state) {
            const auto q = spread_quantiles(in_state[state].size(), realisation, stratum_key(name, state));
            for (std::size_t j = 0; j < q.size(); ++j) {
                const auto i = in_state[state][j];
                const auto ev = events[cause[i][state]];
                const double days = repair_days_at(cls, static_cast<DamageState>(state), q[j]);
                out.damages.push_back({units[i], ev, scenario.events[ev].start_h, cls.loss[state - 1],
                                       days * repair_scale_of(model, network, units[i]) * hours_per_day,
                                       Recovery::step, 0, nullptr});
            }
        }
    }
    // In unit order, as the samples list them.
    std::stable_sort(out.damages.begin() + static_cast<std::ptrdiff_t>(first), out.damages.end(),
                     [](const Damage& a, const Damage& b) { return a.unit < b.unit; });
}

void add_earthquake(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                    const HazardOptions& options, Rng& rng, Disruption& out) {
    if (!options.sample) {
        Scenario one;
        one.events.resize(event_index + 1);
        one.events[event_index] = event;
        add_earthquakes_central(model, network, one, {event_index}, out, {options.realisation, options.realisations});
        return;
    }
    for (const auto& site : earthquake_shaking(model, network, event)) {
        const auto& node = model.nodes[static_cast<std::size_t>(network.units[site.unit].node)];
        const auto& cls = fragility_of(node.node_class);
        const double scale = repair_scale_of(model, network, site.unit) * hours_per_day;
        const auto state = sample_damage_state(site.probabilities, rng);
        // Draw the repair time even for no damage, so one asset's draws never shift another's.
        const double days = sample_repair_days(cls, state == DamageState::none ? DamageState::slight : state, rng);
        if (state == DamageState::none) continue;
        out.damages.push_back({site.unit, event_index, event.start_h, cls.loss[static_cast<std::size_t>(state) - 1],
                               days * scale, Recovery::step, 0, nullptr});
    }
}

}  // namespace cisim
