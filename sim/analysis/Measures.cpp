#include "analysis/Measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "analysis/ScoreDistribution.hpp"
#include "analysis/Sensitivity.hpp"
#include "engines/Parallel.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"
#include "model/Uncertain.hpp"
#include "model/Validate.hpp"

namespace cisim {

namespace {

constexpr double compliance_tolerance = 1e-12;

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

[[noreturn]] void fail(const MeasureSource& source, const Measure& m, const std::string& what,
                       const std::string& sub = {}) {
    throw InputError(source.file, source.pointer.empty() ? source.pointer : source.pointer + sub,
                     "measure '" + m.id + "': " + what);
}

/// Pointer of change `ci` below "/measures/i", as the scenario writes it ("set" is an object or a list).
std::string change_pointer(const Measure& m, std::size_t ci) {
    return m.changes.size() > 1 ? "/set/" + std::to_string(ci) : "/set";
}

void apply_edges(Model& out, const MeasureChange& c, const Measure& m, const MeasureSource& source,
                 const std::string& where, const std::unordered_map<std::string, std::string>& sector_of_node) {
    const auto arrow = c.edges.find("->");
    if (arrow == std::string::npos)
        fail(source, m, "edges '" + c.edges + "' is not of the form FROM->TO", where + "/edges");
    const auto from = trim(std::string_view(c.edges).substr(0, arrow));
    const auto to = trim(std::string_view(c.edges).substr(arrow + 2));
    // A node matches through its sector id too (SPEC §4: "power->medical" reaches hospitals).
    auto matches = [&](std::string_view pattern, const std::string& id) {
        if (glob_match(pattern, id)) return true;
        const auto it = sector_of_node.find(id);
        return it != sector_of_node.end() && glob_match(pattern, it->second);
    };
    std::size_t hits = 0;
    for (std::size_t i = 0; i < out.dependencies.size(); ++i) {
        auto& d = out.dependencies[i];
        if (!matches(from, d.from) || !matches(to, d.to)) continue;
        ++hits;
        if (c.buffer_h) d.set("buffer_h", *c.buffer_h);
        if (c.strength) d.set("strength", *c.strength);
        if (c.delay_h) d.set("delay_h", *c.delay_h);
        if (c.refill_h) d.set("refill_h", *c.refill_h);
        if (c.group) d.group = *c.group;
        // A value the measure sets is no longer uncertain: a later draw
        // (Monte Carlo, sensitivity) must not overwrite it.
        std::erase_if(out.uncertain, [&](const UncertainParameter& p) {
            if (p.place != UncertainPlace::dependency || p.index != i) return false;
            return (p.field == "buffer_h" && c.buffer_h) || (p.field == "strength" && c.strength) ||
                   (p.field == "delay_h" && c.delay_h) || (p.field == "refill_h" && c.refill_h);
        });
    }
    if (hits == 0) fail(source, m, "edges '" + c.edges + "' match no dependency", where + "/edges");
}

void apply_nodes(Model& out, const MeasureChange& c, const Measure& m, const MeasureSource& source,
                 const std::string& where) {
    std::unordered_set<std::string> sectors_with_nodes;
    for (const auto& n : out.nodes) sectors_with_nodes.insert(n.sector);
    std::vector<Node*> nodes;
    std::vector<Sector*> sectors;  // sectors without nodes: the sector is its own unit
    const std::string_view sel = c.nodes;
    if (starts_with(sel, "class:")) {
        const auto pattern = sel.substr(6);
        for (auto& n : out.nodes)
            if (glob_match(pattern, n.node_class)) nodes.push_back(&n);
    } else if (starts_with(sel, "sector:")) {
        const auto pattern = sel.substr(7);
        for (auto& s : out.sectors) {
            if (!glob_match(pattern, s.id)) continue;
            if (!sectors_with_nodes.count(s.id)) sectors.push_back(&s);
            for (auto& n : out.nodes)
                if (n.sector == s.id) nodes.push_back(&n);
        }
    } else {
        for (auto& n : out.nodes)
            if (glob_match(sel, n.id)) nodes.push_back(&n);
        for (auto& s : out.sectors)
            if (!sectors_with_nodes.count(s.id) && glob_match(sel, s.id)) sectors.push_back(&s);
    }
    if (nodes.empty() && sectors.empty()) fail(source, m, "nodes '" + c.nodes + "' select nothing", where + "/nodes");
    for (auto* n : nodes) {
        if (c.fragility_scale) n->fragility_scale *= *c.fragility_scale;
        if (c.repair_scale) n->repair_scale *= *c.repair_scale;
    }
    // An uncertain fragility_scale is multiplied too: the distribution of f × X
    // is X's with its location parameters times f (f > 0), so a later draw keeps the measure.
    if (c.fragility_scale)
        for (auto& p : out.uncertain) {
            if (p.place != UncertainPlace::node || p.field != "fragility_scale") continue;
            if (std::find(nodes.begin(), nodes.end(), &out.nodes.at(p.index)) == nodes.end()) continue;
            auto& d = p.distribution;
            const double f = *c.fragility_scale;
            d.min *= f;
            d.mode *= f;
            d.max *= f;
            d.median_value *= f;
        }
    // Sector-level units have no location or fragility curve: only repair_scale applies.
    for (auto* s : sectors)
        if (c.repair_scale) s->repair_scale *= *c.repair_scale;
}

/// Ordering of two figures with a relative tolerance; infinities compare exactly.
int compare(double a, double b) {
    if (a == b) return 0;
    if (std::isinf(a) || std::isinf(b)) return a < b ? -1 : 1;
    const double tol = 1e-12 * std::max({1.0, std::abs(a), std::abs(b)});
    if (std::abs(a - b) <= tol) return 0;
    return a < b ? -1 : 1;
}

double per_cost(double delta, double cost) {
    if (cost > 0) return delta / cost;
    if (delta > 0) return std::numeric_limits<double>::infinity();
    if (delta < 0) return -std::numeric_limits<double>::infinity();
    return 0;
}

struct Marginal {
    double gain = 0;          // Δ compliance
    double hours = 0;         // inoperability-hours avoided
    bool helps = false;
};

Marginal marginal(const OverallScore& before, const OverallScore& after) {
    Marginal g;
    g.gain = after.rto_compliance - before.rto_compliance;
    g.hours = before.inoperability_hours - after.inoperability_hours;
    if (g.gain > compliance_tolerance) g.helps = true;
    else if (g.gain >= -compliance_tolerance)
        g.helps = g.hours > 1e-9 * std::max(1.0, before.inoperability_hours);
    return g;
}

/// True when a measure of cost `ca` with marginal `a` ranks before one with `cb`, `b`.
bool ranks_before(double ca, const Marginal& a, double cb, const Marginal& b) {
    const bool free_a = ca == 0 && a.helps, free_b = cb == 0 && b.helps;
    if (free_a != free_b) return free_a;
    const int first = free_a ? compare(a.gain, b.gain) : compare(per_cost(a.gain, ca), per_cost(b.gain, cb));
    if (first != 0) return first > 0;
    const int second = free_a ? compare(a.hours, b.hours) : compare(per_cost(a.hours, ca), per_cost(b.hours, cb));
    return second > 0;
}

/// Ordering of two figures within a relative tolerance `rel` (of the larger, at least 1).
int compare_within(double a, double b, double rel) {
    if (a == b) return 0;
    if (std::isinf(a) || std::isinf(b)) return a < b ? -1 : 1;
    if (std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)})) return 0;
    return a < b ? -1 : 1;
}

