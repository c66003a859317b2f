#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/StaticAnalysis.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"

using namespace cisim;
using Ids = std::vector<std::string>;
using Waves = std::vector<Ids>;

namespace {

std::string source_path(const std::string& relative) { return std::string(CISIM_SOURCE_DIR) + "/" + relative; }
Model fixture(const std::string& name) { return load_model(source_path("tests/fixtures/" + name)); }

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

Dependency dep(std::string from, std::string to, double strength, std::string group = "") {
    Dependency d;
    d.from = std::move(from);
    d.to = std::move(to);
    d.strength = strength;
    d.group = group;  // ShortString copies its text
    return d;
}

const SectorLinks& sector(const StaticAnalysis& a, const std::string& id) {
    for (const auto& s : a.sectors)
        if (s.id == id) return s;
    static const SectorLinks none;
    FAIL("no sector " << id);
    return none;
}

// power = {p1 (capacity 1), p2 (capacity 3)}; water = {pump}, whose class
// combines losses by product; telecom has no assets.
Model product_model() {
    Model m;
    m.name = "product";
    m.sectors = {make_sector("power"), make_sector("telecom"), make_sector("water")};
    m.nodes = {make_node("p1", "power", "plant", 1),
               make_node("p2", "power", "plant", 3),
               make_node("pump", "water", "pump")};
    m.dependencies = {dep("power", "pump", 1.0), dep("telecom", "pump", 0.4)};
    m.combination_by_class = {{"pump", Combination::product}};
    return m;
}

}  // namespace

TEST_CASE("per-sector links of the loops fixture", "[analysis]") {
    const auto a = analyze_model(fixture("loops.json"));
    CHECK(a.model == "Loops fixture: power <-> telecom feedback loop with a tail");
    REQUIRE(a.sectors.size() == 5);
    const auto& power = sector(a, "power");
    CHECK(power.name_ja == "電力");
    CHECK(power.direct_suppliers == Ids{"telecom"});
    CHECK(power.direct_dependents == Ids{"telecom", "water"});
    CHECK(power.transitive_dependents == Ids{"telecom", "finance", "water", "medical"});
    CHECK(power.interdependent_with == Ids{"telecom", "water"});  // telecom once, though both directions
    const auto& medical = sector(a, "medical");
    CHECK(medical.interdependent_with == Ids{"finance", "water"});
    CHECK(medical.transitive_dependents.empty());
    const auto& water = sector(a, "water");
    CHECK(water.self_dependent);
    CHECK(water.interdependent_with == Ids{"power", "medical"});  // itself excluded
    CHECK_FALSE(power.self_dependent);
}

TEST_CASE("dependency matrix: rows depend on columns", "[analysis]") {
    const auto a = analyze_model(fixture("loops.json"));
    const auto& m = a.matrix;
    REQUIRE(m.ids == Ids{"power", "telecom", "finance", "water", "medical"});
    CHECK(m.strength[1][0] == Approx(0.9));  // telecom depends on power
    CHECK(m.strength[0][1] == Approx(0.6));  // power depends on telecom
    CHECK(m.strength[3][3] == Approx(0.2));  // water on itself
    CHECK(m.strength[4][2] == Approx(0.3));
    CHECK(m.strength[0][4] == 0.0);
    double total = 0;
    for (const auto& row : m.strength)
        for (double s : row) total += s;
    CHECK(total == Approx(0.9 + 0.6 + 0.8 + 1.0 + 0.7 + 0.3 + 0.2));
}

TEST_CASE("asset dependencies aggregate to the largest strength between two sectors", "[analysis]") {
    Model m;
    m.sectors = {make_sector("a"), make_sector("b")};
    m.nodes = {make_node("a1", "a"), make_node("a2", "a"), make_node("b1", "b")};
    m.dependencies = {dep("a1", "b1", 0.4), dep("a2", "b1", 0.7), dep("a", "b1", 0.5)};
    const auto a = analyze_model(m);
    CHECK(a.matrix.strength[1][0] == Approx(0.7));
    CHECK(a.matrix.strength[0][1] == 0.0);
}

TEST_CASE("loops and criticality of the loops fixture", "[analysis]") {
    const auto a = analyze_model(fixture("loops.json"));
    CHECK(a.loops == Waves{{"power", "telecom"}, {"water"}});
    REQUIRE(a.criticality.size() == 5);
    // power and telecom both reach 4; power's outgoing strength 1.7 beats 1.6.
    // water and finance reach 1; water's 0.7 beats finance's 0.3.
    Ids order;
    for (const auto& c : a.criticality) order.push_back(c.id);
    CHECK(order == Ids{"power", "telecom", "water", "finance", "medical"});
    CHECK(a.criticality[0].reach == 4);
    CHECK(a.criticality[0].outgoing_strength == Approx(1.7));
    CHECK(a.criticality[1].outgoing_strength == Approx(1.6));
    CHECK(a.criticality[4].reach == 0);
}

