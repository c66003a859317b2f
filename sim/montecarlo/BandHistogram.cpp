#include "montecarlo/BandHistogram.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace cisim {
namespace {

constexpr double fixed_scale = 0x1.0p38;  // 2³⁸ units per 1: 10⁷ samples of 1 stay far below 2⁶³

// A float's bits turned into an unsigned key in the floats' order (negative
// values flipped whole, non-negative ones above them), and back.
std::uint32_t order_key(float v) {
    const auto bits = std::bit_cast<std::uint32_t>(v);
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}
float from_key(std::uint32_t key) {
    return std::bit_cast<float>((key & 0x80000000u) ? key & 0x7fffffffu : ~key);
}

std::size_t bin_of(float v) {
    if (!(v > 0)) return 0;
    if (!(v < 1)) return BandHistogram::bins - 1;
    const auto inner = static_cast<std::size_t>(static_cast<double>(v) * BandHistogram::inner_bins);
    return 1 + std::min(inner, BandHistogram::inner_bins - 1);
}

// Type 7 from the order statistics at ⌊h⌋ and ⌊h⌋ + 1, in the precision of the
// earlier sort-based code (float difference, double interpolation).
float type7(float lo_value, float hi_value, double h, std::size_t lo) {
    return static_cast<float>(lo_value + (h - static_cast<double>(lo)) * (hi_value - lo_value));
}

// An extreme (key in the high half, count in the low half) after meeting
// `count` values of key `key`: the lower key with its count, or both counts on
// a tie (for the highest, `Higher`). Associative and commutative: any order of
// updates and merges ends in the same word.
template <bool Higher>
std::uint64_t meet(std::uint64_t extreme, std::uint32_t key, std::uint32_t count) {
    const auto seen = static_cast<std::uint32_t>(extreme >> 32);
    if (key == seen) return extreme + count;
    return (Higher ? key > seen : key < seen) ? (std::uint64_t{key} << 32 | count) : extreme;
}
template <bool Higher>
void atomic_meet(std::uint64_t& to, std::uint32_t key) {
    std::atomic_ref<std::uint64_t> a(to);
    auto seen = a.load(std::memory_order_relaxed);
    for (;;) {
        const auto next = meet<Higher>(seen, key, 1);
        if (next == seen || a.compare_exchange_weak(seen, next, std::memory_order_relaxed)) return;
    }
}
std::uint32_t key_of(std::uint64_t extreme) { return static_cast<std::uint32_t>(extreme >> 32); }
std::uint32_t count_of(std::uint64_t extreme) { return static_cast<std::uint32_t>(extreme); }

template <class T>
char* put(char* to, T v) {
    std::memcpy(to, &v, sizeof v);
    return to + sizeof v;
}

class Reader {
public:
    explicit Reader(std::span<const char> bytes) : bytes_(bytes) {}
    bool done() const { return at_ == bytes_.size(); }
    template <class T>
    T get() {
        if (bytes_.size() - at_ < sizeof(T)) throw std::runtime_error("Monte Carlo: a process sent a cut-short band histogram");
        T v;
        std::memcpy(&v, bytes_.data() + at_, sizeof v);
        at_ += sizeof v;
        return v;
    }

private:
    std::span<const char> bytes_;
    std::size_t at_ = 0;
};

}  // namespace

BandHistogram::BandHistogram(std::size_t cells, std::size_t samples)
    : cells_(cells), sums_(std::make_unique<std::int64_t[]>(cells)) {
    static_assert(sizeof(Bin) == 24);
    if (samples > 0 && samples <= exact_max_samples) {
        capacity_ = samples;
        values_ = std::make_unique<float[]>(cells * samples);
    } else {
        bins_ = std::make_unique<Bin[]>(cells * bins);
    }
}

