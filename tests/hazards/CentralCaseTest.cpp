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

TEST_CASE("K realisations: n evenly spaced quantiles in each, K evenly spaced per item", "[hazard][central]") {
    // frac(j/n + π(r)/K + 1/(2nK)): within realisation r the n values are j/n + c,
    // over the K realisations item k takes K values m/K + c' (m = 0 … K−1).
    const std::uint32_t k = 8;
    const std::uint64_t key = stratum_key("substation", 0);
    for (std::size_t n : {1u, 3u, 16u, 40u}) {
        std::vector<std::vector<double>> by_item(n);
        for (std::uint32_t r = 0; r < k; ++r) {
            auto q = spread_quantiles(n, {r, k}, key);
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(q[i] > 0.0);
                CHECK(q[i] < 1.0);
                by_item[i].push_back(q[i]);
            }
            std::sort(q.begin(), q.end());
            for (std::size_t j = 1; j < n; ++j) CHECK_THAT(q[j] - q[j - 1], WithinAbs(1.0 / n, 1e-12));
        }
        for (auto& v : by_item) {
            std::sort(v.begin(), v.end());
            for (std::size_t m = 1; m < k; ++m) CHECK_THAT(v[m] - v[m - 1], WithinAbs(1.0 / k, 1e-12));
        }
    }
    // A lone asset with P(damage) = 0.3 is damaged in round(8 · 0.3) = 2 of the 8 (y below 0.3... or not:
    // its 8 quantiles are (m + 0.5)/8, of which 0.0625 and 0.1875 lie under 0.3 and 0.3125 does not).
    int below = 0;
    for (std::uint32_t r = 0; r < k; ++r) below += spread_quantiles(1, {r, k}, key)[0] < 0.3;
    CHECK(below == 2);
}

TEST_CASE("K realisations: strata take their slots in different orders (a Latin hypercube)", "[hazard][central]") {
    const Realisation one{0, 1};
    CHECK(stratum_slot(one, 12345) == 0);
    CHECK(spread_quantiles(5, one, 99) == spread_quantiles(5));  // K = 1 is the single central case
    const std::uint32_t k = 32;
    std::vector<std::uint32_t> a, b;
    for (std::uint32_t r = 0; r < k; ++r) {
        a.push_back(stratum_slot({r, k}, stratum_key("substation", 0)));
        b.push_back(stratum_slot({r, k}, stratum_key("water_plant", 0)));
    }
    auto sa = a, sb = b;
    std::sort(sa.begin(), sa.end());
    std::sort(sb.begin(), sb.end());
    for (std::uint32_t r = 0; r < k; ++r) CHECK(sa[r] == r);  // each a permutation
    for (std::uint32_t r = 0; r < k; ++r) CHECK(sb[r] == r);
    CHECK(a != b);  // not the same order: the heavy slots of two strata fall in different realisations
    CHECK(stratum_key("substation", 0) != stratum_key("substation", 1));
}
