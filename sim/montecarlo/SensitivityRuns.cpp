#include "montecarlo/SensitivityRuns.hpp"

#include <cstring>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>

#include "analysis/Scoring.hpp"
#include "engines/Parallel.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

namespace cisim {

std::string to_string(SensitivityMethod m) { return m == SensitivityMethod::sobol ? "sobol" : "morris"; }

void check_sensitivity(const Model& model, const Scenario& scenario, const SensitivityOptions& options) {
    if (uncertain_parameters(model, scenario).empty())
        throw InputError(scenario.file, "", "nothing is uncertain: give some value as {\"uncertain\": …} (README)");
    if (options.samples < 2) throw InputError(scenario.file, "", "sensitivity needs at least 2 samples");
}

SensitivityResult run_sensitivity(const Model& model, const Scenario& scenario, const Engine& engine,
                                  const SensitivityOptions& options) {
    SensitivityResult out;
    out.method = options.method;
    out.samples = options.samples;
    check_sensitivity(model, scenario, options);
    out.parameters = uncertain_parameters(model, scenario);
    const std::size_t k = out.parameters.size();
    const auto n = static_cast<std::size_t>(options.samples);
    const auto design = options.method == SensitivityMethod::sobol ? saltelli_design(n, k, options.seed)
                                                                   : morris_design(n, k, options.seed);
    out.runs = design.size() / k;
    // The tornado's rows after the design's: the base (every input at its
    // median), then per input its P10 and P90 rows.
    out.tornado_runs = 2 * k + 1;
    std::vector<double> points = design;
    for (std::size_t t = 0; t < out.tornado_runs; ++t) {
        std::vector<double> row(k, 0.5);
        if (t > 0) row[(t - 1) / 2] = t % 2 == 1 ? tornado_low_quantile : tornado_high_quantile;
        points.insert(points.end(), row.begin(), row.end());
    }
    const std::size_t rows = out.runs + out.tornado_runs;

    // The outputs, named from the deterministic run's scores.
    const Network shared = build_network(model);
    RunOptions run_options;
    run_options.seed = options.seed;
    run_options.threads = 1;
    run_options.log_units = false;
    run_options.log_sectors = false;
    const auto central = score(model, shared, engine.run(model, shared, scenario, run_options));
    const bool has_loss = central.overall.loss.has_value();
    std::vector<std::string> names = {"overall.rto_compliance", "overall.inoperability_hours"};
    if (has_loss) names.push_back("overall.loss");
    for (const auto& s : central.sectors) {
        names.push_back("sector." + s.id + ".downtime_h");
        names.push_back("sector." + s.id + ".inoperability_hours");
    }
    const std::size_t width = names.size();
    std::vector<double> y(rows * width);  // row-major: run × output

    auto one = [&](std::size_t r) {
        Model m = model;
        Scenario sc = scenario;
        apply_uncertain(m, sc, out.parameters, std::span<const double>(points.data() + r * k, k));
        std::optional<Network> own;
        if (!model.uncertain.empty()) own = build_network(m);
        const Network& net = own ? *own : shared;
        const auto s = score(m, net, engine.run(m, net, sc, run_options));
        double* to = y.data() + r * width;
        *to++ = s.overall.rto_compliance;
        *to++ = s.overall.inoperability_hours;
        if (has_loss) *to++ = s.overall.loss.value_or(0);
        for (const auto& sec : s.sectors) {
            *to++ = sec.downtime_h;
            *to++ = sec.inoperability_hours;
        }
    };
    // Processes take contiguous shares of the rows; process 0's comes first.
    const int rank = options.exchange ? options.exchange->rank() : 0;
    const auto processes = static_cast<std::size_t>(options.exchange ? options.exchange->size() : 1);
    const std::size_t lo = rows * static_cast<std::size_t>(rank) / processes;
    const std::size_t hi = rows * static_cast<std::size_t>(rank + 1) / processes;
    // The shared pool (engines/Parallel.hpp): TBB, or std threads in the TSan build.
    Workers workers(static_cast<int>(options.threads));
    auto run_share = [&] { workers.run(hi - lo, [&](std::size_t r) { one(lo + r); }); };
    run_share_together(options.exchange, run_share, "sensitivity");
    if (options.exchange) {
        // The others' rows, bit for bit, after process 0's (already in place).
        const auto mine = rank == 0 ? std::span<const double>()
                                    : std::span<const double>(y.data() + lo * width, (hi - lo) * width);
        const auto bytes = options.exchange->gather(
            std::span<const char>(reinterpret_cast<const char*>(mine.data()), mine.size_bytes()));
        if (rank != 0) {
            out.complete = false;
            return out;
        }
        if (bytes.size() != (rows - hi) * width * sizeof(double))
            throw std::runtime_error("sensitivity: the processes returned a wrong number of runs");
        std::memcpy(y.data() + hi * width, bytes.data(), bytes.size());
    }

    // Each output's indices on its own (the bootstrap is most of the work): in
    // parallel, each from the same seed, so the thread count changes nothing.
    out.outputs.resize(width);
    workers.run(width, [&](std::size_t o) {
        std::vector<double> column(out.runs);
        for (std::size_t r = 0; r < out.runs; ++r) column[r] = y[r * width + o];
        SensitivityOutput& so = out.outputs[o];
        so.output = names[o];
        if (options.method == SensitivityMethod::sobol) so.sobol = sobol_indices(column, n, k, options.seed);
        else so.morris = morris_indices(design, column, n, k);
        const auto at = [&](std::size_t t) { return y[(out.runs + t) * width + o]; };
        so.base = at(0);
        for (std::size_t i = 0; i < k; ++i) so.tornado.push_back({at(1 + 2 * i), at(2 + 2 * i)});
    });
    if (options.keep_outputs) {
        out.output_matrix = std::move(y);
        out.output_matrix.resize(out.runs * width);  // the design's rows only
    }
    return out;
}

}  // namespace cisim