void BandHistogram::add(std::span<const float> values) {
    if (values.size() != cells_) throw std::invalid_argument("BandHistogram::add: one value per cell expected");
    if (exact()) {
        const auto slot = std::atomic_ref<std::size_t>(filled_).fetch_add(1, std::memory_order_relaxed);
        if (slot >= capacity_) throw std::logic_error("BandHistogram::add: more samples than announced");
        for (std::size_t c = 0; c < cells_; ++c) {
            const float v = values[c] == 0 ? 0.0f : values[c];
            values_[slot * cells_ + c] = v;
            std::atomic_ref<std::int64_t>(sums_[c]).fetch_add(std::llround(static_cast<double>(v) * fixed_scale),
                                                              std::memory_order_relaxed);
        }
        return;
    }
    for (std::size_t c = 0; c < cells_; ++c) {
        const float v = values[c] == 0 ? 0.0f : values[c];  // −0 counts as 0
        Bin& b = bins_[c * bins + bin_of(v)];
        std::atomic_ref<std::uint32_t>(b.count).fetch_add(1, std::memory_order_relaxed);
        const auto key = order_key(v);
        atomic_meet<false>(b.low, key);
        atomic_meet<true>(b.high, key);
        std::atomic_ref<std::int64_t>(sums_[c]).fetch_add(std::llround(static_cast<double>(v) * fixed_scale),
                                                          std::memory_order_relaxed);
    }
}

std::vector<char> BandHistogram::encode() const {
    if (exact()) {  // the slots filled, whole
        const std::size_t n = std::atomic_ref<const std::size_t>(filled_).load();
        std::vector<char> out(2 * sizeof(std::uint64_t) + cells_ * sizeof(std::int64_t) + n * cells_ * sizeof(float));
        char* to = put<std::uint64_t>(out.data(), cells_);
        to = put<std::uint64_t>(to, n);
        for (std::size_t c = 0; c < cells_; ++c) to = put(to, sums_[c]);
        std::memcpy(to, values_.get(), n * cells_ * sizeof(float));
        return out;
    }
    // Only the bins that counted something: most cells fill a few.
    std::uint64_t used = 0;
    for (std::size_t i = 0; i < cells_ * bins; ++i) used += bins_[i].count != 0;
    constexpr std::size_t per_bin = 3 * sizeof(std::uint64_t) + sizeof(std::uint32_t);
    std::vector<char> out(2 * sizeof(std::uint64_t) + cells_ * sizeof(std::int64_t) + used * per_bin);
    char* to = put<std::uint64_t>(out.data(), cells_);
    to = put(to, used);
    for (std::size_t c = 0; c < cells_; ++c) to = put(to, sums_[c]);
    for (std::size_t i = 0; i < cells_ * bins; ++i) {
        const Bin& b = bins_[i];
        if (b.count == 0) continue;
        to = put<std::uint64_t>(to, i);
        to = put(to, b.count);
        to = put(to, b.low);
        to = put(to, b.high);
    }
    return out;
}

void BandHistogram::merge(std::span<const char> bytes) {
    Reader r(bytes);
    while (!r.done()) {
        if (r.get<std::uint64_t>() != cells_) throw std::runtime_error("Monte Carlo: a process sent the bands of other cells");
        const auto used = r.get<std::uint64_t>();
        for (std::size_t c = 0; c < cells_; ++c) sums_[c] += r.get<std::int64_t>();
        if (exact()) {
            if (used > capacity_ - filled_) throw std::runtime_error("Monte Carlo: the processes sent more samples than run");
            for (std::size_t i = 0; i < used * cells_; ++i) values_[filled_ * cells_ + i] = r.get<float>();
            filled_ += used;
            continue;
        }
        for (std::uint64_t k = 0; k < used; ++k) {
            const auto i = r.get<std::uint64_t>();
            if (i >= cells_ * bins) throw std::runtime_error("Monte Carlo: a process sent a bin out of range");
            Bin& b = bins_[i];
            b.count += r.get<std::uint32_t>();
            const auto low = r.get<std::uint64_t>(), high = r.get<std::uint64_t>();
            b.low = meet<false>(b.low, key_of(low), count_of(low));
            b.high = meet<true>(b.high, key_of(high), count_of(high));
        }
    }
}

