#pragma once
// Lognormal fragility curves and restoration times per node class, after the
// FEMA Hazus earthquake methodology (Hazus-MH 2.1 / Hazus 5.1 Earthquake Model
// Technical Manual): P(DS ≥ ds | PGA) = Φ(ln(PGA / θ_ds) / β_ds) for the damage
// states slight, moderate, extensive, complete, and a normal restoration time
// (mean, sd in days) per damage state, as Hazus's restoration functions.
// Each class's parameters and their source are in the table in Fragility.cpp
// and in models/README.md; classes without a Hazus counterpart say which
// curve they borrow and why.
//
// Functional loss per damage state, by default 0.05 / 0.40 / 0.70 / 1.00: the
// share of a facility's equipment that has failed in Hazus's damage-state
// definitions for substations (5 %, 40 %, 70 %, all of the switches, breakers,
// transformers). Hazus gives no functional share per state; this is our
// reading of its definitions (an assumption, stated). Two classes follow their
// own Hazus definitions: distribution circuits 4 / 12 / 50 / 80 % of circuits
// failed; generation plants are off line in every state (slight = turbine
// trip), so 1 / 1 / 1 / 1 until restored.
//
// Deterministic mode (the central case of the Monte Carlo, Earthquake.hpp):
// the state is read off at a given exceedance quantile (damage_state_at), the
// repair time at a given quantile of the state's truncated normal
// (repair_days_at); the loss lasts for that time and ends in one step.
// Monte Carlo: the state is drawn from its probabilities; the repair time from
// the state's normal, truncated at 0 (Hazus uses normal restoration curves);
// the loss lasts for that time and ends in one step.
#include <array>
#include <string>
#include <string_view>

#include "hazards/Disruption.hpp"

namespace cisim {

enum class DamageState { none, slight, moderate, extensive, complete };

/// Exceedance curve P(DS ≥ ds | im) = Φ(ln(im / median) / beta).
struct LognormalCurve {
    double median = 1;  ///< PGA in g
    double beta = 0.6;  ///< lognormal standard deviation
};

/// Restoration time of one damage state (normal distribution, days).
struct RestorationTime {
    double mean_days = 0;
    double sd_days = 0;
};

/// Fragility and restoration of a node class.
struct FragilityClass {
    std::string_view name;
    std::array<LognormalCurve, 4> curves;        ///< slight, moderate, extensive, complete
    std::array<RestorationTime, 4> restoration;  ///< per damage state
    std::string_view source;                     ///< where the numbers come from
    std::array<double, 4> loss{0.05, 0.40, 0.70, 1.00};  ///< functional loss per damage state
};

/// Default functional loss per damage state (slight … complete).
inline constexpr std::array<double, 4> functional_loss{0.05, 0.40, 0.70, 1.00};

/// The fragility of a node class; unknown classes get the "default" entry.
const FragilityClass& fragility_of(std::string_view node_class);

/// Every class in the table (for documentation and tests).
const std::array<FragilityClass, 20>& fragility_table();

/// Standard normal CDF.
double normal_cdf(double z);

/// P(DS ≥ state) at `pga_g`; medians multiplied by `fragility_scale` (>1 = stronger).
double exceedance(const LognormalCurve& curve, double pga_g, double fragility_scale = 1.0);

/// P(DS = none, slight, moderate, extensive, complete) at `pga_g`. Exceedance
/// probabilities are made non-increasing across states first (curves with
/// different β can cross at extreme shaking).
std::array<double, 5> damage_state_probabilities(const FragilityClass& cls, double pga_g,
                                                 double fragility_scale = 1.0);

/// The damage state at exceedance quantile `y` ∈ [0, 1): the highest state
/// whose P(DS ≥ state) exceeds y (none when y ≥ P(DS ≥ slight)). A y uniform
/// on [0, 1) gives each state with its probability.
DamageState damage_state_at(const std::array<double, 5>& probabilities, double y);

/// Quantile `q` ∈ (0, 1) of the repair time (days) of `state`: the normal
/// truncated at 0 that sample_repair_days draws from; 0 for none.
double repair_days_at(const FragilityClass& cls, DamageState state, double q);

/// One Monte Carlo draw of the damage state from its probabilities.
DamageState sample_damage_state(const std::array<double, 5>& probabilities, Rng& rng);

/// One draw of the repair time (days) of `state`: normal truncated at 0; 0 for none.
double sample_repair_days(const FragilityClass& cls, DamageState state, Rng& rng);

std::string to_string(DamageState s);

}  // namespace cisim
