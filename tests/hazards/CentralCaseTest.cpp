// The central case's fixed quantiles (hazards/CentralCase.hpp): the midpoints
// of n equal slices of [0, 1), handed out in golden-ratio order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "hazards/CentralCase.hpp"
#include "hazards/Fragility.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;

TEST_CASE("The golden-ratio sequence starts at the median", "[hazard][central]") {
    CHECK(golden_value(0) == 0.5);
    CHECK_THAT(golden_value(1), WithinAbs(0.1180339887, 1e-9));
    CHECK_THAT(golden_value(2), WithinAbs(0.7360679775, 1e-9));
    CHECK_THAT(golden_value(3), WithinAbs(0.3541019662, 1e-9));
    CHECK_THAT(golden_value(4), WithinAbs(0.9721359550, 1e-9));
}

TEST_CASE("Spread quantiles by hand", "[hazard][central]") {
    // Sequence values .5, .118, .736, .354, .972 rank 2, 0, 3, 1, 4 among five: midpoints .5, .1, .7, .3, .9.
    CHECK(spread_quantiles(0).empty());
    CHECK(spread_quantiles(1) == std::vector<double>{0.5});
    CHECK(spread_quantiles(2) == std::vector<double>{0.75, 0.25});
    const auto three = spread_quantiles(3);
    REQUIRE(three.size() == 3);
    CHECK_THAT(three[0], WithinAbs(0.5, 1e-15));
    CHECK_THAT(three[1], WithinAbs(1.0 / 6, 1e-15));
    CHECK_THAT(three[2], WithinAbs(5.0 / 6, 1e-15));
    const auto five = spread_quantiles(5);
    const std::array<double, 5> by_hand{0.5, 0.1, 0.7, 0.3, 0.9};
    for (std::size_t k = 0; k < 5; ++k) CHECK_THAT(five[k], WithinAbs(by_hand[k], 1e-15));
}

TEST_CASE("Every slice is used once, and neighbours are far apart", "[hazard][central]") {
    for (std::size_t n : {7u, 64u, 1000u}) {
        auto q = spread_quantiles(n);
        // Neighbours in item order (neighbours on the map) are over a quarter of [0, 1) apart
        // (consecutive values of the golden-ratio sequence differ by φ⁻¹ or φ⁻², 0.618 or 0.382).
        for (std::size_t k = 1; k < n; ++k) CHECK(std::abs(q[k] - q[k - 1]) > 0.25);
        std::sort(q.begin(), q.end());
        for (std::size_t j = 0; j < n; ++j) CHECK_THAT(q[j], WithinAbs((j + 0.5) / n, 1e-12));
    }
}

TEST_CASE("n identical assets: each damage state as often as its probability, rounded", "[hazard][central]") {
    // Substation at 0.25 g: P(≥ slight, moderate, extensive, complete) = .80272, .5, .20012, .005026.
    // Of 100: ≥ slight round(80.272) = 80, ≥ moderate 50, ≥ extensive 20, complete round(0.5026) = 1.
    const auto& cls = fragility_of("substation");
    const auto p = damage_state_probabilities(cls, 0.25);
    std::array<int, 5> count{};
    for (double y : spread_quantiles(100)) ++count[static_cast<std::size_t>(damage_state_at(p, y))];
    CHECK(count == std::array<int, 5>{20, 30, 30, 19, 1});
}
