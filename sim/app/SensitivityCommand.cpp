#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "analysis/Households.hpp"
#include "analysis/Scoring.hpp"
#include "app/Commands.hpp"
#include "app/Plots.hpp"
#include "app/ProcessGroup.hpp"
#include "app/ResultFiles.hpp"
#include "app/ScenarioInputs.hpp"
#include "app/SeedOption.hpp"
#include "app/Verbosity.hpp"
#include "engines/Engine.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "io/RunFiles.hpp"
#include "io/SensitivityJson.hpp"
#include "model/Network.hpp"
#include "montecarlo/SampleExchange.hpp"
#include "montecarlo/SensitivityRuns.hpp"

namespace cisim::app {
namespace {

struct SensitivityArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::string method = "sobol";
    std::optional<int> samples;
    std::uint64_t seed = 1;
    int threads = 1;
    std::string out;
    bool force = false;
    bool plots = false;
};

/// The central case's run files (every uncertain value at its median, as
/// `cisim run` writes them), so that the directory is a result directory the
/// report reads: the report's scores are the central case's.
void write_central_case(OutputDirectory& out, const ScenarioInputs& inputs, const Engine& engine, std::uint64_t seed) {
    const auto& model = inputs.model_file.value;
    const auto& scenario = inputs.scenario_file.value;
    RunOptions options;
    options.seed = seed;
    const auto network = build_network(model);
    const auto result = engine.run(model, network, scenario, options);
    const auto scores = score(model, network, result);
    std::optional<HouseholdsOut> households;
    if (carries_households(model)) households = households_out(model, network, result);
    const RunSummary summary{model, scenario, result, scores,
                             {inputs.model_path, inputs.model_file.sha256},
                             {inputs.scenario_path, inputs.scenario_file.sha256},
                             households ? &*households : nullptr, nullptr};
    out.write("summary.json", summary_json(summary));
    if (households) out.write("households.csv", households_csv(model, *households));
    write_series(out, model, network, result, UnitSeries::automatic);
    out.write("events.csv", events_csv(model, network, scenario, result));
    write_model_json_for_readers(out, inputs);
    out.write("scenario.json", scenario_to_json(scenario));
}

int run_sensitivity_command(const SensitivityArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);
    // Started by mpirun with several processes: they share the runs, and
    // process 0 alone prints and writes the result (as `cisim mc`).
    const auto exchange = launched_processes() > 1 ? mpi_exchange() : nullptr;
    const bool root = !exchange || exchange->rank() == 0;
    SensitivityOptions o;
    o.method = a.method == "morris" ? SensitivityMethod::morris : SensitivityMethod::sobol;
    o.samples = a.samples.value_or(o.method == SensitivityMethod::sobol ? 256 : 20);
    o.seed = a.seed;
    o.threads = a.threads;
    o.exchange = exchange.get();
    std::optional<ScenarioInputs> loaded;
    std::optional<OutputDirectory> out;
    std::exception_ptr error;
    try {
        loaded.emplace(load_scenario_inputs(a.scenario, a.model, root && !a.out.empty()));
        check_sensitivity(loaded->model_file.value, loaded->scenario_file.value, o);
        if (root && !a.out.empty()) {
            out.emplace(a.out, a.force);
            write_model_copy(*out, *loaded);
        }
    } catch (...) {
        if (!exchange) throw;
        error = std::current_exception();
    }
    if (exchange) {
        if (const auto status = stop_on_failure(*exchange, error, "sensitivity")) return *status;
        if (const auto status = stop_on_failure(*exchange, check_same_inputs(*exchange, *loaded), "sensitivity"))
            return *status;
    }
    const auto& inputs = *loaded;
    std::optional<SensitivityResult> result;
    try {
        result.emplace(run_sensitivity(inputs.model_file.value, inputs.scenario_file.value, *engine, o));
    } catch (const PeerFailure& e) {
        // The failing process reports its own error; process 0 says which one failed.
        if (!root) return ok;
        std::cerr << "cisim sensitivity: " << e.what() << "\n";
        return failure;
    } catch (...) {
        // A process other than 0 reports its own failure and ends with 0: mpirun
        // would otherwise end the job before process 0 has said what happened.
        if (root) throw;
        report_error(std::current_exception());
        return ok;
    }
    const auto& r = *result;
    if (!r.complete) return ok;
    if (!quiet()) std::printf("%s  [%s, %d samples, %zu runs; hazards at their central case, only the uncertain values vary]\n",
                inputs.scenario_file.value.name.c_str(), to_string(r.method).c_str(), r.samples, r.runs);
    if (!quiet()) std::printf("tornado: each input alone at its P10 and P90, the others at their medians (%zu runs)\n",
                r.tornado_runs);
    for (const auto& output : r.outputs) {
        if (quiet() || output.output.rfind("overall.", 0) != 0) continue;  // the overall figures on screen; all in the files
        std::printf("%s (all at their medians: %.4g)\n", output.output.c_str(), output.base);
        for (std::size_t p = 0; p < r.parameters.size(); ++p) {
            if (o.method == SensitivityMethod::sobol)
                std::printf("  %-40s S1 %6.3f ± %.3f  ST %6.3f ± %.3f", r.parameters[p].label.c_str(),
                            output.sobol[p].s1, output.sobol[p].s1_conf, output.sobol[p].st, output.sobol[p].st_conf);
            else
                std::printf("  %-40s mu* %10.4g  sigma %10.4g", r.parameters[p].label.c_str(),
                            output.morris[p].mu_star, output.morris[p].sigma);
            std::printf("  P10..P90 %.4g .. %.4g\n", output.tornado[p].low, output.tornado[p].high);
        }
    }
    if (!out) return ok;
    write_central_case(*out, inputs, *engine, a.seed);
    out->write("sensitivity.json", sensitivity_json(r));
    out->write("sensitivity.csv", sensitivity_csv(r));
    out->write("tornado.csv", tornado_csv(r));
    out->commit();
    std::fflush(stdout);  // the table (printf) before the plotting child's lines
    info() << "results in " << out->path() << std::endl;
    return a.plots ? run_plots(out->path()) : ok;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<SensitivityArgs>();
    auto* cmd = app.add_subcommand(
        "sensitivity",
        "Global sensitivity of the scores to the uncertain values (Sobol or Morris, and a tornado; hazards at their "
        "central case; under mpirun -n P: shared by the P processes)");
    cmd->add_option("scenario", args->scenario, "Scenario file (cisim-scenario/1; - reads stdin)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml, or - (default: the scenario's \"model\", relative to it)");
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")->check(CLI::IsMember(registry.names()));
    cmd->add_option("--method", args->method, "sobol (Saltelli/Jansen, N·(k+2) runs) or morris (radial, r·(k+1) runs)")
        ->check(CLI::IsMember({"sobol", "morris"}));
    cmd->add_option("--samples", args->samples, "Sobol base rows N (default 256) or Morris blocks r (default 20)")
        ->check(CLI::Range(2, 1000000));
    cmd->add_option("--seed", args->seed, "Seed of the design and the bootstrap (default 1)")->check(seed_check());
    cmd->add_option("--threads", args->threads, "Worker threads (results do not depend on it)")->check(CLI::Range(1, 256));
    cmd->add_option("--out", args->out, "Result directory (sensitivity.json, sensitivity.csv, tornado.csv, the central case's run files)");
    cmd->add_flag("--force", args->force, "Replace an existing result directory");
    cmd->add_flag("--plots", args->plots, "Also draw the figures (Sobol or Morris bars, tornado) and report.html (needs --out)");
    cmd->callback([args, &status] {
        if (args->plots && args->out.empty()) throw CLI::ValidationError("--plots", "needs --out DIR");
        status.code = run_sensitivity_command(*args);
    });
    cmd->footer("Examples:\n  cisim sensitivity scenarios/kddi-2022-uncertain.json --samples 64 --out out/kddi-sobol\n  cisim sensitivity scenarios/kddi-2022-uncertain.json --method morris --threads 2");
}

}  // namespace cisim::app
