#pragma once
// Global sensitivity of a scenario's scores to its uncertain values
// (model/Uncertain.hpp): Sobol indices (Saltelli sampling, Jansen) or Morris
// elementary effects (analysis/Sensitivity.hpp). Only the uncertain values
// vary: the hazards stay at their central case (the deterministic run's
// realisation), so the indices apportion the variance the uncertain inputs
// cause, not the hazards'. Each design point runs on its own copy of the
// model, scenario and network; points are stored by index, so the result does
// not depend on the thread count.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/Sensitivity.hpp"
#include "engines/Engine.hpp"
#include "model/Uncertain.hpp"

namespace cisim {

enum class SensitivityMethod { sobol, morris };

struct SensitivityOptions {
    SensitivityMethod method = SensitivityMethod::sobol;
    int samples = 256;        ///< Sobol: base rows N (runs N·(k + 2)); Morris: radial blocks r (runs r·(k + 1))
    std::uint64_t seed = 1;
    int threads = 1;
};

/// One output's indices, one per uncertain value (Sobol or Morris, by the method).
struct SensitivityOutput {
    std::string output;  ///< "overall.rto_compliance", "sector.<id>.downtime_h", …
    std::vector<SobolIndex> sobol;
    std::vector<MorrisIndex> morris;
};

struct SensitivityResult {
    SensitivityMethod method = SensitivityMethod::sobol;
    int samples = 0;
    std::size_t runs = 0;
    std::vector<UncertainParameter> parameters;
    std::vector<SensitivityOutput> outputs;
};

/// Throws InputError (the scenario's file) when nothing is uncertain.
SensitivityResult run_sensitivity(const Model& model, const Scenario& scenario, const Engine& engine,
                                  const SensitivityOptions& options);

std::string to_string(SensitivityMethod m);

}  // namespace cisim