TEST_CASE("IIM key sectors of the loops fixture", "[analysis][iim]") {
    // q = min(1, A* q + e_j). For j = power: q_power = 1, q_telecom = 0.9,
    // q_water = min(1, 0.8 + 0.2 q_water) = 1, q_finance = 0.9,
    // q_medical = 0.7·1 + 0.3·0.9 = 0.97: Σ = 4.77. For telecom: q_power = 0.6,
    // q_water = 0.48 / 0.8 = 0.6, q_finance = 1, q_medical = 0.42 + 0.3: Σ = 3.92.
    // water: 1 + 0.7; finance: 1 + 0.3; medical: 1.
    const auto a = analyze_model(fixture("loops.json"));
    REQUIRE_FALSE(a.key_sectors_error);
    REQUIRE(a.key_sectors.size() == 5);
    const std::vector<std::pair<std::string, double>> expected{
        {"power", 4.77}, {"telecom", 3.92}, {"water", 1.7}, {"finance", 1.3}, {"medical", 1.0}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(a.key_sectors[i].id == expected[i].first);
        CHECK(a.key_sectors[i].total_inoperability == Approx(expected[i].second).epsilon(1e-9));
    }
}

TEST_CASE("an IIM system without Leontief inverse leaves the rest of the analysis", "[analysis][iim]") {
    Model m;
    m.name = "unstable";
    m.sectors = {make_sector("a"), make_sector("b"), make_sector("c")};
    m.dependencies = {dep("a", "b", 1.0), dep("b", "a", 1.0), dep("b", "c", 0.5)};  // ρ(A*) = 1
    const auto a = analyze_model(m);
    CHECK(a.key_sectors.empty());
    REQUIRE(a.key_sectors_error);
    CHECK_FALSE(a.key_sectors_error->empty());
    CHECK(a.loops == Waves{{"a", "b"}});
    CHECK(sector(a, "a").transitive_dependents == Ids{"b", "c"});
}

TEST_CASE("closure waves of the loops fixture", "[analysis][closure]") {
    const auto m = fixture("loops.json");
    const auto c = cascade_closure(m, {"power"}, 0.5);
    CHECK(c.threshold == 0.5);
    CHECK(c.waves == Waves{{"power"}, {"telecom", "water"}, {"finance", "medical"}});
    CHECK(c.sector_waves == c.waves);  // sector-level model: units are sectors
    CHECK(c.failed_units() == 5);
    // A leaf fails alone.
    CHECK(cascade_closure(m, {"medical"}, 0.5).waves == Waves{{"medical"}});
    // analyze_model runs the same closure when asked.
    AnalysisOptions options;
    options.fail = {"power"};
    const auto a = analyze_model(m, options);
    REQUIRE(a.cascade);
    CHECK(a.cascade->waves == c.waves);
    CHECK_FALSE(analyze_model(m).cascade);
}

TEST_CASE("closure threshold edge cases", "[analysis][closure]") {
    const auto m = fixture("loops.json");
    // A loss equal to the threshold does not fail: water (0.8) survives at 0.8;
    // medical then only loses finance's 0.3.
    CHECK(cascade_closure(m, {"power"}, 0.8).waves == Waves{{"power"}, {"telecom"}, {"finance"}});
    CHECK(cascade_closure(m, {"power"}, 0.95).waves == Waves{{"power"}});
    // Threshold 0: any loss fails; threshold 1: nothing beyond the initial set.
    CHECK(cascade_closure(m, {"finance"}, 0.0).waves == Waves{{"finance"}, {"medical"}});
    CHECK(cascade_closure(m, {"telecom"}, 1.0).waves == Waves{{"telecom"}});
    // Several initial ids, duplicates ignored; waves list ids in unit order.
    CHECK(cascade_closure(m, {"water", "telecom", "water"}, 0.5).waves ==
          Waves{{"telecom", "water"}, {"power", "finance", "medical"}});
}

TEST_CASE("closure rejects unknown ids and thresholds outside [0, 1]", "[analysis][closure]") {
    const auto m = fixture("loops.json");
    CHECK_THROWS_AS(cascade_closure(m, {"nope"}, 0.5), InputError);
    CHECK_THROWS_AS(cascade_closure(m, {"power"}, 1.5), InputError);
    CHECK_THROWS_AS(cascade_closure(m, {"power"}, -0.1), InputError);
    CHECK_THROWS_AS(cascade_closure(m, {"power"}, std::nan("")), InputError);
}

