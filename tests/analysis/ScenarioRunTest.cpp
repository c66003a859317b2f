// run_scenario on a network built beforehand, the model's dependencies freed
// where the engine does not read them (what `cisim run` does at a million assets).
#include <catch2/catch.hpp>

#include "../engines/Builders.hpp"
#include "analysis/ScenarioRun.hpp"
#include "engines/CascadeEngine.hpp"
#include "model/Network.hpp"
#include "model/Validate.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

// Power feeds telecom through a 2 h battery; telecom feeds half of water.
// Every sector has assets and none is a population.
Model assets_only() {
    Model m;
    m.name = "assets only";
    m.sectors = {sector("power"), sector("telecom"), sector("water")};
    m.nodes = {node("p1", "power"), node("p2", "power"), node("t1", "telecom"), node("w1", "water")};
    m.dependencies = {dep("p1", "t1", 1.0, 2.0), dep("p2", "t1", 1.0, 2.0, 0, "grid"), dep("t1", "w1", 0.5)};
    m.dependencies[0].group = "grid";
    check_and_resolve_model(m);
    return m;
}

Scenario outage_of(const std::string& target) {
    Scenario s;
    s.horizon_h = 24;
    s.step_h = 0.5;
    s.events = {outage(target, 1, 10)};
    s.events[0].id = "outage";
    return s;
}

bool same_log(const std::vector<LogEntry>& a, const std::vector<LogEntry>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].t_h != b[i].t_h || a[i].kind != b[i].kind || a[i].level != b[i].level || a[i].index != b[i].index ||
            a[i].cause_unit != b[i].cause_unit || a[i].cause_sector != b[i].cause_sector ||
            a[i].event != b[i].event || a[i].value != b[i].value)
            return false;
    return true;
}

}  // namespace

TEST_CASE("run: the cascade engine reads a model's dependencies only to split populations",
          "[scenario-run]") {
    const CascadeEngine engine;
    auto m = assets_only();
    CHECK_FALSE(engine.reads_dependencies(build_network(m)));

    SECTION("a sector without assets is a population") {
        m.sectors.push_back(sector("finance"));
        m.dependencies.push_back(dep("t1", "finance", 0.8));
        check_and_resolve_model(m);
        CHECK(engine.reads_dependencies(build_network(m)));
    }
    SECTION("so is an asset that stands for several facilities") {
        m.nodes[3].facilities = 40;
        CHECK(engine.reads_dependencies(build_network(m)));
    }
}

TEST_CASE("run: with the dependencies freed after the network is built, the run and its scores are the same",
          "[scenario-run]") {
    const CascadeEngine engine;
    const auto m = assets_only();
    // Both power plants (the grid group) out: telecom's battery lasts 2 h,
    // then water loses half.
    auto s = outage_of("power");
    const auto full = run_scenario(engine, m, s, {});
    REQUIRE(full.scores.sectors.size() == 3);
    CHECK(full.scores.sectors[2].min_operability == Approx(0.5));
    CHECK(full.scores.sectors[1].first_impact_h == Approx(3.0));

    auto freed = m;
    auto network = build_network(freed);
    REQUIRE_FALSE(engine.reads_dependencies(network));
    std::vector<Dependency>().swap(freed.dependencies);
    std::vector<DependencyEnds>().swap(freed.dependency_ends);
    const auto lean = run_scenario(engine, freed, std::move(network), s, {});

    CHECK(lean.result.sector_operability == full.result.sector_operability);
    CHECK(lean.result.unit_operability == full.result.unit_operability);
    CHECK(same_log(lean.result.log, full.result.log));
    CHECK(lean.scores == full.scores);
    CHECK(lean.reach.size() == full.reach.size());
    CHECK(lean.hazards.size() == full.hazards.size());
}
