// `cisim injects SCENARIO`: the Master Scenario Events List of a run, for
// cross-sector exercise planners (SPEC §7).
#include <filesystem>
#include <iostream>

#include "analysis/Injects.hpp"
#include "analysis/InjectsFormat.hpp"
#include "analysis/Scoring.hpp"
#include "app/Commands.hpp"
#include "app/SeedOption.hpp"
#include "app/Verbosity.hpp"
#include "engines/Engine.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"
#include "io/OutputDirectory.hpp"
#include "model/Network.hpp"
#include "model/Validate.hpp"

namespace cisim::app {
namespace {

struct InjectsArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::string format;  ///< empty: from the --out extension, else csv
    std::string out;
    bool force = false;
    bool nodes = false;
    std::size_t max_node_rows = InjectOptions{}.max_node_rows;
    std::uint64_t seed = 1;
    std::uint32_t realisations = 0;
};

/// --format, else the extension of --out (.md, .csv), else csv on stdout.
std::string format_of(const InjectsArgs& a) {
    if (!a.format.empty()) return a.format;
    if (a.out.empty()) return "csv";
    const auto ext = std::filesystem::path(a.out).extension().string();
    if (ext == ".md") return "md";
    if (ext == ".csv") return "csv";
    throw CLI::ValidationError("--out " + a.out,
                               "cannot tell the format from the extension '" + ext + "': use .csv or .md, or --format");
}

int run(const InjectsArgs& a) {
    const auto format = format_of(a);
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);

    const auto scenario = load_scenario(a.scenario);
    const auto model = at_vintage(load_model_file(a.model.empty() ? resolve_model_path(scenario) : a.model), scenario.as_of);
    check_scenario(scenario, model);
    if (!a.out.empty()) check_output_file(a.out, a.force);

    RunOptions options;
    options.seed = a.seed;
    options.realisations = a.realisations;
    const auto network = build_network(model);
    const auto result = engine->run(model, network, scenario, options);
    const auto scores = score(model, network, result);
    InjectOptions inject_options;
    inject_options.node_rows = a.nodes;
    inject_options.max_node_rows = a.max_node_rows;
    const auto list = build_inject_list(model, network, scenario, result, scores, inject_options);
    const auto text = format == "md" ? injects_markdown(list.injects) : injects_csv(list.injects);
    if (a.out.empty()) std::cout << text;
    else write_file_atomically(a.out, text);
    if (list.node_rows_left_out > 0)
        warn() << "cisim injects: " << list.node_rows_left_out << " asset rows left out after the earliest "
                  << a.max_node_rows << "; --max-node-rows " << a.max_node_rows + list.node_rows_left_out
                  << " lists them all\n";
    return ok;
}

}  // namespace

void add_injects_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<InjectsArgs>();
    auto* cmd = app.add_subcommand("injects", "Exercise injects (MSEL) of a scenario: time, sector, what, cause chain, recipients");
    cmd->add_option("scenario", args->scenario, "Scenario file (cisim-scenario/1; - reads stdin)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml, or - (default: the scenario's \"model\", relative to it)");
    cmd->add_option("--format", args->format, "csv or md (Markdown table); default: from the --out extension (.csv, .md), csv on stdout")
        ->check(CLI::IsMember({"csv", "md"}));
    cmd->add_option("--out", args->out, "Write to FILE (atomically) instead of stdout");
    cmd->add_flag("--force", args->force, "Overwrite an existing FILE");
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")->check(CLI::IsMember(registry.names()));
    cmd->add_flag("--nodes", args->nodes, "Also one row per asset crossing (asset-level models)");
    cmd->add_option("--max-node-rows", args->max_node_rows,
                    "Keep at most N asset rows, the earliest (default 200); stderr says how many were left out");
    cmd->add_option("--seed", args->seed, "Seed for stochastic parts")->check(seed_check());
    cmd->add_option("--realisations", args->realisations,
                    "Stratified realisations of the central case the story is told from "
                    "(default 32; docs/central-case.md)")
        ->check(CLI::Range(1, 1024));
    cmd->callback([args, &status] { status.code = run(*args); });
    cmd->footer("Examples:\n  cisim injects scenarios/kddi-2022-mobile-core.json --out msel.md\n  cisim injects scenarios/tokyo-inland-m73.json --nodes > msel.csv");
}

}  // namespace cisim::app