TEST_CASE("closure with a redundant group", "[analysis][closure]") {
    const auto m = fixture("redundant.json");
    // One grid lost: the group keeps its best member, the hospital stays up.
    CHECK(cascade_closure(m, {"grid_east"}, 0.5).waves == Waves{{"grid_east"}});
    CHECK(cascade_closure(m, {"grid_west"}, 0.5).waves == Waves{{"grid_west"}});
    // Both lost: the group loses min(1.0, 0.9) = 0.9.
    CHECK(cascade_closure(m, {"grid_east", "grid_west"}, 0.5).waves ==
          Waves{{"grid_east", "grid_west"}, {"hospital"}});
    CHECK(cascade_closure(m, {"grid_east", "grid_west"}, 0.9).waves == Waves{{"grid_east", "grid_west"}});
    CHECK(cascade_closure(m, {"grid_east", "grid_west"}, 0.89).waves.size() == 2);
    // One grid plus fuel: max(0 for the group, 0.4 for fuel).
    CHECK(cascade_closure(m, {"grid_east", "fuel"}, 0.5).waves.size() == 1);
    CHECK(cascade_closure(m, {"grid_east", "fuel"}, 0.3).waves ==
          Waves{{"grid_east", "fuel"}, {"hospital"}});
}

TEST_CASE("closure without the redundancy group fails on one grid", "[analysis][closure]") {
    auto m = fixture("redundant.json");
    for (auto& d : m.dependencies) d.group.clear();
    CHECK(cascade_closure(m, {"grid_east"}, 0.5).waves == Waves{{"grid_east"}, {"hospital"}});
    CHECK(cascade_closure(m, {"grid_west"}, 0.5).waves == Waves{{"grid_west"}, {"hospital"}});
}

TEST_CASE("closure at asset level: aggregate supply shares and the product rule", "[analysis][closure]") {
    auto m = product_model();
    // p1 carries 1/4 of power: pump loses 1 − (1 − 0.25) = 0.25.
    CHECK(cascade_closure(m, {"p1"}, 0.3).waves == Waves{{"p1"}});
    CHECK(cascade_closure(m, {"p1"}, 0.2).waves == Waves{{"p1"}, {"pump"}});
    // p1 and telecom: product 1 − 0.75 · 0.6 = 0.55 > 0.5.
    const auto c = cascade_closure(m, {"p1", "telecom"}, 0.5);
    CHECK(c.waves == Waves{{"p1", "telecom"}, {"pump"}});
    // power (1/4 failed) is not a failed sector; telecom and then water are.
    CHECK(c.sector_waves == Waves{{"telecom"}, {"water"}});
    // With the min rule the worst single loss, 0.4, does not exceed 0.5.
    m.combination_by_class.clear();
    CHECK(cascade_closure(m, {"p1", "telecom"}, 0.5).waves == Waves{{"p1", "telecom"}});
    // A whole sector as the initial set fails all its units.
    CHECK(cascade_closure(m, {"power"}, 0.5).waves == Waves{{"p1", "p2"}, {"pump"}});
}

TEST_CASE("closure applies the connectivity rule of network sectors", "[analysis][closure][connectivity]") {
    // Grid ("sources"): p-src1 - p-hub - p-a - p-b and p-src2 - p-c. Telecom
    // ("giant"): t1 - t2 - t3 - t4 - t5, t6 alone. t4 needs p-b (0.8), the
    // clinic needs p-a (0.7). Six power assets of equal capacity.
    const auto m = fixture("closure-network.json");
    const std::string dependencies = closure_cause_dependencies, sources = closure_cause_sources,
                      giant = closure_cause_giant, initial = closure_cause_initial;
    SECTION("a lost hub cuts off everything behind it in one wave") {
        const auto c = cascade_closure(m, {"p-hub"}, 0.5);
        // Wave 1: p-a and p-b lose their only path to a source (p-c keeps
        // p-src2). Wave 2: t4 loses 0.8 to p-b, the clinic 0.7 to p-a.
        // Wave 3: t1-t2-t3 (3 nodes) is now telecom's largest component, t5 is
        // cut off from it; t6 was never in it and is not a consequence.
        CHECK(c.waves == Waves{{"p-hub"}, {"p-a", "p-b"}, {"t4", "clinic"}, {"t5"}});
        CHECK(c.causes == Waves{{initial}, {sources, sources}, {dependencies, dependencies}, {giant}});
        // Power loses 3/6 by wave 1: not more than one half. Medical has one asset.
        CHECK(c.sector_waves == Waves{{}, {}, {"medical"}, {}});
        CHECK(c.failed_units() == 6);
    }
    SECTION("a lost source darkens the whole chain it feeds at once") {
        const auto c = cascade_closure(m, {"p-src1"}, 0.5);
        CHECK(c.waves == Waves{{"p-src1"}, {"p-hub", "p-a", "p-b"}, {"t4", "clinic"}, {"t5"}});
        CHECK(c.sector_waves == Waves{{}, {"power"}, {"medical"}, {}});  // 4/6 of power
    }
    SECTION("a node with its own source stays fed") {
        CHECK(cascade_closure(m, {"p-src2"}, 0.5).waves == Waves{{"p-src2"}, {"p-c"}});
        CHECK(cascade_closure(m, {"p-b"}, 0.5).waves == Waves{{"p-b"}, {"t4"}, {"t5"}});
    }
    SECTION("giant mode: the smaller part is cut off") {
        // Without t2: {t1} (1 node) and {t3, t4, t5} (3 nodes).
        const auto c = cascade_closure(m, {"t2"}, 0.5);
        CHECK(c.waves == Waves{{"t2"}, {"t1"}});
        CHECK(c.causes == Waves{{initial}, {giant}});
    }
    SECTION("the dependency rule alone where no sector is a network") {
        auto plain = m;
        for (auto& sector : plain.sectors) sector.network = NetworkMode::none;
        for (auto& node : plain.nodes) node.is_source = false;
        CHECK(cascade_closure(plain, {"p-hub"}, 0.5).waves == Waves{{"p-hub"}});
    }
}

