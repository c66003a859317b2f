// Populations (SPEC §3, engines/Populations.hpp): spread parameters over
// classes, full-rate draining of cut members, rotation groups.
#include <catch2/catch.hpp>

#include <cmath>

#include "Builders.hpp"
#include "engines/CascadeEngine.hpp"
#include "engines/Populations.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Network.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

Spread uniform(double lo, double hi) {
    Spread s;
    s.p = {0, 1};
    s.v = {lo, hi};
    return s;
}

Model spread_buffer() {
    Model m;
    m.name = "spread";
    m.sectors = {sector("supplier"), sector("consumer")};
    auto d = dep("supplier", "consumer", 1.0);
    d.forms.edit().spread.buffer_h = uniform(3, 24);
    d.buffer_h = d.forms->spread.buffer_h->mean();
    m.dependencies = {d};
    return m;
}

Scenario total_outage(double step, double horizon = 30) {
    Scenario s;
    s.horizon_h = horizon;
    s.step_h = step;
    s.events = {outage("supplier", 0, 1000)};
    return s;
}

double loss_at(const Result& r, std::size_t sector, double t) {
    const auto k = static_cast<std::size_t>(std::lround(t / r.step_h));
    return 1.0 - r.sector_at(k, sector);
}

Result run(const Model& m, const Scenario& s, int threads = 1) {
    RunOptions o;
    o.threads = threads;
    return CascadeEngine().run(m, s, o);
}

}  // namespace

TEST_CASE("a buffer spread uniformly over 3-24 h empties a population gradually", "[engine][population]") {
    const auto m = spread_buffer();
    for (double step : {0.5, 0.25, 0.1}) {
        INFO("step " << step);
        const auto r = run(m, total_outage(step));
        for (double t = 0; t < 3; t += step) REQUIRE(loss_at(r, 1, t) == Approx(0).margin(1e-9));
        REQUIRE(loss_at(r, 1, 13.5) == Approx(0.5).margin(0.07));
        for (double t = 24; t <= 30; t += step) REQUIRE(loss_at(r, 1, t) == Approx(1).margin(1e-9));
        // Monotone in between: each class empties once and stays empty.
        for (std::size_t k = 1; k < r.times.size(); ++k) REQUIRE(r.sector_at(k, 1) <= r.sector_at(k - 1, 1));
    }
}

TEST_CASE("a population's spread gives the same curve on any thread count", "[engine][population]") {
    const auto m = spread_buffer();
    const auto a = run(m, total_outage(0.25), 1), b = run(m, total_outage(0.25), 2);
    REQUIRE(a.sector_operability == b.sector_operability);
}

TEST_CASE("a partial shortfall on a population cuts that share fully, at the full drain rate", "[engine][population]") {
    // Sector-level consumer (a population), 3 h buffer, supplier at 45 % loss:
    // 45 % of the members drain their 3 h at the full rate and are then out.
    Model m;
    m.sectors = {sector("supplier"), sector("consumer")};
    m.dependencies = {dep("supplier", "consumer", 1.0, 3.0)};
    Scenario s = total_outage(0.25, 12);
    s.events = {outage("supplier", 0, 1000, 0.45)};
    const auto r = run(m, s);
    REQUIRE(loss_at(r, 1, 2.75) == Approx(0).margin(1e-9));
    REQUIRE(loss_at(r, 1, 3.25) == Approx(0.45).margin(1e-6));
    REQUIRE(loss_at(r, 1, 11) == Approx(0.45).margin(1e-6));

    // One facility (a node) stretches the same buffer: 3 h / 0.45 = 6.7 h.
    Model f;
    f.sectors = {sector("supplier"), sector("consumer")};
    f.nodes = {node("site", "consumer")};
    f.dependencies = {dep("supplier", "site", 1.0, 3.0)};
    const auto rf = run(f, s);
    REQUIRE(loss_at(rf, 1, 6.5) == Approx(0).margin(1e-9));
    REQUIRE(loss_at(rf, 1, 7) == Approx(0.45).margin(1e-6));
}

