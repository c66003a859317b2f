#pragma once
// The P10/P50/P90 band and the mean of one cell (a sector at one time step)
// over Monte Carlo samples. Percentiles are Hyndman & Fan (1996) type 7, as in
// analysis/ScoreDistribution.hpp, evaluated in the single precision the curves
// are stored in; the mean is summed in double in sample order. The results are
// bit for bit those of sorting the values, without a full sort: see
// PercentileBand.cpp.
#include <cstddef>
#include <span>

namespace cisim {

struct PercentileBand {
    float p10 = 0, p50 = 0, p90 = 0;
    float mean = 0;
};

/// Band of `values` (one per sample, in sample order; not empty). `scratch`
/// needs room for values.size() floats; its contents are overwritten.
PercentileBand percentile_band(std::span<const float> values, std::span<float> scratch);

}  // namespace cisim
