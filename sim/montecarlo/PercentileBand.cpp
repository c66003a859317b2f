#include "montecarlo/PercentileBand.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace cisim {
namespace {

// Values at the sorted positions `ranks` (each < n) of v[0, n), exactly as a
// full sort would place them, for v's range [low, high] with low < high.
// Monte Carlo columns pile up at their extremes (samples the event spared,
// samples at full severity), so one pass counts the values into bins by a
// monotone map (x ≤ y ⇒ bin(x) ≤ bin(y)): the lowest bin holds exactly the
// values equal to low, the highest those equal to high, the others split
// (low, high) evenly. A rank in an extreme bin is read off; only the members
// of the wanted inner bins are gathered into `scratch` and selected among.
template <std::size_t K>
std::array<float, K> order_statistics(const float* v, std::size_t n, float low, float high,
                                      const std::array<std::size_t, K>& ranks, float* scratch) {
    constexpr std::size_t bins = 1024;
    const double scale = static_cast<double>(bins - 2) / (static_cast<double>(high) - static_cast<double>(low));
    const auto bin_of = [low, high, scale](float x) -> std::size_t {
        if (x == low) return 0;
        if (!(x < high)) return bins - 1;  // high (and NaN, which has no place in an order)
        const double t = (static_cast<double>(x) - static_cast<double>(low)) * scale;
        return std::min(1 + static_cast<std::size_t>(t), bins - 2);
    };
    std::array<std::uint32_t, bins> count{};
    for (std::size_t i = 0; i < n; ++i) ++count[bin_of(v[i])];

    std::array<float, K> out{};
    std::array<std::size_t, K> bin{}, rank_in_bin{};
    std::array<std::uint32_t, bins> at{};  // where a wanted inner bin's members go in `scratch`
    std::array<bool, bins> wanted{};
    std::uint32_t gathered = 0;
    for (std::size_t j = 0; j < K; ++j) {
        std::size_t b = 0, below = 0;
        while (below + count[b] <= ranks[j]) below += count[b++];
        bin[j] = b;
        rank_in_bin[j] = ranks[j] - below;
        if (b == 0 || b == bins - 1) {
            out[j] = b == 0 ? low : high;
        } else if (!wanted[b]) {
            wanted[b] = true;
            at[b] = gathered;
            gathered += count[b];
        }
    }
    if (gathered == 0) return out;
    const auto start = at;
    for (std::size_t i = 0; i < n; ++i)
        if (const auto b = bin_of(v[i]); wanted[b]) scratch[at[b]++] = v[i];
    for (std::size_t j = 0; j < K; ++j) {
        if (!wanted[bin[j]]) continue;
        float* first = scratch + start[bin[j]];
        std::nth_element(first, first + rank_in_bin[j], first + count[bin[j]]);
        out[j] = first[rank_in_bin[j]];
    }
    return out;
}

// Type 7 from the sorted values at ⌊h⌋ and ⌊h⌋ + 1, in the precision of the
// original sort-based code (float difference, double interpolation), so that
// files written before and after stay the same.
float type7(float lo_value, float hi_value, double h, std::size_t lo) {
    return static_cast<float>(lo_value + (h - static_cast<double>(lo)) * (hi_value - lo_value));
}

}  // namespace

PercentileBand percentile_band(std::span<const float> values, std::span<float> scratch) {
    const std::size_t n = values.size();
    if (n == 0) throw std::invalid_argument("percentile_band: no values");
    if (scratch.size() < n) throw std::invalid_argument("percentile_band: scratch too small");
    const float* v = values.data();
    double sum = 0;
    float low = v[0], high = v[0];
    for (std::size_t i = 0; i < n; ++i) {  // in sample order: the mean's rounding does not depend on threads
        sum += v[i];
        low = std::min(low, v[i]);
        high = std::max(high, v[i]);
    }
    PercentileBand band;
    band.mean = static_cast<float>(sum / static_cast<double>(n));
    if (!(low < high)) {  // every sample agrees (most cells of a local scenario)
        band.p10 = band.p50 = band.p90 = low;
        return band;
    }
    constexpr std::array<double, 3> ps{0.1, 0.5, 0.9};
    std::array<double, 3> h{};
    std::array<std::size_t, 6> ranks{};  // ⌊h⌋ and ⌊h⌋ + 1 (capped at n − 1) of each percentile
    for (std::size_t j = 0; j < ps.size(); ++j) {
        h[j] = (static_cast<double>(n) - 1) * ps[j];
        ranks[2 * j] = static_cast<std::size_t>(h[j]);
        ranks[2 * j + 1] = std::min(ranks[2 * j] + 1, n - 1);
    }
    const auto x = order_statistics(v, n, low, high, ranks, scratch.data());
    band.p10 = type7(x[0], x[1], h[0], ranks[0]);
    band.p50 = type7(x[2], x[3], h[1], ranks[2]);
    band.p90 = type7(x[4], x[5], h[2], ranks[4]);
    return band;
}

}  // namespace cisim
