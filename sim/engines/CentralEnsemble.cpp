#include "engines/CentralEnsemble.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>

#include "engines/Parallel.hpp"

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

/// Inoperability-hours of column `col` of a times × `cols` matrix (as scoring sums them).
double inoperability_hours(const std::vector<double>& times, const std::vector<float>& m, std::size_t cols,
                           std::size_t col) {
    double ih = 0;
    for (std::size_t k = 0; k + 1 < times.size(); ++k)
        ih += (times[k + 1] - times[k]) * (1.0 - static_cast<double>(m[k * cols + col]));
    return ih;
}

/// Each asset's mean curve over the realisations: every cell summed in realisation
/// order, then divided by k (the realisations, as the sector medians count them).
UnitCurves mean_of(const std::vector<UnitCurves>& runs, std::uint32_t k) {
    const auto units = runs.front().unit_count(), steps = runs.front().step_count();
    std::vector<UnitCurves::Rows> rows(runs.begin(), runs.end());
    UnitCurves::Recorder mean(units, steps);
    std::vector<double> sum(units);
    for (std::size_t t = 0; t < steps; ++t) {
        std::fill(sum.begin(), sum.end(), 0.0);
        for (auto& r : rows) {
            const auto row = r.next();
            for (std::size_t u = 0; u < units; ++u) sum[u] += static_cast<double>(row[u]);
        }
        mean.begin_step(t);
        for (std::size_t u = 0; u < units; ++u) mean.set(u, static_cast<float>(sum[u] / static_cast<double>(k)));
    }
    return std::move(mean).finish();
}

}  // namespace

std::uint32_t central_realisations(const Scenario& scenario, const RunOptions& options) {
    if (options.sample) return 1;
    if (options.realisations > 0) return options.realisations;
    for (const auto& e : scenario.events)
        if (e.kind == EventKind::earthquake || e.kind == EventKind::tsunami) return default_central_realisations;
    return 1;
}

Result run_central_case(const Engine& engine, const Model& model, const Network& network, const Scenario& scenario,
                        const RunOptions& options, std::uint32_t k) {
    // Realisations in batches of `threads` at once (each then on one thread); only
    // their sector curves and the running sum of their asset curves are kept, added
    // in realisation order, so nothing depends on the thread count and memory does
    // not grow with K. Logs are off: the representative runs again, whole.
    const bool at_once = options.threads > 1;
    const std::uint32_t batch = at_once ? static_cast<std::uint32_t>(options.threads) : 1;
    Workers workers(at_once ? options.threads : 1);
    std::vector<std::vector<float>> sectors(k);
    std::vector<UnitCurves> unit_runs;  // compact: their mean is taken once all have run
    std::vector<double> times;
    std::size_t sector_count = 0;
    for (std::uint32_t lo = 0; lo < k; lo += batch) {
        const std::uint32_t hi = std::min(k, lo + batch);
        std::vector<Result> runs(hi - lo);
        workers.run(hi - lo, [&](std::size_t i) {
            auto one = options;
            one.realisation = lo + static_cast<std::uint32_t>(i);
            one.realisation_count = k;
            one.log_units = one.log_sectors = false;
            if (at_once) one.threads = 1;
            runs[i] = engine.run_once(model, network, scenario, one);
        });
        for (std::uint32_t i = 0; i < hi - lo; ++i) {
            auto& r = runs[i];
            if (options.record_units && r.has_units()) unit_runs.push_back(std::move(r.unit_operability));
            if (times.empty()) times = r.times, sector_count = r.sector_count;
            sectors[lo + i] = std::move(r.sector_operability);
        }
    }

    // Median sector curves, and the representative: nearest them in every sector's inoperability-hours.
    std::vector<float> median(sectors.front().size());
    std::vector<float> values(k);
    for (std::size_t c = 0; c < median.size(); ++c) {
        for (std::uint32_t r = 0; r < k; ++r) values[r] = sectors[r][c];
        median[c] = median_of(values);
    }
    std::vector<double> central(sector_count);
    for (std::size_t s = 0; s < sector_count; ++s) central[s] = inoperability_hours(times, median, sector_count, s);
    std::uint32_t best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::uint32_t r = 0; r < k; ++r) {
        double distance = 0;
        for (std::size_t s = 0; s < sector_count; ++s)
            distance += std::abs(inoperability_hours(times, sectors[r], sector_count, s) - central[s]) /
                        std::max(1.0, central[s]);
        if (distance < best_distance) best_distance = distance, best = r;
    }
    sectors = {};

    auto story_options = options;
    story_options.realisation = best;
    story_options.realisation_count = k;
    Result story = engine.run_once(model, network, scenario, story_options);
    // The story keeps its sector curves and log (the injects read them), not its asset curves.
    story.unit_operability = {};
    Result out = story;  // its time axis, metadata and log
    out.sector_operability = std::move(median);
    if (!unit_runs.empty()) out.unit_operability = mean_of(unit_runs, k);
    out.realisations = k;
    out.representative = best;
    out.notes.push_back("central case: each sector curve is the median, each asset curve the mean, over " +
                        std::to_string(k) + " stratified realisations of the scenario's damage; the event log and "
                        "the injects follow realisation " + std::to_string(best + 1) +
                        ", the nearest to the median curves (docs/central-case.md)");
    out.representative_run = std::make_shared<const Result>(std::move(story));
    return out;
}

}  // namespace cisim