/// Engines sum float curves: differences below this share are noise, not a gain.
constexpr double outcome_tolerance = 1e-9;

/// One combination of measures: ascending indices, its cost and outcome.
struct Combination {
    std::vector<std::size_t> measures;
    double cost = 0;
    OverallScore overall;
};

/// The total order of the search: outcome, then cost, then size, then the indices.
bool better(const Combination& a, const Combination& b) {
    if (const int c = compare_outcomes(a.overall, b.overall); c != 0) return c > 0;
    if (const int c = compare_within(a.cost, b.cost, 1e-12); c != 0) return c < 0;
    if (a.measures.size() != b.measures.size()) return a.measures.size() < b.measures.size();
    return a.measures < b.measures;
}

/// best_portfolio's state: the cache of simulated combinations and the best so far.
class PortfolioSearcher {
public:
    using Evaluate = std::function<OverallScore(const std::vector<std::size_t>&)>;

    PortfolioSearcher(const std::vector<double>& costs, std::optional<double> budget, const Evaluate& evaluate)
        : costs_(costs), evaluate_(evaluate),
          budget_(budget ? *budget : std::numeric_limits<double>::infinity()),
          slack_(budget ? 1e-12 * std::max(1.0, *budget) : 0.0) {}

    PortfolioChoice run(std::size_t exact_limit) {
        for (std::size_t i = 0; i < costs_.size(); ++i)
            if (fits(costs_[i], budget_)) candidates_.push_back(i);
        // The baseline and each candidate alone start the search (the ranking ran them anyway).
        best_ = {{}, 0, outcome({})};
        for (auto i : candidates_) offer({{i}, costs_[i], outcome({i})});
        PortfolioChoice out;
        out.search.candidates = candidates_.size();
        if (candidates_.size() <= exact_limit) {
            out.search.method = PortfolioMethod::exact;
            // Best alone first: good combinations are found early and cut more (exact
            // figures here, no tolerance, so that the order is a strict weak one).
            std::vector<std::tuple<double, double, double, double>> order_key(costs_.size());
            for (auto i : candidates_) {
                const auto o = outcome({i});
                order_key[i] = {-o.rto_compliance, o.inoperability_hours, o.loss.value_or(0), costs_[i]};
            }
            std::stable_sort(candidates_.begin(), candidates_.end(),
                             [&](std::size_t a, std::size_t b) { return order_key[a] < order_key[b]; });
            std::vector<std::size_t> chosen;
            branch(chosen, 0, budget_, 0);
        } else {
            out.search.method = PortfolioMethod::greedy;
            greedy();
        }
        out.picked = best_.measures;
        out.cost = best_.cost;
        out.overall = best_.overall;
        out.search.simulated = cache_.size();
        out.search.bound_violations = violations_.size();
        return out;
    }

private:
    bool fits(double cost, double remaining) const { return cost <= remaining + slack_; }

