// Whether a step of the cascade rule has one fixed point (engines/Contraction.hpp),
// on hand-made loops whose bound T^k(1) can be followed by hand; and the engine
// on loops that can hold a loss up by themselves, where it must still reset.
#include <catch2/catch.hpp>

#include "Builders.hpp"
#include "ReferenceCascade.hpp"
#include "engines/CascadeEngine.hpp"
#include "engines/Contraction.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Network.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

Model assets(std::vector<Dependency> deps, const std::vector<std::string>& ids = {"A", "B", "C", "H"}) {
    Model m;
    m.sectors = {sector("ops")};
    for (const auto& id : ids) {
        auto n = node(id, "ops");
        n.node_class = id == "H" ? "hospital" : "plain";
        m.nodes.push_back(n);
    }
    m.combination_by_class["hospital"] = Combination::product;
    m.dependencies = std::move(deps);
    return m;
}

bool contracts(const Model& m, double step_h = 1) { return rule_contracts(build_network(m), step_h); }

Dependency repair(Dependency d) {
    d.effect = DependencyEffect::repair;
    return d;
}

struct Run {
    Network net;
    Result fast, ref;
    float at(const std::string& id, std::size_t step) const { return fast.unit_at(step, net.unit_index.at(id)); }
};

Run run(const Model& m, std::vector<Event> events, double horizon = 6) {
    Scenario s;
    s.horizon_h = horizon;
    s.step_h = 1;
    s.events = std::move(events);
    Run r;
    r.net = build_network(m);
    const auto dis = compile_disruption(m, r.net, s, {false, 1});
    const StepSettings steps{s.horizon_h, s.step_h, s.service_threshold};
    RunOptions o;
    r.fast = simulate_cascade(m, r.net, dis, steps, o);
    r.ref = reference::reference_cascade(m, r.net, dis, steps, o);
    return r;
}

}  // namespace

TEST_CASE("a loop of partial dependencies contracts — a loop at full strength does not", "[engine][contraction]") {
    // A ⇄ B at 0.9: T^k(1) = 0.9^k, at most 1/2 from k = 7.
    CHECK(contracts(assets({dep("A", "B", 0.9), dep("B", "A", 0.9)})));
    // At 1.0 every power is 1: A and B can hold any common loss up between them.
    CHECK_FALSE(contracts(assets({dep("A", "B", 1.0), dep("B", "A", 1.0)})));
    // No loop at all: T^3(1) = 0.
    CHECK(contracts(assets({dep("A", "B", 1.0), dep("B", "C", 1.0)})));
}

TEST_CASE("only zero-delay function dependencies close a loop within a step", "[engine][contraction]") {
    // B → A one step later: within a step there is no loop.
    CHECK(contracts(assets({dep("A", "B", 1.0), dep("B", "A", 1.0, 0, 1.0)})));
    // 0.4 h rounds to no delay at 1 h steps, but to one step at 0.5 h steps.
    const auto short_delay = assets({dep("A", "B", 1.0), dep("B", "A", 1.0, 0, 0.4)});
    CHECK_FALSE(contracts(short_delay, 1.0));
    CHECK(contracts(short_delay, 0.5));
    // A repair dependency slows repairs, it does not pass a loss on.
    CHECK(contracts(assets({dep("A", "B", 1.0), repair(dep("B", "A", 1.0))})));
}

