#include "hazards/Earthquake.hpp"

#include <string>

#include "hazards/Fragility.hpp"
#include "hazards/JmaIntensity.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Error.hpp"

namespace cisim {
namespace {

constexpr double hours_per_day = 24.0;
// Expected losses below this are left out: they would only lengthen the damage list.
constexpr double negligible_loss = 1e-4;

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

void add_earthquake(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                    const HazardOptions& options, Rng& rng, Disruption& out) {
    for (const auto& site : earthquake_shaking(model, network, event)) {
        const auto& node = model.nodes[static_cast<std::size_t>(network.units[site.unit].node)];
        const auto& cls = fragility_of(node.node_class);
        const double scale = repair_scale_of(model, network, site.unit) * hours_per_day;
        if (options.sample) {
            const auto state = sample_damage_state(site.probabilities, rng);
            // Draw the repair time even for no damage, so one asset's draws never shift another's.
            const double days = sample_repair_days(cls, state == DamageState::none ? DamageState::slight : state, rng);
            if (state == DamageState::none) continue;
            out.damages.push_back({site.unit, event_index, event.start_h,
                                   cls.loss[static_cast<std::size_t>(state) - 1], days * scale,
                                   Recovery::step, 0});
        } else {
            const auto e = expected_damage(cls, site.probabilities);
            if (e.loss < negligible_loss) continue;
            out.damages.push_back({site.unit, event_index, event.start_h, e.loss, e.hold_days * scale,
                                   Recovery::linear, e.recovery_days * scale});
        }
    }
}

}  // namespace cisim
