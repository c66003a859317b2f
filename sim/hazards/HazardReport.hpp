#pragma once
// What the hazards computed on the way to a Disruption, for the reports:
// per exposed asset and event the ground motion, JMA intensity, damage-state
// probabilities (Earthquake.hpp: Si & Midorikawa 1999, Midorikawa et al. 1999,
// Hazus fragility) or inundation (Tsunami.hpp), with the repair time the
// Disruption gave it; and per event how many units it reached and damaged.
// It reads the hazard layer (earthquake_shaking, tsunami_inundates,
// select_units) and a compiled Disruption; it changes neither.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hazards/Disruption.hpp"
#include "hazards/Earthquake.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// One exposed asset under one earthquake or tsunami event.
struct AssetHazard {
    std::uint32_t unit = 0;
    std::uint32_t event = 0;              ///< index into Scenario::events
    std::optional<SiteShaking> shaking;   ///< earthquakes: every asset with lat/lon
    std::optional<bool> inundated;        ///< tsunamis: every coastal asset the region selects
    double repair_h = 0;                  ///< set by set_repair_h / the Monte Carlo median
};

/// Every exposed (asset, event) pair of the scenario's earthquakes and
/// tsunamis, by event then unit; empty when there are none.
std::vector<AssetHazard> asset_hazards(const Model& model, const Network& network, const Scenario& scenario);

/// Per row, hours from the event's start until the asset's direct damage from
/// that event is repaired in `disruption`: the end of its full-loss period and
/// recovery (the longest, if several), cut short by a restore event of the
/// unit as the engines apply it; 0 when the event did not damage it.
std::vector<double> repair_hours(const std::vector<AssetHazard>& rows, const Disruption& disruption);

/// Sets every row's repair_h to repair_hours(rows, disruption).
void set_repair_h(std::vector<AssetHazard>& rows, const Disruption& disruption);

/// The reach of one scenario event.
struct EventReach {
    std::size_t units_reached = 0;   ///< units the event acts on (exposed assets for earthquakes and tsunamis)
    std::size_t units_damaged = 0;   ///< distinct units with damage or a supply cut from it in the Disruption
    std::optional<double> max_jma_intensity;  ///< earthquakes: highest JMA instrumental intensity
    std::int32_t max_jma_unit = -1;           ///< earthquakes: where (a unit index, -1 for no asset)
    std::string max_jma_at;                   ///< that unit's id
    std::optional<std::size_t> units_inundated;  ///< tsunamis
};

/// Reach of every scenario event (by index), from the hazard rows of the
/// same scenario (asset_hazards) and its compiled Disruption.
std::vector<EventReach> event_reach(const Model& model, const Network& network, const Scenario& scenario,
                                    const std::vector<AssetHazard>& rows, const Disruption& disruption);

}  // namespace cisim