TEST_CASE("the product combination adds the bounds of its dependencies", "[engine][contraction]") {
    // H needs A and B at 0.6 each, both need H at 0.9. Product rule at H:
    // T^2(1)_H = 0.6·0.9 + 0.6·0.9 = 1.08, so the bound grows as 1.08^(k/2).
    const std::vector<Dependency> loop{dep("A", "H", 0.6), dep("B", "H", 0.6), dep("H", "A", 0.9), dep("H", "B", 0.9)};
    CHECK_FALSE(contracts(assets(loop)));
    // The min rule at H takes the larger path only: 0.54 per round trip.
    auto plain = assets(loop);
    plain.combination_by_class.clear();
    CHECK(contracts(plain));
    // A redundancy group counts as its strongest member: A needs B or C (1.0),
    // both need A at 0.5, so a round trip bounds at 0.5.
    auto group = assets({dep("B", "H", 1.0, 0, 0, "g"), dep("C", "H", 1.0, 0, 0, "g"), dep("H", "B", 0.5),
                         dep("H", "C", 0.5)});
    CHECK(contracts(group));
    // Without the group, H's product rule adds both: 1.0·0.5 + 1.0·0.5 = 1 per round trip.
    for (auto& d : group.dependencies) d.group.clear();
    CHECK_FALSE(contracts(group));
}

TEST_CASE("a dependency on a sector is bounded by the capacity-weighted sum of its units", "[engine][contraction]") {
    // A and B hold half of "ops" each. A alone needing the sector: T^2(1)_A = 0.5.
    CHECK(contracts(assets({dep("ops", "A", 1.0)}, {"A", "B"})));
    // Both needing it: every power is 1.
    CHECK_FALSE(contracts(assets({dep("ops", "A", 1.0), dep("ops", "B", 1.0)}, {"A", "B"})));
}

TEST_CASE("a loop that holds a loss up by itself recovers once the damage ends", "[engine][contraction]") {
    // The product loop above keeps a loss of 0.274 at H once hit (L = 1.08 L − 0.29 L²
    // has a root there); the greatest fixed point after the outage is full operability,
    // which only a reset reaches. The engine must not take this model for a contraction.
    const auto m = assets({dep("A", "H", 0.6), dep("B", "H", 0.6), dep("H", "A", 0.9), dep("H", "B", 0.9)});
    const auto r = run(m, {outage("H", 0, 2)});
    CHECK(r.at("H", 1) == 0.0f);
    CHECK(r.at("A", 1) == Approx(0.1f));
    for (const char* id : {"A", "B", "H"}) CHECK(r.at(id, 3) == 1.0f);
    CHECK(r.fast.unit_operability == r.ref.unit_operability);
}

TEST_CASE("without resets, a cut-off node gets its chance when an improvement reaches its sector",
          "[engine][contraction][connectivity]") {
    // grid: g0 (source) - g1 - g2; g1 needs telecom t (0.9), t needs g2 (0.6): no loop
    // of dependencies, so the rule contracts. t's outage brings g1 to 0.1 (not working)
    // and cuts g2 off. After it, t alone would be 1 − 0.6 = 0.4 and g1 0.46: still not
    // working, g2 still unfed. Only giving g2 its chance again reaches full operability.
    Model m;
    m.sectors = {sector("grid", NetworkMode::sources), sector("telecom")};
    m.nodes = {node("g0", "grid", true), node("g1", "grid"), node("g2", "grid"), node("t", "telecom")};
    m.links = {{"g0", "g1"}, {"g1", "g2"}};
    m.dependencies = {dep("t", "g1", 0.9), dep("g2", "t", 0.6)};
    REQUIRE(contracts(m));
    const auto r = run(m, {outage("t", 0, 2)});
    CHECK(r.at("g2", 1) == 0.0f);
    CHECK(r.at("g1", 1) == Approx(0.1f));
    for (const char* id : {"g1", "g2", "t"}) CHECK(r.at(id, 2) == 1.0f);
    CHECK(r.fast.unit_operability == r.ref.unit_operability);
}

namespace {

// A chain of n units (each at 0.5 on the one before) with one loop between two
// neighbours `at` and at + 1, of strength `loop`: a View for contracts().
struct ChainView {
    std::size_t n, at;
    double loop;
    std::size_t units() const { return n; }
    std::size_t sectors() const { return 0; }
    bool product(std::size_t) const { return false; }
    template <class F>
    void for_units(std::size_t, F) const {}
    template <class F>
    void for_edges(std::size_t u, F f) const {
        if (u == at) f(at + 1, loop, -1);
        if (u == at + 1) f(at, loop, -1);
        else if (u > 0) f(u - 1, 0.5, -1);
    }
};

}  // namespace

