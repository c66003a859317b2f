#pragma once
// Earthquake hazard: ground motion → JMA intensity → fragility → damage and
// repair time per unit. (Implementation by the hazards module; see the .cpp.)
#include <cstdint>

#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Adds the damage of earthquake `event` (index `event_index`) to `out`.
void add_earthquake(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                    const HazardOptions& options, Rng& rng, Disruption& out);

}  // namespace cisim
