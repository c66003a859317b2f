#include "analysis/ScenarioRun.hpp"

#include <utility>

#include "hazards/ScenarioHazards.hpp"

namespace cisim {

ScenarioRun run_scenario(const Engine& engine, const Model& model, const Scenario& scenario, const RunOptions& options) {
    return run_scenario(engine, model, build_network(model), scenario, options);
}

ScenarioRun run_scenario(const Engine& engine, const Model& model, Network network, const Scenario& scenario,
                         const RunOptions& options) {
    ScenarioRun run;
    run.network = std::move(network);
    run.result = engine.run(model, run.network, scenario, options);
    run.scores = score(model, run.network, run.result);
    // The engines compile the same deterministic disruption internally; the
    // reports read it again (the representative realisation's: the one the
    // log follows) rather than widen the engine interface.
    const auto disruption = compile_disruption(model, run.network, scenario,
                                               {false, options.seed, run.result.representative, run.result.realisations});
    run.hazards = asset_hazards(model, run.network, scenario);
    set_repair_h(run.hazards, disruption);
    run.reach = event_reach(model, run.network, scenario, run.hazards, disruption);
    return run;
}

}  // namespace cisim