    std::string key(const std::vector<std::size_t>& subset) const {
        std::string k(costs_.size(), '0');
        for (auto i : subset) k[i] = '1';
        return k;
    }

    /// The outcome of `subset` (ascending), simulated once. A copy: the cache may grow.
    OverallScore outcome(const std::vector<std::size_t>& subset) {
        const auto k = key(subset);
        if (auto it = cache_.find(k); it != cache_.end()) return it->second;
        auto o = evaluate_(subset);
        cache_.emplace(k, o);
        // Every combination below a node must score no better than the node's bound.
        for (const auto& b : bounds_)
            if (compare_outcomes(o, b) > 0) violations_.insert(k);
        return o;
    }

    void offer(Combination c) {
        if (better(c, best_)) best_ = std::move(c);
    }

    static std::vector<std::size_t> sorted(std::vector<std::size_t> v) {
        std::sort(v.begin(), v.end());
        return v;
    }

    /// Decides candidates_[k…] given the measures `chosen` (cost `cost`, `remaining` budget left).
    void branch(std::vector<std::size_t>& chosen, std::size_t k, double remaining, double cost) {
        std::vector<std::size_t> rest;  // candidates still to decide that fit alone
        double rest_cost = 0;
        for (std::size_t j = k; j < candidates_.size(); ++j)
            if (fits(costs_[candidates_[j]], remaining)) {
                if (rest.empty()) k = j;
                rest.push_back(candidates_[j]);
                rest_cost += costs_[candidates_[j]];
            }
        auto all = chosen;
        all.insert(all.end(), rest.begin(), rest.end());
        all = sorted(std::move(all));
        const auto bound = outcome(all);
        if (rest.empty()) {
            offer({std::move(all), cost, bound});
            return;
        }
        if (fits(rest_cost, remaining)) offer({all, cost + rest_cost, bound});
        // Under monotonicity nothing below scores better than `bound` or costs less than
        // `cost`. Before a cut the node's own measures are simulated: a candidate, and a
        // check of the bound; a bound that a combination below beats is not used.
        const int c = compare_outcomes(bound, best_.overall);
        if (c < 0 || (c == 0 && compare_within(cost, best_.cost, 1e-12) > 0)) {
            auto own = sorted(chosen);
            const auto own_outcome = outcome(own);
            offer({std::move(own), cost, own_outcome});
            if (!beaten_below(chosen, rest, bound)) return;
        }
        bounds_.push_back(bound);
        const auto next = candidates_[k];
        chosen.push_back(next);
        branch(chosen, k + 1, remaining - costs_[next], cost + costs_[next]);
        chosen.pop_back();
        branch(chosen, k + 1, remaining, cost);
        bounds_.pop_back();
    }

