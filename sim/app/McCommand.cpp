#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>

#include "app/Commands.hpp"
#include "engines/Engine.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "io/RunFiles.hpp"
#include "model/Network.hpp"
#include "model/Validate.hpp"
#include "montecarlo/MonteCarlo.hpp"

namespace cisim::app {
namespace {

struct McArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::optional<int> samples;
    std::optional<std::uint64_t> seed;
    int threads = 1;
    std::string out;
    bool force = false;
};

// A one-line bar on stderr, redrawn at most once per percent; only on a terminal.
class ProgressBar {
public:
    explicit ProgressBar(int total) : total_(total), enabled_(::isatty(STDERR_FILENO) == 1) {}
    void update(int done) {
        if (!enabled_) return;
        const int pct = static_cast<int>(100LL * done / total_);
        std::lock_guard lock(mutex_);
        if (pct <= shown_) return;
        shown_ = pct;
        const int width = 40, fill = pct * width / 100;
        std::fprintf(stderr, "\r[%.*s%*s] %3d%% %d/%d", fill, "########################################", width - fill, "",
                     pct, done, total_);
        if (done == total_) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }

private:
    int total_;
    bool enabled_;
    int shown_ = -1;
    std::mutex mutex_;
};

void print_table(const Scenario& scenario, const MonteCarloResult& mc) {
    const auto& d = mc.distribution;
    std::printf("%s  [Monte Carlo, %zu samples]\n", scenario.name.c_str(), d.samples);
    std::printf("%-14s %8s %8s %10s %10s %10s\n", "sector", "P(RTO)", "P(MTPD)", "IH p10", "IH p50", "IH p90");
    for (const auto& s : d.sectors) {
        char rto[16] = "-";
        if (s.has_rto) std::snprintf(rto, sizeof rto, "%.3f", s.p_rto_breach);
        std::printf("%-14s %8s %8.3f %10.1f %10.1f %10.1f\n", s.id.c_str(), rto, s.p_mtpd_breach,
                    s.inoperability_hours.p10, s.inoperability_hours.p50, s.inoperability_hours.p90);
    }
    std::printf("\ngrades:");
    for (const auto& [g, p] : d.grade_distribution) std::printf(" %s %.1f %%", g.c_str(), 100 * p);
    std::printf("\ntotal inoperability-hours mean %.1f (sem %.2f, %s)\n", d.inoperability_hours.mean, d.sem,
                d.converged ? "converged" : "not yet converged: add samples");
}

int run_mc(const McArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);
    const auto scenario_file = load_scenario_hashed(a.scenario);
    const auto& scenario = scenario_file.value;
    const auto model_path = a.model.empty() ? resolve_model_path(scenario) : a.model;
    const auto model_file = load_model_file_hashed(model_path);
    const auto& model = model_file.value;
    check_scenario(scenario, model);
    std::optional<OutputDirectory> out;
    if (!a.out.empty()) out.emplace(a.out, a.force);

    MonteCarloOptions options;
    options.samples = a.samples.value_or(scenario.monte_carlo.samples > 0 ? scenario.monte_carlo.samples : 100);
    options.seed = a.seed.value_or(scenario.monte_carlo.seed);
    options.threads = a.threads;
    ProgressBar bar(options.samples);
    options.on_progress = [&bar](int done) { bar.update(done); };
    const auto network = build_network(model);
    const auto mc = run_monte_carlo(model, network, scenario, *engine, options);
    print_table(scenario, mc);
    if (!out) return ok;

    const RunSummary expected{model, scenario, mc.expected, mc.expected_scores,
                              {model_path, model_file.sha256},
                              {a.scenario, scenario_file.sha256}};
    out->write("summary.json", mc_summary_json(expected, mc, options.seed));
    out->write("mc_bands.csv", mc_bands_csv(model, mc.bands));
    out->write("timeseries.csv", [&](std::ostream& os) { write_timeseries_csv(os, model, network, mc.expected); });
    out->write("events.csv", events_csv(model, network, scenario, mc.expected));
    // Streamed: a model of a million assets as one JSON document takes gigabytes.
    out->write("model.json", [&](std::ostream& os) { write_model_json(os, model); });
    out->write("scenario.json", scenario_to_json(scenario));
    out->commit();
    std::cout << "results in " << out->path() << "\n";
    return ok;
}

}  // namespace

void add_mc_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<McArgs>();
    auto* cmd = app.add_subcommand("mc", "Monte Carlo over the scenario's stochastic parts");
    cmd->add_option("scenario", args->scenario, "Scenario file (cisim-scenario/1)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml (default: the scenario's \"model\")");
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")->check(CLI::IsMember(registry.names()));
    cmd->add_option("--samples", args->samples, "Samples (default: the scenario's, else 100)")->check(CLI::Range(1, 10000000));
    cmd->add_option("--seed", args->seed, "Seed (default: the scenario's)");
    cmd->add_option("--threads", args->threads, "Worker threads (results do not depend on it)")->check(CLI::Range(1, 256));
    cmd->add_option("--out", args->out, "Result directory");
    cmd->add_flag("--force", args->force, "Replace an existing result directory");
    cmd->callback([args, &status] { status.code = run_mc(*args); });
}

}  // namespace cisim::app
