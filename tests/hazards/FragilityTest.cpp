// Lognormal fragility, damage-state probabilities, expected damage and
// Monte Carlo draws, against hand computations with the Hazus parameters.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "hazards/Fragility.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

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

TEST_CASE("Expected damage: one certain state keeps its restoration mean and sd", "[hazard][fragility]") {
    const auto& cls = fragility_of("substation");
    // Complete for sure: loss 1, μ = 30 d, σ = 15 d → ramp from 30 − √3·15 = 4.019 d over 2√3·15 = 51.96 d.
    const auto e = expected_damage(cls, {0, 0, 0, 0, 1});
    CHECK_THAT(e.loss, WithinAbs(1.0, 1e-12));
    CHECK_THAT(e.mean_days, WithinAbs(30.0, 1e-12));
    CHECK_THAT(e.sd_days, WithinAbs(15.0, 1e-9));
    CHECK_THAT(e.hold_days, WithinAbs(30 - std::sqrt(3.0) * 15, 1e-9));
    CHECK_THAT(e.recovery_days, WithinAbs(2 * std::sqrt(3.0) * 15, 1e-9));
    // The expected inoperability-days are preserved: loss × (hold + recovery/2) = 1 × 30.
    CHECK_THAT(e.loss * (e.hold_days + e.recovery_days / 2), WithinAbs(30.0, 1e-9));
}

TEST_CASE("Expected damage mixes states by their probability and loss", "[hazard][fragility]") {
    const auto& cls = fragility_of("substation");
    // P(moderate) = P(complete) = 0.5: weights 0.5·0.40 = 0.2 and 0.5·1.0 = 0.5, loss 0.7
    // μ̄ = (0.2·3 + 0.5·30)/0.7 = 22.2857 d
    // E[T²] = (0.2·(1.5² + 3²) + 0.5·(15² + 30²))/0.7 = 564.75/0.7 = 806.786; σ̄ = √(806.786 − 22.2857²) = 17.611
    // μ̄ − √3σ̄ < 0 → ramp over [0, 2μ̄] = [0, 44.571]
    const auto e = expected_damage(cls, {0, 0, 0.5, 0, 0.5});
    CHECK_THAT(e.loss, WithinAbs(0.7, 1e-12));
    CHECK_THAT(e.mean_days, WithinAbs(22.2857, 1e-4));
    CHECK_THAT(e.sd_days, WithinAbs(17.611, 1e-3));
    CHECK(e.hold_days == 0.0);
    CHECK_THAT(e.recovery_days, WithinAbs(44.5714, 1e-4));
    CHECK_THAT(e.loss * (e.hold_days + e.recovery_days / 2), WithinAbs(0.2 * 3 + 0.5 * 30, 1e-9));
}

TEST_CASE("Expected damage at PGA 0.25 g for a substation", "[hazard][fragility]") {
    // P = (0.19728, 0.30272, 0.29988, 0.19510, 0.00503) from the test above;
    // E[loss] = 0.30272·0.05 + 0.29988·0.40 + 0.19510·0.70 + 0.00503·1 = 0.27668
    const auto& cls = fragility_of("substation");
    const auto e = expected_damage(cls, damage_state_probabilities(cls, 0.25));
    CHECK_THAT(e.loss, WithinAbs(0.27668, 1e-5));
    CHECK_THAT(e.mean_days, WithinAbs(5.3554, 1e-3));
    CHECK(e.hold_days == 0.0);
    CHECK(expected_damage(cls, {1, 0, 0, 0, 0}).loss == 0.0);
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
    // Hazus EP.G.ML.A slight median 0.10 g, β 0.60: at 0.10 g, P(≥slight) = 0.5 = the expected loss.
    const auto& cls = fragility_of("power_plant");
    const auto e = expected_damage(cls, damage_state_probabilities(cls, 0.10));
    CHECK_THAT(e.loss, WithinAbs(0.5, 1e-12));
}

TEST_CASE("Distribution circuits lose the Hazus share of circuits per state", "[hazard][fragility]") {
    // Hazus EP.C.A: at the moderate median 0.40 g,
    // P(≥s) = Φ(ln(0.40/0.28)/0.30) = Φ(1.1889) = 0.88276, P(≥m) = 0.5,
    // P(≥e) = Φ(ln(0.40/0.72)/0.15) = Φ(−3.9186) = 4.45e-5, P(≥c) ≈ 0
    // E[loss] = 0.38276·0.04 + (0.5 − 4.45e-5)·0.12 + 4.45e-5·0.50 = 0.015311 + 0.059995 + 0.000022 = 0.075327
    const auto& cls = fragility_of("power_distribution");
    const auto e = expected_damage(cls, damage_state_probabilities(cls, 0.40));
    CHECK_THAT(e.loss, WithinAbs(0.075327, 2e-6));
}
