// Countermeasures: applying them to a model, ranking them per cost, and the
// best portfolio under a budget (SPEC §4, §6).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <random>
#include <tuple>

#include "analysis/Measures.hpp"
#include "analysis/ScoreDistribution.hpp"
#include "analysis/Sensitivity.hpp"
#include "engines/CascadeEngine.hpp"
#include "model/Error.hpp"

using namespace cisim;

namespace {

/// A hand-computable stand-in for an engine on sector-level models: an
/// it_outage on sector X takes it to 1 − severity over [start, start +
/// duration × X.repair_scale); a dependency X → Y (in model order, one pass)
/// takes Y to 1 − strength × (1 − op(X)) from X's drop + buffer_h until X is
/// back. Operability is sampled hourly; a step dip of depth d over k interior
/// samples is exactly k × d inoperability-hours by the trapezoid rule.
class ToyEngine final : public Engine {
public:
    std::string name() const override { return "toy"; }
    std::string description() const override { return "test double"; }
    Result run_once(const Model& model, const Network&, const Scenario& scenario, const RunOptions&) const override {
        ++runs;
        struct Dip { double start = 0, end = 0, op = 1; };
        std::vector<Dip> dip(model.sectors.size());
        auto index = [&](const std::string& id) {
            for (std::size_t s = 0; s < model.sectors.size(); ++s)
                if (model.sectors[s].id == id) return s;
            throw std::logic_error("toy: unknown sector " + id);
        };
        for (const auto& e : scenario.events) {
            const auto s = index(e.target.id);
            dip[s] = {e.start_h, e.start_h + e.duration_h * model.sectors[s].repair_scale, 1 - e.severity};
        }
        for (const auto& d : model.dependencies) {
            const auto& sup = dip[index(d.from)];
            auto& con = dip[index(d.to)];
            if (sup.end <= sup.start || sup.start + d.buffer_h >= sup.end) continue;
            const Dip mine{sup.start + d.buffer_h, sup.end, 1 - d.strength * (1 - sup.op)};
            if (con.end <= con.start) con = mine;
            else con = {std::min(con.start, mine.start), std::max(con.end, mine.end), std::min(con.op, mine.op)};
        }
        Result r;
        r.engine = name();
        r.horizon_h = scenario.horizon_h;
        r.step_h = 1;
        r.service_threshold = scenario.service_threshold;
        r.sector_count = model.sectors.size();
        for (double t = 0; t <= scenario.horizon_h; t += 1) {
            r.times.push_back(t);
            for (const auto& d : dip)
                r.sector_operability.push_back(t >= d.start && t < d.end ? static_cast<float>(d.op) : 1.0f);
        }
        return r;
    }
    mutable std::atomic<int> runs{0};  // rank_measures runs draws on several threads
};

Sector sector(const std::string& id, std::optional<double> rto = {}, std::optional<double> output = {}) {
    Sector s;
    s.id = id;
    s.name = id;
    s.rto_h = rto;
    s.output = output;
    return s;
}

Dependency dep(const std::string& from, const std::string& to, double buffer_h = 0, double strength = 1) {
    Dependency d;
    d.from = from;
    d.to = to;
    d.buffer_h = buffer_h;
    d.strength = strength;
    return d;
}

Measure measure(const std::string& id, double cost, MeasureChange change) {
    Measure m;
    m.id = id;
    m.name = id;
    m.cost = cost;
    m.changes.push_back(std::move(change));
    return m;
}

MeasureChange edges(const std::string& sel, std::optional<double> buffer_h) {
    MeasureChange c;
    c.edges = sel;
    c.buffer_h = buffer_h;
    return c;
}

MeasureChange repair(const std::string& sel, double scale) {
    MeasureChange c;
    c.nodes = sel;
    c.repair_scale = scale;
    return c;
}

/// a fails for 10 h from hour 1; b, c, d depend on it without buffers.
/// RTOs: a 100 h (always met), b and c 4 h; d has none but an output of 8760/yr.
Model star_model() {
    Model m;
    m.name = "star";
    m.file = "star.json";
    m.sectors = {sector("a", 100.0), sector("b", 4.0), sector("c", 4.0), sector("d", {}, 8760.0)};
    m.dependencies = {dep("a", "b"), dep("a", "c"), dep("a", "d")};
    return m;
}

Scenario star_scenario() {
    Scenario s;
    s.name = "star outage";
    s.file = "star-scenario.json";
    s.horizon_h = 24;
    s.step_h = 1;
    Event e;
    e.kind = EventKind::it_outage;
    e.id = "outage-a";
    e.target.id = "a";
    e.start_h = 1;
    e.duration_h = 10;
    e.severity = 1;
    s.events = {e};
    // Baseline: a, b, c, d each down 10 h (10 inoperability-hours each); b and c breach.
    s.measures = {
        measure("b-buffer", 10, edges("a->b", 10.0)),  // b rides through: compliance 2/3
        measure("c-buffer", 5, edges("a->c", 8.0)),    // c down 2 h ≤ 4: compliance 2/3
        measure("d-buffer", 1, edges("a->d", 10.0)),   // no RTO gain, 10 hours avoided
        measure("noop", 0, edges("a->d", 0.0)),        // free, changes nothing
        measure("a-repair", 12, repair("sector:a", 0.3)),  // a down 3 h: all meet, 28 hours avoided
    };
    return s;
}

std::vector<std::string> ids(const MeasureRanking& r) {
    std::vector<std::string> out;
    for (const auto& m : r.measures) out.push_back(m.id);
    return out;
}

}  // namespace

