// PercentileBand: type-7 percentiles and the mean of one cell, bit for bit
// those of sorting the column (the way bands were computed before).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "montecarlo/PercentileBand.hpp"

using namespace cisim;

namespace {

// The sort-based reference: the full column sorted, type 7 on it.
float sorted_type7(const std::vector<float>& sorted, double p) {
    const double h = (static_cast<double>(sorted.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(h);
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return static_cast<float>(sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]));
}

PercentileBand by_sorting(std::vector<float> v) {
    double sum = 0;
    for (float x : v) sum += x;
    std::sort(v.begin(), v.end());
    return {sorted_type7(v, 0.1), sorted_type7(v, 0.5), sorted_type7(v, 0.9),
            static_cast<float>(sum / static_cast<double>(v.size()))};
}

PercentileBand band(const std::vector<float>& v) {
    std::vector<float> scratch(v.size());
    return percentile_band(v, scratch);
}

void require_same(const std::vector<float>& v) {
    const auto got = band(v), want = by_sorting(v);
    INFO("n = " << v.size());
    REQUIRE(got.p10 == want.p10);
    REQUIRE(got.p50 == want.p50);
    REQUIRE(got.p90 == want.p90);
    REQUIRE(got.mean == want.mean);
}

}  // namespace

TEST_CASE("percentile band of a hand-computable column", "[montecarlo][band]") {
    // 1..5 in any order: h = 0.4, 2, 3.6 → 1.4, 3, 4.6; mean 3.
    const auto b = band({5, 1, 4, 2, 3});
    REQUIRE(b.p10 == Approx(1.4f));
    REQUIRE(b.p50 == 3.0f);
    REQUIRE(b.p90 == Approx(4.6f));
    REQUIRE(b.mean == 3.0f);
    // One value: everything is that value.
    const auto one = band({0.25f});
    REQUIRE(one.p10 == 0.25f);
    REQUIRE(one.p90 == 0.25f);
    REQUIRE(one.mean == 0.25f);
}

TEST_CASE("percentile band equals the sorted column's, bit for bit", "[montecarlo][band]") {
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    SECTION("tiny columns") {
        for (std::size_t n = 1; n <= 12; ++n)
            for (int rep = 0; rep < 50; ++rep) {
                std::vector<float> v(n);
                for (auto& x : v) x = unit(rng) < 0.5f ? 1.0f : unit(rng);
                require_same(v);
            }
    }
    SECTION("all equal, and two values") {
        require_same(std::vector<float>(1000, 0.85f));
        std::vector<float> v(1001, 1.0f);
        for (std::size_t i = 0; i < v.size(); i += 3) v[i] = 0.85f;
        require_same(v);
    }
    SECTION("columns piled up at their extremes with a spread between (as Monte Carlo gives)") {
        for (const std::size_t n : {97u, 1000u, 10000u})
            for (const double spared : {0.0, 0.05, 0.5, 0.95}) {
                std::vector<float> v(n);
                for (auto& x : v) {
                    const float u = unit(rng);
                    x = u < spared ? 1.0f : u < spared + 0.3 ? 0.85f : 0.85f + 0.15f * unit(rng);
                }
                require_same(v);
            }
    }
    SECTION("values closer together than a bin, and an outlier stretching the range") {
        std::vector<float> v(5000);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.5f + static_cast<float>(i % 37) * 1e-7f;
        v[17] = 0.0f;
        v[4000] = 1.0f;
        std::shuffle(v.begin(), v.end(), rng);
        require_same(v);
    }
    SECTION("tiny positive values and zeros (the mean's rounding follows sample order)") {
        std::vector<float> v(3001);
        for (auto& x : v) x = unit(rng) < 0.4f ? 0.0f : unit(rng) * 1e-30f;
        require_same(v);
    }
}

TEST_CASE("percentile band rejects no values and a short scratch", "[montecarlo][band]") {
    std::vector<float> none, scratch(1);
    REQUIRE_THROWS_AS(percentile_band(none, scratch), std::invalid_argument);
    std::vector<float> two{1, 2};
    REQUIRE_THROWS_AS(percentile_band(two, scratch), std::invalid_argument);
}