PercentileBand BandHistogram::exact_band(std::size_t cell) const {
    const std::size_t n = filled_;
    if (n == 0) throw std::logic_error("BandHistogram::band: no samples");
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = values_[i * cells_ + cell];
    std::sort(v.begin(), v.end());
    PercentileBand band;
    band.mean = static_cast<float>(static_cast<double>(sums_[cell]) / fixed_scale / static_cast<double>(n));
    auto at = [&](double p) {
        const double h = (static_cast<double>(n) - 1) * p;
        const auto lo = static_cast<std::size_t>(h);
        return type7(v[lo], v[std::min(lo + 1, n - 1)], h, lo);
    };
    band.p10 = at(0.1);
    band.p50 = at(0.5);
    band.p90 = at(0.9);
    return band;
}

PercentileBand BandHistogram::band(std::size_t cell) const {
    if (cell >= cells_) throw std::out_of_range("BandHistogram::band: no such cell");
    if (exact()) return exact_band(cell);
    const Bin* b = bins_.get() + cell * bins;
    std::uint64_t n = 0;
    std::size_t first = bins, last = 0;
    for (std::size_t k = 0; k < bins; ++k) {
        n += b[k].count;
        if (b[k].count) first = std::min(first, k), last = k;
    }
    if (n == 0) throw std::logic_error("BandHistogram::band: no samples");
    PercentileBand band;
    band.mean = static_cast<float>(static_cast<double>(sums_[cell]) / fixed_scale / static_cast<double>(n));
    const float low = from_key(key_of(b[first].low)), high = from_key(key_of(b[last].high));
    if (!(low < high)) {  // every sample agrees (most cells of a local scenario)
        band.p10 = band.p50 = band.p90 = low;
        return band;
    }
    constexpr std::array<double, 3> ps{0.1, 0.5, 0.9};
    std::array<double, 3> h{};
    std::array<std::uint64_t, 6> ranks{};  // ⌊h⌋ and ⌊h⌋ + 1 (capped at n − 1) of each percentile
    for (std::size_t j = 0; j < ps.size(); ++j) {
        h[j] = (static_cast<double>(n) - 1) * ps[j];
        ranks[2 * j] = static_cast<std::uint64_t>(h[j]);
        ranks[2 * j + 1] = std::min<std::uint64_t>(ranks[2 * j] + 1, n - 1);
    }
    std::array<float, 6> x{};
    for (std::size_t j = 0; j < ranks.size(); ++j) {
        std::size_t k = 0;
        std::uint64_t below = 0;  // values in the bins before k
        while (below + b[k].count <= ranks[j]) below += b[k++].count;
        const auto count = b[k].count;
        const auto in_bin = ranks[j] - below;
        const float a = from_key(key_of(b[k].low)), z = from_key(key_of(b[k].high));
        const auto at_low = count_of(b[k].low), at_high = count_of(b[k].high);
        if (in_bin < at_low || !(a < z)) {
            x[j] = a;
        } else if (in_bin >= count - at_high) {
            x[j] = z;
        } else {  // the m values strictly between a and z, spread evenly: the i-th (from 1) at a + (z − a)·i/(m + 1)
            const double m = count - at_low - at_high, i = static_cast<double>(in_bin - at_low + 1);
            x[j] = static_cast<float>(a + (static_cast<double>(z) - a) * i / (m + 1));
        }
    }
    band.p10 = type7(x[0], x[1], h[0], static_cast<std::size_t>(ranks[0]));
    band.p50 = type7(x[2], x[3], h[1], static_cast<std::size_t>(ranks[2]));
    band.p90 = type7(x[4], x[5], h[2], static_cast<std::size_t>(ranks[4]));
    return band;
}

}  // namespace cisim
