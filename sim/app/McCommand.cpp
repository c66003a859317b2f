#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analysis/Households.hpp"
#include "app/Commands.hpp"
#include "app/ProcessGroup.hpp"
#include "app/SeedOption.hpp"
#include "model/Text.hpp"
#include "app/ResultFiles.hpp"
#include "app/ScenarioInputs.hpp"
#include "app/Verbosity.hpp"
#include "engines/Engine.hpp"
#include "hazards/HazardReport.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "io/RunFiles.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"
#include "montecarlo/HazardSamples.hpp"
#include "montecarlo/MonteCarlo.hpp"
#include "montecarlo/SampleExchange.hpp"

namespace cisim::app {
namespace {

struct McArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::optional<int> samples;
    std::optional<std::uint64_t> seed;
    int threads = 1;
    std::uint32_t realisations = 0;
    std::string out;
    bool force = false;
    bool json = false;
    UnitSeries unit_series = UnitSeries::automatic;
};

// A one-line bar on stderr, redrawn at most once per percent; only on a
// terminal, or with -v a line per tenth elsewhere (logs); none with -q.
// Under MPI, process 0 shows its own share.
class ProgressBar {
public:
    explicit ProgressBar(bool wanted)
        : terminal_(::isatty(STDERR_FILENO) == 1), enabled_(wanted && !quiet() && (terminal_ || verbose())) {}
    void update(int done, int total) {
        if (!enabled_ || total <= 0) return;
        const int pct = static_cast<int>(100LL * done / total);
        std::lock_guard lock(mutex_);
        if (pct <= shown_) return;
        if (!terminal_) {
            if (pct / 10 == shown_ / 10 && shown_ >= 0) return;
            shown_ = pct;
            std::fprintf(stderr, "cisim mc: %d%% (%d/%d samples)\n", pct, done, total);
            std::fflush(stderr);
            return;
        }
        shown_ = pct;
        const int width = 40, fill = pct * width / 100;
        std::fprintf(stderr, "\r[%.*s%*s] %3d%% %d/%d", fill, "########################################", width - fill, "",
                     pct, done, total);
        if (done == total) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }

private:
    bool terminal_;
    bool enabled_;
    int shown_ = -1;
    std::mutex mutex_;
};

void print_table(const Scenario& scenario, const MonteCarloResult& mc) {
    const auto& d = mc.distribution;
    std::printf("%s  [Monte Carlo, %zu samples]\n", terminal_text(scenario.name).c_str(), d.samples);
    std::printf("%-14s %8s %8s %10s %10s %10s\n", "sector", "P(RTO)", "P(MTPD)", "IH p10", "IH p50", "IH p90");
    for (const auto& s : d.sectors) {
        char rto[16] = "-";
        if (s.has_rto) std::snprintf(rto, sizeof rto, "%.3f", s.p_rto_breach);
        std::printf("%-14s %8s %8.3f %10.1f %10.1f %10.1f\n", terminal_text(s.id).c_str(), rto, s.p_mtpd_breach,
                    s.inoperability_hours.p10, s.inoperability_hours.p50, s.inoperability_hours.p90);
    }
    std::printf("\ngrades:");
    for (const auto& [g, p] : d.grade_distribution) std::printf(" %s %.1f %%", g.c_str(), 100 * p);
    std::printf("\ntotal inoperability-hours mean %.1f (sem %.2f, %s), p50 %.1f\n", d.inoperability_hours.mean, d.sem,
                d.converged ? "converged" : "not yet converged: add samples", d.inoperability_hours.p50);
    // Not a Monte Carlo figure: the deterministic run, said so.
    const auto& c = mc.central_scores.overall;
    std::printf("deterministic central case (cisim run): grade %s, total inoperability-hours %.1f\n", c.grade.c_str(),
                c.inoperability_hours);
}

int run_mc(const McArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);
    // Started by mpirun with several processes: they share the samples, and
    // process 0 alone prints and writes the result (SPEC §5.7).
    const auto exchange = launched_processes() > 1 ? mpi_exchange() : nullptr;
    const bool root = !exchange || exchange->rank() == 0;
    std::optional<ScenarioInputs> inputs;
    std::optional<OutputDirectory> out;
    std::exception_ptr error;
    Stopwatch clock;
    try {
        inputs.emplace(load_scenario_inputs(a.scenario, a.model, root && !a.out.empty()));
        if (root && !a.out.empty()) {
            out.emplace(a.out, a.force);
            write_model_copy(*out, *inputs);
        }
    } catch (...) {
        if (!exchange) throw;
        error = std::current_exception();
    }
    if (exchange) {
        if (const auto status = stop_on_failure(*exchange, error, "mc")) return *status;
        if (const auto status = stop_on_failure(*exchange, check_same_inputs(*exchange, *inputs), "mc"))
            return *status;
    }
    const auto& scenario = inputs->scenario_file.value;
    const auto& model = inputs->model_file.value;

