// Dynamic IIM (Lian & Haimes 2006): convergence to the IIM steady state,
// recovery at the rate each sector's resilience coefficient implies.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "Builders.hpp"
#include "engines/Diim.hpp"
#include "engines/Engine.hpp"
#include "engines/Iim.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

using namespace cisim;

namespace {

Dependency dep(const std::string& from, const std::string& to, double strength) {
    Dependency d;
    d.from = from;
    d.to = to;
    d.strength = strength;
    return d;
}

Sector sector(const std::string& id, std::optional<double> rto_h) {
    Sector s;
    s.id = id;
    s.rto_h = rto_h;
    return s;
}

using test::outage;

Scenario scenario_with(std::vector<Event> events, double horizon, double step) {
    Scenario sc;
    sc.file = "scenario.json";
    sc.horizon_h = horizon;
    sc.step_h = step;
    sc.events = std::move(events);
    return sc;
}

// The IIM fixture of IimTest.cpp, with recovery times.
Model three_sectors(std::optional<double> rto_h) {
    Model m;
    m.file = "three.json";
    m.sectors = {sector("a", rto_h), sector("b", rto_h), sector("c", rto_h)};
    m.dependencies = {dep("b", "a", 0.2), dep("a", "b", 0.5), dep("a", "c", 0.3), dep("b", "c", 0.4), dep("c", "c", 0.1)};
    return m;
}

}  // namespace

TEST_CASE("DIIM resilience coefficients follow Lian & Haimes eq. 8", "[engine][diim]") {
    Model m;
    m.sectors = {sector("a", 24.0), sector("b", std::nullopt), sector("c", 0.0)};
    m.dependencies = {dep("a", "a", 0.4)};
    const auto a = build_iim_coupling(m, build_network(m)).a_star;
    const auto k = diim_resilience(m, a);
    // k = ln(q(0)/q(T)) / (T (1 − a*ᵢᵢ)) with q(0)/q(T) = 100.
    CHECK(k[0] == Approx(std::log(100.0) / (24.0 * 0.6)));
    CHECK(k[1] == Approx(std::log(100.0) / diim_default_recovery_h));
    CHECK(std::isinf(k[2]));
    CHECK(diim_substeps(k, 1.0) == 1);
    CHECK(diim_substeps({std::log(100.0)}, 1.0) == 5);  // Δt·k = 4.6 → 5 sub-steps
}

TEST_CASE("DIIM under a constant perturbation converges to the IIM steady state", "[engine][diim]") {
    const auto m = three_sectors(10.0);
    const auto r = Diim().run(m, scenario_with({outage("a", 0, 1000, 0.5)}, 200, 0.5), RunOptions{});
    const auto s = solve_iim(m, {{"a", 0.5}});
    const auto last = r.times.size() - 1;
    for (std::size_t i = 0; i < 3; ++i) CHECK(r.sector_at(last, i) == Approx(1.0 - s.q[i]).margin(1e-6));
    // The direct hit is felt at once; the indirect effects build up.
    CHECK(r.sector_at(0, 0) == Approx(0.5).margin(1e-7));
    CHECK(r.sector_at(0, 1) == 1.0f);
    CHECK(r.sector_at(4, 1) < 1.0f);
    CHECK(r.sector_at(4, 1) > r.sector_at(last, 1));
}

TEST_CASE("DIIM under a saturating perturbation converges to the capped fixed point", "[engine][diim]") {
    const auto m = three_sectors(5.0);
    const auto r = Diim().run(m, scenario_with({outage("a", 0, 1000, 1.0), outage("b", 0, 1000, 0.6)}, 150, 0.5),
                              RunOptions{});
    const auto last = r.times.size() - 1;
    CHECK(r.sector_at(last, 0) == 0.0f);
    CHECK(r.sector_at(last, 1) == 0.0f);
    CHECK(r.sector_at(last, 2) == Approx(1.0 - 7.0 / 9).margin(1e-6));
}

TEST_CASE("DIIM one-off perturbation recovers at the rate k implies", "[engine][diim]") {
    // No coupling between sectors; a depends on itself (a*_aa = 0.4).
    Model m;
    m.file = "decoupled.json";
    m.sectors = {sector("a", 24.0), sector("b", std::nullopt)};
    m.dependencies = {dep("a", "a", 0.4)};
    // Outages cover [start, start + duration): half a step long, the damage is seen at t = 0
    // only, so q(0) = severity and c* = 0 afterwards.
    const auto r = Diim().run(m, scenario_with({outage("a", 0, 0.5, 0.6), outage("b", 0, 0.5, 0.3)}, 48, 1), RunOptions{});
    // Forward Euler on dq/dt = k(a q − q) = −k(1 − a) q: q_{n+1} = q_n (1 − Δt k (1 − a)).
    const double ka = std::log(100.0) / (24.0 * 0.6), kb = std::log(100.0) / 72.0;
    double qa = 0.6, qb = 0.3;
    for (std::size_t step = 0; step < r.times.size(); ++step) {
        CHECK(r.sector_at(step, 0) == Approx(1.0 - qa).margin(1e-6));
        CHECK(r.sector_at(step, 1) == Approx(1.0 - qb).margin(1e-6));
        qa *= 1.0 - 1.0 * ka * (1.0 - 0.4);
        qb *= 1.0 - 1.0 * kb;
    }
    // At T = rto_h = 24 h the inoperability is near 1 % of its start (exactly so as Δt → 0).
    CHECK(1.0 - r.sector_at(24, 0) == Approx(0.6 * std::pow(1.0 - std::log(100.0) / 24.0, 24)).margin(1e-6));
}

