#pragma once
// What-if countermeasures (SPEC §4 "measures", §6): apply a measure to a model,
// rank a scenario's measures by the IT-BCP score they buy per cost, and find
// the best portfolio under a budget — the input to a prioritised investment plan.
//
// A measure's change selects:
// - edges "FROM->TO": '*'/'?' globs; FROM matches a dependency whose `from` id,
//   or the sector of its `from` node, matches (likewise TO with `to`); the
//   change sets buffer_h, strength, delay_h, refill_h, group on each match;
// - nodes: a glob over node ids (and over the ids of sectors without nodes),
//   "class:X" (glob over node classes) or "sector:X" (glob over sector ids: the
//   sector's nodes, or the sector itself when it has none); fragility_scale and
//   repair_scale MULTIPLY Node::fragility_scale / Node::repair_scale (or
//   Sector::repair_scale for a sector without nodes, which has no fragility), so
//   measures compose in a portfolio;
// - add: dependencies appended to the model.
// A selector that matches nothing is an error (a typo must not pass silently).
// A combination applies its measures in scenario order (a later "set" wins).
//
// Ranking (rank_measures): the baseline runs the unmodified model; each measure
// runs alone. score gain = Δ RTO compliance; inoperability-hours and loss
// avoided = baseline − with the measure. A measure "helps" when it raises the
// compliance, or keeps it and cuts inoperability-hours (lexicographic objective).
// Order: measures that cost nothing and help first (by gain, then hours
// avoided); then the rest by score gain per cost, then inoperability-hours
// avoided per cost (a free measure that does not help counts 0 per cost);
// ties keep the scenario's order. A measure that costs more than the budget
// is marked over_budget (it is never a candidate).
//
// Portfolio (best_portfolio): the combination of measures, within the budget,
// with the best outcome. Outcomes are ordered lexicographically: overall RTO
// compliance (higher), then total inoperability-hours (lower), then total loss
// (lower); equal outcomes go to the cheaper combination, then the one with
// fewer measures, then the one listing earlier measures. Nothing is always a
// candidate (the baseline).
// - Up to `exact_limit` (20) candidates (measures affordable alone): branch and
//   bound over include/exclude decisions. A node's bound is the simulated
//   outcome of its measures together with EVERY remaining candidate that still
//   fits in the remaining budget; a node is cut when that bound is worse than
//   the best combination found (or equal to it at no lower cost). When all of
//   them fit together, that combination is itself a candidate.
//   ASSUMPTION (monotonicity): adding candidates to a combination never makes
//   its outcome worse. Measures interact non-additively, so no bound built
//   from single-measure gains is valid; the one above is valid exactly under
//   this assumption, which is expected of measures that only lengthen buffers,
//   lower strengths, speed up repairs, harden assets or add alternative routes
//   (group), and can fail for measures that weaken the model or that "set" the
//   same field of a dependency to different values (the later one wins). The
//   search then may miss the best combination (or the cheapest of equally
//   good ones). It counts every combination it
//   sees score better than a bound above it (bound_violations), so that such a
//   failure is reported, not hidden. Before it cuts a node it simulates the
//   node's own measures (a candidate, and a check of the bound) and does not
//   cut when they, or they with one more measure if already simulated, beat
//   the bound. Under the assumption the result equals a search over all
//   subsets (tests/analysis/MeasuresTest.cpp checks this).
// - Beyond `exact_limit` candidates (heuristic): greedy — repeatedly take the
//   affordable measure with the best marginal gain per cost (recomputed against
//   those already taken), while one helps — or the best single affordable
//   measure if that scores better (the classic fix of the knapsack greedy).
// Every distinct combination is simulated once (simulations are cached).
//
// Under uncertainty (MeasureUncertainty::samples > 0 and the model or scenario
// has uncertain values, model/Uncertain.hpp): every combination, the baseline
// included, runs on the SAME `samples` joint draws of the uncertain values
// (design_points from the seed: common random numbers, so a gain is not
// blurred by draw-to-draw noise); the hazards stay at their central case, as
// in `cisim sensitivity`. An outcome is then the mean over the draws (compliance,
// inoperability-hours, loss; the grade is that of the mean compliance): the
// ranking and the portfolio above work on these expected outcomes unchanged.
// Each measure also gets, over the draws, the P10 and P90 (type 7) of its
// compliance gain and of its inoperability-hours avoided, and the share of
// draws where it helps (by the rule above, per draw). Each draw's values are
// set first and the measures applied after: a measure that sets an uncertain
// field (a strength, a buffer) wins over the draw; fragility_scale and
// repair_scale measures multiply the drawn value. Draws run in parallel and
// are stored by index: results do not depend on the thread count.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/Scoring.hpp"
#include "engines/Engine.hpp"
#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Where a measure comes from, for messages ("SCENARIO: /measures/i: …").
struct MeasureSource {
    std::string file;                        ///< the scenario file
    std::string pointer;                     ///< "/measures/i"
};

