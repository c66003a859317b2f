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
// The deterministic run combines K such realisations (engines/CentralEnsemble.hpp).
// Realisation r shifts a stratum's values by a rotation (Cranley & Patterson
// 1976): item of rank j takes frac(j/n + π(r)/K + 1/(2nK)), where π is a
// permutation of 0…K−1 fixed per stratum (a Latin hypercube over the strata,
// so strata are not all heavy in the same realisation). Within a realisation
// the n values are still n evenly spaced quantiles; over the K realisations
// each item takes K evenly spaced quantiles, so a lone asset with P(damage) = p
// is damaged in round(K·p) of them. K = 1 gives the midpoints above.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <utility>
#include <vector>

#include "model/SplitMix.hpp"

namespace cisim {

/// Value k (k = 0, 1, …) of the golden-ratio sequence starting at 0.5.
inline double golden_value(std::size_t k) {
    constexpr double inverse_phi = 0.6180339887498949;
    const double x = 0.5 + static_cast<double>(k) * inverse_phi;
    return x - std::floor(x);
}

/// The quantiles of n items of one stratum in the single central realisation.
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

/// Which of the deterministic run's K stratified realisations the hazards build.
struct Realisation {
    std::uint32_t index = 0;
    std::uint32_t count = 1;
};

/// A portable key for a stratum (FNV-1a of its name, mixed with `salt`).
inline std::uint64_t stratum_key(std::string_view name, std::uint64_t salt) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
    return splitmix64(h ^ splitmix64(salt));
}

/// π(r) of the stratum `key`: a permutation of 0…count−1 (Fisher–Yates on splitmix64).
inline std::uint32_t stratum_slot(const Realisation& r, std::uint64_t key) {
    if (r.count <= 1) return 0;
    std::vector<std::uint32_t> perm(r.count);
    std::iota(perm.begin(), perm.end(), std::uint32_t{0});
    std::uint64_t state = key;
    for (std::uint32_t i = r.count - 1; i > 0; --i) {
        state = splitmix64(state);
        std::swap(perm[i], perm[static_cast<std::uint32_t>(state % (i + 1))]);
    }
    return perm[r.index];
}

/// The quantiles of n items of one stratum, item k's at [k] (see above), in
/// realisation `r` of the stratum `key`.
inline std::vector<double> spread_quantiles(std::size_t n, const Realisation& r, std::uint64_t key) {
    if (r.count <= 1) return spread_quantiles(n);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [](std::size_t a, std::size_t b) { return golden_value(a) < golden_value(b); });
    const double count = static_cast<double>(r.count);
    const double shift = static_cast<double>(stratum_slot(r, key)) / count + 0.5 / (static_cast<double>(n) * count);
    std::vector<double> q(n);
    for (std::size_t rank = 0; rank < n; ++rank) {
        const double x = static_cast<double>(rank) / static_cast<double>(n) + shift;
        q[order[rank]] = x - std::floor(x);
    }
    return q;
}

}  // namespace cisim