TEST_CASE("NISC 2007 static finding: telecom 6, power 10, water 8", "[analysis][nisc]") {
    // NISC, 第15回情報セキュリティ政策会議 (2007-12-12), 別紙6: with 情報通信
    // split into 通信 and 放送 (11 sectors), 通信 is interdependent with 6 other
    // sectors, 電力 with 10 and 水道 with 8.
    const auto a = analyze_model(load_model(source_path("models/japan-ci-2007.json")));
    REQUIRE(a.sectors.size() == 11);
    CHECK(sector(a, "telecom").interdependent_with.size() == 6);
    CHECK(sector(a, "power").interdependent_with.size() == 10);
    CHECK(sector(a, "water").interdependent_with.size() == 8);
}

TEST_CASE("summarised analysis: the same facts without the outputs that grow with n²", "[analysis]") {
    const auto model = fixture("loops.json");
    const auto full = analyze_model(model);
    AnalysisOptions options;
    options.full_max = 4;  // the fixture has 5 sectors
    options.key_sectors_top = 2;
    const auto brief = analyze_model(model, options);
    CHECK_FALSE(full.summarised);
    CHECK(brief.summarised);
    // The matrix as its nonzero entries: 7 of them, the same as the dense rows.
    CHECK(brief.matrix.strength.empty());
    REQUIRE(brief.matrix.entries.size() == 7);
    REQUIRE(full.matrix.entries.size() == 7);
    for (const auto& e : brief.matrix.entries) CHECK(full.matrix.strength[e.consumer][e.supplier] == e.strength);
    CHECK(brief.matrix.entries.front().consumer == 0);  // power on telecom
    CHECK(brief.matrix.entries.front().supplier == 1);
    // Transitive dependents: counts only, equal to the full lists' sizes.
    REQUIRE(brief.sectors.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(brief.sectors[i].transitive_dependents.empty());
        CHECK(brief.sectors[i].transitive_count == full.sectors[i].transitive_dependents.size());
        CHECK(full.sectors[i].transitive_count == full.sectors[i].transitive_dependents.size());
        CHECK(brief.sectors[i].direct_suppliers == full.sectors[i].direct_suppliers);
        CHECK(brief.sectors[i].direct_dependents == full.sectors[i].direct_dependents);
        CHECK(brief.sectors[i].interdependent_with == full.sectors[i].interdependent_with);
        CHECK(brief.sectors[i].self_dependent == full.sectors[i].self_dependent);
    }
    CHECK(sector(brief, "power").transitive_count == 4);
    CHECK(sector(brief, "medical").transitive_count == 0);
    CHECK(brief.loops == full.loops);
    REQUIRE(brief.criticality.size() == full.criticality.size());
    for (std::size_t i = 0; i < full.criticality.size(); ++i) {
        CHECK(brief.criticality[i].id == full.criticality[i].id);
        CHECK(brief.criticality[i].reach == full.criticality[i].reach);
        CHECK(brief.criticality[i].outgoing_strength == full.criticality[i].outgoing_strength);
    }
    // Key sectors: the first two of the full ranking, exactly.
    REQUIRE(brief.key_sectors.size() == 2);
    REQUIRE(full.key_sectors.size() == 5);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(brief.key_sectors[k].id == full.key_sectors[k].id);
        CHECK(brief.key_sectors[k].total_inoperability == full.key_sectors[k].total_inoperability);
    }
}
