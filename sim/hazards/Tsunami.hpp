#pragma once
// Tsunami hazard: coastal assets below the run-up height in the affected
// regions are destroyed, with long repair times.
#include <cstdint>

#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Adds the damage of tsunami `event` (index `event_index`) to `out`.
void add_tsunami(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                 const HazardOptions& options, Rng& rng, Disruption& out);

}  // namespace cisim
