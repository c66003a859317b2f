#pragma once
// Inputs shared by the benchmark binaries: synthetic models made in memory
// (no JSON round trip), the bench scenarios, and process memory figures.
#include <cstdint>
#include <string>

#include "analysis/Generate.hpp"
#include "engines/CascadeEngine.hpp"
#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim::bench {

/// A model expanded for the cascade engine, with its disruption.
struct CascadeInput {
    Model model;              ///< dependencies dropped once the network is built (memory)
    Network network;
    Disruption disruption;
    StepSettings steps;
    std::size_t dependencies = 0;
};

/// Generates (or, when `model_file` is set, loads) a model and prepares `scenario_file` on it.
CascadeInput cascade_input(const GenerateOptions& options, const std::string& scenario_file,
                           const std::string& model_file = {});

/// A file under the source tree (bench/scenarios/…, models/…).
std::string source_path(const std::string& relative);

/// Peak resident set size of this process so far, MiB (VmHWM).
double peak_rss_mib();
/// Current resident set size, MiB (VmRSS).
double rss_mib();
/// Starts a new peak measurement (Linux clear_refs); false when not allowed.
bool reset_peak_rss();

}  // namespace cisim::bench
