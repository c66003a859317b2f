#include "engines/Diim.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

#include "engines/Crossings.hpp"
#include "hazards/ScenarioHazards.hpp"

namespace cisim {

std::vector<double> diim_resilience(const Model& model, const InterdependencyMatrix& a_star) {
    std::vector<double> k(model.sectors.size());
    for (std::size_t i = 0; i < k.size(); ++i) {
        const double t = model.sectors[i].rto_h.value_or(diim_default_recovery_h);
        const double keep = 1.0 - a_star.at(i, i);
        k[i] = (t <= 0 || keep <= 0) ? std::numeric_limits<double>::infinity()
                                     : std::log(diim_recovery_ratio) / (t * keep);
    }
    return k;
}

int diim_substeps(const std::vector<double>& k, double step_h) {
    double worst = 0;
    for (double ki : k)
        if (std::isfinite(ki)) worst = std::max(worst, step_h * ki);
    const double m = std::ceil(worst - 1e-12);
    return static_cast<int>(std::clamp(m, 1.0, static_cast<double>(diim_max_substeps)));
}

Result Diim::run_once(const Model& model, const Network& net, const Scenario& scenario,
                      const RunOptions& options) const {
    const auto times = time_axis(scenario);
    const auto coupling = build_iim_coupling(model, net);
    const auto& a = coupling.a_star;
    // Rejects ρ(A*) ≥ 1: there is no steady state to converge to.
    const IimSolver solver(a, model.file);
    const auto disruption = compile_disruption(model, net, scenario, hazard_options(options));
    const PerturbationSchedule schedule(net, coupling, disruption);

    const auto n = a.size();
    const auto k = diim_resilience(model, a);
    const int substeps = diim_substeps(k, scenario.step_h);
    const double h = scenario.step_h / substeps;
    std::vector<double> hk(n);
    for (std::size_t i = 0; i < n; ++i) hk[i] = std::min(1.0, h * k[i]);

    Result r;
    r.engine = name();
    r.seed = options.seed;
    r.horizon_h = scenario.horizon_h;
    r.step_h = scenario.step_h;
    r.service_threshold = scenario.service_threshold;
    r.times = times;
    r.unit_count = net.size();
    r.sector_count = n;
    const bool record_units = options.record_units && model.has_nodes();
    r.sector_operability.resize(times.size() * n);
    std::optional<UnitCurves::Recorder> unit_rows;
    if (record_units) unit_rows.emplace(r.unit_count, times.size());

    std::vector<double> q(n, 0.0), next(n);
    std::vector<char> ever_saturated(n, 0);
    for (std::size_t step = 0; step < times.size(); ++step) {
        const auto p = schedule.at(times[step]);
        if (step > 0) {
            for (int s = 0; s < substeps; ++s) {
                for (std::size_t i = 0; i < n; ++i) {
                    double target = p.sector[i];
                    for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) target += a.values[e] * q[a.cols[e]];
                    next[i] = std::clamp(q[i] + hk[i] * (target - q[i]), 0.0, 1.0);
                }
                q.swap(next);
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            q[i] = std::max(q[i], p.sector[i]);
            if (q[i] >= 1.0 - 1e-12) ever_saturated[i] = 1;
        }
        for (std::size_t i = 0; i < n; ++i) r.sector_operability[step * n + i] = static_cast<float>(1.0 - q[i]);
        if (unit_rows) {
            unit_rows->begin_step(step);
            for (std::size_t u = 0; u < r.unit_count; ++u) {
                const double qu = std::max(q[net.units[u].sector], p.unit[u]);
                unit_rows->set(u, static_cast<float>(1.0 - qu));
            }
        }
    }
    if (unit_rows) r.unit_operability = std::move(*unit_rows).finish();
    append_crossings(r, net, scenario.service_threshold, {&disruption, options.log_units});

    std::ostringstream spectral;
    spectral.precision(6);
    spectral << solver.spectral_radius();
    r.notes.push_back("diim: q(t+Δt) = q + Δt·K(A* q + c* − q), kᵢ = ln(100)/(Tᵢ(1 − a*ᵢᵢ)), Tᵢ = rto_h; "
                      "spectral radius of A* " + spectral.str());
    std::vector<std::size_t> held;
    for (std::size_t i = 0; i < n; ++i)
        if (ever_saturated[i]) held.push_back(i);
    for (auto& note : iim_notes(a, held, "diim: ")) r.notes.push_back(std::move(note));
    std::string defaulted;
    for (const auto& s : model.sectors)
        if (!s.rto_h) defaulted += (defaulted.empty() ? "" : ", ") + s.id;
    if (!defaulted.empty())
        r.notes.push_back("diim: no rto_h, recovery time T = 72 h assumed for: " + defaulted);
    if (substeps > 1)
        r.notes.push_back("diim: step_h·k > 1 for some sector; each step split into " + std::to_string(substeps) +
                          " sub-steps for stability");
    return r;
}

}  // namespace cisim
