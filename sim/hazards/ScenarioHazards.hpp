#pragma once
// Turns a scenario's events into a Disruption: which units are damaged or cut
// off from a supplier, when, how badly, and how they recover. The hazards
// (it outage, blackouts, earthquake, tsunami, restore) each add their part.
#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Every event of `scenario` as damage, cuts and restorations on `network`'s units.
/// Stochastic parts (fragility draws, repair times, outage durations) take their
/// central case (docs/central-case.md: fixed, well-spread quantiles; median
/// durations), or one draw seeded by (options.seed, event index) when options.sample.
Disruption compile_disruption(const Model& model, const Network& network, const Scenario& scenario,
                              const HazardOptions& options);

/// Units an event's target selects (target id, class, node list or region glob).
std::vector<std::uint32_t> select_units(const Model& model, const Network& network, const Target& target);

/// Repair-time multiplier of a unit from countermeasures (Node / Sector repair_scale).
double repair_scale_of(const Model& model, const Network& network, std::uint32_t unit);

}  // namespace cisim
