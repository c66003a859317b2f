#pragma once
// The P10/P50/P90 band and the mean of each cell (a sector at one time step)
// over Monte Carlo samples, in memory that does not grow with the samples
// (about 12 KiB a cell): the samples' curves are counted as they finish and
// never kept.
//
// Each cell has a histogram of operability: one bin for values ≤ 0, one for
// values ≥ 1, and 1024 bins splitting (0, 1) evenly; each bin holds its count
// and its smallest and largest value. The counts locate every order statistic
// exactly in its bin; its value is then read as the bin's smallest (first in the
// bin), its largest (last), or interpolated linearly between them by rank. So
// a percentile is off by at most the spread of the values in its bin, ≤ 1/1024
// (≈ 0.001) of operability, and exact when that bin holds one distinct value
// (every cell on which the samples agree, and samples at 0 or 1). Exact
// selection in one pass needs memory proportional to the samples (Munro &
// Paterson 1980, "Selection and sorting with limited storage", Theor. Comput.
// Sci. 12: 315–323); this is the bounded alternative. Percentiles are then
// Hyndman & Fan (1996) type 7 over those order statistics, as in
// analysis/ScoreDistribution.hpp. The mean is summed exactly in fixed point
// (2⁻³⁸ per value, error < 2⁻³⁸).
//
// Counts, minima, maxima and fixed-point sums are integers: adding samples or
// merging histograms in any order gives the same bits, so bands do not depend
// on the thread or process count.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cisim {

struct PercentileBand {
    float p10 = 0, p50 = 0, p90 = 0;
    float mean = 0;
};

class BandHistogram {
public:
    static constexpr std::size_t inner_bins = 1024;
    static constexpr std::size_t bins = inner_bins + 2;

    explicit BandHistogram(std::size_t cells);
    std::size_t cells() const { return cells_; }

    /// Counts one sample's values, one per cell (operability, in [0, 1]).
    /// Several threads may add at once.
    void add(std::span<const float> values);
    /// The counts as bytes, for another process to merge.
    std::vector<char> encode() const;
    /// Adds the counts of one or more encodings, concatenated (histograms of
    /// the same cells); std::runtime_error when malformed.
    void merge(std::span<const char> bytes);

    /// Band of `cell`; std::logic_error when no sample was counted.
    PercentileBand band(std::size_t cell) const;

private:
    struct Bin {
        std::uint32_t count = 0;
        std::uint32_t low = ~0u, high = 0;  ///< order keys of the smallest and largest value counted
    };
    std::size_t cells_;
    std::unique_ptr<Bin[]> bins_;          ///< cell-major: bins consecutive bins per cell
    std::unique_ptr<std::int64_t[]> sums_; ///< per cell, the values' sum in units of 2⁻³⁸
};

}  // namespace cisim
