#include <future>
#include <iostream>
#include <optional>

#include "analysis/Households.hpp"
#include "analysis/Injects.hpp"
#include "analysis/InjectsFormat.hpp"
#include "analysis/ScenarioRun.hpp"
#include "analysis/Scoring.hpp"
#include "app/Commands.hpp"
#include "app/SeedOption.hpp"
#include "app/Plots.hpp"
#include "app/ResultFiles.hpp"
#include "app/ScenarioInputs.hpp"
#include "app/ScoreTable.hpp"
#include "app/Verbosity.hpp"
#include "engines/Engine.hpp"
#include "hazards/HazardReport.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "io/GeoJson.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "io/RunFiles.hpp"
#include "model/Network.hpp"

namespace cisim::app {
namespace {

struct RunArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::string out;
    bool force = false;
    bool plots = false;
    bool json = false;
    std::uint64_t seed = 1;
    int threads = 1;
    std::uint32_t realisations = 0;
    UnitSeries unit_series = UnitSeries::automatic;
};

int run(const RunArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);

    Stopwatch clock;
    auto inputs = load_scenario_inputs(a.scenario, a.model, !a.out.empty());
    const auto& scenario = inputs.scenario_file.value;
    const auto& model = inputs.model_file.value;
    std::optional<OutputDirectory> out;
    if (!a.out.empty()) {
        out.emplace(a.out, a.force);
        write_model_copy(*out, inputs);
        write_model_json_for_readers(*out, inputs);
    }
    clock.lap(out ? "read and checked the inputs, staged the model's copy" : "read and checked the inputs");

    RunOptions options;
    options.seed = a.seed;
    options.threads = a.threads;
    options.realisations = a.realisations;
    auto built = build_network(model);
    // Once the network holds them, nothing after reads the model's dependencies
    // unless the engine does: a million assets' are 0.7 GB of a 2 GB peak.
    std::string lap = "network (" + std::to_string(built.size()) + " units)";
    if (!engine->reads_dependencies(built)) {
        std::vector<Dependency>().swap(inputs.model_file.value.dependencies);
        std::vector<DependencyEnds>().swap(inputs.model_file.value.dependency_ends);
        lap += ", the model's dependencies freed";
    }
    clock.lap(lap);
    const auto ran = run_scenario(*engine, model, std::move(built), scenario, options);
    const auto& network = ran.network;
    const auto& hazards = ran.hazards;
    const auto& result = ran.result;
    const auto& scores = ran.scores;
    const auto& reach = ran.reach;
    clock.lap("engine " + engine->name() + ", scores and hazard reports");
    // With --json stdout carries summary.json alone; the table is in it.
    std::ostream& text = a.json ? warn() : info();
    if (!a.json) {
        info() << scenario.name << "  [" << model.name << ", engine " << engine->name() << "]\n";
        print_score_table(info(), model, scores);
    }
    for (const auto& note : result.notes) text << "note: " << note << "\n";
    for (const auto& note : reach_notes(scenario, reach)) text << "note: " << note << "\n";
    if (!out && !a.json) return ok;

    std::optional<HouseholdsOut> households;
    if (carries_households(model)) households = households_out(model, network, result);
    const RunSummary summary{model, scenario, result, scores,
                             {inputs.model_path, inputs.model_file.sha256},
                             {inputs.scenario_path, inputs.scenario_file.sha256},
                             households ? &*households : nullptr, &reach};
    const auto summary_text = summary_json(summary);
    if (a.json) std::cout << summary_text << std::flush;
    if (!out) return ok;
    out->write("summary.json", summary_text);
    if (households) out->write("households.csv", households_csv(model, *households));
    // Two threads share the writing: the series (a million assets' unit
    // changes: the biggest file), the map and the hazard table on a second one;
    // events and injects here. Every writer only reads the run. Declared after
    // what it reads, it is joined (even on an error) first.
    auto beside = std::async(std::launch::async, [&] {
        write_series(*out, model, network, result, a.unit_series);
        if (model.has_nodes()) out->write("affected.geojson", affected_geojson(model, network, result, &hazards));
        if (!hazards.empty())
            out->write("hazard.csv", [&](std::ostream& os) { write_hazard_csv(os, network, scenario, hazards); });
    });
    out->write("events.csv", [&](std::ostream& os) { write_events_csv(os, model, network, scenario, result); });
    out->write("scenario.json", scenario_to_json(scenario));
    clock.lap("wrote events.csv and the scenario");
    InjectOptions inject_options;
    inject_options.node_rows = model.has_nodes();
    const auto injects = build_inject_list(model, network, scenario, result, scores, inject_options);
    out->write("injects.csv", injects_csv(injects.injects));
    clock.lap("built and wrote injects.csv");
    if (injects.node_rows_left_out > 0)
        warn() << "injects.csv: " << injects.node_rows_left_out << " asset rows left out after the earliest "
                  << inject_options.max_node_rows << "; `cisim injects` on the same inputs with --nodes --max-node-rows "
                  << inject_options.max_node_rows + injects.node_rows_left_out << " lists them all\n";
    beside.get();
    clock.lap("waited for the series, the map and the hazard table (written beside)");
    out->commit();
    clock.lap("moved the result to " + out->path());
    text << "results in " << out->path() << "\n";
    return a.plots ? run_plots(out->path(), a.json) : ok;
}

}  // namespace

void add_run_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<RunArgs>();
    auto* cmd = app.add_subcommand("run", "Run a scenario through an engine and score it");
    cmd->add_option("scenario", args->scenario, "Scenario file (cisim-scenario/1; - reads stdin)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml, or - (default: the scenario's \"model\", relative to it)");
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")
        ->check(CLI::IsMember(registry.names()));
    cmd->add_option("--out", args->out, "Result directory (summary.json, timeseries.csv, events.csv, ...)");
    cmd->add_flag("--force", args->force, "Replace an existing result directory");
    add_unit_series_option(cmd, args->unit_series);
    cmd->add_flag("--plots", args->plots, "Also draw the figures and report.html (needs --out)");
    cmd->add_flag("--json", args->json, "Print summary.json on stdout (and nothing else there)");
    cmd->add_option("--seed", args->seed, "Seed for stochastic parts")->check(seed_check());
    cmd->add_option("--threads", args->threads,
                    "Worker threads for the cascade engine on large models (results do not depend on it)")
        ->check(CLI::Range(1, 256));
    cmd->add_option("--realisations", args->realisations,
                    "Stratified realisations the central case combines where hazards damage assets at random "
                    "(default 32; 1: a single realisation, faster on large models; docs/central-case.md)")
        ->check(CLI::Range(1, 1024));
    cmd->callback([args, &status] {
        if (args->plots && args->out.empty()) throw CLI::ValidationError("--plots", "needs --out DIR");
        status.code = run(*args);
    });
    cmd->footer("Examples:\n"
                "  cisim run scenarios/tokyo-inland-m73.json --out out/tokyo --plots\n"
                "  cisim run scenarios/kddi-2022-mobile-core.json --json | python3 -m json.tool");
}

}  // namespace cisim::app
