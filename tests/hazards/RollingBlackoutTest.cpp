// Rolling (planned) blackouts as utilities run them (hazards/ScenarioHazards.cpp):
// consumers cut in turns, the grid never, slots exact, no repair stretching them.
#include <catch2/catch.hpp>

#include <cmath>

#include "../engines/Builders.hpp"
#include "engines/CascadeEngine.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

// A grid (plant → substation) feeding 10 consumers in region kanto-*, whose
// repairs depend on logistics; consumers of unequal capacity.
Model grid_with_consumers() {
    Model m;
    m.sectors = {sector("power"), sector("water"), sector("logistics")};
    m.nodes = {node("plant", "power"), node("sub", "power")};
    m.nodes[0].region = "kanto-a";
    m.nodes[1].region = "kanto-a";
    m.dependencies = {dep("plant", "sub", 1.0)};
    for (int i = 0; i < 10; ++i) {
        auto n = node("c" + std::to_string(i), "water");
        n.region = i % 2 ? "kanto-a" : "kanto-b";
        n.capacity = 1.0 + (i % 3);
        m.nodes.push_back(n);
        m.dependencies.push_back(dep("sub", n.id, 1.0));
    }
    // Repairs of the grid depend on logistics (SPEC §5.4 step 5).
    for (const auto* id : {"plant", "sub"}) {
        auto d = dep("logistics", id, 1.0);
        d.effect = DependencyEffect::repair;
        m.dependencies.push_back(d);
    }
    return m;
}

Event rolling(int groups, double slot, double start, double end) {
    Event e;
    e.kind = EventKind::rolling_blackout;
    e.id = "rolling";
    e.target.region = "kanto-*";
    e.groups = groups;
    e.slot_h = slot;
    e.start_h = start;
    e.end_h = end;
    return e;
}

}  // namespace

TEST_CASE("a rolling blackout cuts each consumer exactly its slots and never the grid", "[hazard][rolling]") {
    const auto m = grid_with_consumers();
    for (bool logistics_down : {false, true}) {
        INFO("logistics down: " << logistics_down);
        Scenario s;
        s.horizon_h = 30;
        s.step_h = 0.25;
        s.events = {rolling(5, 3, 0, 30)};
        if (logistics_down) s.events.push_back(outage("logistics", 0, 100));
        const auto r = CascadeEngine().run(m, s, RunOptions{});
        const auto net = build_network(m);
        double total_capacity = 0;
        for (std::uint32_t u = 2; u < 12; ++u) total_capacity += m.nodes[u].capacity;
        double max_capacity = 3;
        for (std::uint32_t u = 0; u < 2; ++u)
            for (std::size_t k = 0; k < r.times.size(); ++k) REQUIRE(r.unit_at(k, u) == 1.0f);  // the grid works
        for (std::uint32_t u = 2; u < 12; ++u) {
            std::size_t dark = 0;
            for (std::size_t k = 0; k + 1 < r.times.size(); ++k) dark += r.unit_at(k, u) < 0.5f;
            INFO(net.units[u].id);
            REQUIRE(dark * s.step_h == Approx(6.0));  // two 3 h slots in 30 h
        }
        for (std::size_t k = 0; k + 1 < r.times.size(); ++k) {
            double load = 0;
            int count = 0;
            for (std::uint32_t u = 2; u < 12; ++u)
                if (r.unit_at(k, u) < 0.5f) load += m.nodes[u].capacity, ++count;
            REQUIRE(count <= 3);
            REQUIRE(load <= total_capacity / 5 + max_capacity);
        }
    }
}

TEST_CASE("a rolling blackout's groups follow rolling_group, then balance capacity", "[hazard][rolling]") {
    auto m = grid_with_consumers();
    m.nodes[2].set_rolling_group("5");
    Scenario s;
    s.horizon_h = 30;
    s.step_h = 0.5;
    s.events = {rolling(5, 3, 0, 30)};
    const auto net = build_network(m);
    const auto d = compile_disruption(m, net, s, {});
    for (const auto& c : d.cuts) {
        REQUIRE(net.units[c.unit].sector != net.sector_index.at("power"));
        if (c.unit == 2) REQUIRE(std::fmod(c.start_h, 15.0) == Approx(12.0));  // group 5 of 5
    }
    // Every consumer is in one group: all its cuts start at one phase of the rotation.
    for (std::uint32_t u = 2; u < 12; ++u) {
        double phase = -1;
        int cuts = 0;
        for (const auto& c : d.cuts)
            if (c.unit == u) {
                ++cuts;
                if (phase < 0) phase = std::fmod(c.start_h, 15.0);
                REQUIRE(std::fmod(c.start_h, 15.0) == Approx(phase));
            }
        REQUIRE(cuts == 2);
    }
    m.nodes[3].set_rolling_group("6");
    REQUIRE_THROWS_AS(compile_disruption(m, build_network(m), s, {}), InputError);
}

TEST_CASE("a rolling blackout on a sector-level model cuts one group of members at a time", "[hazard][rolling][population]") {
    // A population behind a 2 h buffer that refills in 4 h: each group is dark
    // for 1 h of its 3 h slot, so at most a fifth of the members is out at once.
    Model m;
    m.sectors = {sector("power"), sector("telecom")};
    auto d = dep("power", "telecom", 1.0, 2.0);
    d.refill_h = 4.0;
    m.dependencies = {d};
    Scenario s;
    s.horizon_h = 30;
    s.step_h = 0.25;
    auto e = rolling(5, 3, 0, 30);
    e.target.region = "*";
    s.events = {e};
    const auto r = CascadeEngine().run(m, s, RunOptions{});
    double worst = 0, hours = 0;
    for (std::size_t k = 0; k + 1 < r.times.size(); ++k) {
        const double loss = 1.0 - r.sector_at(k, 1);
        worst = std::max(worst, loss);
        hours += loss * s.step_h;
        REQUIRE(r.sector_at(k, 0) == 1.0f);  // the grid itself is not cut
    }
    REQUIRE(worst == Approx(0.2).margin(1e-6));
    REQUIRE(hours == Approx(0.2 * 10).margin(0.01));  // 10 slots, each 1 h dark for a fifth
}
