#pragma once
// What-if countermeasures (SPEC §4 "measures", §6): apply a measure to a model,
// and rank a scenario's measures by the IT-BCP score they buy per cost, with a
// greedy portfolio under a budget — the input to a prioritised investment plan.
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
//
// Ranking (rank_measures): the baseline runs the unmodified model; each measure
// runs alone. score gain = Δ RTO compliance; inoperability-hours and loss
// avoided = baseline − with the measure. A measure "helps" when it raises the
// compliance, or keeps it and cuts inoperability-hours (lexicographic objective).
// Order: measures that cost nothing and help first (by gain, then hours
// avoided); then the rest by score gain per cost, then inoperability-hours
// avoided per cost (a free measure that does not help counts 0 per cost);
// ties keep the scenario's order.
// Portfolio: greedy — repeatedly take the affordable measure with the best
// marginal gain per cost, recomputed against the measures already taken
// (applied cumulatively), until nothing affordable helps. No budget = unlimited.
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
};

struct Portfolio {
    std::optional<double> budget;            ///< none = unlimited
    std::vector<std::string> picked;         ///< measure ids in the order taken
    double cost = 0;
    OverallScore overall;                    ///< with every picked measure applied
};

struct MeasureRanking {
    OverallScore baseline;                   ///< the unmodified model
    std::vector<MeasureOutcome> measures;    ///< ranked, best first
    Portfolio portfolio;
};

/// Runs the baseline and every measure of `scenario` alone through `engine`,
/// ranks them and builds the greedy portfolio within `budget`.
MeasureRanking rank_measures(const Model& model, const Scenario& scenario, const Engine& engine,
                             const RunOptions& options, std::optional<double> budget);

}  // namespace cisim
