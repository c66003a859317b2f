#pragma once
// Global sensitivity of a scenario's scores to its uncertain values
// (model/Uncertain.hpp): Sobol indices (Saltelli sampling, Jansen) or Morris
// elementary effects (analysis/Sensitivity.hpp). Only the uncertain values
// vary: the hazards stay at their central case (the deterministic run's
// realisation), so the indices apportion the variance the uncertain inputs
// cause, not the hazards'. Each design point runs on its own copy of the
// model, scenario and network; points are stored by index, so the result does
// not depend on the thread count.
//
// Tornado (one at a time, either method): 2k + 1 more runs, every input at
// its median (the base), then each input alone at its P10 and at its P90 (the
// 10th and 90th percentiles of its distribution, not its min and max: a
// lognormal has no max), the others at their medians. The swing of an output
// is its value at P90 minus its value at P10.
//
// Under mpirun (SensitivityOptions::exchange) the processes take contiguous
// shares of the rows (design, then tornado) and process 0 gathers the outputs
// in row order, so the indices are those of one process, bit for bit.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/Sensitivity.hpp"
#include "engines/Engine.hpp"
#include "model/Uncertain.hpp"
#include "montecarlo/SampleExchange.hpp"

namespace cisim {

enum class SensitivityMethod { sobol, morris };

struct SensitivityOptions {
    SensitivityMethod method = SensitivityMethod::sobol;
    int samples = 256;        ///< Sobol: base rows N (runs N·(k + 2)); Morris: radial blocks r (runs r·(k + 1))
    std::uint64_t seed = 1;
    int threads = 1;
    SampleExchange* exchange = nullptr;  ///< processes sharing the runs (MPI), or none
    bool keep_outputs = false;           ///< keep the design's outputs (SensitivityResult::output_matrix)
};

/// An output with one input at its tornado quantiles, the others at their medians.
struct TornadoBar {
    double low = 0;   ///< the input at its P10
    double high = 0;  ///< the input at its P90
};

/// One output's indices, one per uncertain value (Sobol or Morris, by the method).
struct SensitivityOutput {
    std::string output;  ///< "overall.rto_compliance", "sector.<id>.downtime_h", …
    std::vector<SobolIndex> sobol;
    std::vector<MorrisIndex> morris;
    double base = 0;                 ///< every input at its median
    std::vector<TornadoBar> tornado;  ///< one per uncertain value
};

/// The tornado's quantiles.
inline constexpr double tornado_low_quantile = 0.1, tornado_high_quantile = 0.9;

struct SensitivityResult {
    SensitivityMethod method = SensitivityMethod::sobol;
    int samples = 0;
    std::size_t runs = 0;          ///< of the Sobol or Morris design
    std::size_t tornado_runs = 0;  ///< 2k + 1
    std::vector<UncertainParameter> parameters;
    std::vector<SensitivityOutput> outputs;
    bool complete = true;  ///< false on the processes other than 0 (they hold no outputs)
    /// With SensitivityOptions::keep_outputs: the design's runs × outputs,
    /// row-major, in design order (the bench hands it to NumPy).
    std::vector<double> output_matrix;
};

/// Throws InputError (the scenario's file) when nothing is uncertain or there
/// are fewer than 2 samples (what run_sensitivity checks before any run).
void check_sensitivity(const Model& model, const Scenario& scenario, const SensitivityOptions& options);

/// Throws InputError as check_sensitivity; PeerFailure
/// when another process sharing the runs failed.
SensitivityResult run_sensitivity(const Model& model, const Scenario& scenario, const Engine& engine,
                                  const SensitivityOptions& options);

std::string to_string(SensitivityMethod m);

}  // namespace cisim
