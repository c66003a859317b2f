#pragma once
// Buffered, time-stepped cascade engine (SPEC §5.4) — the "dynamic
// interdependency analysis" NISC called for in 2007. Per unit and step:
//  1. direct damage from the scenario (hazards/), recovering as repairs progress;
//  2. each dependency's shortfall (1 − supplier operability `delay_h` earlier,
//     capped by blackout supply cuts) first drains its buffer (buffer_h hours at
//     full loss, proportionally at partial loss); only an empty buffer lets the
//     shortfall through; buffers refill at full supply over refill_h. A
//     population (a sector-level unit, or a node with facilities > 1) reads a
//     shortfall s as s of its members fully cut, draining at the full rate, and
//     one with spread parameters or cut in turns runs as classes
//     (engines/Populations.hpp: a deviation from SPEC §5.4's proportional rule,
//     which holds for one facility);
//  3. redundant supplies (same group) count as their best member;
//  4. operability = (1 − damage) × combination over dependencies of
//     (1 − strength × shortfall), `min` by default, `product` per node class;
//  5. repair dependencies (effect "repair") slow repair progress by the same rule;
//  6. in network sectors, nodes not fed through working nodes of their sector
//     (from a source, or the giant component) are cut off: operability 0
//     (connectivity rule, SPEC §5.5, Buldyrev et al. 2010; engines/Connectivity.hpp).
// Zero-delay dependencies act within the step: each step is the greatest fixed
// point of the rule (what Jacobi iteration from full operability converges to,
// to 1e-12), so the result does not depend on visiting order or thread count;
// the connectivity rule then cuts off unfed nodes and the iteration resumes,
// until none is cut. Buffers update from the converged state, so an outage
// reaches a consumer behind a B-hour buffer exactly B hours later (to the step).
// Implementation: incremental in time. A step starts from the previous step's
// state. When the rule provably has one fixed point per step (a contraction,
// engines/Contraction.hpp: partial dependencies, as in most models), nothing is
// reset and only the cut-off nodes of network sectors that an improvement
// reaches get a chance to be fed again; otherwise it resets to full operability
// the impaired units that an improved input reaches. In a model with a
// "giant"-mode network, a step after the first whose giant ends with half of
// its sector or less is solved again from full operability (the giant may
// have moved; the first step starts there). A proof in
// engines/cascade/Scheduler.cpp shows each reaches the fixed point of a solve from full
// operability. It then iterates over the units whose
// inputs changed, swept in index order block by block (Gauss–Seidel;
// engines/IndexSet.hpp; under a contraction with Aitken's Δ² jumps,
// engines/cascade/Extrapolation.hpp). The engine numbers units in the order a
// depth-first search over zero-delay function dependencies finishes them, so
// suppliers mostly come before their consumers and near them in memory;
// results and logs are given back in the network's numbering. Buffers are kept in
// closed form (engines/BufferPhase.hpp) and visited only when their supply
// changes or they empty or fill; a step with no changed input costs nothing.
// The fed sets of network sectors are kept up to date as nodes change
// (FeedForest: feed paths from the sources, or the components of a giant-mode
// sector, split and merged where nodes change).
// Models of more than 16,384 units settle in parts of that many, in rounds:
// within a round each part iterates on its own, reading other parts as the
// round began (block Gauss–Seidel–Jacobi); changes cross parts between rounds.
// With RunOptions::threads > 1 the parts of a round, the layout (the
// numbering, the compiled edges, the contraction bound) and each large buffer
// pass run at once (engines/Parallel.hpp), merged in index order: the result
// is the same for any thread count.
// The code is in engines/cascade/: UnitRule.hpp is the rule for one unit (steps
// 2–4), and Simulation.hpp says where the rest lives (docs/cascade-engine.md).
// tests/engines/ReferenceCascade.hpp keeps the plain version of the rule, and
// CascadeEquivalenceTest holds the two equal.
// Deviations: buffers and delays are per dependency edge (no shared tanks);
// a supplier's value before t = 0 is taken as fully operable; delayed supplies
// are read at float precision.
#include "engines/Engine.hpp"
#include "hazards/Disruption.hpp"
#include "model/Network.hpp"

namespace cisim {

/// Bound on the Jacobi sweeps of one fixed-point iteration. Loops of partial
/// dependencies converge geometrically (a loop whose strengths multiply to r
/// needs about log(1e-12)/log(r) sweeps: 260 at r = 0.9); the bound only
/// stops loops with r above ~0.9997 short of converge tolerance.
inline constexpr std::size_t cascade_max_sweeps = 100000;

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
    Result run_once(const Model& model, const Network& network, const Scenario& scenario,
                    const RunOptions& options) const override;
    /// Only to split populations into classes (split_populations reads their
    /// dependencies' spreads); a network without populations runs on itself.
    bool reads_dependencies(const Network& network) const override;
};

}  // namespace cisim
