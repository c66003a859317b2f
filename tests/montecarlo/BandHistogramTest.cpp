// BandHistogram: bands of one cell within the stated 1/1024, exact where a bin
// holds one distinct value, and the same bits in any order of adding and merging.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "montecarlo/BandHistogram.hpp"

using namespace cisim;

namespace {

// Type 7 by sorting (Hyndman & Fan 1996), in double.
double type7(std::vector<float> v, double p) {
    std::sort(v.begin(), v.end());
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(h);
    if (lo + 1 >= v.size()) return v.back();
    return v[lo] + (h - static_cast<double>(lo)) * (static_cast<double>(v[lo + 1]) - v[lo]);
}

PercentileBand band_of(const std::vector<float>& values) {
    BandHistogram h(1);
    for (float v : values) h.add(std::span<const float>(&v, 1));
    return h.band(0);
}

bool same(const PercentileBand& a, const PercentileBand& b) {
    return a.p10 == b.p10 && a.p50 == b.p50 && a.p90 == b.p90 && a.mean == b.mean;
}

}  // namespace

TEST_CASE("a cell on which every sample agrees has that value as its band", "[montecarlo][bands]") {
    const auto b = band_of(std::vector<float>(7, 0.8125f));
    CHECK(b.p10 == 0.8125f);
    CHECK(b.p50 == 0.8125f);
    CHECK(b.p90 == 0.8125f);
    CHECK(b.mean == 0.8125f);
}

TEST_CASE("values that each have a bin of their own give the exact percentiles", "[montecarlo][bands]") {
    // 0, 0.25, 0.5, 0.75, 1 (n = 5): h = 4 p = 0.4, 2, 3.6 → P10 = 0.4·0.25 = 0.1,
    // P50 = 0.5, P90 = 0.75 + 0.6·0.25 = 0.9; those of sorting, bit for bit.
    const std::vector<float> v{1, 0.75f, 0, 0.25f, 0.5f};
    const auto b = band_of(v);
    CHECK(b.p10 == Approx(0.1));
    CHECK(b.p50 == 0.5f);
    CHECK(b.p90 == Approx(0.9));
    CHECK(b.p10 == static_cast<float>(type7(v, 0.1)));
    CHECK(b.p90 == static_cast<float>(type7(v, 0.9)));
    CHECK(b.mean == 0.5f);
}

TEST_CASE("samples that an outage spared or hit alike give exact bands", "[montecarlo][bands]") {
    // 4 of 10 samples at 0.85 (outage on), 6 at 1: sorted .85×4, 1×6;
    // P10 at h = 0.9 → 0.85, P50 at h = 4.5 → 1, P90 → 1; mean 0.94.
    std::vector<float> v(4, 0.85f);
    v.resize(10, 1.0f);
    const auto b = band_of(v);
    CHECK(b.p10 == 0.85f);
    CHECK(b.p50 == 1.0f);
    CHECK(b.p90 == 1.0f);
    CHECK(b.mean == static_cast<float>((4 * static_cast<double>(0.85f) + 6) / 10));
}

TEST_CASE("percentiles of values crowded into one bin are within its spread", "[montecarlo][bands]") {
    // 101 values 0.5 + i·2⁻¹⁸, all in one bin of width 1/1024: the smallest and
    // largest are exact, the rest interpolated evenly between them, which here
    // is exact too (evenly spaced).
    std::vector<float> v;
    for (int i = 100; i >= 0; --i) v.push_back(0.5f + static_cast<float>(i) * 0x1.0p-18f);
    const auto b = band_of(v);
    CHECK(b.p10 == 0.5f + 10 * 0x1.0p-18f);
    CHECK(b.p50 == 0.5f + 50 * 0x1.0p-18f);
    CHECK(b.p90 == 0.5f + 90 * 0x1.0p-18f);
    // Unevenly spaced in the bin: off, but by less than the bin's spread.
    std::vector<float> u{0.5f, 0.5001f, 0.5002f, 0.5009f};
    const auto c = band_of(u);
    CHECK(std::abs(c.p50 - type7(u, 0.5)) <= 0.0009 + 1e-7);
    CHECK(c.p50 != static_cast<float>(type7(u, 0.5)));  // interpolated: 0.5 + 0.0009·1.5/3
}

TEST_CASE("values crowded at a bin's smallest or largest value are exact", "[montecarlo][bands]") {
    // 9 samples at 0.5, one at 0.5005, all in one bin (the deterministic run
    // and a few longer outages): n = 10, h = 0.9, 4.5, 8.1 → 0.5, 0.5 and
    // 0.5 + 0.1·0.0005, those of sorting bit for bit.
    std::vector<float> v(9, 0.5f);
    v.insert(v.begin() + 4, 0.5005f);
    const auto b = band_of(v);
    CHECK(b.p10 == 0.5f);
    CHECK(b.p50 == 0.5f);
    CHECK(b.p90 == static_cast<float>(type7(v, 0.9)));
    CHECK(b.p90 == Approx(0.50005));
    // Three levels in one bin: the middle one is interpolated, within the bin's spread.
    std::vector<float> w{0.5f, 0.5f, 0.5f, 0.5003f, 0.5003f, 0.5003f, 0.5003f, 0.5006f, 0.5006f, 0.5006f};
    const auto c = band_of(w);
    CHECK(c.p10 == 0.5f);
    CHECK(c.p90 == 0.5006f);
    CHECK(std::abs(c.p50 - 0.5003) <= 0.0006);
}

