#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/Commands.hpp"
#include "app/ScenarioInputs.hpp"
#include "app/SeedOption.hpp"
#include "app/Verbosity.hpp"
#include "engines/Engine.hpp"
#include "io/OutputDirectory.hpp"
#include "io/SensitivityJson.hpp"
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
};

int run_sensitivity_command(const SensitivityArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);
    const auto inputs = load_scenario_inputs(a.scenario, a.model);
    std::optional<OutputDirectory> out;
    if (!a.out.empty()) out.emplace(a.out, a.force);
    SensitivityOptions o;
    o.method = a.method == "morris" ? SensitivityMethod::morris : SensitivityMethod::sobol;
    o.samples = a.samples.value_or(o.method == SensitivityMethod::sobol ? 256 : 20);
    o.seed = a.seed;
    o.threads = a.threads;
    const auto r = run_sensitivity(inputs.model_file.value, inputs.scenario_file.value, *engine, o);
    if (!quiet()) std::printf("%s  [%s, %d samples, %zu runs; hazards at their central case, only the uncertain values vary]\n",
                inputs.scenario_file.value.name.c_str(), to_string(r.method).c_str(), r.samples, r.runs);
    for (const auto& output : r.outputs) {
        if (quiet() || output.output.rfind("overall.", 0) != 0) continue;  // the overall figures on screen; all in the files
        std::printf("%s\n", output.output.c_str());
        for (std::size_t p = 0; p < r.parameters.size(); ++p) {
            if (o.method == SensitivityMethod::sobol)
                std::printf("  %-40s S1 %6.3f ± %.3f  ST %6.3f ± %.3f\n", r.parameters[p].label.c_str(),
                            output.sobol[p].s1, output.sobol[p].s1_conf, output.sobol[p].st, output.sobol[p].st_conf);
            else
                std::printf("  %-40s mu* %10.4g  sigma %10.4g\n", r.parameters[p].label.c_str(),
                            output.morris[p].mu_star, output.morris[p].sigma);
        }
    }
    if (!out) return ok;
    out->write("sensitivity.json", sensitivity_json(r));
    out->write("sensitivity.csv", sensitivity_csv(r));
    out->commit();
    std::fflush(stdout);
    info() << "results in " << out->path() << "\n";
    return ok;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<SensitivityArgs>();
    auto* cmd = app.add_subcommand(
        "sensitivity",
        "Global sensitivity of the scores to the uncertain values (Sobol or Morris; hazards at their central case)");
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
    cmd->add_option("--out", args->out, "Result directory (sensitivity.json, sensitivity.csv)");
    cmd->add_flag("--force", args->force, "Replace an existing result directory");
    cmd->callback([args, &status] { status.code = run_sensitivity_command(*args); });
    cmd->footer("Examples:\n  cisim sensitivity scenarios/kddi-2022-uncertain.json --samples 64 --out out/kddi-sobol\n  cisim sensitivity scenarios/kddi-2022-uncertain.json --method morris --threads 2");
}

}  // namespace cisim::app
