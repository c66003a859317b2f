#pragma once
// One deterministic run as `cisim run` reports it, for the CLI and the Python
// package alike: the engine's result on the expanded network, its scores, and
// what the summary reads besides (each event's reach, the assets' hazards).
#include <vector>

#include "analysis/Scoring.hpp"
#include "engines/Engine.hpp"
#include "hazards/HazardReport.hpp"
#include "model/Network.hpp"

namespace cisim {

struct ScenarioRun {
    Network network;
    Result result;
    Scores scores;
    std::vector<AssetHazard> hazards;  ///< repair_h from the deterministic disruption
    std::vector<EventReach> reach;     ///< by scenario event index
};

/// Runs `scenario` on `model` through `engine` and scores it.
ScenarioRun run_scenario(const Engine& engine, const Model& model, const Scenario& scenario, const RunOptions& options);
/// The same on `network`, built from `model` by build_network. Where the
/// engine does not read them (Engine::reads_dependencies), the model's
/// dependencies may be gone by now: nothing here reads them.
ScenarioRun run_scenario(const Engine& engine, const Model& model, Network network, const Scenario& scenario,
                         const RunOptions& options);

}  // namespace cisim