TEST_CASE("percentiles of many spread values are within 1/1024 of the sorted ones", "[montecarlo][bands]") {
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> op(0, 1);
    for (const std::size_t n : {2u, 3u, 37u, 1000u, 20000u}) {
        std::vector<float> v(n);
        for (auto& x : v) x = std::min(1.0f, std::max(0.0f, op(gen) * 1.2f - 0.1f));  // some at 0 and 1
        const auto b = band_of(v);
        INFO(n << " values");
        CHECK(std::abs(b.p10 - type7(v, 0.1)) <= 1.0 / 1024 + 1e-7);
        CHECK(std::abs(b.p50 - type7(v, 0.5)) <= 1.0 / 1024 + 1e-7);
        CHECK(std::abs(b.p90 - type7(v, 0.9)) <= 1.0 / 1024 + 1e-7);
        double sum = 0;
        for (float x : v) sum += x;
        CHECK(b.mean == Approx(sum / static_cast<double>(n)).margin(1e-7));
    }
}

TEST_CASE("bands have the same bits in any order of adding and merging", "[montecarlo][bands]") {
    // Two cells; 500 samples added one by one, in reverse, or as three
    // "processes" whose encodings process 0 merges.
    std::mt19937 gen(3);
    std::uniform_real_distribution<float> op(0, 1);
    std::vector<std::vector<float>> samples(500, std::vector<float>(2));
    for (auto& s : samples) s = {op(gen), op(gen) < 0.3f ? 0.5f : 1.0f};
    BandHistogram forward(2), backward(2), root(2), p1(2), p2(2);
    for (const auto& s : samples) forward.add(s);
    for (auto it = samples.rbegin(); it != samples.rend(); ++it) backward.add(*it);
    for (std::size_t i = 0; i < samples.size(); ++i) (i < 100 ? root : i < 333 ? p1 : p2).add(samples[i]);
    auto bytes = p2.encode();
    const auto b1 = p1.encode();
    bytes.insert(bytes.end(), b1.begin(), b1.end());  // rank order does not matter either
    root.merge(bytes);
    CHECK(forward.encode() == backward.encode());
    CHECK(forward.encode() == root.encode());
    for (std::size_t c = 0; c < 2; ++c) {
        CHECK(same(forward.band(c), backward.band(c)));
        CHECK(same(forward.band(c), root.band(c)));
    }
    // A cut-short or foreign encoding is an error, not garbage.
    auto cut = p1.encode();
    cut.pop_back();
    BandHistogram other(2), three(3);
    CHECK_THROWS_AS(other.merge(cut), std::runtime_error);
    CHECK_THROWS_AS(three.merge(p1.encode()), std::runtime_error);
    CHECK_THROWS_AS(BandHistogram(1).band(0), std::logic_error);
}

TEST_CASE("a run of few samples keeps their values: exact percentiles where the bins would spread them", "[montecarlo][bands]") {
    // Five values crowded into one bin of 1/1024: the bins interpolate the
    // middle three, the kept values give sorting's answer, bit for bit.
    const std::vector<float> v{0.5009f, 0.5001f, 0.5004f, 0.5002f, 0.5003f};
    BandHistogram few(1, v.size()), many(1);
    REQUIRE(few.exact());
    REQUIRE_FALSE(many.exact());
    for (float x : v) few.add(std::span<const float>(&x, 1)), many.add(std::span<const float>(&x, 1));
    const auto b = few.band(0);
    CHECK(b.p50 == 0.5003f);  // h = 2: the third smallest
    CHECK(b.p10 == static_cast<float>(type7(v, 0.1)));
    CHECK(b.p90 == static_cast<float>(type7(v, 0.9)));
    CHECK(b.mean == many.band(0).mean);
    CHECK(many.band(0).p50 != 0.5003f);  // the bins' even spread: why few samples keep their values
    // More samples than announced is a bug of the caller.
    float x = 0.5f;
    CHECK_THROWS_AS(few.add(std::span<const float>(&x, 1)), std::logic_error);
    CHECK(BandHistogram(1, BandHistogram::exact_max_samples).exact());
    CHECK_FALSE(BandHistogram(1, BandHistogram::exact_max_samples + 1).exact());
}

TEST_CASE("kept values give the same bands in any order of adding and merging", "[montecarlo][bands]") {
    std::mt19937 gen(5);
    std::uniform_real_distribution<float> op(0, 1);
    std::vector<std::vector<float>> samples(300, std::vector<float>(2));
    for (auto& s : samples) s = {op(gen), op(gen) < 0.3f ? 0.25f : 1.0f};
    BandHistogram forward(2, 300), backward(2, 300), root(2, 300), p1(2, 300), p2(2, 300);
    for (const auto& s : samples) forward.add(s);
    for (auto it = samples.rbegin(); it != samples.rend(); ++it) backward.add(*it);
    for (std::size_t i = 0; i < samples.size(); ++i) (i < 100 ? root : i < 200 ? p1 : p2).add(samples[i]);
    auto bytes = p2.encode();
    const auto b1 = p1.encode();
    bytes.insert(bytes.end(), b1.begin(), b1.end());
    root.merge(bytes);
    for (std::size_t c = 0; c < 2; ++c) {
        CHECK(same(forward.band(c), backward.band(c)));
        CHECK(same(forward.band(c), root.band(c)));
        std::vector<float> column;
        for (const auto& s : samples) column.push_back(s[c]);
        CHECK(forward.band(c).p10 == static_cast<float>(type7(column, 0.1)));
        CHECK(forward.band(c).p90 == static_cast<float>(type7(column, 0.9)));
    }
    BandHistogram full(2, 100);
    for (std::size_t i = 0; i < 100; ++i) full.add(samples[i]);
    CHECK_THROWS_AS(full.merge(p1.encode()), std::runtime_error);  // more samples than the run has
}
