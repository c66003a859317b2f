#pragma once
// Buffered, time-stepped cascade engine (SPEC §5.4) — the "dynamic
// interdependency analysis" NISC called for in 2007. Per unit and step:
//  1. direct damage from the scenario (hazards/), recovering as repairs progress;
//  2. each dependency's shortfall (1 − supplier operability `delay_h` earlier,
//     capped by blackout supply cuts) first drains its buffer (buffer_h hours at
//     full loss, proportionally at partial loss); only an empty buffer lets the
//     shortfall through; buffers refill at full supply over refill_h;
//  3. redundant supplies (same group) count as their best member;
//  4. operability = (1 − damage) × combination over dependencies of
//     (1 − strength × shortfall), `min` by default, `product` per node class;
//  5. repair dependencies (effect "repair") slow repair progress by the same rule;
//  6. in network sectors, nodes not fed through working nodes of their sector
//     (from a source, or the giant component) are cut off: operability 0
//     (connectivity rule, SPEC §5.5, Buldyrev et al. 2010; engines/Connectivity.hpp).
// Zero-delay dependencies act within the step: each step is the greatest fixed
// point of the rule, reached by Jacobi iteration from full operability, so the
// result does not depend on visiting order or thread count; the connectivity
// rule then cuts off unfed nodes and the iteration resumes, until none is cut.
// Buffers update from the converged state, so an outage reaches a consumer
// behind a B-hour buffer exactly B hours later (to the step).
// Implementation: event-driven. Sweeps visit only units whose inputs changed
// (the same iterates as full sweeps); a step whose inputs equal the previous
// step's is not solved again; buffers, repairs and logs visit only impaired,
// draining or refilling edges. tests/engines/ReferenceCascade.hpp keeps the
// plain version of the rule, and CascadeEquivalenceTest holds the two equal.
// Deviations: buffers and delays are per dependency edge (no shared tanks);
// a supplier's value before t = 0 is taken as fully operable.
#include "engines/Engine.hpp"
#include "hazards/Disruption.hpp"
#include "model/Network.hpp"

namespace cisim {

/// Time-stepping settings, taken from a scenario.
struct StepSettings {
    double horizon_h = 168;
    double step_h = 1;
    double service_threshold = 0.9;
};

/// Runs the cascade rule on an already expanded network and disruption (Monte
/// Carlo reuses one network for every sample).
Result simulate_cascade(const Model& model, const Network& network, const Disruption& disruption,
                        const StepSettings& steps, const RunOptions& options);

class CascadeEngine final : public Engine {
public:
    std::string name() const override { return "cascade"; }
    std::string description() const override {
        return "buffered time-stepped cascade: delays, buffers, redundancy, repairs (SPEC 5.4)";
    }
    Result run(const Model& model, const Scenario& scenario, const RunOptions& options) const override;
};

}  // namespace cisim
