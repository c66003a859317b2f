// Lognormal fragility, damage-state probabilities, the central case's
// quantiles and Monte Carlo draws, against hand computations with the Hazus parameters.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "hazards/Fragility.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Mean functional loss over damage states: Σ P(state) · loss(state).
double mean_loss(const FragilityClass& cls, const std::array<double, 5>& p) {
    double sum = 0;
    for (std::size_t i = 0; i < 4; ++i) sum += p[i + 1] * cls.loss[i];
    return sum;
}

}  // namespace

TEST_CASE("Exceedance is 0.5 at the median and Φ(±1) at median·e^(±β)", "[hazard][fragility]") {
    const LognormalCurve c{0.25, 0.5};
    CHECK_THAT(exceedance(c, 0.25), WithinAbs(0.5, 1e-12));
    CHECK_THAT(exceedance(c, 0.25 * std::exp(0.5)), WithinAbs(0.841345, 1e-6));
    CHECK_THAT(exceedance(c, 0.25 * std::exp(-0.5)), WithinAbs(0.158655, 1e-6));
    CHECK(exceedance(c, 0.0) == 0.0);
    // fragility_scale multiplies the median: scale 2 at 0.5 g is the plain curve at 0.25 g.
    CHECK_THAT(exceedance(c, 0.5, 2.0), WithinAbs(0.5, 1e-12));
}

TEST_CASE("Substation damage-state probabilities at PGA 0.25 g", "[hazard][fragility]") {
    // Hazus EP.S.M.A: θ = 0.15/0.25/0.35/0.70 g, β = 0.60/0.50/0.40/0.40
    // P(≥slight)    = Φ(ln(0.25/0.15)/0.6)  = Φ(0.8514)  = 0.80272
    // P(≥moderate)  = Φ(0)                  = 0.5
    // P(≥extensive) = Φ(ln(0.25/0.35)/0.4)  = Φ(−0.8412) = 0.20012
    // P(≥complete)  = Φ(ln(0.25/0.70)/0.4)  = Φ(−2.574)  = 0.005026
    const auto& cls = fragility_of("substation");
    const auto p = damage_state_probabilities(cls, 0.25);
    CHECK_THAT(p[0], WithinAbs(1 - 0.802720, 1e-5));
    CHECK_THAT(p[1], WithinAbs(0.802720 - 0.5, 1e-5));
    CHECK_THAT(p[2], WithinAbs(0.5 - 0.200123, 1e-5));
    CHECK_THAT(p[3], WithinAbs(0.200123 - 0.005026, 1e-5));
    CHECK_THAT(p[4], WithinAbs(0.005026, 1e-5));
    CHECK_THAT(p[0] + p[1] + p[2] + p[3] + p[4], WithinAbs(1.0, 1e-12));
}

TEST_CASE("Crossing curves never give negative state probabilities", "[hazard][fragility]") {
    // Generation plants: slight β 0.60 and moderate β 0.60 but extensive β 0.55 — at tiny and huge
    // PGA the higher states can exceed the lower ones before the monotone fix.
    for (double pga : {1e-4, 0.01, 0.1, 1.0, 10.0, 100.0})
        for (const auto& cls : fragility_table())
            for (double v : damage_state_probabilities(cls, pga)) CHECK(v >= 0.0);
}

TEST_CASE("The damage state at an exceedance quantile", "[hazard][fragility]") {
    // Substation at 0.25 g: P(≥ slight, moderate, extensive, complete) = 0.80272, 0.5, 0.20012, 0.005026.
    const auto& cls = fragility_of("substation");
    const auto p = damage_state_probabilities(cls, 0.25);
    CHECK(damage_state_at(p, 0.9) == DamageState::none);
    CHECK(damage_state_at(p, 0.8) == DamageState::slight);
    CHECK(damage_state_at(p, 0.5) == DamageState::slight);  // P(≥ moderate) = 0.5 is not above 0.5
    CHECK(damage_state_at(p, 0.49) == DamageState::moderate);
    CHECK(damage_state_at(p, 0.2) == DamageState::extensive);
    CHECK(damage_state_at(p, 0.001) == DamageState::complete);
    CHECK(damage_state_at({1, 0, 0, 0, 0}, 0.0) == DamageState::none);
    CHECK(damage_state_at({0, 0, 0, 0, 1}, 0.999) == DamageState::complete);
    // Quantiles spread evenly over [0, 1) give each state with its probability.
    std::array<int, 5> count{};
    constexpr int n = 100000;
    for (int i = 0; i < n; ++i) ++count[static_cast<std::size_t>(damage_state_at(p, (i + 0.5) / n))];
    for (std::size_t s = 0; s < 5; ++s) CHECK_THAT(count[s] / double(n), WithinAbs(p[s], 2.0 / n));
}