TEST_CASE("apply_measure: edges by id or by the sector of a node — input untouched", "[analysis][measures]") {
    Model m;
    m.sectors = {sector("power"), sector("medical"), sector("water")};
    Node h1, h2;
    h1.id = "hosp-1";
    h1.sector = "medical";
    h1.node_class = "hospital";
    h2 = h1;
    h2.id = "hosp-2";
    m.nodes = {h1, h2};
    m.dependencies = {dep("power", "hosp-1", 3), dep("power", "hosp-2", 3), dep("power", "water", 8),
                      dep("water", "hosp-1", 24)};
    const Model before = m;

    MeasureChange c = edges("power->medical", 72.0);
    c.group = "grid";
    const auto out = apply_measure(m, measure("fuel", 1, c));
    CHECK(out.dependencies[0].buffer_h == 72);
    CHECK(out.dependencies[1].buffer_h == 72);
    CHECK(out.dependencies[0].group == "grid");
    CHECK(out.dependencies[2].buffer_h == 8);   // power → water untouched
    CHECK(out.dependencies[3].buffer_h == 24);  // water → hosp-1 untouched
    CHECK(m.dependencies[0].buffer_h == before.dependencies[0].buffer_h);
    CHECK(m.dependencies[0].group.empty());

    // Globs on both sides, node ids directly.
    MeasureChange s = edges("*->hosp-2", {});
    s.strength = 0.5;
    s.delay_h = 1;
    s.refill_h = 6;
    const auto out2 = apply_measure(m, measure("x", 1, s));
    CHECK(out2.dependencies[1].strength == 0.5);
    CHECK(out2.dependencies[1].delay_h == 1);
    CHECK(out2.dependencies[1].refill_h == std::optional<double>(6));
    CHECK(out2.dependencies[0].strength == 1);
}

TEST_CASE("apply_measure: node selectors multiply fragility and repair scales", "[analysis][measures]") {
    Model m;
    m.sectors = {sector("power"), sector("medical"), sector("water")};
    Node h1, p1;
    h1.id = "hosp-1";
    h1.sector = "medical";
    h1.node_class = "hospital";
    h1.repair_scale = 0.8;
    p1.id = "plant-1";
    p1.sector = "power";
    p1.node_class = "plant";
    m.nodes = {h1, p1};

    MeasureChange byclass;
    byclass.nodes = "class:hosp*";
    byclass.fragility_scale = 2;
    byclass.repair_scale = 0.5;
    const auto a = apply_measure(m, measure("harden", 1, byclass));
    CHECK(a.nodes[0].fragility_scale == 2);
    CHECK(a.nodes[0].repair_scale == Approx(0.4));  // 0.8 × 0.5
    CHECK(a.nodes[1].fragility_scale == 1);

    // "sector:X" reaches the sector's nodes, or the sector itself when it has none.
    const auto b = apply_measure(m, measure("crews", 1, repair("sector:*", 0.5)));
    CHECK(b.nodes[0].repair_scale == Approx(0.4));
    CHECK(b.nodes[1].repair_scale == Approx(0.5));
    CHECK(b.sectors[2].repair_scale == Approx(0.5));  // water has no nodes
    CHECK(b.sectors[0].repair_scale == 1);            // power's scale lives on its nodes

    // A plain glob selects node ids, and ids of sectors without nodes.
    const auto c = apply_measure(m, measure("w", 1, repair("wat*", 0.25)));
    CHECK(c.sectors[2].repair_scale == Approx(0.25));
    const auto d = apply_measure(m, measure("p", 1, repair("plant-?", 0.25)));
    CHECK(d.nodes[1].repair_scale == Approx(0.25));
    CHECK(d.nodes[0].repair_scale == Approx(0.8));
}