TEST_CASE("classes take stratified quantiles: every rotation group gets every G-th quantile", "[engine][population]") {
    const auto m = spread_buffer();
    const auto net = build_network(m);
    Disruption d;
    for (std::uint16_t g = 0; g < 5; ++g) d.cuts.push_back({1, 0, 0, 0, 1, 1, Recovery::step, 0, nullptr, 5, g});
    const auto classes = split_populations(m, net, d);
    REQUIRE(classes);
    const auto& x = classes->network;
    REQUIRE(x.size() == 2 + 20);  // 16 classes rounded up to a multiple of 5
    std::vector<std::vector<double>> buffers(5);
    for (std::uint32_t u = 2; u < x.size(); ++u) {
        REQUIRE(x.units[u].class_of == 1);
        REQUIRE(x.units[u].weight == 0);
        const auto& e = x.in_edges[x.in_offsets[u]];
        REQUIRE(e.full_rate);
        buffers[(u - 2) / 4].push_back(e.buffer_h);
    }
    std::vector<double> all;
    for (std::size_t g = 0; g < 5; ++g) {
        std::sort(buffers[g].begin(), buffers[g].end());
        // Group g holds quantiles g, g + 5, g + 10, g + 15 of 20.
        for (std::size_t i = 0; i < 4; ++i)
            REQUIRE(buffers[g][i] == Approx(3 + 21 * ((i * 5 + g) + 0.5) / 20).epsilon(1e-6));
        all.insert(all.end(), buffers[g].begin(), buffers[g].end());
    }
    REQUIRE(all.size() == 20);
    // Each cut reaches its group's four classes only.
    REQUIRE(classes->disruption.cuts.size() == 20);
    for (const auto& c : classes->disruption.cuts) REQUIRE(c.groups == 1);
}

TEST_CASE("a model without spreads or rotations is not split", "[engine][population]") {
    Model m;
    m.sectors = {sector("a"), sector("b")};
    m.dependencies = {dep("a", "b", 1.0, 2.0)};
    REQUIRE_FALSE(split_populations(m, build_network(m), Disruption{}));
}

TEST_CASE("a blackout follows the utility's restoration schedule", "[engine][hazard][population]") {
    // Power is the supplier; 60 % restored by 10 h, all by 20 h: the consumer's
    // cut follows the schedule with no buffer.
    Model m;
    m.sectors = {sector("power"), sector("water")};
    m.nodes = {node("w1", "water")};
    m.nodes[0].region = "r";
    m.dependencies = {dep("power", "w1", 1.0, 0.0)};
    Scenario s;
    s.horizon_h = 30;
    s.step_h = 0.5;
    Event e;
    e.kind = EventKind::blackout;
    e.target.region = "r";
    e.restoration = {{10, 0.6}, {20, 1.0}};
    s.events = {e};
    const auto r = run(m, s);
    REQUIRE(loss_at(r, 1, 0) == Approx(1));
    REQUIRE(loss_at(r, 1, 5) == Approx(0.7).margin(1e-6));
    REQUIRE(loss_at(r, 1, 10) == Approx(0.4).margin(1e-6));
    REQUIRE(loss_at(r, 1, 15) == Approx(0.2).margin(1e-6));
    REQUIRE(loss_at(r, 1, 20) == Approx(0).margin(1e-6));
}

TEST_CASE("restored_share is piecewise linear from (0, 0) and holds its last value", "[hazard]") {
    const RestorationSchedule s = {{10, 0.5}, {10, 0.6}, {30, 0.9}};
    REQUIRE(restored_share(s, -1) == 0);
    REQUIRE(restored_share(s, 5) == Approx(0.25));
    REQUIRE(restored_share(s, 20) == Approx(0.75));
    REQUIRE(restored_share(s, 100) == Approx(0.9));
}

TEST_CASE("repair times spread over a population bring it back gradually", "[engine][population]") {
    // A sector-level unit out for 10 h whose members' repair multipliers are
    // uniform on 0.5-1.5: the members come back between 5 and 15 h.
    Model m;
    m.sectors = {sector("s")};
    Spread repair = uniform(0.5, 1.5);
    m.sectors[0].repair_spread.edit().spread = repair;
    m.sectors[0].repair_scale = repair.mean();
    Scenario s;
    s.horizon_h = 20;
    s.step_h = 0.25;
    s.events = {outage("s", 0, 10)};
    const auto r = run(m, s);
    REQUIRE(loss_at(r, 0, 4.75) == Approx(1));
    REQUIRE(loss_at(r, 0, 10) == Approx(0.5).margin(1.0 / 16 + 1e-9));
    REQUIRE(loss_at(r, 0, 15.25) == Approx(0).margin(1e-9));
    for (std::size_t k = 1; k < r.times.size(); ++k) REQUIRE(r.sector_at(k, 0) >= r.sector_at(k - 1, 0));
}
