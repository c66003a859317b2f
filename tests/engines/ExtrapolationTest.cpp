// Aitken's Δ² jump of the cascade engine's settle (engines/cascade/Extrapolation.hpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "engines/cascade/Extrapolation.hpp"

using cisim::cascade::Extrapolation;

namespace {
// The k-th iterate of a series converging geometrically to `limit`.
double iterate(double limit, double first_gap, double ratio, int k) { return limit + first_gap * std::pow(ratio, k); }
}  // namespace

TEST_CASE("extrapolation: a geometric series jumps to its limit on its third change", "[engine][extrapolation]") {
    Extrapolation x;
    x.resize(1);
    x.begin();
    const double limit = 0.3, gap = 0.4, r = 0.9;
    double v = iterate(limit, gap, r, 0);
    // First change: nothing to compare with; second: one ratio, not yet confirmed.
    for (int k = 1; k <= 2; ++k) {
        const double next = iterate(limit, gap, r, k);
        CHECK(x.next(0, v, next) == next);
        v = next;
    }
    // Third: the ratio 0.9 again, so the limit: 0.3 + 0.4·0.9³ − 0.4·0.9³ (to rounding).
    const double third = iterate(limit, gap, r, 3);
    CHECK(x.next(0, v, third) == Approx(limit).margin(1e-14));
    // The series starts again after a jump: the next change is passed through.
    CHECK(x.next(0, limit, limit - 1e-3) == limit - 1e-3);
}

TEST_CASE("extrapolation: no jump where the series is not steadily geometric", "[engine][extrapolation]") {
    Extrapolation x;
    x.resize(4);
    x.begin();
    auto feed = [&](std::uint32_t u, std::initializer_list<double> values) {
        double last = 0, out = 0;
        bool first = true;
        for (const double v : values) {
            if (!first) out = x.next(u, last, v);
            last = v;
            first = false;
        }
        return out;
    };
    // Changing ratio (0.5, then 0.25): not steady.
    CHECK(feed(0, {1.0, 0.9, 0.85, 0.8375}) == 0.8375);
    // Alternating sign (ratio < 0).
    CHECK(feed(1, {0.5, 0.6, 0.55, 0.575}) == 0.575);
    // Ratio 1 (no convergence): the limit would be infinitely far.
    CHECK(feed(2, {1.0, 0.9, 0.8, 0.7}) == Approx(0.7));
    // Changes below min_change: left to plain sweeps.
    CHECK(feed(3, {0.5, 0.5 + 8e-10, 0.5 + 1.2e-9, 0.5 + 1.4e-9}) == 0.5 + 1.4e-9);
}

TEST_CASE("extrapolation: a new settle forgets the series", "[engine][extrapolation]") {
    Extrapolation x;
    x.resize(1);
    x.begin();
    CHECK(x.next(0, 1.0, 0.5) == 0.5);
    CHECK(x.next(0, 0.5, 0.25) == 0.25);  // ratio 0.5
    x.begin();
    // Would be a confirmed 0.5 ratio in the same settle; after begin() it is a first change.
    CHECK(x.next(0, 0.25, 0.125) == 0.125);
}