TEST_CASE("the bound is the same when slices of units are bounded at once", "[engine][contraction]") {
    // 20,000 units make two slices; the loop sits in the first or in the second.
    const std::size_t at = GENERATE(10, 15000);
    CAPTURE(at);
    for (const int threads : {1, 2}) {
        CAPTURE(threads);
        CHECK_FALSE(contracts(ChainView{20000, at, 1.0}, threads));
        CHECK(contracts(ChainView{20000, at, 0.9}, threads));
    }
}

namespace {

// Units with hand-made edges (consumer, supplier, strength, group): a View for contracts().
struct EdgeView {
    struct Edge {
        std::size_t consumer, supplier;
        double strength;
        std::int32_t group = -1;
    };
    std::size_t n;
    std::vector<Edge> edges;
    bool all_product = false;
    mutable std::size_t reads = 0;  // units whose edges were read
    std::size_t units() const { return n; }
    std::size_t sectors() const { return 0; }
    bool product(std::size_t) const { return all_product; }
    template <class F>
    void for_units(std::size_t, F) const {}
    template <class F>
    void for_edges(std::size_t u, F f) const {
        ++reads;
        for (const auto& e : edges)
            if (e.consumer == u) f(e.supplier, e.strength, e.group);
    }
};

}  // namespace

TEST_CASE("a loop of full-strength dependencies answers at once as the powers do", "[engine][contraction]") {
    auto both = [](const EdgeView& v) {
        const bool powers = contracts(v, 1, false);
        CHECK(contracts(v, 1, true) == powers);
        return powers;
    };
    // Mutual dependencies at full strength (Buldyrev et al.'s pairs): a loop of two.
    CHECK_FALSE(both({4, {{0, 1, 1.0}, {1, 0, 1.0}, {2, 3, 1.0}, {3, 2, 1.0}}}));
    // A loop of three reached from a chain, one member also depending at 0.3 elsewhere.
    CHECK_FALSE(both({6, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {3, 4, 1.0}, {4, 2, 1.0}, {3, 5, 0.3}}}));
    // A loop through a redundancy group's member: the group counts as its strongest.
    CHECK_FALSE(both({2, {{0, 1, 0.2, 0}, {0, 1, 1.0, 0}, {1, 0, 1.0}}}));
    // Full strength without a loop: a chain, T^3(1) = 0.
    CHECK(both({3, {{0, 1, 1.0}, {1, 2, 1.0}}}));
    // A loop at 0.9 (and a full-strength edge into it): the powers decide, 0.9^k.
    CHECK(both({3, {{0, 1, 0.9}, {1, 0, 0.9}, {2, 0, 1.0}}}));
    // Unit 0 names its first full-strength supplier, 2, a dead end, and misses
    // its loop with 1: the powers find that T^k(1) stays at 1.
    CHECK_FALSE(both({3, {{0, 2, 1.0}, {0, 1, 1.0}, {1, 0, 1.0}}}));
    // Product combination: two edges at 0.6 add up to 1.2 without any full-strength loop.
    EdgeView sum{2, {{0, 1, 0.6}, {0, 1, 0.6}, {1, 0, 0.6}, {1, 0, 0.6}}, true};
    CHECK_FALSE(both(sum));
    // The loop is found from one reading of the edges; the powers read them
    // once per power (nine, until eight have not decreased).
    EdgeView pairs{4, {{0, 1, 1.0}, {1, 0, 1.0}, {2, 3, 1.0}, {3, 2, 1.0}}};
    CHECK_FALSE(contracts(pairs, 1, true));
    CHECK(pairs.reads == 4);
    pairs.reads = 0;
    CHECK_FALSE(contracts(pairs, 1, false));
    CHECK(pairs.reads == 9 * 4);
}
