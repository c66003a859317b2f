// `cisim measures SCENARIO`: rank the scenario's countermeasures by the IT-BCP
// score they buy per cost, and the best portfolio under a budget (SPEC §6).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "analysis/Measures.hpp"
#include "app/Commands.hpp"
#include "app/Verbosity.hpp"
#include "app/SeedOption.hpp"
#include "engines/Engine.hpp"
#include "io/GraphMl.hpp"
#include "io/MeasuresJson.hpp"
#include "io/ModelJson.hpp"
#include "io/OutputDirectory.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace cisim::app {
namespace {

namespace fs = std::filesystem;

struct MeasuresArgs {
    std::string scenario;
    std::string model;
    std::string engine = default_engine;
    std::optional<double> budget;
    int samples = 64;
    std::uint64_t seed = 1;
    int threads = 1;
    std::string out;
    bool force = false;
    bool json = false;
};

std::string fmt(const char* spec, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

std::string opt(const std::optional<double>& v, const char* spec) { return v ? fmt(spec, *v) : std::string("-"); }

std::string overall_line(const OverallScore& o) {
    return "grade " + o.grade + ", RTO compliance " + fmt("%.1f %%", 100 * o.rto_compliance) +
           ", inoperability-hours " + fmt("%.1f", o.inoperability_hours) + ", loss " + opt(o.loss, "%.4g");
}

/// A cost with its unit ("5e+07 JPY").
std::string money(double v, const std::string& unit) { return fmt("%.4g", v) + (unit.empty() ? "" : " " + unit); }

void print_table(std::ostream& out, const MeasureRanking& r) {
    const auto& unit = r.cost_unit;
    const std::string per = "/" + (unit.empty() ? std::string("cost") : unit);
    out << "baseline: " << overall_line(r.baseline) << "\n\n";
    char line[640];
    std::snprintf(line, sizeof line, "%4s  %-28s %16s %9s %5s %11s %12s %12s %12s  %s\n", "rank", "id",
                  unit.empty() ? "cost" : ("cost " + unit).c_str(), "d_compl", "grade", "IH_avoided", "loss_avoided",
                  ("compl" + per).c_str(), ("IH" + per).c_str(), "note");
    out << line;
    int rank = 0;
    for (const auto& m : r.measures) {
        std::snprintf(line, sizeof line, "%4d  %-28s %16s %9s %5s %11.1f %12s %12s %12s%s\n", ++rank, m.id.c_str(),
                      fmt("%.4g", m.cost).c_str(), fmt("%+.1f pp", 100 * m.score_gain).c_str(), m.grade.c_str(),
                      m.inoperability_hours_avoided, opt(m.loss_avoided, "%.4g").c_str(),
                      m.gain_per_cost ? fmt("%.3g", *m.gain_per_cost).c_str() : (m.cost == 0 ? "free" : "-"),
                      opt(m.inoperability_hours_avoided_per_cost, "%.3g").c_str(), m.over_budget ? "  over budget" : "");
        out << line;
    }
    if (r.samples > 0) {
        // The spread over the draws, same ranks.
        out << "\nover the " << r.samples << " draws (P10 .. P90 of the gain against the baseline in the same draw):\n";
        std::snprintf(line, sizeof line, "%4s  %-28s %22s %22s %9s\n", "rank", "id", "d_compl P10..P90",
                      "IH_avoided P10..P90", "P(helps)");
        out << line;
        rank = 0;
        for (const auto& m : r.measures) {
            const auto& s = *m.spread;
            std::snprintf(line, sizeof line, "%4d  %-28s %22s %22s %8.0f%%\n", ++rank, m.id.c_str(),
                          (fmt("%+.1f", 100 * s.score_gain_p10) + " .. " + fmt("%+.1f pp", 100 * s.score_gain_p90)).c_str(),
                          (fmt("%.1f", s.inoperability_hours_avoided_p10) + " .. " +
                           fmt("%.1f", s.inoperability_hours_avoided_p90)).c_str(),
                          100 * s.probability_helps);
            out << line;
        }
    }
    const auto& p = r.portfolio;
    const auto& s = p.search;
    out << "\nportfolio (budget " << (p.budget ? money(*p.budget, unit) : std::string("unlimited")) << "; ";
    if (s.method == PortfolioMethod::exact)
        out << "exact search, branch and bound";
    else
        out << "HEURISTIC search, greedy per cost (more than " << portfolio_exact_limit << " candidates)";
    out << ": " << s.simulated << (s.simulated == 1 ? " combination of " : " combinations of ") << s.candidates
        << (s.candidates == 1 ? " affordable measure simulated): " : " affordable measures simulated): ");
    if (p.picked.empty()) out << "nothing affordable improves the score";
    for (std::size_t i = 0; i < p.picked.size(); ++i) out << (i ? ", " : "") << p.picked[i];
    out << "\n  cost " << money(p.cost, unit) << ", " << overall_line(p.overall) << "\n";
    if (s.bound_violations > 0)
        out << "  warning: " << s.bound_violations
            << " combinations scored better than the search's bound: these measures are not monotone together "
               "(one undoes another), so the portfolio may not be the best\n";
}

/// Refuses, before any run, an output that could not be written.
void check_out_dir(const std::string& dir, bool force) {
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec)) throw InputError(dir, "", "not a directory");
        check_output_file((fs::path(dir) / "measures.json").string(), force);
        return;
    }
    auto parent = fs::path(dir).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec)) throw InputError(dir, "", "the parent directory does not exist");
    // Tried, not read from the permission bits (root, read-only filesystems):
    // a ranking can take long, it must not fail only at the end.
    if (!can_create_in(parent.string())) throw InputError(dir, "", "cannot create the directory: the parent is not writable");
}

