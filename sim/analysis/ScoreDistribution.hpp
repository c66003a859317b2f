#pragma once
// Monte Carlo distributions of the IT-BCP scores (SPEC §5.7, §6): per sector
// the spread of inoperability-hours, downtime and outage, the probability of
// breaching the RTO and the MTPD; overall the grade distribution and the
// standard error of the mean total inoperability-hours as the convergence
// indicator.
//
// Percentiles are Hyndman & Fan (1996) type 7 (R's and NumPy's default):
// for sorted x₀..xₙ₋₁, h = (n − 1) p, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
// The standard deviation is the sample one (n − 1 denominator; 0 for n < 2);
// sem = sd / √n.
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/Scoring.hpp"

namespace cisim {

/// Mean, sample standard deviation and P10/P50/P90 of a set of values.
struct Summary {
    double mean = 0;
    double sd = 0;
    double p10 = 0, p50 = 0, p90 = 0;
};

struct SectorDistribution {
    std::string id;
    bool has_rto = false;                    ///< whether the sector has an RTO at all
    double p_rto_breach = 0;                 ///< share of samples with rto_met == false (0 without an RTO)
    double p_mtpd_breach = 0;                ///< share of samples with the MTPD breached
    double p_not_recovered = 0;              ///< share of samples still below service at the horizon
    Summary inoperability_hours;
    Summary downtime_h;
    Summary outage_h;
    Summary min_operability;
    std::optional<Summary> loss;             ///< when the sector has an output
};

struct ScoreDistribution {
    std::size_t samples = 0;
    std::vector<SectorDistribution> sectors; ///< in model order
    std::map<std::string, double> grade_distribution;  ///< "A".."D" → share of samples (all four present)
    Summary rto_compliance;
    Summary inoperability_hours;             ///< total over sectors
    double sem = 0;                          ///< standard error of the mean total inoperability-hours
    bool converged = false;                  ///< n ≥ 2 and sem ≤ relative_tolerance × mean
    std::optional<Summary> loss;             ///< total loss, when sectors have outputs
};

/// Type-7 percentile (p in [0, 1]) of `values` (any order); throws on an empty set.
double percentile(std::vector<double> values, double p);

/// Mean, sd and percentiles of `values`; all zero for an empty set.
Summary summarize(const std::vector<double>& values);

/// What the distribution reads of each sample's scores: a row of doubles per
/// sample, by sample index (about 50 bytes a sector, a quarter of Scores; Monte
/// Carlo keeps these rows, not the scores). Per sector: inoperability_hours,
/// downtime_h, outage_h, min_operability, loss (NaN: none) and flags (1: has an
/// RTO, 2: RTO missed, 4: MTPD breached, 8: not recovered); then overall:
/// rto_compliance, inoperability_hours, loss (NaN: none).
struct SampleFigures {
    static constexpr std::size_t per_sector = 6, overall = 3;
    std::vector<std::string> sectors;        ///< sector ids, in model order
    std::vector<double> rows;                ///< width() doubles per sample
    std::size_t width() const { return per_sector * sectors.size() + overall; }
    std::size_t size() const { return rows.size() / width(); }
    /// Bit for bit (NaN equals NaN).
    bool operator==(const SampleFigures&) const;
};

/// Writes the figures of `scores` into `row` (width() doubles of a SampleFigures
/// with the same sectors).
void put_figures(const Scores& scores, std::span<double> row);

/// Distribution of the scores of Monte Carlo samples of one scenario (same model:
/// sectors in the same order). Throws std::invalid_argument on no samples or
/// samples whose sectors differ.
ScoreDistribution score_distribution(const std::vector<Scores>& samples, double relative_tolerance = 0.01);
/// The same from the samples' figures (bit for bit the same result).
ScoreDistribution score_distribution(const SampleFigures& samples, double relative_tolerance = 0.01);

}  // namespace cisim