    /// Whether `chosen`, or `chosen` with one of `rest`, was simulated and beats
    /// `bound` (monotonicity fails there; counted as a violation).
    bool beaten_below(const std::vector<std::size_t>& chosen, const std::vector<std::size_t>& rest,
                      const OverallScore& bound) {
        bool beaten = false;
        auto check = [&](std::vector<std::size_t> subset) {
            const auto k = key(subset);
            const auto it = cache_.find(k);
            if (it == cache_.end() || compare_outcomes(it->second, bound) <= 0) return;
            violations_.insert(k);
            beaten = true;
        };
        check(chosen);
        for (auto i : rest) {
            auto with = chosen;
            with.push_back(i);
            check(std::move(with));
        }
        return beaten;
    }

    /// Beyond the exact limit: marginal gain per cost, recomputed after each pick.
    void greedy() {
        Combination current{{}, 0, outcome({})};
        std::vector<bool> taken(costs_.size(), false);
        for (;;) {
            std::optional<Combination> pick;
            Marginal pick_marginal;
            for (auto i : candidates_) {
                if (taken[i] || !fits(current.cost + costs_[i], budget_)) continue;
                auto measures = current.measures;
                measures.push_back(i);
                measures = sorted(std::move(measures));
                const auto o = outcome(measures);
                if (compare_outcomes(o, current.overall) <= 0) continue;
                const auto g = marginal(current.overall, o);
                if (pick && !ranks_before(costs_[i], g, pick->cost - current.cost, pick_marginal)) continue;
                pick = Combination{std::move(measures), current.cost + costs_[i], o};
                pick_marginal = g;
            }
            if (!pick) break;
            for (auto i : pick->measures) taken[i] = true;
            current = std::move(*pick);
            offer(current);
        }
    }

    const std::vector<double>& costs_;
    const Evaluate& evaluate_;
    double budget_;
    double slack_;
    std::vector<std::size_t> candidates_;
    std::unordered_map<std::string, OverallScore> cache_;
    std::vector<OverallScore> bounds_;  // of the nodes above the one being searched
    std::unordered_set<std::string> violations_;
    Combination best_;
};

/// The mean outcome over draws (the grade of the mean compliance); the outcome itself for one.
OverallScore expected(const std::vector<OverallScore>& per) {
    if (per.size() == 1) return per.front();
    OverallScore e;
    double compliance = 0, hours = 0, loss = 0;
    bool has_loss = true;
    for (const auto& o : per) {  // in draw order: the same sums for any thread count
        compliance += o.rto_compliance;
        hours += o.inoperability_hours;
        if (o.loss) loss += *o.loss;
        else has_loss = false;
    }
    const auto n = static_cast<double>(per.size());
    e.rto_compliance = compliance / n;
    e.grade = nisc_grade(e.rto_compliance);
    e.inoperability_hours = hours / n;
    if (has_loss) e.loss = loss / n;
    return e;
}

/// A measure's gains draw by draw against the baseline's in the same draw.
MeasureOutcome::Spread spread_of(const std::vector<OverallScore>& baseline, const std::vector<OverallScore>& with) {
    std::vector<double> gain, hours;
    std::size_t helps = 0;
    for (std::size_t j = 0; j < baseline.size(); ++j) {
        const auto g = marginal(baseline[j], with[j]);
        gain.push_back(g.gain);
        hours.push_back(g.hours);
        helps += g.helps;
    }
    MeasureOutcome::Spread s;
    s.score_gain_p10 = percentile(gain, 0.1);
    s.score_gain_p90 = percentile(gain, 0.9);
    s.inoperability_hours_avoided_p10 = percentile(hours, 0.1);
    s.inoperability_hours_avoided_p90 = percentile(hours, 0.9);
    s.probability_helps = static_cast<double>(helps) / static_cast<double>(baseline.size());
    return s;
}

