#pragma once
// The deterministic run's stand-in for the Monte Carlo draws: one fixed,
// well-spread realisation of them, the central case (Earthquake.hpp), not an
// expectation. Where a sample draws a uniform number per item, the central
// case gives the n items of a stratum (e.g. the assets of one class hit by one
// event) the midpoints (j + 0.5)/n of n equal slices of [0, 1), one each: a
// stratified sample with every stratum at its centre (as Latin hypercube
// sampling, McKay, Beckman & Conover 1979, in one dimension, without the
// random jitter). Which item gets which midpoint follows the golden-ratio
// sequence frac(0.5 + k·φ⁻¹) (Weyl; the most evenly spread additive
// sequence): item k takes the midpoint of the slice whose rank matches the
// rank of its sequence value among the n. So a lone item takes the median
// 0.5; two take 0.75 and 0.25; three 0.5, 0.17, 0.83; n identical items pass
// any threshold a exactly round(n·a) times; and neighbours in the item order
// (neighbours on the map) get values far apart.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

namespace cisim {

/// Value k (k = 0, 1, …) of the golden-ratio sequence starting at 0.5.
inline double golden_value(std::size_t k) {
    constexpr double inverse_phi = 0.6180339887498949;
    const double x = 0.5 + static_cast<double>(k) * inverse_phi;
    return x - std::floor(x);
}

/// The quantiles of n items of one stratum, item k's at [k] (see above).
inline std::vector<double> spread_quantiles(std::size_t n) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [](std::size_t a, std::size_t b) { return golden_value(a) < golden_value(b); });
    std::vector<double> q(n);
    for (std::size_t rank = 0; rank < n; ++rank)
        q[order[rank]] = (static_cast<double>(rank) + 0.5) / static_cast<double>(n);
    return q;
}

}  // namespace cisim