TEST_CASE("apply_measure: add appends dependencies — measures compose", "[analysis][measures]") {
    auto m = star_model();
    MeasureChange c;
    Dependency extra = dep("d", "b", 2, 0.3);
    extra.group = "backup";
    c.add = {extra};
    const auto out = apply_measure(m, measure("link", 1, c));
    REQUIRE(out.dependencies.size() == 4);
    CHECK(out.dependencies[3].from == "d");
    // The sector ends the check resolved, the added dependency's too (d → b).
    REQUIRE(out.dependency_ends.size() == 4);
    CHECK(out.dependency_ends[3].from == 3);
    CHECK(out.dependency_ends[3].to == 1);
    CHECK(out.dependencies[3].group == "backup");
    CHECK(m.dependencies.size() == 3);

    const auto s = star_scenario();
    const auto both = apply_measures(m, s, {1, 4});
    CHECK(both.dependencies[1].buffer_h == 8);
    CHECK(both.sectors[0].repair_scale == Approx(0.3));
    const auto twice = apply_measures(m, s, {4, 4});
    CHECK(twice.sectors[0].repair_scale == Approx(0.09));
}

TEST_CASE("apply_measure: bad selectors and invalid results name the scenario and measure",
          "[analysis][measures]") {
    const auto m = star_model();
    const MeasureSource where{"scen.json", "/measures/2"};
    auto message_of = [&](const Measure& x) {
        try {
            apply_measure(m, x, where);
        } catch (const InputError& e) {
            CHECK(e.file() == "scen.json");
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message_of(measure("x", 1, edges("a-b", 1.0))),
               Catch::StartsWith("scen.json: /measures/2/set/edges: measure 'x': edges 'a-b' is not of the form FROM->TO"));
    CHECK_THAT(message_of(measure("x", 1, edges("b->a", 1.0))),
               Catch::StartsWith("scen.json: /measures/2/set/edges: measure 'x': edges 'b->a' match no dependency"));
    auto two = measure("x", 1, edges("a->b", 1.0));
    two.changes.push_back(repair("class:hospital", 0.5));
    CHECK_THAT(message_of(two), Catch::StartsWith("scen.json: /measures/2/set/1/nodes: measure 'x': nodes"));
    MeasureChange add;
    add.add = {dep("a", "nowhere")};
    const auto bad = message_of(measure("x", 1, add));
    CHECK_THAT(bad, Catch::StartsWith("scen.json: /measures/2: measure 'x': makes the model invalid"));
    CHECK_THAT(bad, Catch::Contains("/dependencies/3"));
}

TEST_CASE("rank_measures: figures and order by score gain per cost", "[analysis][measures]") {
    const ToyEngine engine;
    const auto r = rank_measures(star_model(), star_scenario(), engine, {}, std::nullopt);
    CHECK(r.baseline.rto_compliance == Approx(1.0 / 3));
    CHECK(r.baseline.grade == "D");
    CHECK(r.baseline.inoperability_hours == Approx(40));
    REQUIRE(r.baseline.loss);
    CHECK(*r.baseline.loss == Approx(10));  // d: 1 per hour × 10 hours

    // Gain per cost: c-buffer 1/3 ÷ 5, a-repair 2/3 ÷ 12, b-buffer 1/3 ÷ 10; then
    // d-buffer (no gain, 10 hours per unit cost); the free no-op last.
    CHECK(ids(r) == std::vector<std::string>{"c-buffer", "a-repair", "b-buffer", "d-buffer", "noop"});
    const auto& c = r.measures[0];
    CHECK(c.score_gain == Approx(1.0 / 3));
    CHECK(c.grade == "C");
    CHECK(c.inoperability_hours_avoided == Approx(8));
    REQUIRE(c.gain_per_cost);
    CHECK(*c.gain_per_cost == Approx(1.0 / 15));
    CHECK(*c.inoperability_hours_avoided_per_cost == Approx(1.6));
    REQUIRE(c.loss_avoided);
    CHECK(*c.loss_avoided == Approx(0));
    const auto& a = r.measures[1];
    CHECK(a.grade == "A");
    CHECK(a.rto_compliance == Approx(1));
    CHECK(a.inoperability_hours_avoided == Approx(28));
    CHECK(*a.loss_avoided == Approx(7));
    CHECK(*a.loss_avoided_per_cost == Approx(7.0 / 12));
    const auto& d = r.measures[3];
    CHECK(d.score_gain == Approx(0));
    CHECK(d.helps);
    CHECK(*d.inoperability_hours_avoided_per_cost == Approx(10));
    const auto& noop = r.measures[4];
    CHECK_FALSE(noop.helps);
    CHECK_FALSE(noop.gain_per_cost);  // no per-cost figure for a free measure
    CHECK(noop.inoperability_hours_avoided == 0);
}

TEST_CASE("rank_measures: a free measure that helps ranks first", "[analysis][measures]") {
    auto s = star_scenario();
    s.measures.push_back(measure("free-d", 0, edges("a->d", 5.0)));  // 5 hours avoided, no gain
    const ToyEngine engine;
    const auto r = rank_measures(star_model(), s, engine, {}, 0.0);
    CHECK(ids(r).front() == "free-d");
    CHECK(ids(r).back() == "noop");
    // Budget 0: only the free measure that helps.
    CHECK(r.portfolio.picked == std::vector<std::string>{"free-d"});
    CHECK(r.portfolio.cost == 0);
    CHECK(r.portfolio.overall.inoperability_hours == Approx(35));
}

TEST_CASE("rank_measures: the best portfolio within the budget, where greedy per cost loses", "[analysis][measures]") {
    const ToyEngine engine;
    const auto model = star_model();
    auto scenario = star_scenario();
    scenario.measures.erase(scenario.measures.begin() + 3);  // the no-op undoes d-buffer: not monotone
    auto portfolio = [&](std::optional<double> budget) {
        return rank_measures(model, scenario, engine, {}, budget).portfolio;
    };
    using Ids = std::vector<std::string>;
    const auto p5 = portfolio(5);
    CHECK(p5.picked == Ids{"c-buffer"});
    CHECK(p5.cost == 5);
    CHECK(p5.overall.rto_compliance == Approx(2.0 / 3));
    CHECK(p5.budget == std::optional<double>(5));
    CHECK(p5.search.method == PortfolioMethod::exact);
    CHECK(portfolio(6).picked == Ids{"c-buffer", "d-buffer"});
    // Budget 12: greedy per cost took c-buffer (1/3 per 5) and d-buffer, then
    // nothing fitted (compliance 2/3); a-repair alone meets every RTO.
    const auto p12 = portfolio(12);
    CHECK(p12.picked == Ids{"a-repair"});
    CHECK(p12.overall.rto_compliance == Approx(1));
    CHECK(p12.overall.inoperability_hours == Approx(12));
    // Budget 17: greedy took c-buffer, b-buffer, d-buffer (cost 16, 12 h left); a-repair
    // with d-buffer also meets every RTO and leaves a, b and c 3 h each (9 h), for 13.
    const auto p17 = portfolio(17);
    CHECK(p17.picked == Ids{"d-buffer", "a-repair"});
    CHECK(p17.cost == 13);
    CHECK(p17.overall.grade == "A");
    CHECK(p17.overall.inoperability_hours == Approx(9));
    // Unlimited: every measure.
    const auto all = portfolio(std::nullopt);
    CHECK(all.picked == Ids{"b-buffer", "c-buffer", "d-buffer", "a-repair"});
    CHECK(all.cost == 28);
    CHECK(all.overall.inoperability_hours == Approx(3));
    CHECK_FALSE(all.budget);
    const auto none = portfolio(0);
    CHECK(none.picked.empty());
    CHECK(none.overall.rto_compliance == Approx(1.0 / 3));
    for (double b : {0.0, 3.0, 5.0, 9.0, 15.0, 17.0, 40.0}) CHECK(portfolio(b).cost <= b);
}

TEST_CASE("rank_measures: a measure over the budget is marked, never picked", "[analysis][measures]") {
    const ToyEngine engine;
    const auto r = rank_measures(star_model(), star_scenario(), engine, {}, 10.0);
    for (const auto& m : r.measures) CHECK(m.over_budget == (m.cost > 10));  // a-repair costs 12
    CHECK(std::find(r.portfolio.picked.begin(), r.portfolio.picked.end(), "a-repair") == r.portfolio.picked.end());
    CHECK(r.portfolio.search.candidates == 4);
    const auto unlimited = rank_measures(star_model(), star_scenario(), engine, {}, std::nullopt);
    for (const auto& m : unlimited.measures) CHECK_FALSE(m.over_budget);
    // The scenario's unit of cost travels with the ranking.
    auto s = star_scenario();
    s.cost_unit = "million JPY";
    CHECK(rank_measures(star_model(), s, engine, {}, 10.0).cost_unit == "million JPY");
}

TEST_CASE("rank_measures: the baseline is the unmodified model", "[analysis][measures]") {
    const ToyEngine engine;
    const auto model = star_model();
    auto with = star_scenario();
    auto without = with;
    without.measures.clear();
    const auto direct = score(model, build_network(model), engine.run(model, without, {})).overall;
    const auto ranked = rank_measures(model, with, engine, {}, 10.0);
    CHECK(ranked.baseline.rto_compliance == direct.rto_compliance);
    CHECK(ranked.baseline.inoperability_hours == direct.inoperability_hours);
    CHECK(ranked.baseline.loss == direct.loss);
    // Ranking again with only the strongest measure gives the same baseline.
    with.measures = {with.measures[4]};
    CHECK(rank_measures(model, with, engine, {}, 10.0).baseline.inoperability_hours ==
          direct.inoperability_hours);
    // Without measures: the baseline alone, an empty portfolio.
    const auto empty = rank_measures(model, without, engine, {}, std::nullopt);
    CHECK(empty.measures.empty());
    CHECK(empty.portfolio.picked.empty());
    CHECK(empty.baseline.inoperability_hours == direct.inoperability_hours);
}

TEST_CASE("rank_measures: bad costs and budgets are refused", "[analysis][measures]") {
    const ToyEngine engine;
    auto s = star_scenario();
    CHECK_THROWS_AS(rank_measures(star_model(), s, engine, {}, -1.0), std::invalid_argument);
    s.measures[1].cost = -5;
    CHECK_THROWS_AS(rank_measures(star_model(), s, engine, {}, std::nullopt), InputError);
}

TEST_CASE("cascade: a longer buffer on a fixture reduces inoperability-hours", "[analysis][measures]") {
    // power fails for 12 h; medical rides through on a 3 h generator, then stops.
    Model m;
    m.name = "measures fixture";
    m.sectors = {sector("power", 24.0), sector("medical", 6.0)};
    m.dependencies = {dep("power", "medical", 3)};
    Scenario s;
    s.file = "inline";
    s.horizon_h = 48;
    s.step_h = 1;
    Event e;
    e.kind = EventKind::it_outage;
    e.id = "power-outage";
    e.target.id = "power";
    e.duration_h = 12;
    s.events = {e};
    s.measures = {measure("fuel-72h", 120, edges("power->medical", 72.0)),
                  measure("fuel-8h", 20, edges("power->medical", 8.0))};
    const CascadeEngine engine;
    const auto r = rank_measures(m, s, engine, {}, std::nullopt);
    REQUIRE(r.measures.size() == 2);
    const auto by_id = [&](const std::string& id) {
        return *std::find_if(r.measures.begin(), r.measures.end(), [&](const auto& x) { return x.id == id; });
    };
    // Baseline: medical out 3 → 12 h (9 h > RTO 6); with 8 h of fuel about 4 h; with 72 h never.
    CHECK(r.baseline.rto_compliance == Approx(0.5));
    CHECK(by_id("fuel-72h").inoperability_hours_avoided > by_id("fuel-8h").inoperability_hours_avoided);
    CHECK(by_id("fuel-8h").inoperability_hours_avoided > 0);
    CHECK(by_id("fuel-72h").rto_compliance == Approx(1));
    CHECK(by_id("fuel-8h").rto_compliance == Approx(1));
    // Both meet the RTO; the cheaper one buys more compliance per yen.
    CHECK(ids(r) == std::vector<std::string>{"fuel-8h", "fuel-72h"});
}

namespace {

OverallScore outcome(double compliance, double hours, std::optional<double> loss = {}) {
    OverallScore o;
    o.rto_compliance = compliance;
    o.inoperability_hours = hours;
    o.loss = loss;
    return o;
}

/// Every subset within the budget, best by the documented order: outcome, then
/// lower cost, then fewer measures, then the earlier indices.
PortfolioChoice brute_force(const std::vector<double>& costs, std::optional<double> budget,
                            const std::function<OverallScore(const std::vector<std::size_t>&)>& evaluate) {
    PortfolioChoice best;
    best.overall = evaluate({});
    for (std::uint32_t mask = 1; mask < (1u << costs.size()); ++mask) {
        std::vector<std::size_t> subset;
        double cost = 0;
        for (std::size_t i = 0; i < costs.size(); ++i)
            if (mask >> i & 1u) subset.push_back(i), cost += costs[i];
        if (budget && cost > *budget) continue;
        const auto o = evaluate(subset);
        const int c = compare_outcomes(o, best.overall);
        const bool wins = c > 0 || (c == 0 && (cost < best.cost || (cost == best.cost &&
                                    (subset.size() < best.picked.size() ||
                                     (subset.size() == best.picked.size() && subset < best.picked)))));
        if (wins) best = {subset, cost, o, {}};
    }
    return best;
}

}  // namespace

TEST_CASE("best_portfolio: greedy per cost loses where exact search wins (Osaka shape)", "[analysis][measures]") {
    // The Osaka hospital case: a ¥10 M retainer avoids 191.5 inoperability-hours,
    // ¥50 M offline backups 718, both together 780; a ¥300 M standby EMR more.
    const std::vector<double> costs{1e7, 5e7, 3e8};
    int calls = 0;
    auto evaluate = [&](const std::vector<std::size_t>& s) {
        ++calls;
        const auto has = [&](std::size_t i) { return std::find(s.begin(), s.end(), i) != s.end(); };
        double hours = 1000;
        if (has(0) && has(1)) hours -= 780;
        else if (has(0)) hours -= 191.5;
        else if (has(1)) hours -= 718;
        if (has(2)) hours -= 150;
        return outcome(0.5, hours);
    };
    const auto exact = best_portfolio(costs, 5e7, evaluate);
    CHECK(exact.picked == std::vector<std::size_t>{1});
    CHECK(exact.cost == 5e7);
    CHECK(exact.overall.inoperability_hours == Approx(282));
    CHECK(exact.search.method == PortfolioMethod::exact);
    CHECK(exact.search.candidates == 2);  // the standby EMR is over the budget
    CHECK(exact.search.simulated == 4);   // baseline, each alone, both (the bound)
    CHECK(calls == 4);                    // each combination simulated once
    CHECK(exact.search.bound_violations == 0);
    // The same search past its exact limit: greedy takes the retainer (best per
    // cost) and then nothing fits; the best single measure rescues it.
    calls = 0;
    const auto heuristic = best_portfolio(costs, 5e7, evaluate, 0);
    CHECK(heuristic.search.method == PortfolioMethod::greedy);
    CHECK(heuristic.picked == std::vector<std::size_t>{1});
    // With 6e7 both fit, and together they beat each alone.
    CHECK(best_portfolio(costs, 6e7, evaluate).picked == std::vector<std::size_t>{0, 1});
    CHECK(best_portfolio(costs, 0.0, evaluate).picked.empty());
}

TEST_CASE("best_portfolio: equals brute force over all subsets on random monotone instances", "[analysis][measures]") {
    // A random monotone but non-additive outcome: compliance counts requirements
    // met by ALL or by ANY of their measures; hours are the weight of hazard cells
    // no picked measure covers (overlapping, diminishing returns) minus synergies
    // of pairs picked together (increasing returns); loss likewise. Integer
    // figures make ties (and the tie-breaks) common; some measures are free.
    std::size_t simulated = 0, subsets = 0;
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        const std::size_t n = static_cast<std::size_t>(pick(3, 9));
        std::vector<double> costs(n);
        for (auto& c : costs) c = pick(0, 4) == 0 ? 0 : pick(1, 20);
        struct Requirement { std::vector<std::size_t> measures; bool all = false; };
        std::vector<Requirement> requirements(static_cast<std::size_t>(pick(1, 4)));
        for (auto& r : requirements) {
            r.all = pick(0, 1) == 1;
            for (int k = pick(1, 3); k > 0; --k) r.measures.push_back(static_cast<std::size_t>(pick(0, static_cast<int>(n) - 1)));
        }
        const int cells = 12;
        std::vector<int> weight(cells);
        for (auto& w : weight) w = pick(1, 30);
        std::vector<std::vector<int>> covers(n);
        for (auto& c : covers)
            for (int k = pick(0, 4); k > 0; --k) c.push_back(pick(0, cells - 1));
        std::vector<std::tuple<std::size_t, std::size_t, int>> synergy;
        for (int k = pick(0, 3); k > 0; --k)
            synergy.emplace_back(pick(0, static_cast<int>(n) - 1), pick(0, static_cast<int>(n) - 1), pick(1, 15));
        const bool with_loss = pick(0, 1) == 1;
        auto evaluate = [&](const std::vector<std::size_t>& s) {
            std::vector<bool> in(n, false);
            for (auto i : s) in[i] = true;
            int met = 0;
            for (const auto& r : requirements) {
                const bool any = std::any_of(r.measures.begin(), r.measures.end(), [&](std::size_t i) { return in[i]; });
                const bool every = std::all_of(r.measures.begin(), r.measures.end(), [&](std::size_t i) { return in[i]; });
                met += r.all ? every : any;
            }
            std::vector<bool> covered(cells, false);
            for (auto i : s)
                for (auto c : covers[i]) covered[static_cast<std::size_t>(c)] = true;
            int hours = 0, loss = 0;
            for (int c = 0; c < cells; ++c)
                if (!covered[static_cast<std::size_t>(c)]) hours += weight[static_cast<std::size_t>(c)], loss += c % 3;
            for (const auto& [a, b, w] : synergy)
                if (in[a] && in[b]) hours -= w;
            return outcome(static_cast<double>(met) / static_cast<double>(requirements.size()), std::max(0, hours),
                           with_loss ? std::optional<double>(loss) : std::nullopt);
        };
        for (const std::optional<double> budget : {std::optional<double>(0.0), std::optional<double>(pick(1, 25)),
                                                   std::optional<double>(pick(20, 60)), std::optional<double>()}) {
            INFO("seed " << seed << ", n " << n << ", budget " << (budget ? *budget : -1));
            const auto expected = brute_force(costs, budget, evaluate);
            const auto got = best_portfolio(costs, budget, evaluate);
            CHECK(got.picked == expected.picked);
            CHECK(got.cost == expected.cost);
            CHECK(got.overall == expected.overall);
            CHECK(got.search.method == PortfolioMethod::exact);
            CHECK(got.search.bound_violations == 0);  // the instances are monotone
            CHECK(got.search.simulated <= (std::size_t{1} << n));
            simulated += got.search.simulated;
            subsets += std::size_t{1} << n;
        }
    }
    CHECK(simulated < subsets / 2);  // the bound cuts
}

