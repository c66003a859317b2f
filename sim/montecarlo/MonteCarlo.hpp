#pragma once
// Monte Carlo over a scenario's stochastic parts (SPEC §5.7): fragility draws,
// repair times and outage durations. Sample i draws from its own seed, derived
// from (seed, i), and results are gathered by sample index, so the outcome does
// not depend on how many threads or processes (SampleExchange.hpp) run it, nor
// on their timing. Memory does not grow with the samples' curves: each is
// counted into the bands' histogram (BandHistogram.hpp) and dropped; a sample
// keeps only its score figures (SampleFigures, ~50 bytes a sector) and its
// households peaks.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "analysis/ScoreDistribution.hpp"
#include "analysis/Scoring.hpp"
#include "engines/Engine.hpp"
#include "montecarlo/SampleExchange.hpp"

namespace cisim {

struct MonteCarloOptions {
    int samples = 100;
    std::uint64_t seed = 1;
    int threads = 1;
    /// Realisations of the central case (0: the engine's default; CentralEnsemble.hpp).
    std::uint32_t realisations = 0;
    /// Called with this process's finished samples and its share of them (from
    /// worker threads; keep it cheap).
    std::function<void(int done, int share)> on_progress;
    /// Processes sharing the run (MPI), or none: each runs a contiguous share of
    /// the samples and process 0 gathers them. When a sample throws, its process
    /// rethrows that error and the others throw PeerFailure (none waits).
    SampleExchange* exchange = nullptr;
};

/// Per-sector operability bands over time (times × sectors, row-major); the
/// percentiles within 1/1024 of the exact ones (BandHistogram.hpp).
struct OperabilityBands {
    std::vector<double> times;
    std::size_t sector_count = 0;
    std::vector<float> p10, p50, p90, mean;
};

/// The peak of households (people) out of one counted sector (Households.hpp)
/// over the samples.
struct CountPeaks {
    std::size_t sector = 0;                  ///< index into Model::sectors
    std::optional<Summary> households, population;
};

struct MonteCarloResult {
    /// False on the processes other than 0 of a shared run: they hold only `central`.
    bool complete = true;
    SampleFigures samples;                  ///< what the distribution reads of each sample's scores, by sample index
    ScoreDistribution distribution;
    OperabilityBands bands;
    Result central;                         ///< the deterministic run, the samples' central case (hazards/CentralCase.hpp)
    Scores central_scores;
    std::vector<CountPeaks> count_peaks;    ///< sectors counting households or people, in model order
};

/// Seed of sample `i` of a run seeded with `seed`.
std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t i);

/// The quantiles in (0, 1) of a sample's `count` uncertain values
/// (model/Uncertain.hpp), drawn from its seed on a stream of their own: the
/// hazards' draws are those of a run without uncertain values.
std::vector<double> uncertain_quantiles(std::uint64_t sample_seed, std::size_t count);

/// Every sample runs on `network`, the model's expanded network (build_network(model)),
/// except when the model or scenario has uncertain values: each sample then
/// draws them (uncertain_quantiles) and runs on a copy with its own network.
MonteCarloResult run_monte_carlo(const Model& model, const Network& network, const Scenario& scenario,
                                 const Engine& engine, const MonteCarloOptions& options);
/// The same, building the network.
MonteCarloResult run_monte_carlo(const Model& model, const Scenario& scenario, const Engine& engine,
                                 const MonteCarloOptions& options);

}  // namespace cisim
