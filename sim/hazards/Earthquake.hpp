#pragma once
// Earthquake hazard: ground motion → JMA intensity → fragility → damage and
// repair time per unit.
//   ground motion: Si & Midorikawa (1999), hazards/GroundMotion.hpp
//   intensity:     Midorikawa et al. (1999), hazards/JmaIntensity.hpp
//   damage:        Hazus lognormal fragility and restoration, hazards/Fragility.hpp
// Every asset with coordinates is exposed; sector-level units (no place) are
// not. Fragility medians are multiplied by Node::fragility_scale, repair times
// by repair_scale_of(). Monte Carlo draws a damage state and a repair time per
// asset: the asset loses its state's functional loss until repaired, then
// returns in one step.
// Deterministic mode is the central case of those draws (SPEC §5.7), not an
// expectation: each asset is damaged or not, in one state, with one repair
// time, from fixed quantiles instead of draws (hazards/CentralCase.hpp).
// Per node class (the stratum; assets less likely than 1e-6 to be damaged stay
// out), the assets in unit order take the spread
// quantiles y of the class, and asset i's state is the worst whose
// P(worst state ≥ s) over all the scenario's earthquakes exceeds y (the
// engines keep the worst damage of a unit, and the samples draw each event
// independently: P = 1 − Π_events (1 − P_event(DS ≥ s))). So n identical
// assets are damaged round(n·P) times per state, a lone asset takes its
// median state, and a unit shaken by several sub-sources is treated as the
// samples treat it. The damage is dated and attributed to the event likeliest
// to cause that state. Repair times take the spread quantiles of their state's
// restoration curve over the assets of the class in that state: the median
// for a lone one.
// SPEC §5.6's wording "deterministic mode uses expected damage" described the
// former mode, which fed each asset's expected loss (a fraction, with a linear
// recovery) through the engines' thresholds: a partly damaged asset that no
// sample ever shows. It ran rosier than its own Monte Carlo where thresholds
// bite (Tokyo M7.3: power at T+0 above the samples' P90, power
// inoperability-hours 29 % under their median) and is gone. No single
// realisation matches the samples' median in every sector at once (the best of
// 200 Tokyo samples misses one sector by 24 %), so the deterministic run
// builds K of these realisations (hazards/CentralCase.hpp: each quantile
// rotated per realisation) and combines them (engines/CentralEnsemble.hpp);
// see docs/central-case.md.
#include <array>
#include <cstdint>
#include <vector>

#include "hazards/CentralCase.hpp"
#include "hazards/Disruption.hpp"
#include "hazards/GroundMotion.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Adds the damage of earthquake `event` (index `event_index`) to `out`: one
/// draw, or the central case of this event alone.
void add_earthquake(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                    const HazardOptions& options, Rng& rng, Disruption& out);

/// The central case of earthquake events `events` (indices into
/// scenario.events) together, as described above: realisation
/// `realisation` of the K the deterministic run combines.
void add_earthquakes_central(const Model& model, const Network& network, const Scenario& scenario,
                             const std::vector<std::uint32_t>& events, Disruption& out,
                             const Realisation& realisation = {});

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