TEST_CASE("best_portfolio: a measure that undoes another is reported, not hidden", "[analysis][measures]") {
    // Measure 1 alone changes nothing but undoes measure 0 (as a later "set"
    // of the same buffer would); 0 and 2 together are best.
    const std::vector<double> costs{5, 1, 5};
    auto evaluate = [](const std::vector<std::size_t>& s) {
        const auto has = [&](std::size_t i) { return std::find(s.begin(), s.end(), i) != s.end(); };
        double hours = 100;
        if (has(0) && !has(1)) hours -= 40;
        if (has(2)) hours -= 30;
        return outcome(1, hours);
    };
    const auto got = best_portfolio(costs, std::nullopt, evaluate);
    CHECK(got.search.bound_violations > 0);
    CHECK(got.picked == brute_force(costs, std::nullopt, evaluate).picked);
    CHECK(got.picked == std::vector<std::size_t>{0, 2});
}

TEST_CASE("rank_measures: the portfolio equals brute force on the star, every budget", "[analysis][measures]") {
    const ToyEngine engine;
    const auto model = star_model();
    auto scenario = star_scenario();
    scenario.measures.erase(scenario.measures.begin() + 3);  // the no-op undoes d-buffer: not monotone
    Scenario plain = scenario;
    plain.measures.clear();
    std::vector<double> costs;
    for (const auto& m : scenario.measures) costs.push_back(m.cost);
    auto evaluate = [&](const std::vector<std::size_t>& s) {
        const auto m = apply_measures(model, scenario, s);
        const auto net = build_network(m);
        return score(m, net, engine.run(m, net, plain, {})).overall;
    };
    for (double budget = 0; budget <= 30; budget += 1) {
        INFO("budget " << budget);
        const auto expected = brute_force(costs, budget, evaluate);
        const auto got = rank_measures(model, scenario, engine, {}, budget).portfolio;
        std::vector<std::string> ids;
        for (auto i : expected.picked) ids.push_back(scenario.measures[i].id);
        CHECK(got.picked == ids);
        CHECK(got.overall == expected.overall);
        CHECK(got.search.bound_violations == 0);
    }
}

