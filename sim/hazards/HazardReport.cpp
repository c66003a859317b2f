#include "hazards/HazardReport.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "hazards/ScenarioHazards.hpp"
#include "hazards/Tsunami.hpp"

namespace cisim {

std::vector<AssetHazard> asset_hazards(const Model& model, const Network& network, const Scenario& scenario) {
    std::vector<AssetHazard> rows;
    for (std::uint32_t i = 0; i < scenario.events.size(); ++i) {
        const auto& e = scenario.events[i];
        if (e.kind == EventKind::earthquake) {
            for (const auto& site : earthquake_shaking(model, network, e)) {
                AssetHazard row;
                row.unit = site.unit;
                row.event = i;
                row.shaking = site;
                rows.push_back(row);
            }
        } else if (e.kind == EventKind::tsunami) {
            for (auto u : select_units(model, network, e.target)) {
                const auto n = network.units[u].node;
                if (n < 0) continue;
                const auto& node = model.nodes[static_cast<std::size_t>(n)];
                if (!node.coastal) continue;
                AssetHazard row;
                row.unit = u;
                row.event = i;
                row.inundated = tsunami_inundates(node, e.height_m);
                rows.push_back(row);
            }
        }
    }
    return rows;
}

std::vector<double> repair_hours(const std::vector<AssetHazard>& rows, const Disruption& disruption) {
    // Index the damages by (unit, event) once: rows and damages both run to millions on large models.
    std::vector<std::size_t> order(disruption.damages.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](std::size_t i) { return std::pair(disruption.damages[i].unit, disruption.damages[i].event); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<double> restore;
    for (const auto& r : disruption.restorations) {
        if (r.unit >= restore.size()) restore.resize(r.unit + 1, std::numeric_limits<double>::infinity());
        restore[r.unit] = std::min(restore[r.unit], r.at_h);
    }
    std::vector<double> out(rows.size(), 0.0);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& row = rows[k];
        const auto want = std::pair(row.unit, row.event);
        auto it = std::lower_bound(order.begin(), order.end(), want,
                                   [&](std::size_t i, const auto& w) { return key(i) < w; });
        double start = 0, end = -1;
        for (; it != order.end() && key(*it) == want; ++it) {
            const auto& d = disruption.damages[*it];
            if (d.hold_h + d.recovery_h > end - start) {
                start = d.start_h;
                end = d.start_h + d.hold_h + d.recovery_h;
            }
        }
        if (end < 0) continue;
        // The engines end a unit's damage at its earliest restore event, if the damage began before it.
        if (row.unit < restore.size() && start <= restore[row.unit]) end = std::min(end, restore[row.unit]);
        out[k] = std::max(0.0, end - start);
    }
    return out;
}

void set_repair_h(std::vector<AssetHazard>& rows, const Disruption& disruption) {
    const auto hours = repair_hours(rows, disruption);
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k].repair_h = hours[k];
}

std::vector<EventReach> event_reach(const Model& model, const Network& network, const Scenario& scenario,
                                    const std::vector<AssetHazard>& rows, const Disruption& disruption) {
    std::vector<EventReach> out(scenario.events.size());
    for (std::uint32_t i = 0; i < scenario.events.size(); ++i) {
        const auto& e = scenario.events[i];
        if (e.kind == EventKind::earthquake) out[i].max_jma_intensity = 0.0;
        else if (e.kind == EventKind::tsunami) out[i].units_inundated = 0;
        else out[i].units_reached = select_units(model, network, e.target).size();
    }
    for (const auto& row : rows) {
        auto& r = out[row.event];
        ++r.units_reached;
        if (row.shaking && (r.max_jma_unit < 0 || row.shaking->intensity > *r.max_jma_intensity)) {
            r.max_jma_intensity = row.shaking->intensity;
            r.max_jma_unit = static_cast<std::int32_t>(row.unit);
        }
        if (row.inundated && *row.inundated) ++*r.units_inundated;
    }
    for (auto& r : out)
        if (r.max_jma_unit >= 0) r.max_jma_at = network.units[static_cast<std::size_t>(r.max_jma_unit)].id;
    // Distinct (event, unit) pairs with damage or a cut.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> hit;
    hit.reserve(disruption.damages.size() + disruption.cuts.size());
    for (const auto& d : disruption.damages) hit.emplace_back(d.event, d.unit);
    for (const auto& c : disruption.cuts) hit.emplace_back(c.event, c.unit);
    std::sort(hit.begin(), hit.end());
    hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
    for (const auto& [event, unit] : hit)
        if (event < out.size()) ++out[event].units_damaged;
    return out;
}

}  // namespace cisim