MeasureSource source_of(const Scenario& scenario, std::size_t i) {
    return {scenario.file, "/measures/" + std::to_string(i)};
}

}  // namespace

int compare_outcomes(const OverallScore& a, const OverallScore& b) {
    const double dc = a.rto_compliance - b.rto_compliance;
    if (dc > compliance_tolerance) return 1;
    if (dc < -compliance_tolerance) return -1;
    if (const int c = compare_within(a.inoperability_hours, b.inoperability_hours, outcome_tolerance); c != 0) return -c;
    if (a.loss && b.loss)
        if (const int c = compare_within(*a.loss, *b.loss, outcome_tolerance); c != 0) return -c;
    return 0;
}

std::string to_string(PortfolioMethod m) {
    return m == PortfolioMethod::exact ? "exact" : "greedy";
}

PortfolioChoice best_portfolio(const std::vector<double>& costs, std::optional<double> budget,
                               const std::function<OverallScore(const std::vector<std::size_t>&)>& evaluate,
                               std::size_t exact_limit) {
    if (budget && !(*budget >= 0 && std::isfinite(*budget)))
        throw std::invalid_argument("best_portfolio: the budget must be a finite number ≥ 0");
    for (double c : costs)
        if (!(c >= 0 && std::isfinite(c))) throw std::invalid_argument("best_portfolio: costs must be finite and ≥ 0");
    return PortfolioSearcher(costs, budget, evaluate).run(exact_limit);
}

Model apply_measure(const Model& model, const Measure& measure, const MeasureSource& source) {
    Model out = model;
    std::unordered_map<std::string, std::string> sector_of_node;
    for (const auto& n : model.nodes) sector_of_node.emplace(n.id, n.sector);
    for (std::size_t ci = 0; ci < measure.changes.size(); ++ci) {
        const auto& c = measure.changes[ci];
        const auto where = change_pointer(measure, ci);
        if (!c.edges.empty()) apply_edges(out, c, measure, source, where, sector_of_node);
        if (!c.nodes.empty()) apply_nodes(out, c, measure, source, where);
        out.dependencies.insert(out.dependencies.end(), c.add.begin(), c.add.end());
    }
    try {
        check_and_resolve_model(out);  // also refreshes out.dependency_ends after the edits above
    } catch (const InputError& e) {
        fail(source, measure, "makes the model invalid: " + e.pointer() + ": " + e.message());
    }
    return out;
}

Model apply_measures(const Model& model, const Scenario& scenario, const std::vector<std::size_t>& picked) {
    Model out = model;
    for (auto i : picked) out = apply_measure(out, scenario.measures.at(i), source_of(scenario, i));
    return out;
}

