#pragma once
// The P10/P50/P90 band and the mean of each cell (a sector at one time step)
// over Monte Carlo samples, in memory that does not grow with the samples
// (about 24 KiB a cell): the samples' curves are counted as they finish and
// never kept.
//
// Each cell has a histogram of operability: one bin for values ≤ 0, one for
// values ≥ 1, and 1024 bins splitting (0, 1) evenly; each bin holds its count,
// its smallest and its largest value, and how many values equal each of those
// two. The counts locate every order statistic exactly in its bin; its value is
// then the bin's smallest or largest when its rank falls among those, else
// interpolated linearly by rank between them. So a percentile is off by at most
// the spread of the values in its bin, ≤ 1/1024 (≈ 0.001) of operability, and
// exact when its order statistics are their bin's smallest or largest value: in
// particular when the bin holds at most two distinct values (cells on which the
// samples agree, samples at 0 or 1, samples that share an outage level). Exact
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
//
// Runs of few samples keep the values instead (exact order statistics, as
// sorting gives): when the number of samples is known and their values take no
// more memory than the bins would (≤ exact_max_samples), each sample's values
// go to a slot of their own, and the order statistics do not depend on which
// slot a sample took. A long scenario's cells (3,601 steps × 16 sectors) would
// otherwise cost 1.4 GiB of bins for a run of 100 samples.
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

    /// Samples whose values fit in the memory of the bins.
    static constexpr std::size_t exact_max_samples = bins * 24 / sizeof(float);  // a bin takes 24 bytes

    /// `samples`: how many will be added in all (0: not known); up to
    /// exact_max_samples they are kept and the bands are exact.
    explicit BandHistogram(std::size_t cells, std::size_t samples = 0);
    std::size_t cells() const { return cells_; }
    bool exact() const { return capacity_ != 0; }

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
    /// An extreme of a bin: the order key of its value (high half) and how
    /// many values counted equal it (low half), in one word for atomic updates.
    using Extreme = std::uint64_t;
    struct Bin {
        Extreme low = Extreme{~0u} << 32, high = 0;  ///< smallest and largest value counted, and their counts
        std::uint32_t count = 0;
    };
    std::size_t cells_;
    std::size_t capacity_ = 0;             ///< exact mode: slots for this many samples, else 0
    std::unique_ptr<Bin[]> bins_;          ///< cell-major: bins consecutive bins per cell
    std::unique_ptr<float[]> values_;      ///< exact mode, sample-major: one slot of cells values per sample
    std::size_t filled_ = 0;               ///< exact mode: slots taken (atomically)
    std::unique_ptr<std::int64_t[]> sums_; ///< per cell, the values' sum in units of 2⁻³⁸

    PercentileBand exact_band(std::size_t cell) const;
};

}  // namespace cisim
