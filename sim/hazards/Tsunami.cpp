#include "hazards/Tsunami.hpp"

#include <array>
#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "hazards/CentralCase.hpp"
#include "hazards/ScenarioHazards.hpp"

namespace cisim {

double tsunami_repair_days(std::string_view node_class) {
    static constexpr std::array<std::pair<std::string_view, double>, 11> days{{
        {"water_treatment", 180}, {"pumping_station", 180}, {"water_distribution", 180},
        {"substation", 90}, {"power_plant", 365}, {"base_station", 30}, {"telecom_office", 45},
        {"road", 14}, {"hospital", 90}, {"port", 90}, {"rail", 90},
    }};
    for (const auto& [name, d] : days)
        if (name == node_class) return d;
    return 60;
}

bool tsunami_inundates(const Node& node, double height_m) {
    return node.coastal && node.elevation_m().value_or(0.0) < height_m;
}

void add_tsunami(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                 const HazardOptions& options, Rng& rng, Disruption& out) {
    // Central case: the inundated assets of each class, in unit order (CentralCase.hpp).
    std::map<std::string_view, std::vector<std::pair<std::uint32_t, double>>> strata;  // unit, repair time
    for (auto u : select_units(model, network, event.target)) {
        const auto n = network.units[u].node;
        if (n < 0) continue;
        const auto& node = model.nodes[static_cast<std::size_t>(n)];
        if (!tsunami_inundates(node, event.height_m)) continue;
        const double hours = event.repair_h > 0 ? event.repair_h : tsunami_repair_days(node.node_class) * 24.0;
        const double repair = hours * repair_scale_of(model, network, u);
        if (options.sample) {
            const double u01 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
            out.damages.push_back({u, event_index, event.start_h, 1.0, repair * (0.5 + u01), Recovery::step, 0, nullptr});
        } else {
            strata[node.node_class].emplace_back(u, repair);
        }
    }
    if (strata.empty()) return;
    const auto first = out.damages.size();
    for (const auto& [name, members] : strata) {
        const auto q = spread_quantiles(members.size(), {options.realisation, options.realisations},
                                        stratum_key(name, 16 + event_index));
        for (std::size_t k = 0; k < members.size(); ++k) {
            const auto [u, repair] = members[k];
            out.damages.push_back({u, event_index, event.start_h, 1.0, repair * (0.5 + q[k]), Recovery::step, 0, nullptr});
        }
    }
    std::stable_sort(out.damages.begin() + static_cast<std::ptrdiff_t>(first), out.damages.end(),
                     [](const Damage& a, const Damage& b) { return a.unit < b.unit; });
}

}  // namespace cisim