MeasureRanking rank_measures(const Model& model, const Scenario& scenario, const Engine& engine,
                             const RunOptions& options, std::optional<double> budget,
                             const MeasureUncertainty& uncertainty) {
    if (budget && !(*budget >= 0 && std::isfinite(*budget)))
        throw std::invalid_argument("rank_measures: the budget must be a finite number ≥ 0");
    if (uncertainty.samples < 0) throw std::invalid_argument("rank_measures: samples must be ≥ 0");
    const auto& measures = scenario.measures;
    for (std::size_t i = 0; i < measures.size(); ++i)
        if (!(measures[i].cost >= 0 && std::isfinite(measures[i].cost)))
            throw InputError(scenario.file, "/measures/" + std::to_string(i) + "/cost",
                             "the cost must be a finite number ≥ 0");

    // The engines never see the measures: every run states its model explicitly.
    Scenario plain = scenario;
    plain.measures.clear();
    RunOptions run_options = options;
    run_options.record_units = false;  // only sector scores are ranked
    run_options.log_units = false;
    auto evaluate = [&](const Model& m, const Scenario& sc) {
        const auto network = build_network(m);
        return score(m, network, engine.run(m, network, sc, run_options)).overall;
    };

    // The draws of the uncertain values, shared by every combination (common random numbers).
    const auto uncertain = uncertain_parameters(model, scenario);
    const std::size_t k = uncertain.size();
    const std::size_t n = k > 0 ? static_cast<std::size_t>(uncertainty.samples) : 0;
    const auto draws = n > 0 ? design_points(n, k, uncertainty.seed) : std::vector<double>{};
    Workers workers(n > 0 ? uncertainty.threads : 1);
    // A combination's outcome per draw (one outcome, on the medians, without draws).
    auto outcomes = [&](const std::vector<std::size_t>& subset) {
        if (n == 0) return std::vector<OverallScore>{evaluate(apply_measures(model, scenario, subset), plain)};
        // The measures are checked once on the medians (selectors match the same elements in every draw).
        (void)apply_measures(model, scenario, subset);
        std::vector<OverallScore> per(n);
        workers.run(n, [&](std::size_t j) {
            Model m = model;
            Scenario sc = plain;
            apply_uncertain(m, sc, uncertain, std::span<const double>(draws.data() + j * k, k));
            m = apply_measures(m, scenario, subset);  // after the draw: the measure's values win
            per[j] = evaluate(m, sc);
        });
        return per;
    };

    MeasureRanking out;
    out.cost_unit = scenario.cost_unit;
    out.samples = n;
    if (n > 0) {
        out.seed = uncertainty.seed;
        for (const auto& p : uncertain) out.uncertain.push_back(p.pointer);
    }
    const auto baseline_per = outcomes({});
    out.baseline = expected(baseline_per);

    std::vector<Marginal> alone_marginal;
    std::vector<OverallScore> alone_overall;
    std::vector<std::optional<MeasureOutcome::Spread>> alone_spread;
    for (std::size_t i = 0; i < measures.size(); ++i) {
        const auto per = outcomes({i});
        alone_overall.push_back(expected(per));
        alone_marginal.push_back(marginal(out.baseline, alone_overall.back()));
        alone_spread.push_back(n > 0 ? std::optional(spread_of(baseline_per, per)) : std::nullopt);
    }

    std::vector<std::size_t> order(measures.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return ranks_before(measures[a].cost, alone_marginal[a], measures[b].cost, alone_marginal[b]);
    });
    for (auto i : order) {
        const auto& m = measures[i];
        const auto& o = alone_overall[i];
        MeasureOutcome r;
        r.id = m.id;
        r.name = m.name;
        r.cost = m.cost;
        r.grade = o.grade;
        r.rto_compliance = o.rto_compliance;
        r.inoperability_hours = o.inoperability_hours;
        r.loss = o.loss;
        r.score_gain = alone_marginal[i].gain;
        r.inoperability_hours_avoided = alone_marginal[i].hours;
        r.helps = alone_marginal[i].helps;
        r.over_budget = budget && m.cost > *budget + 1e-12 * std::max(1.0, *budget);
        r.spread = alone_spread[i];
        if (out.baseline.loss && o.loss) r.loss_avoided = *out.baseline.loss - *o.loss;
        if (m.cost > 0) {
            r.gain_per_cost = r.score_gain / m.cost;
            r.inoperability_hours_avoided_per_cost = r.inoperability_hours_avoided / m.cost;
            if (r.loss_avoided) r.loss_avoided_per_cost = *r.loss_avoided / m.cost;
        }
        out.measures.push_back(std::move(r));
    }

    // The portfolio; the baseline and the runs of each measure alone are reused.
    std::unordered_map<std::string, OverallScore> known;
    auto key = [&](const std::vector<std::size_t>& subset) {
        std::string k(measures.size(), '0');
        for (auto i : subset) k[i] = '1';
        return k;
    };
    known.emplace(key({}), out.baseline);
    for (std::size_t i = 0; i < measures.size(); ++i) known.emplace(key({i}), alone_overall[i]);
    std::vector<double> costs;
    for (const auto& m : measures) costs.push_back(m.cost);
    const auto choice = best_portfolio(costs, budget, [&](const std::vector<std::size_t>& subset) {
        if (auto it = known.find(key(subset)); it != known.end()) return it->second;
        return expected(outcomes(subset));
    });
    auto& p = out.portfolio;
    p.budget = budget;
    for (auto i : choice.picked) p.picked.push_back(measures[i].id);
    p.cost = choice.cost;
    p.overall = choice.overall;
    p.search = choice.search;
    return out;
}

}  // namespace cisim
