#pragma once
// Earthquake hazard: ground motion → JMA intensity → fragility → damage and
// repair time per unit.
//   ground motion: Si & Midorikawa (1999), hazards/GroundMotion.hpp
//   intensity:     Midorikawa et al. (1999), hazards/JmaIntensity.hpp
//   damage:        Hazus lognormal fragility and restoration, hazards/Fragility.hpp
// Every asset with coordinates is exposed; sector-level units (no place) are
// not. Fragility medians are multiplied by Node::fragility_scale, repair times
// by repair_scale_of(). Deterministic mode adds the expected damage of each
// asset; Monte Carlo draws a damage state and a repair time per asset.
// Several earthquake events (e.g. sub-sources of one long rupture) each add
// their own damage; the engine combines damages of one unit.
#include <array>
#include <cstdint>
#include <vector>

#include "hazards/Disruption.hpp"
#include "hazards/GroundMotion.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Adds the damage of earthquake `event` (index `event_index`) to `out`.
void add_earthquake(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                    const HazardOptions& options, Rng& rng, Disruption& out);

/// Shaking and damage-state probabilities of one exposed unit.
struct SiteShaking {
    std::uint32_t unit = 0;
    SiteMotion motion;
    double intensity = 0;                   ///< JMA instrumental intensity
    std::array<double, 5> probabilities{};  ///< P(none, slight, moderate, extensive, complete)
};

/// Shaking of every exposed unit (assets with lat/lon), in unit order.
std::vector<SiteShaking> earthquake_shaking(const Model& model, const Network& network, const Event& event);

}  // namespace cisim
