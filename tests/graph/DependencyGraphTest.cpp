#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "graph/DependencyGraph.hpp"
#include "io/ModelJson.hpp"

using namespace cisim;
using Ids = std::vector<std::string>;

namespace {

Model fixture(const std::string& name) { return load_model(std::string(CISIM_SOURCE_DIR) + "/tests/fixtures/" + name); }

Sector make_sector(std::string id) {
    Sector s;
    s.id = std::move(id);
    return s;
}

Node make_node(std::string id, std::string sector, std::string node_class = "", double capacity = 1) {
    Node n;
    n.id = std::move(id);
    n.sector = std::move(sector);
    n.node_class = std::move(node_class);
    n.capacity = capacity;
    return n;
}

Dependency dep(std::string from, std::string to, double strength) {
    Dependency d;
    d.from = std::move(from);
    d.to = std::move(to);
    d.strength = strength;
    return d;
}

// Two sectors with assets: a = {a1, a2}, b = {b1}; c has none.
Model asset_model() {
    Model m;
    m.name = "assets";
    m.sectors = {make_sector("a"), make_sector("b"), make_sector("c")};
    m.nodes = {make_node("a1", "a"), make_node("a2", "a"), make_node("b1", "b")};
    m.dependencies = {dep("a1", "b1", 0.4), dep("a2", "b1", 0.7), dep("a", "c", 0.5), dep("c", "b", 0.2)};
    return m;
}

}  // namespace

TEST_CASE("sector graph of the loops fixture: neighbourhoods", "[graph]") {
    const auto g = DependencyGraph::of_sectors(fixture("loops.json"));
    REQUIRE(g.ids() == Ids{"power", "telecom", "finance", "water", "medical"});
    CHECK(g.suppliers("power") == Ids{"telecom"});
    CHECK(g.dependents("power") == Ids{"telecom", "water"});
    CHECK(g.suppliers("medical") == Ids{"finance", "water"});
    CHECK(g.dependents("medical").empty());
    // water's self-dependency is not a supplier or dependent of itself.
    CHECK(g.suppliers("water") == Ids{"power"});
    CHECK(g.dependents("water") == Ids{"medical"});
    CHECK(g.has_self_loop("water"));
    CHECK_FALSE(g.has_self_loop("power"));
}

TEST_CASE("sector graph of the loops fixture: reachability", "[graph]") {
    const auto g = DependencyGraph::of_sectors(fixture("loops.json"));
    // power is on a loop with telecom but is not its own transitive dependent.
    CHECK(g.transitive_dependents("power") == Ids{"telecom", "finance", "water", "medical"});
    CHECK(g.transitive_dependents("telecom") == Ids{"power", "finance", "water", "medical"});
    CHECK(g.transitive_dependents("water") == Ids{"medical"});
    CHECK(g.transitive_dependents("medical").empty());
    CHECK(g.transitive_suppliers("medical") == Ids{"power", "telecom", "finance", "water"});
    CHECK(g.transitive_suppliers("power") == Ids{"telecom"});
    CHECK(g.reach("finance") == 1);
    CHECK(g.reach_counts() == std::vector<std::size_t>{4, 4, 1, 1, 0});
    CHECK(g.outgoing_strength("power") == Approx(0.9 + 0.8));
    CHECK(g.outgoing_strength("water") == Approx(0.7));  // self-loop 0.2 excluded
}

TEST_CASE("sector graph of the loops fixture: components and loops", "[graph]") {
    const auto g = DependencyGraph::of_sectors(fixture("loops.json"));
    CHECK(g.strongly_connected_components() ==
          std::vector<Ids>{{"power", "telecom"}, {"finance"}, {"water"}, {"medical"}});
    CHECK(g.feedback_loops() == std::vector<Ids>{{"power", "telecom"}, {"water"}});
    CHECK_FALSE(g.is_acyclic());
    CHECK_FALSE(g.topological_order().has_value());
}

TEST_CASE("edges keep the largest strength between two vertices", "[graph]") {
    const auto g = DependencyGraph::of_sectors(fixture("loops.json"));
    const auto e = g.edge("power", "telecom");
    REQUIRE(e);
    CHECK(e->strength == Approx(0.9));
    CHECK(e->count == 1);
    CHECK_FALSE(g.edge("telecom", "medical"));
    const auto all = g.edges();
    REQUIRE(all.size() == 7);
    CHECK(all.front().from == "power");
    CHECK(all.front().to == "telecom");
}

