#include "montecarlo/MonteCarlo.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "engines/CascadeEngine.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Network.hpp"

namespace cisim {

std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t i) {
    // splitmix64 of the pair: neighbouring seeds and samples give unrelated streams.
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ull + i + 1;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

namespace {

// Type-7 percentile of an already sorted range.
float sorted_percentile(const std::vector<float>& v, double p) {
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(h);
    const auto hi = std::min(lo + 1, v.size() - 1);
    return static_cast<float>(v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]));
}

}  // namespace

MonteCarloResult run_monte_carlo(const Model& model, const Scenario& scenario, const Engine& engine,
                                 const MonteCarloOptions& options) {
    if (options.samples < 1) throw std::invalid_argument("Monte Carlo needs at least one sample");
    const auto network = build_network(model);
    const auto n = static_cast<std::size_t>(options.samples);

    MonteCarloResult mc;
    RunOptions base;
    base.seed = options.seed;
    base.threads = 1;
    base.record_units = model.has_nodes();
    mc.expected = engine.run(model, scenario, base);
    mc.expected_scores = score(model, network, mc.expected);

    const std::size_t steps = mc.expected.times.size(), sectors = mc.expected.sector_count;
    std::vector<float> curves(n * steps * sectors);
    mc.samples.resize(n);
    std::atomic<int> done{0};
    const bool cascade = dynamic_cast<const CascadeEngine*>(&engine) != nullptr;
    auto one = [&](std::size_t i) {
        RunOptions o;
        o.seed = sample_seed(options.seed, i);
        o.sample = true;
        o.threads = 1;
        o.record_units = model.has_nodes();  // class scores need unit curves
        o.log_units = false;
        // The cascade engine reuses the expanded network across samples (same result as run()).
        const auto r = cascade ? simulate_cascade(model, network, compile_disruption(model, network, scenario, {true, o.seed}),
                                                  {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, o)
                               : engine.run(model, scenario, o);
        mc.samples[i] = score(model, network, r);
        std::copy(r.sector_operability.begin(), r.sector_operability.end(), curves.begin() + i * steps * sectors);
        const int d = ++done;
        if (options.on_progress) options.on_progress(d);
    };
    tbb::task_arena arena(std::max(1, options.threads));
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const tbb::blocked_range<std::size_t>& r) {
            for (auto i = r.begin(); i != r.end(); ++i) one(i);
        });
    });

    mc.distribution = score_distribution(mc.samples);
    auto& b = mc.bands;
    b.times = mc.expected.times;
    b.sector_count = sectors;
    b.p10.resize(steps * sectors);
    b.p50.resize(steps * sectors);
    b.p90.resize(steps * sectors);
    b.mean.resize(steps * sectors);
    std::vector<float> column(n);
    for (std::size_t k = 0; k < steps; ++k)
        for (std::size_t s = 0; s < sectors; ++s) {
            double sum = 0;
            for (std::size_t i = 0; i < n; ++i) {
                column[i] = curves[(i * steps + k) * sectors + s];
                sum += column[i];
            }
            std::sort(column.begin(), column.end());
            const auto at = k * sectors + s;
            b.p10[at] = sorted_percentile(column, 0.1);
            b.p50[at] = sorted_percentile(column, 0.5);
            b.p90[at] = sorted_percentile(column, 0.9);
            b.mean[at] = static_cast<float>(sum / static_cast<double>(n));
        }
    return mc;
}

}  // namespace cisim