/// A new model with `measure` applied (the input is never changed), validated
/// with check_model; InputError(source.file, …) when a selector matches nothing
/// (pointer source.pointer + "/set[/j]/edges|nodes") or the result is not a
/// valid model (pointer source.pointer).
Model apply_measure(const Model& model, const Measure& measure, const MeasureSource& source = {});

/// The scenario's measures `picked` (indices into scenario.measures) applied in order.
Model apply_measures(const Model& model, const Scenario& scenario, const std::vector<std::size_t>& picked);

struct MeasureOutcome {
    std::string id;
    std::string name;
    double cost = 0;
    std::string grade;                       ///< NISC grade with this measure alone
    double rto_compliance = 1;               ///< with this measure alone
    double inoperability_hours = 0;          ///< total, with this measure alone
    std::optional<double> loss;              ///< total, with this measure alone
    double score_gain = 0;                   ///< Δ RTO compliance against the baseline
    double inoperability_hours_avoided = 0;
    std::optional<double> loss_avoided;      ///< when the model has outputs
    bool helps = false;                      ///< raises compliance, or keeps it and cuts hours
    std::optional<double> gain_per_cost;     ///< none when the measure costs nothing
    std::optional<double> inoperability_hours_avoided_per_cost;
    std::optional<double> loss_avoided_per_cost;
    bool over_budget = false;                ///< costs more than the budget: never in the portfolio
    /// Under uncertainty: the spread of the gain over the draws (the figures
    /// above are then means over the draws).
    struct Spread {
        double score_gain_p10 = 0, score_gain_p90 = 0;
        double inoperability_hours_avoided_p10 = 0, inoperability_hours_avoided_p90 = 0;
        double probability_helps = 0;        ///< share of draws where the measure helps
    };
    std::optional<Spread> spread;
};

enum class PortfolioMethod {
    exact,                                   ///< branch and bound (exact under monotonicity)
    greedy,                                  ///< more candidates than the exact limit: heuristic
};

std::string to_string(PortfolioMethod m);

/// Candidates (measures affordable alone) up to which the portfolio search is exact.
inline constexpr std::size_t portfolio_exact_limit = 20;

/// How a portfolio was found.
struct PortfolioSearch {
    PortfolioMethod method = PortfolioMethod::exact;
    std::size_t candidates = 0;              ///< measures affordable alone
    std::size_t simulated = 0;               ///< distinct combinations evaluated (baseline and singles included)
    std::size_t bound_violations = 0;        ///< combinations that beat a bound above them (monotonicity fails)
};

/// The best combination of measures under `budget` (none = unlimited), see the
/// header comment: `costs[i]` is measure i's cost; `evaluate(subset)` gives the
/// outcome of the measures `subset` (ascending indices; empty = the baseline)
/// applied together and is called once per distinct subset. `picked` holds
/// ascending indices.
struct PortfolioChoice {
    std::vector<std::size_t> picked;
    double cost = 0;
    OverallScore overall;
    PortfolioSearch search;
};
PortfolioChoice best_portfolio(const std::vector<double>& costs, std::optional<double> budget,
                               const std::function<OverallScore(const std::vector<std::size_t>&)>& evaluate,
                               std::size_t exact_limit = portfolio_exact_limit);

/// Lexicographic order of outcomes: > 0 when `a` is better than `b` (higher
/// RTO compliance, then fewer inoperability-hours, then lower loss), 0 when equal.
int compare_outcomes(const OverallScore& a, const OverallScore& b);

struct Portfolio {
    std::optional<double> budget;            ///< none = unlimited
    std::vector<std::string> picked;         ///< measure ids, in scenario order
    double cost = 0;
    OverallScore overall;                    ///< with every picked measure applied
    PortfolioSearch search;
};

/// How rank_measures treats the uncertain values (see the header comment).
struct MeasureUncertainty {
    int samples = 0;                         ///< joint draws; 0: the medians only (deterministic)
    std::uint64_t seed = 1;                  ///< of the draws
    int threads = 1;                         ///< results do not depend on it
};

struct MeasureRanking {
    std::string cost_unit;                   ///< the scenario's cost_unit (e.g. "JPY")
    std::size_t samples = 0;                 ///< draws of the uncertain values (0: deterministic)
    std::uint64_t seed = 0;                  ///< of the draws (when samples > 0)
    std::vector<std::string> uncertain;      ///< the uncertain values' JSON pointers (when samples > 0)
    OverallScore baseline;                   ///< the unmodified model
    std::vector<MeasureOutcome> measures;    ///< ranked, best first
    Portfolio portfolio;
};

/// Runs the baseline and every measure of `scenario` alone through `engine`,
/// ranks them and finds the best portfolio within `budget` (best_portfolio);
/// over draws of the uncertain values when `uncertainty.samples` > 0 and there
/// are any (else on their medians).
MeasureRanking rank_measures(const Model& model, const Scenario& scenario, const Engine& engine,
                             const RunOptions& options, std::optional<double> budget,
                             const MeasureUncertainty& uncertainty = {});

}  // namespace cisim