    MonteCarloOptions options;
    options.samples = a.samples.value_or(scenario.monte_carlo.samples > 0 ? scenario.monte_carlo.samples : 100);
    options.seed = a.seed.value_or(scenario.monte_carlo.seed);
    options.threads = a.threads;
    options.realisations = a.realisations;
    options.exchange = exchange.get();
    ProgressBar bar(root);
    options.on_progress = [&bar](int done, int share) { bar.update(done, share); };
    const auto network = build_network(model);
    clock.lap("read and checked the inputs, built the network");
    std::optional<MonteCarloResult> result;
    try {
        result.emplace(run_monte_carlo(model, network, scenario, *engine, options));
    } catch (const PeerFailure& e) {
        // The failing process reports its own error; process 0 says which one
        // failed, and the others end quietly (see stop_on_failure).
        if (!root) return ok;
        std::cerr << "cisim mc: " << e.what() << "\n";
        return failure;
    }
    const auto& mc = *result;
    if (!mc.complete) return ok;
    clock.lap(std::to_string(options.samples) + " samples");
    // Reach from the central case's disruption (as the deterministic run's scores);
    // hazard.csv's repair times are medians over the samples' disruptions.
    auto hazards = asset_hazards(model, network, scenario);
    const auto reach = event_reach(model, network, scenario, hazards,
                                   compile_disruption(model, network, scenario,
                                                      {false, options.seed, mc.central.representative,
                                                       mc.central.realisations}));
    // With --json stdout carries summary.json alone; the table is in it.
    std::ostream& text = a.json ? warn() : info();
    if (!a.json && !quiet()) print_table(scenario, mc);
    std::fflush(stdout);
    for (const auto& note : reach_notes(scenario, reach)) text << "note: " << note << "\n";
    if (!out && !a.json) return ok;
    set_median_repair_h(model, network, scenario, options.samples, options.seed, hazards);

    std::optional<HouseholdsOut> households;
    if (carries_households(model)) households = households_out(model, network, mc.central);
    const RunSummary central{model, scenario, mc.central, mc.central_scores,
                             {inputs->model_path, inputs->model_file.sha256},
                             {inputs->scenario_path, inputs->scenario_file.sha256},
                             households ? &*households : nullptr, &reach};
    const auto summary_text = mc_summary_json(central, mc, options.seed);
    if (a.json) std::cout << summary_text << std::flush;
    if (!out) return ok;
    out->write("summary.json", summary_text);
    if (households) out->write("households.csv", households_csv(model, *households));
    out->write("mc_bands.csv", mc_bands_csv(model, mc.bands));
    write_series(*out, model, network, mc.central, a.unit_series);
    out->write("events.csv", [&](std::ostream& os) { write_events_csv(os, model, network, scenario, mc.central); });
    write_model_json_for_readers(*out, *inputs);
    out->write("scenario.json", scenario_to_json(scenario));
    if (!hazards.empty())
        out->write("hazard.csv", [&](std::ostream& os) { write_hazard_csv(os, network, scenario, hazards); });
    out->commit();
    clock.lap("wrote " + out->path());
    text << "results in " << out->path() << "\n";
    return ok;
}

}  // namespace

void add_mc_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<McArgs>();
    auto* cmd = app.add_subcommand(
        "mc", "Monte Carlo over the scenario's stochastic parts (under mpirun -n P: shared by the P processes)");
    cmd->add_option("scenario", args->scenario, "Scenario file (cisim-scenario/1; - reads stdin)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml, or - (default: the scenario's \"model\", relative to it)");
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")->check(CLI::IsMember(registry.names()));
    cmd->add_option("--samples", args->samples, "Samples (default: the scenario's, else 100)")->check(CLI::Range(1, 10000000));
    cmd->add_option("--seed", args->seed, "Seed (default: the scenario's)")->check(seed_check());
    cmd->add_option("--threads", args->threads, "Worker threads (results do not depend on it)")->check(CLI::Range(1, 256));
    cmd->add_option("--realisations", args->realisations,
                    "Stratified realisations of the central case the samples are compared with "
                    "(default 32; docs/central-case.md)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--out", args->out, "Result directory");
    cmd->add_flag("--force", args->force, "Replace an existing result directory");
    add_unit_series_option(cmd, args->unit_series);
    cmd->add_flag("--json", args->json, "Print summary.json on stdout (and nothing else there)");
    cmd->callback([args, &status] { status.code = run_mc(*args); });
    cmd->footer("Examples:\n"
                "  cisim mc scenarios/kddi-2022-uncertain.json --samples 500 --threads 2 --out out/kddi-mc\n"
                "  mpirun -n 4 cisim mc scenarios/tokyo-inland-m73.json --samples 2000 --out out/tokyo-mc");
}

}  // namespace cisim::app