TEST_CASE("DIIM with a fine step approaches q0·exp(−k(1 − a)t)", "[engine][diim]") {
    Model m;
    m.file = "decoupled.json";
    m.sectors = {sector("a", 24.0)};
    m.dependencies = {dep("a", "a", 0.4)};
    const auto r = Diim().run(m, scenario_with({outage("a", 0, 0.005, 0.6)}, 24, 0.01), RunOptions{});
    const auto last = r.times.size() - 1;
    REQUIRE(r.times[last] == Approx(24.0));
    // q(T) = q(0)/100 by construction of k.
    CHECK(1.0 - r.sector_at(last, 0) == Approx(0.006).margin(2e-4));
}

TEST_CASE("DIIM sub-steps a step that violates Δt·k ≤ 1", "[engine][diim]") {
    Model m;
    m.file = "fast.json";
    m.sectors = {sector("a", 1.0)};  // k = ln 100 = 4.6 per hour
    const auto r = Diim().run(m, scenario_with({outage("a", 0, 0.5, 0.8)}, 4, 1), RunOptions{});
    // Five sub-steps of 0.2 h: q ← q (1 − 0.2 ln 100) each.
    double q = 0.8;
    for (std::size_t step = 0; step < r.times.size(); ++step) {
        CHECK(r.sector_at(step, 0) == Approx(1.0 - q).margin(1e-6));
        q *= std::pow(1.0 - 0.2 * std::log(100.0), 5);
    }
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.find("5 sub-steps") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("DIIM and IIM: no event, operability 1 everywhere", "[engine][diim][iim]") {
    Model m;
    m.file = "assets.json";
    m.sectors = {sector("power", 24.0), sector("medical", std::nullopt)};
    Node h1, h2;
    h1.id = "h1", h1.sector = "medical";
    h2.id = "h2", h2.sector = "medical";
    m.nodes = {h1, h2};
    m.dependencies = {dep("power", "h1", 0.8), dep("power", "medical", 0.4), dep("medical", "power", 0.1)};
    EngineRegistry registry;
    register_builtin_engines(registry);
    for (const char* name : {"iim", "diim"}) {
        const auto* engine = registry.find(name);
        REQUIRE(engine);
        const auto r = engine->run(m, scenario_with({}, 24, 0.5), RunOptions{});
        REQUIRE(r.has_units());
        CHECK(r.times.size() == 49);
        for (float v : r.sector_operability) CHECK(v == 1.0f);
        for (float v : r.unit_operability.dense()) CHECK(v == 1.0f);
        CHECK(r.log.empty());
    }
}

TEST_CASE("DIIM rejects ρ ≥ 1 with an input error", "[engine][diim]") {
    Model m;
    m.file = "singular.json";
    m.sectors = {sector("a", 10.0), sector("b", 10.0)};
    m.dependencies = {dep("a", "b", 1.0), dep("b", "a", 1.0)};
    REQUIRE_THROWS_AS(Diim().run(m, scenario_with({}, 10, 1), RunOptions{}), InputError);
}

TEST_CASE("DIIM notes the rows of A* summing to >= 1 and the sectors that reach 1", "[engine][diim][notes]") {
    // m needs a and b at 0.6 each (row sum 1.2); rto_h = 0 makes every sector
    // follow A* q + c* at once, so m reaches min(1, 1.2·0.9) = 1 in the first step.
    Model m;
    m.file = "additive.json";
    m.sectors = {sector("a", 0.0), sector("b", 0.0), sector("m", 0.0)};
    m.dependencies = {dep("a", "m", 0.6), dep("b", "m", 0.6)};
    auto has_note = [](const Result& r, const std::string& text) {
        return std::any_of(r.notes.begin(), r.notes.end(),
                           [&](const std::string& n) { return n.find(text) != std::string::npos; });
    };
    const Diim engine;
    const auto r = engine.run(m, scenario_with({outage("a", 0, 4, 0.9), outage("b", 0, 4, 0.9)}, 6, 1), RunOptions{});
    CHECK(r.sector_at(1, 2) == 0.0f);
    CHECK(has_note(r, "diim: A* reuses the dependency strengths additively"));
    CHECK(has_note(r, "diim: row sum of A* >= 1 in: m (1.20)"));
    CHECK(has_note(r, "diim: saturated at inoperability 1 (the cap) in: m"));
    const auto mild = engine.run(m, scenario_with({outage("a", 0, 4, 0.5), outage("b", 0, 4, 0.5)}, 6, 1), RunOptions{});
    CHECK(mild.sector_at(1, 2) == Approx(0.4).margin(1e-6));
    CHECK(has_note(mild, "diim: row sum of A* >= 1 in: m (1.20)"));
    CHECK_FALSE(has_note(mild, "saturated"));
}
