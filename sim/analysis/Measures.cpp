#include "analysis/Measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "model/Error.hpp"
#include "model/Network.hpp"
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
    for (auto& d : out.dependencies) {
        if (!matches(from, d.from) || !matches(to, d.to)) continue;
        ++hits;
        if (c.buffer_h) d.set("buffer_h", *c.buffer_h);
        if (c.strength) d.set("strength", *c.strength);
        if (c.delay_h) d.set("delay_h", *c.delay_h);
        if (c.refill_h) d.set("refill_h", *c.refill_h);
        if (c.group) d.group = *c.group;
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

MeasureSource source_of(const Scenario& scenario, std::size_t i) {
    return {scenario.file, "/measures/" + std::to_string(i)};
}

}  // namespace

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
        check_model(out);
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
                             const RunOptions& options, std::optional<double> budget) {
    if (budget && !(*budget >= 0 && std::isfinite(*budget)))
        throw std::invalid_argument("rank_measures: the budget must be a finite number ≥ 0");
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
    auto evaluate = [&](const Model& m) {
        const auto network = build_network(m);
        return score(m, network, engine.run(m, network, plain, run_options)).overall;
    };

    MeasureRanking out;
    out.baseline = evaluate(model);

    std::vector<Model> alone;
    std::vector<Marginal> alone_marginal;
    std::vector<OverallScore> alone_overall;
    for (std::size_t i = 0; i < measures.size(); ++i) {
        alone.push_back(apply_measure(model, measures[i], source_of(scenario, i)));
        alone_overall.push_back(evaluate(alone.back()));
        alone_marginal.push_back(marginal(out.baseline, alone_overall.back()));
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
        if (out.baseline.loss && o.loss) r.loss_avoided = *out.baseline.loss - *o.loss;
        if (m.cost > 0) {
            r.gain_per_cost = r.score_gain / m.cost;
            r.inoperability_hours_avoided_per_cost = r.inoperability_hours_avoided / m.cost;
            if (r.loss_avoided) r.loss_avoided_per_cost = *r.loss_avoided / m.cost;
        }
        out.measures.push_back(std::move(r));
    }

    // Greedy portfolio; the first round reuses the runs of each measure alone.
    auto& p = out.portfolio;
    p.budget = budget;
    p.overall = out.baseline;
    Model current = model;
    std::vector<bool> taken(measures.size(), false);
    const auto affordable = [&](double cost) {
        return !budget || p.cost + cost <= *budget + 1e-12 * std::max(1.0, *budget);
    };
    for (bool first_round = true;; first_round = false) {
        std::optional<std::size_t> best;
        Marginal best_marginal;
        OverallScore best_overall;
        Model best_model;
        for (std::size_t i = 0; i < measures.size(); ++i) {
            if (taken[i] || !affordable(measures[i].cost)) continue;
            Model candidate = first_round ? alone[i] : apply_measure(current, measures[i], source_of(scenario, i));
            const auto overall = first_round ? alone_overall[i] : evaluate(candidate);
            const auto g = marginal(p.overall, overall);
            if (!g.helps) continue;
            if (best && !ranks_before(measures[i].cost, g, measures[*best].cost, best_marginal)) continue;
            best = i;
            best_marginal = g;
            best_overall = overall;
            best_model = std::move(candidate);
        }
        if (!best) break;
        taken[*best] = true;
        p.picked.push_back(measures[*best].id);
        p.cost += measures[*best].cost;
        p.overall = best_overall;
        current = std::move(best_model);
    }
    return out;
}

}  // namespace cisim