namespace {

/// a fails fully for 10 h from hour 1 (RTO 100 h: always met); c depends on it
/// with a strength uniform on [0, 1] (its median 0.5 in the field, as loaded).
/// In a draw u, c's dip is u deep over 10 samples: 10 + 10u inoperability-hours in all.
Model uncertain_chain() {
    Model m;
    m.name = "uncertain chain";
    m.file = "chain.json";
    m.sectors = {sector("a", 100.0), sector("c")};
    m.dependencies = {dep("a", "c", 0, 0.5)};
    UncertainParameter p;
    p.pointer = "/dependencies/0/strength";
    p.label = "a->c strength";
    p.distribution.kind = Distribution::Kind::uniform;
    p.distribution.min = 0;
    p.distribution.max = 1;
    p.place = UncertainPlace::dependency;
    p.index = 0;
    p.field = "strength";
    m.uncertain = {p};
    return m;
}

Scenario uncertain_chain_scenario() {
    auto s = star_scenario();
    MeasureChange cap = edges("a->c", {});
    cap.strength = 0.3;  // sets the uncertain value: 3 hours for c in every draw
    s.measures = {measure("cap", 1, cap), measure("a-repair", 2, repair("sector:a", 0.5))};
    return s;
}

}  // namespace

TEST_CASE("apply_measure: a value the measure sets is no longer uncertain, a fragility factor scales the distribution",
          "[analysis][measures][uncertain]") {
    auto m = uncertain_chain();
    auto buffer = m.uncertain[0];
    buffer.pointer = "/dependencies/0/buffer_h";
    buffer.field = "buffer_h";
    buffer.distribution.max = 6;
    m.uncertain.push_back(buffer);
    MeasureChange cap = edges("a->c", {});
    cap.strength = 0.3;
    auto out = apply_measure(m, measure("cap", 1, cap));
    REQUIRE(out.uncertain.size() == 1);
    CHECK(out.uncertain[0].field == "buffer_h");  // not set by the measure: still drawn
    // A later draw (Monte Carlo, sensitivity) keeps the measure's value.
    Scenario sc;
    apply_uncertain(out, sc, out.uncertain, std::vector<double>{0.9});
    CHECK(out.dependencies[0].strength == 0.3);
    CHECK(out.dependencies[0].buffer_h == Approx(5.4));

    Model n;
    n.sectors = {sector("power")};
    Node p1;
    p1.id = "plant-1";
    p1.sector = "power";
    p1.node_class = "plant";
    n.nodes = {p1};
    UncertainParameter f;
    f.pointer = "/nodes/0/fragility_scale";
    f.distribution.kind = Distribution::Kind::lognormal;
    f.distribution.median_value = 2;
    f.distribution.beta = 0.4;
    f.place = UncertainPlace::node;
    f.index = 0;
    f.field = "fragility_scale";
    n.uncertain = {f};
    n.nodes[0].fragility_scale = 2;
    MeasureChange harden;
    harden.nodes = "plant-1";
    harden.fragility_scale = 1.5;
    const auto hardened = apply_measure(n, measure("harden", 1, harden));
    CHECK(hardened.nodes[0].fragility_scale == 3);
    REQUIRE(hardened.uncertain.size() == 1);
    CHECK(hardened.uncertain[0].distribution.median() == Approx(3));  // 1.5 × the drawn value, in any draw
    CHECK(hardened.uncertain[0].distribution.quantile(0.9) == Approx(1.5 * f.distribution.quantile(0.9)));
}

