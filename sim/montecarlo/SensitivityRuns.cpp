#include "montecarlo/SensitivityRuns.hpp"

#include <optional>

#include "analysis/Scoring.hpp"
#include "engines/Parallel.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

namespace cisim {

std::string to_string(SensitivityMethod m) { return m == SensitivityMethod::sobol ? "sobol" : "morris"; }

SensitivityResult run_sensitivity(const Model& model, const Scenario& scenario, const Engine& engine,
                                  const SensitivityOptions& options) {
    SensitivityResult out;
    out.method = options.method;
    out.samples = options.samples;
    out.parameters = uncertain_parameters(model, scenario);
    const std::size_t k = out.parameters.size();
    if (k == 0)
        throw InputError(scenario.file, "", "nothing is uncertain: give some value as {\"uncertain\": …} (README)");
    if (options.samples < 2) throw InputError(scenario.file, "", "sensitivity needs at least 2 samples");
    const auto n = static_cast<std::size_t>(options.samples);
    const auto design = options.method == SensitivityMethod::sobol ? saltelli_design(n, k, options.seed)
                                                                   : morris_design(n, k, options.seed);
    const std::size_t rows = design.size() / k;
    out.runs = rows;

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
        apply_uncertain(m, sc, out.parameters, std::span<const double>(design.data() + r * k, k));
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
    // The shared pool (engines/Parallel.hpp): TBB, or std threads in the TSan build.
    Workers workers(static_cast<int>(options.threads));
    workers.run(rows, [&](std::size_t r) { one(r); });

    std::vector<double> column(rows);
    for (std::size_t o = 0; o < width; ++o) {
        for (std::size_t r = 0; r < rows; ++r) column[r] = y[r * width + o];
        SensitivityOutput so;
        so.output = names[o];
        if (options.method == SensitivityMethod::sobol) so.sobol = sobol_indices(column, n, k, options.seed);
        else so.morris = morris_indices(design, column, n, k);
        out.outputs.push_back(std::move(so));
    }
    return out;
}

}  // namespace cisim
