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
// Deterministic mode: expected loss E = Σ P(ds)·loss(ds) now, and a single
// linear recovery whose start and end are the loss-weighted mean restoration
// time μ̄ ∓ √3·σ̄ (σ̄ includes the spread between damage states): a uniform
// distribution with the same mean and sd as the mixture of Hazus's normal
// restoration curves. This keeps the expected inoperability-hours exact
// (E·μ̄ = Σ P·loss·μ) and mixes damage states, which is the point of an
// expectation; the most likely state alone would drop the tail.
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

/// Expected damage of one asset in deterministic mode.
struct ExpectedDamage {
    double loss = 0;         ///< Σ P(ds) loss(ds), with the class's loss per state
    double mean_days = 0;    ///< loss-weighted mean restoration time μ̄
    double sd_days = 0;      ///< loss-weighted sd σ̄ (within and between states)
    double hold_days = 0;    ///< start of the linear recovery, max(0, μ̄ − √3 σ̄)
    double recovery_days = 0;///< length of the linear recovery
};

/// Expectation over damage states (see the header comment).
ExpectedDamage expected_damage(const FragilityClass& cls, const std::array<double, 5>& probabilities);

/// One Monte Carlo draw of the damage state from its probabilities.
DamageState sample_damage_state(const std::array<double, 5>& probabilities, Rng& rng);

/// One draw of the repair time (days) of `state`: normal truncated at 0; 0 for none.
double sample_repair_days(const FragilityClass& cls, DamageState state, Rng& rng);

std::string to_string(DamageState s);

}  // namespace cisim
