#include "engines/CentralEnsemble.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>

namespace cisim {
namespace {

/// Median of `v` (reordered): the mean of the two middle values for an even count.
float median_of(std::vector<float>& v) {
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2 == 1) return *mid;
    const float below = *std::max_element(v.begin(), mid);
    return static_cast<float>((static_cast<double>(below) + static_cast<double>(*mid)) / 2.0);
}

/// Pointwise median of the K matrices `field` (times × columns) of `runs`.
std::vector<float> median_matrix(const std::vector<Result>& runs, std::vector<float> Result::*field) {
    const auto cells = (runs.front().*field).size();
    std::vector<float> out(cells);
    std::vector<float> values(runs.size());
    for (std::size_t c = 0; c < cells; ++c) {
        for (std::size_t r = 0; r < runs.size(); ++r) values[r] = (runs[r].*field)[c];
        out[c] = median_of(values);
    }
    return out;
}

/// Pointwise mean of the K matrices `field` (times × columns) of `runs`.
std::vector<float> mean_matrix(const std::vector<Result>& runs, std::vector<float> Result::*field) {
    const auto cells = (runs.front().*field).size();
    std::vector<double> sum(cells, 0.0);
    for (const auto& r : runs)
        for (std::size_t c = 0; c < cells; ++c) sum[c] += static_cast<double>((r.*field)[c]);
    std::vector<float> out(cells);
    for (std::size_t c = 0; c < cells; ++c) out[c] = static_cast<float>(sum[c] / static_cast<double>(runs.size()));
    return out;
}

/// Inoperability-hours of column `col` of a times × `cols` matrix (as scoring sums them).
double inoperability_hours(const std::vector<double>& times, const std::vector<float>& m, std::size_t cols,
                           std::size_t col) {
    double ih = 0;
    for (std::size_t k = 0; k + 1 < times.size(); ++k)
        ih += (times[k + 1] - times[k]) * (1.0 - static_cast<double>(m[k * cols + col]));
    return ih;
}

}  // namespace

std::uint32_t central_realisations(const Scenario& scenario, const RunOptions& options) {
    if (options.sample) return 1;
    if (options.realisations > 0) return options.realisations;
    for (const auto& e : scenario.events)
        if (e.kind == EventKind::earthquake || e.kind == EventKind::tsunami) return default_central_realisations;
    return 1;
}

Result combine_realisations(std::vector<Result> runs) {
    if (runs.size() == 1) return std::move(runs.front());
    const auto k = static_cast<std::uint32_t>(runs.size());
    Result out;
    const auto& first = runs.front();
    out.engine = first.engine;
    out.seed = first.seed;
    out.horizon_h = first.horizon_h;
    out.step_h = first.step_h;
    out.service_threshold = first.service_threshold;
    out.times = first.times;
    out.unit_count = first.unit_count;
    out.sector_count = first.sector_count;
    out.sector_operability = median_matrix(runs, &Result::sector_operability);
    if (first.has_units()) out.unit_operability = mean_matrix(runs, &Result::unit_operability);

    // The representative: nearest the median curves in every sector's inoperability-hours.
    std::vector<double> central(out.sector_count);
    for (std::size_t s = 0; s < out.sector_count; ++s)
        central[s] = inoperability_hours(out.times, out.sector_operability, out.sector_count, s);
    std::uint32_t best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::uint32_t r = 0; r < k; ++r) {
        double distance = 0;
        for (std::size_t s = 0; s < out.sector_count; ++s)
            distance += std::abs(inoperability_hours(out.times, runs[r].sector_operability, out.sector_count, s) -
                                 central[s]) /
                        std::max(1.0, central[s]);
        if (distance < best_distance) best_distance = distance, best = r;
    }
    out.realisations = k;
    out.representative = best;
    out.log = runs[best].log;
    out.notes = runs[best].notes;
    out.notes.push_back("central case: each curve is the median over " + std::to_string(k) +
                        " stratified realisations of the scenario's damage; the event log and the injects follow "
                        "realisation " + std::to_string(best + 1) + ", the nearest to the median curves "
                        "(docs/central-case.md)");
    out.representative_run = std::make_shared<const Result>(std::move(runs[best]));
    return out;
}

}  // namespace cisim
