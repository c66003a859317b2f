#pragma once
// Dynamic inoperability input-output model (DIIM), Lian & Haimes (2006),
// "Managing the risk of terrorism to interdependent infrastructure systems
// through the dynamic inoperability input–output model", Systems Engineering
// 9(3), eq. 5:  q(t+Δt) = q(t) + Δt·K [A* q(t) + c*(t) − q(t)],  K = diag(kᵢ),
// with the resilience coefficient of eq. 8,
//   kᵢ = ln(qᵢ(0)/qᵢ(Tᵢ)) / (Tᵢ (1 − a*ᵢᵢ)),
// Tᵢ the time sector i takes to recover from qᵢ(0) to qᵢ(Tᵢ). A* and c*(t) are
// those of the IIM engine (engines/Iim.hpp).
//
// Choices and deviations:
// - Tᵢ is the sector's rto_h, read as the time by which its inoperability
//   falls to 1 % of its initial value (qᵢ(0)/qᵢ(Tᵢ) = 100); sectors without
//   rto_h use diim_default_recovery_h (72 h, the usual disaster-planning
//   horizon, e.g. the 72-hour fuel target for disaster-base hospitals and
//   priority base stations). rto_h = 0 means an immediate response.
// - The perturbation acting over a step is c*(t+Δt) (the state the step ends
//   in), and a unit's direct damage takes effect at once: after each step
//   q ← max(q, c*), so a direct hit is felt when it happens while the indirect
//   effects build up, and decay, at the sectors' rates K. At a constant c* the
//   model converges to the IIM steady state, which is ≥ c*.
// - q is clamped to [0, 1] after every sub-step (inoperability cannot exceed 1).
// - Stability: the forward-Euler step is monotone and stable when Δt·kᵢ ≤ 1.
//   When a sector violates this the step is split into m = ⌈max Δt·kᵢ⌉ equal
//   sub-steps (at most diim_max_substeps; beyond that h·kᵢ is capped at 1, which
//   makes the sector follow A* q + c* within one sub-step).
// - Units show their sector's dynamic inoperability (the DIIM is a sector-level
//   model), raised to their own direct perturbation where that is higher.
#include <vector>

#include "engines/Engine.hpp"
#include "engines/Iim.hpp"

namespace cisim {

/// Tᵢ for sectors without an rto_h.
inline constexpr double diim_default_recovery_h = 72.0;
/// qᵢ(0)/qᵢ(Tᵢ): recovery to 1 % of the initial inoperability.
inline constexpr double diim_recovery_ratio = 100.0;
/// Upper bound on sub-steps per recorded step.
inline constexpr int diim_max_substeps = 10000;

/// kᵢ per hour for every sector (infinite when Tᵢ = 0).
std::vector<double> diim_resilience(const Model& model, const InterdependencyMatrix& a_star);

/// Sub-steps per step of `step_h` hours so that h·kᵢ ≤ 1 (capped at diim_max_substeps).
int diim_substeps(const std::vector<double>& k, double step_h);

class Diim final : public Engine {
public:
    std::string name() const override { return "diim"; }
    std::string description() const override {
        return "dynamic IIM: inoperability recovers at each sector's resilience rate (Lian & Haimes 2006)";
    }
    Result run_once(const Model& model, const Network& network, const Scenario& scenario,
                    const RunOptions& options) const override;
};

}  // namespace cisim