TEST_CASE("rank_measures under uncertainty: expected gain, P10/P90 and probability of helping by hand",
          "[analysis][measures][uncertain]") {
    const auto model = uncertain_chain();
    const auto scenario = uncertain_chain_scenario();
    ToyEngine engine;
    const int n = 400;
    MeasureUncertainty unc;
    unc.samples = n;
    unc.seed = 7;
    const auto r = rank_measures(model, scenario, engine, {}, std::nullopt, unc);
    REQUIRE(r.samples == n);
    CHECK(r.uncertain == std::vector<std::string>{"/dependencies/0/strength"});
    // The draws are design_points(n, 1, seed); by hand from them:
    const auto u = design_points(n, 1, 7);
    double mean_u = 0;
    int above = 0;
    for (double x : u) {
        mean_u += x / n;
        above += x > 0.3;
    }
    CHECK(r.baseline.inoperability_hours == Approx(10 + 10 * mean_u));
    CHECK(r.baseline.rto_compliance == 1);

    // a-repair: a down 5 h, c 5u: 5 + 5u avoided, in every draw. cap: c 3 h: 10u − 3 avoided.
    const auto find = [&](const std::string& id) {
        return *std::find_if(r.measures.begin(), r.measures.end(), [&](const auto& m) { return m.id == id; });
    };
    const auto repair_m = find("a-repair"), cap_m = find("cap");
    REQUIRE(cap_m.spread);
    REQUIRE(repair_m.spread);
    CHECK(cap_m.inoperability_hours == Approx(13));  // the measure's 0.3 wins over every draw
    CHECK(cap_m.inoperability_hours_avoided == Approx(10 * mean_u - 3));
    CHECK(cap_m.spread->probability_helps == Approx(static_cast<double>(above) / n));
    CHECK(cap_m.spread->inoperability_hours_avoided_p10 == Approx(10 * percentile(u, 0.1) - 3));
    CHECK(cap_m.spread->inoperability_hours_avoided_p90 == Approx(10 * percentile(u, 0.9) - 3));
    CHECK(cap_m.spread->score_gain_p10 == 0);
    CHECK(cap_m.spread->score_gain_p90 == 0);
    // Against the analytic values (u uniform): E = 2, P(u > 0.3) = 0.7, P10 = −2, P90 = 6.
    CHECK(cap_m.inoperability_hours_avoided == Approx(2).margin(0.5));
    CHECK(cap_m.spread->probability_helps == Approx(0.7).margin(0.07));
    CHECK(cap_m.spread->inoperability_hours_avoided_p10 == Approx(-2).margin(0.5));
    CHECK(cap_m.spread->inoperability_hours_avoided_p90 == Approx(6).margin(0.5));
    CHECK(repair_m.inoperability_hours_avoided == Approx(5 + 5 * mean_u));
    CHECK(repair_m.spread->probability_helps == 1);
    CHECK(cap_m.helps);  // the mean gain is positive

    // The portfolio maximises the expected outcome: both (a 5 h, c 1.5 h = 6.5 in every draw).
    CHECK(r.portfolio.picked == std::vector<std::string>{"cap", "a-repair"});
    CHECK(r.portfolio.overall.inoperability_hours == Approx(6.5));

    // The same figures on any number of threads.
    unc.threads = 3;
    const auto r3 = rank_measures(model, scenario, engine, {}, std::nullopt, unc);
    CHECK(r3.baseline == r.baseline);
    for (std::size_t i = 0; i < r.measures.size(); ++i) {
        CHECK(r3.measures[i].id == r.measures[i].id);
        CHECK(r3.measures[i].inoperability_hours_avoided == r.measures[i].inoperability_hours_avoided);
        CHECK(r3.measures[i].spread->probability_helps == r.measures[i].spread->probability_helps);
    }
    CHECK(r3.portfolio.overall == r.portfolio.overall);

    // Without draws: the medians (strength 0.5), no spread.
    const auto d = rank_measures(model, scenario, engine, {}, std::nullopt);
    CHECK(d.samples == 0);
    CHECK(d.baseline.inoperability_hours == Approx(15));
    CHECK_FALSE(d.measures[0].spread);
}