int run(const MeasuresArgs& a) {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const Engine* engine = registry.find(a.engine);

    const auto scenario = load_scenario(a.scenario);
    if (scenario.measures.empty())
        throw InputError(scenario.file, "/measures", "the scenario has no measures to rank");
    const auto model = at_vintage(load_model_file(a.model.empty() ? resolve_model_path(scenario) : a.model), scenario.as_of);
    check_scenario(scenario, model);
    if (!a.out.empty()) check_out_dir(a.out, a.force);

    MeasureUncertainty uncertainty;
    uncertainty.samples = a.samples;
    uncertainty.seed = a.seed;
    uncertainty.threads = a.threads;
    const auto ranking = rank_measures(model, scenario, *engine, RunOptions{}, a.budget, uncertainty);
    const auto json = measures_json(ranking);
    if (a.json) {
        std::cout << json;
    } else {
        info() << scenario.name << "  [" << model.name << ", engine " << engine->name() << "]\n";
        if (ranking.samples > 0)
            info() << "under uncertainty: " << ranking.uncertain.size() << " uncertain values drawn "
                      << ranking.samples << " times (seed " << ranking.seed
                      << "), the same draws for every measure; hazards at their central case; "
                         "figures are means over the draws\n";
        print_table(info(), ranking);
    }
    if (!a.out.empty()) {
        std::error_code ec;
        fs::create_directories(a.out, ec);
        if (ec) throw InputError(a.out, "", "cannot create the directory: " + ec.message());
        const auto path = (fs::path(a.out) / "measures.json").string();
        write_file_atomically(path, json);
        if (!a.json) info() << "ranking in " << path << "\n";
    }
    return ok;
}

}  // namespace

void add_measures_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<MeasuresArgs>();
    auto* cmd = app.add_subcommand("measures", "Rank a scenario's countermeasures per cost; the best portfolio under a budget");
    cmd->add_option("scenario", args->scenario, "Scenario file with \"measures\" (cisim-scenario/1; - reads stdin)")->required();
    cmd->add_option("--model", args->model, "Model file, .json or .graphml, or - (default: the scenario's \"model\", relative to it)");
    cmd->add_option("--budget", args->budget, "Budget for the portfolio, in the scenario's cost_unit (default: unlimited)")
        ->check(CLI::NonNegativeNumber);
    EngineRegistry registry;
    register_builtin_engines(registry);
    cmd->add_option("--engine", args->engine, "Engine (see `cisim engines`)")->check(CLI::IsMember(registry.names()));
    cmd->add_option("--samples", args->samples,
                    "Draws of the uncertain values, shared by every measure (default 64; 0: their medians only)")
        ->check(CLI::Range(0, 1000000));
    cmd->add_option("--seed", args->seed, "Seed of the draws (default 1)")->check(seed_check());
    cmd->add_option("--threads", args->threads, "Worker threads (results do not depend on it)")->check(CLI::Range(1, 256));
    cmd->add_option("--out", args->out, "Directory to write measures.json into (created if missing)");
    cmd->add_flag("--force", args->force, "Overwrite an existing measures.json");
    cmd->add_flag("--json", args->json, "Print measures.json instead of the table");
    cmd->callback([args, &status] { status.code = run(*args); });
    cmd->footer("Examples:\n  cisim measures scenarios/kddi-2022-mobile-core.json\n  cisim measures scenarios/tokyo-inland-m73.json --budget 500 --out out/tokyo-measures");
}

}  // namespace cisim::app