TEST_CASE("Repair-time quantiles of the truncated normal, by hand", "[hazard][fragility]") {
    // Quantile q of N(μ, σ) truncated at 0: μ + σ·Φ⁻¹(a + q(1 − a)), a = Φ(−μ/σ).
    // Substation complete, N(30, 15): a = Φ(−2) = 0.0227501; median: Φ⁻¹(0.5113751) = 0.0285169 → 30.42775 d;
    // q = 0.9: Φ⁻¹(0.9022750) = 1.2946240 → 49.41936 d.
    const auto& sub = fragility_of("substation");
    CHECK_THAT(repair_days_at(sub, DamageState::complete, 0.5), WithinAbs(30.42775, 1e-4));
    CHECK_THAT(repair_days_at(sub, DamageState::complete, 0.9), WithinAbs(49.41936, 1e-4));
    CHECK_THAT(repair_days_at(sub, DamageState::slight, 0.5), WithinAbs(1.0142585, 1e-6));
    CHECK(repair_days_at(sub, DamageState::none, 0.5) == 0.0);
    // Generation plant, moderate, N(3.6, 3.6): a = Φ(−1) = 0.1586553; median Φ⁻¹(0.5793276) = 0.2001737 → 4.32063 d.
    const auto& plant = fragility_of("power_plant");
    CHECK_THAT(repair_days_at(plant, DamageState::moderate, 0.5), WithinAbs(4.32063, 1e-4));
    // The draws of sample_repair_days fall below the q-quantile a share q of the time.
    Rng rng(7);
    constexpr int n = 100000;
    for (double q : {0.1, 0.5, 0.9}) {
        const double x = repair_days_at(plant, DamageState::moderate, q);
        int below = 0;
        for (int i = 0; i < n; ++i) below += sample_repair_days(plant, DamageState::moderate, rng) < x;
        CHECK_THAT(below / double(n), WithinAbs(q, 0.006));  // binomial sd ≤ 0.0016
    }
}

TEST_CASE("Sampled damage states converge to their probabilities", "[hazard][fragility]") {
    const auto& cls = fragility_of("substation");
    const auto p = damage_state_probabilities(cls, 0.25);
    Rng rng(20110311);
    std::array<int, 5> count{};
    constexpr int n = 200000;
    for (int i = 0; i < n; ++i) ++count[static_cast<std::size_t>(sample_damage_state(p, rng))];
    // Binomial sd ≤ √(0.25/n) = 0.0011: a 0.006 band is > 5 sd.
    for (std::size_t s = 0; s < 5; ++s) CHECK_THAT(count[s] / double(n), WithinAbs(p[s], 0.006));
}

TEST_CASE("Sampled repair times follow the truncated normal", "[hazard][fragility]") {
    // Substation, slight: N(1, 0.5) truncated at 0: mean = 1 + 0.5·φ(2)/Φ(2) = 1.02762 days.
    const auto& cls = fragility_of("substation");
    Rng rng(42);
    constexpr int n = 200000;
    double sum = 0, smallest = 1e9;
    for (int i = 0; i < n; ++i) {
        const double t = sample_repair_days(cls, DamageState::slight, rng);
        sum += t;
        smallest = std::min(smallest, t);
    }
    CHECK(smallest >= 0.0);
    CHECK_THAT(sum / n, WithinAbs(1.02762, 0.005));
    CHECK(sample_repair_days(cls, DamageState::none, rng) == 0.0);
}

TEST_CASE("Same seed, same draws", "[hazard][fragility]") {
    const auto& cls = fragility_of("hospital");
    const auto p = damage_state_probabilities(cls, 0.5);
    Rng a(7), b(7);
    for (int i = 0; i < 100; ++i) {
        CHECK(sample_damage_state(p, a) == sample_damage_state(p, b));
        CHECK(sample_repair_days(cls, DamageState::extensive, a) == sample_repair_days(cls, DamageState::extensive, b));
    }
}

TEST_CASE("Unknown classes fall back to the default entry", "[hazard][fragility]") {
    CHECK(fragility_of("no_such_class").name == "default");
    CHECK(fragility_of("water_treatment").name == "water_treatment");
    for (const auto& cls : fragility_table()) {
        CHECK(!cls.source.empty());
        for (std::size_t i = 1; i < 4; ++i) CHECK(cls.curves[i].median > cls.curves[i - 1].median);
    }
}

TEST_CASE("Generation plants are off line in every damage state", "[hazard][fragility]") {
    // Hazus EP.G.ML.A slight median 0.10 g, β 0.60: at 0.10 g, P(≥slight) = 0.5 = the mean loss.
    const auto& cls = fragility_of("power_plant");
    CHECK_THAT(mean_loss(cls, damage_state_probabilities(cls, 0.10)), WithinAbs(0.5, 1e-12));
}

TEST_CASE("Distribution circuits lose the Hazus share of circuits per state", "[hazard][fragility]") {
    // Hazus EP.C.A: at the moderate median 0.40 g,
    // P(≥s) = Φ(ln(0.40/0.28)/0.30) = Φ(1.1889) = 0.88276, P(≥m) = 0.5,
    // P(≥e) = Φ(ln(0.40/0.72)/0.15) = Φ(−3.9186) = 4.45e-5, P(≥c) ≈ 0
    // E[loss] = 0.38276·0.04 + (0.5 − 4.45e-5)·0.12 + 4.45e-5·0.50 = 0.015311 + 0.059995 + 0.000022 = 0.075327
    const auto& cls = fragility_of("power_distribution");
    CHECK_THAT(mean_loss(cls, damage_state_probabilities(cls, 0.40)), WithinAbs(0.075327, 2e-6));
}