TEST_CASE("node dependencies lift to their sectors", "[graph]") {
    const auto g = DependencyGraph::of_sectors(asset_model());
    REQUIRE(g.ids() == Ids{"a", "b", "c"});
    const auto ab = g.edge("a", "b");
    REQUIRE(ab);
    CHECK(ab->strength == Approx(0.7));  // max of a1→b1 0.4 and a2→b1 0.7
    CHECK(ab->count == 2);
    CHECK(g.suppliers("b") == Ids{"a", "c"});
    CHECK(g.is_acyclic());
    CHECK(g.topological_order() == std::optional<Ids>(Ids{"a", "c", "b"}));
}

TEST_CASE("unit graph: a sector's aggregate supply comes from each of its units", "[graph]") {
    const auto g = DependencyGraph::of_units(asset_model());
    // Units: the assets in model order, then the sectors without assets.
    REQUIRE(g.ids() == Ids{"a1", "a2", "b1", "c"});
    CHECK(g.suppliers("c") == Ids{"a1", "a2"});    // "a" → "c" via a's aggregate
    CHECK(g.suppliers("b1") == Ids{"a1", "a2", "c"});  // "c" → "b" fans out to b1
    CHECK(g.transitive_dependents("a1") == Ids{"b1", "c"});
    CHECK(g.reach_counts() == std::vector<std::size_t>{2, 2, 0, 1});
}

TEST_CASE("repair-only dependencies make no edge unless asked for", "[graph]") {
    auto m = asset_model();
    m.dependencies[3].effect = DependencyEffect::repair;  // c → b
    CHECK_FALSE(DependencyGraph::of_sectors(m).edge("c", "b"));
    GraphOptions with_repair;
    with_repair.include_repair = true;
    CHECK(DependencyGraph::of_sectors(m, with_repair).edge("c", "b"));
}

TEST_CASE("explicit graphs: self-loops, chains and bad ids", "[graph]") {
    const DependencyGraph single({"x"}, {{"x", "x", 0.5, 1}});
    CHECK(single.feedback_loops() == std::vector<Ids>{{"x"}});
    CHECK_FALSE(single.is_acyclic());
    CHECK(single.transitive_dependents("x").empty());

    const DependencyGraph chain({"a", "b", "c", "d"}, {{"c", "d", 1, 1}, {"b", "c", 1, 1}, {"a", "b", 1, 1}});
    CHECK(chain.feedback_loops().empty());
    CHECK(chain.topological_order() == std::optional<Ids>(Ids{"a", "b", "c", "d"}));
    CHECK(chain.reach_counts() == std::vector<std::size_t>{3, 2, 1, 0});

    const DependencyGraph empty({}, {});
    CHECK(empty.size() == 0);
    CHECK(empty.strongly_connected_components().empty());
    CHECK(empty.is_acyclic());

    CHECK_THROWS_AS(DependencyGraph({"a", "a"}, {}), std::invalid_argument);
    CHECK_THROWS_AS(DependencyGraph({"a"}, {{"a", "z", 1, 1}}), std::invalid_argument);
    CHECK_THROWS_AS(chain.suppliers("zz"), std::invalid_argument);
}

TEST_CASE("copies share one immutable graph", "[graph]") {
    const auto g = DependencyGraph::of_sectors(fixture("loops.json"));
    const DependencyGraph copy = g;
    CHECK(copy.transitive_dependents("water") == g.transitive_dependents("water"));
}

TEST_CASE("reach counts over the condensation equal one search per vertex", "[graph]") {
    // Two loops joined by a chain, a tail, and vertices upstream of both:
    // u1 → {a ⇄ b} → c → {d → e → f → d} → g; u2 → d; h alone; b → b.
    const Ids ids{"u1", "a", "b", "c", "d", "e", "f", "g", "u2", "h"};
    std::vector<GraphEdge> edges{{"u1", "a"}, {"a", "b"}, {"b", "a"}, {"b", "b"}, {"b", "c"}, {"c", "d"},
                                 {"d", "e"},  {"e", "f"}, {"f", "d"}, {"f", "g"}, {"u2", "d"}};
    for (auto& e : edges) e.strength = 0.5;
    const DependencyGraph g(ids, edges);
    const auto counts = g.reach_counts();
    REQUIRE(counts.size() == ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) CHECK(counts[i] == g.transitive_dependents(ids[i]).size());
    // By hand: u1 reaches a b c d e f g (7); a and b reach each other plus c..g (6);
    // d, e, f reach the other two and g (3); u2 reaches d e f g (4).
    CHECK(counts == std::vector<std::size_t>{7, 6, 6, 4, 3, 3, 3, 0, 4, 0});
}
