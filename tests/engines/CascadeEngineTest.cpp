// Buffered cascade engine (SPEC §5.4) on tiny models whose timings follow by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "Builders.hpp"
#include "engines/CascadeEngine.hpp"
#include "model/Network.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

Scenario scenario(std::vector<Event> events, double horizon = 24, double step = 0.25) {
    Scenario s;
    s.horizon_h = horizon;
    s.step_h = step;
    s.events = std::move(events);
    return s;
}

std::size_t sector_index(const Model& m, const std::string& id) {
    for (std::size_t i = 0; i < m.sectors.size(); ++i)
        if (m.sectors[i].id == id) return i;
    FAIL("no sector " << id);
    return 0;
}

float op_at(const Model& m, const Result& r, const std::string& id, double t) {
    const auto k = static_cast<std::size_t>(std::lround(t / r.step_h));
    return r.sector_at(k, sector_index(m, id));
}

// First time a sector's operability is below `level`, or -1.
double first_below(const Model& m, const Result& r, const std::string& id, double level) {
    const auto s = sector_index(m, id);
    for (std::size_t k = 0; k < r.times.size(); ++k)
        if (r.sector_at(k, s) < level) return r.times[k];
    return -1;
}

Model chain(double buffer_h) {
    Model m;
    m.name = "chain";
    m.sectors = {sector("power"), sector("telecom")};
    m.dependencies = {dep("power", "telecom", 1.0, buffer_h)};
    return m;
}

Result run(const Model& m, const Scenario& s, int threads = 1) {
    RunOptions o;
    o.threads = threads;
    return CascadeEngine().run(m, s, o);
}

}  // namespace

TEST_CASE("no event leaves every sector fully operable", "[engine][cascade]") {
    auto m = chain(3);
    m.sectors.push_back(sector("water"));
    m.dependencies.push_back(dep("power", "water", 0.8, 10));
    m.dependencies.push_back(dep("telecom", "power", 0.5));
    const auto r = run(m, scenario({}));
    for (float v : r.sector_operability) REQUIRE(v == 1.0f);
    REQUIRE(r.log.empty());
}

TEST_CASE("a supplier outage reaches a consumer behind a 3 h buffer exactly 3 h later", "[engine][cascade][buffer]") {
    const auto m = chain(3);
    for (double step : {0.25, 0.1, 1.0}) {
        CAPTURE(step);
        const auto r = run(m, scenario({outage("power", 0, 12)}, 24, step));
        REQUIRE(op_at(m, r, "power", 0) == Approx(0));
        REQUIRE(first_below(m, r, "telecom", 0.99) == Approx(3.0).margin(1e-9));
        REQUIRE(op_at(m, r, "telecom", 3 - step) == Approx(1));
        REQUIRE(op_at(m, r, "telecom", 3) == Approx(0));
    }
}

TEST_CASE("a 50 % supply loss drains one facility's 3 h buffer in 6 h, then passes half the loss", "[engine][cascade][buffer]") {
    // One facility (a node) stretches its buffer at partial supply (SPEC §5.4 step 2).
    auto m = chain(3);
    m.nodes = {node("exchange", "telecom")};
    m.dependencies = {dep("power", "exchange", 1.0, 3)};
    const auto r = run(m, scenario({outage("power", 0, 12, 0.5)}));
    REQUIRE(first_below(m, r, "telecom", 0.99) == Approx(6.0));
    REQUIRE(op_at(m, r, "telecom", 6) == Approx(0.5));
    REQUIRE(op_at(m, r, "telecom", 5.75) == Approx(1));
}

TEST_CASE("a 50 % supply loss cuts half of a population after its 3 h buffer", "[engine][cascade][buffer][population]") {
    // A sector-level unit is a population: half its members are fully cut and drain at the full rate.
    const auto m = chain(3);
    const auto r = run(m, scenario({outage("power", 0, 12, 0.5)}));
    REQUIRE(first_below(m, r, "telecom", 0.99) == Approx(3.0));
    REQUIRE(op_at(m, r, "telecom", 3) == Approx(0.5));
    REQUIRE(op_at(m, r, "telecom", 2.75) == Approx(1));
}

TEST_CASE("buffers refill when supply returns", "[engine][cascade][buffer]") {
    // Outage 0–2 h drains 2 of 3 h; refill takes 3 h for a full buffer (refill_h = buffer_h),
    // so by 4 h the buffer is back at 3 h and a second 2.5 h outage at 4 h is ridden through.
    const auto m = chain(3);
    const auto r = run(m, scenario({outage("power", 0, 2), outage("power", 4, 2.5)}));
    REQUIRE(first_below(m, r, "telecom", 0.99) == -1);
    // Without the gap the same 4.5 h of outage empties the buffer at 3 h.
    const auto r2 = run(m, scenario({outage("power", 0, 4.5)}));
    REQUIRE(first_below(m, r2, "telecom", 0.99) == Approx(3.0));
    bool refilled = false;
    for (const auto& e : r.log) refilled |= e.kind == LogKind::buffer_refilled;
    REQUIRE_FALSE(refilled);  // never exhausted, so never logged as refilled
}

TEST_CASE("a redundant supply group counts as its best member", "[engine][cascade][redundancy]") {
    Model m;
    m.sectors = {sector("grid-a"), sector("grid-b"), sector("hospital")};
    m.dependencies = {dep("grid-a", "hospital", 1.0, 0, 0, "feed"), dep("grid-b", "hospital", 1.0, 0, 0, "feed")};
    const auto one = run(m, scenario({outage("grid-a", 1, 5)}));
    REQUIRE(first_below(m, one, "hospital", 0.999) == -1);
    const auto both = run(m, scenario({outage("grid-a", 1, 5), outage("grid-b", 2, 1, 0.4)}));
    REQUIRE(op_at(m, both, "hospital", 2) == Approx(0.6));
    REQUIRE(op_at(m, both, "hospital", 2.75) == Approx(0.6));
    REQUIRE(op_at(m, both, "hospital", 3) == Approx(1));  // grid-b is back: best member is whole
}

TEST_CASE("zero-delay hops cascade within one step", "[engine][cascade][fixedpoint]") {
    Model m;
    for (int i = 0; i <= 10; ++i) m.sectors.push_back(sector("s" + std::to_string(i)));
    for (int i = 0; i < 10; ++i) m.dependencies.push_back(dep("s" + std::to_string(i), "s" + std::to_string(i + 1), 0.9));
    const auto r = run(m, scenario({outage("s0", 1, 2)}, 6, 0.5));
    REQUIRE(first_below(m, r, "s10", 0.99) == Approx(1.0));
    // Each hop passes on 0.9 of its supplier's loss: s10 loses 0.9^10.
    REQUIRE(op_at(m, r, "s10", 1) == Approx(1 - std::pow(0.9, 10)).epsilon(1e-6));
    REQUIRE(op_at(m, r, "s10", 3) == Approx(1));
}

TEST_CASE("a delay shifts the impact by the delay", "[engine][cascade][delay]") {
    Model m = chain(0);
    m.dependencies[0].delay_h = 2;
    const auto r = run(m, scenario({outage("power", 1, 3)}));
    REQUIRE(first_below(m, r, "telecom", 0.99) == Approx(3.0));
    REQUIRE(op_at(m, r, "telecom", 5.75) == Approx(0));  // power back at 4 h, telecom at 6 h
    REQUIRE(op_at(m, r, "telecom", 6) == Approx(1));
}

TEST_CASE("min and product combinations", "[engine][cascade][combination]") {
    Model m;
    m.sectors = {sector("a"), sector("b"), sector("c")};
    Node nc;
    nc.id = "c1";
    nc.sector = "c";
    nc.node_class = "hospital";
    m.nodes = {nc};
    m.dependencies = {dep("a", "c", 0.5), dep("b", "c", 0.4)};
    const auto s = scenario({outage("a", 0, 5), outage("b", 0, 5)}, 2, 1);
    REQUIRE(op_at(m, run(m, s), "c", 1) == Approx(0.5));  // min(1 − 0.5, 1 − 0.4)
    m.combination_by_class["hospital"] = Combination::product;
    REQUIRE(op_at(m, run(m, s), "c", 1) == Approx(0.5 * 0.6));
}

TEST_CASE("a feedback loop settles at the greatest fixed point", "[engine][cascade][fixedpoint]") {
    Model m;
    m.sectors = {sector("power"), sector("telecom")};
    m.dependencies = {dep("power", "telecom", 0.8), dep("telecom", "power", 0.5)};
    // power p = 0.6 (direct) · (1 − 0.5 (1 − t)), t = 1 − 0.8 (1 − p): min rule, one term each.
    // Fixed point: p = 0.6 (0.5 + 0.5 t), t = 0.2 + 0.8 p → p = 0.3 + 0.3 (0.2 + 0.8 p) → p = 0.36/0.76.
    const auto r = run(m, scenario({outage("power", 0, 5, 0.4)}, 2, 1));
    const double p = 0.36 / 0.76;
    REQUIRE(op_at(m, r, "power", 1) == Approx(p).epsilon(1e-6));
    REQUIRE(op_at(m, r, "telecom", 1) == Approx(0.2 + 0.8 * p).epsilon(1e-6));
}

TEST_CASE("a slow loop of partial dependencies reaches its fixed point in a few sweeps", "[engine][cascade][fixedpoint]") {
    Model m;
    m.sectors = {sector("power"), sector("telecom")};
    m.dependencies = {dep("power", "telecom", 0.9), dep("telecom", "power", 0.8)};
    // p = 0.9 (1 − 0.8 (1 − t)), t = 1 − 0.9 (1 − p): each sweep takes 0.9 · 0.8 · 0.9 = 0.648
    // of the distance away, so plain sweeps from the start need log(1e-12)/log(0.648) ≈ 64 of
    // them (two evaluations each). The rule contracts, so Aitken's jump is taken.
    // Fixed point: p = 0.18 + 0.72 t = 0.18 + 0.72 (0.1 + 0.9 p) → p = 0.252/0.352.
    const auto r = run(m, scenario({outage("power", 0, 5, 0.1)}, 2, 1));
    const double p = 0.252 / 0.352;
    REQUIRE(op_at(m, r, "power", 1) == Approx(p).epsilon(1e-6));
    REQUIRE(op_at(m, r, "telecom", 1) == Approx(0.1 + 0.9 * p).epsilon(1e-6));
    // Only step 0 settles (nothing changes at steps 1 and 2).
    CHECK(r.evaluations < 30);
}

TEST_CASE("a linear recovery restores the damaged sector over recovery_h", "[engine][cascade][repair]") {
    Model m = chain(0);
    auto e = outage("power", 0, 2);
    e.recovery = Recovery::linear;
    e.recovery_h = 4;
    const auto r = run(m, scenario({e}));
    REQUIRE(op_at(m, r, "power", 2) == Approx(0));
    REQUIRE(op_at(m, r, "power", 3) == Approx(0.25));
    REQUIRE(op_at(m, r, "power", 6) == Approx(1));
}

TEST_CASE("a repair dependency slows repairs", "[engine][cascade][repair]") {
    Model m;
    m.sectors = {sector("power"), sector("logistics")};
    auto d = dep("logistics", "power", 0.5);
    d.effect = DependencyEffect::repair;
    m.dependencies = {d};
    // Logistics at 0 halves power's repair speed: 2 h of repair work take 4 h.
    const auto r = run(m, scenario({outage("power", 0, 2), outage("logistics", 0, 10)}, 12, 0.5));
    REQUIRE(op_at(m, r, "power", 3.5) == Approx(0));
    REQUIRE(op_at(m, r, "power", 4) == Approx(1));
    const auto free = run(m, scenario({outage("power", 0, 2)}, 12, 0.5));
    REQUIRE(op_at(m, free, "power", 2) == Approx(1));
}

TEST_CASE("a restore event ends an outage early", "[engine][cascade]") {
    Model m = chain(0);
    Event restore;
    restore.kind = EventKind::restore;
    restore.target.id = "power";
    restore.start_h = 3;
    const auto r = run(m, scenario({outage("power", 0, 10), restore}));
    REQUIRE(op_at(m, r, "power", 2.75) == Approx(0));
    REQUIRE(op_at(m, r, "power", 3) == Approx(1));
}

TEST_CASE("a blackout cuts consumers' power and darkens the grid", "[engine][cascade][blackout]") {
    Model m;
    m.sectors = {sector("power"), sector("water"), sector("medical")};
    m.nodes = {};
    auto make_node = [](std::string id, std::string sec, std::string region) {
        Node n;
        n.id = std::move(id);
        n.sector = std::move(sec);
        n.region = std::move(region);
        return n;
    };
    m.nodes = {make_node("sub-a", "power", "tokyo-a"), make_node("sub-b", "power", "osaka-b"),
               make_node("pump-a", "water", "tokyo-a"), make_node("pump-b", "water", "osaka-b"),
               make_node("hosp-a", "medical", "tokyo-a")};
    m.dependencies = {dep("power", "water", 1.0, 8), dep("power", "medical", 1.0, 72)};
    Event b;
    b.kind = EventKind::blackout;
    b.target.region = "tokyo-*";
    b.start_h = 0;
    b.duration_h = 10;
    const auto r = run(m, scenario({b}, 24, 0.5));
    const auto net = build_network(m);
    const auto pump_a = net.unit_index.at("pump-a"), pump_b = net.unit_index.at("pump-b");
    const auto hosp = net.unit_index.at("hosp-a");
    REQUIRE(r.unit_at(16, pump_a) == Approx(0));   // 8 h: reservoir empty
    REQUIRE(r.unit_at(15, pump_a) == Approx(1));
    // pump-b's supply is the power aggregate (0.5): its 8 h buffer drains at half rate.
    REQUIRE(r.unit_at(31, pump_b) == Approx(1));
    REQUIRE(r.unit_at(20, hosp) == Approx(1));     // 72 h of fuel
    REQUIRE(op_at(m, r, "power", 5) == Approx(0.5));
}

TEST_CASE("a faster power sector shortens the blackout, for its units and the supply it cuts", "[engine][cascade][blackout]") {
    // Sector level: power darkened for 8 h, water without a buffer. With the power
    // sector's repair_scale 0.5 (a countermeasure) both are back after 4 h.
    Model m;
    m.sectors = {sector("power"), sector("water")};
    m.dependencies = {dep("power", "water", 1.0)};
    Event b;
    b.kind = EventKind::blackout;
    b.target.region = "*";
    b.start_h = 0;
    b.duration_h = 8;
    for (const double scale : {1.0, 0.5}) {
        CAPTURE(scale);
        m.sectors[0].repair_scale = scale;
        const auto r = run(m, scenario({b}, 12, 1));
        const double back = 8 * scale;
        CHECK(op_at(m, r, "power", back - 1) == Approx(0));
        CHECK(op_at(m, r, "power", back) == Approx(1));
        CHECK(op_at(m, r, "water", back - 1) == Approx(0));
        CHECK(op_at(m, r, "water", back) == Approx(1));
    }
    // Only the supplier's speed counts: a faster water sector changes nothing.
    m.sectors[0].repair_scale = 1.0;
    m.sectors[1].repair_scale = 0.5;
    const auto r = run(m, scenario({b}, 12, 1));
    CHECK(op_at(m, r, "water", 7) == Approx(0));
    CHECK(op_at(m, r, "water", 8) == Approx(1));
}

TEST_CASE("rolling blackouts take turns by group", "[engine][cascade][blackout]") {
    Model m;
    m.sectors = {sector("power"), sector("telecom")};
    for (int i = 0; i < 5; ++i) {
        Node n;
        n.id = "bs" + std::to_string(i);
        n.sector = "telecom";
        n.region = "kanto-" + std::to_string(i);
        m.nodes.push_back(n);
    }
    m.dependencies = {dep("power", "telecom", 1.0, 2)};
    Event rb;
    rb.kind = EventKind::rolling_blackout;
    rb.target.region = "kanto-*";
    rb.groups = 5;
    rb.slot_h = 3;
    rb.start_h = 0;
    rb.end_h = 15;
    const auto r = run(m, scenario({rb}, 20, 0.5));
    const auto net = build_network(m);
    // bs0 is cut 0–3 h: 2 h battery, so down from 2 h to 3 h; bs1 is cut 3–6 h: down 5–6 h.
    REQUIRE(r.unit_at(4, net.unit_index.at("bs0")) == Approx(0));
    REQUIRE(r.unit_at(3, net.unit_index.at("bs0")) == Approx(1));
    REQUIRE(r.unit_at(6, net.unit_index.at("bs0")) == Approx(1));
    REQUIRE(r.unit_at(10, net.unit_index.at("bs1")) == Approx(0));
    REQUIRE(r.unit_at(4, net.unit_index.at("bs1")) == Approx(1));
    // At sector level one fifth of the stations is out once each battery has run down.
    REQUIRE(op_at(m, r, "telecom", 2.5) == Approx(0.8));
}

TEST_CASE("results do not depend on the thread count", "[engine][cascade][invariant]") {
    Model m;
    for (int i = 0; i < 6; ++i) m.sectors.push_back(sector("s" + std::to_string(i)));
    for (int i = 0; i < 6000; ++i) {
        Node n;
        n.id = "n" + std::to_string(i);
        n.sector = "s" + std::to_string(i % 6);
        n.capacity = 1 + i % 7;
        m.nodes.push_back(n);
        if (i >= 6) m.dependencies.push_back(dep("n" + std::to_string(i - 6 + (i * 7) % 5), n.id, 0.3 + 0.1 * (i % 5), i % 4));
    }
    const auto s = scenario({outage("s0", 1, 5), outage("n7", 2, 3)}, 12, 0.5);
    const auto one = run(m, s, 1), two = run(m, s, 2);
    REQUIRE(one.unit_operability == two.unit_operability);
    REQUIRE(one.sector_operability == two.sector_operability);
    REQUIRE(one.log.size() == two.log.size());
}

TEST_CASE("impact is monotone in severity", "[engine][cascade][invariant]") {
    auto m = chain(1);
    double previous = 1.0;
    for (double sev : {0.1, 0.3, 0.6, 1.0}) {
        const auto r = run(m, scenario({outage("power", 0, 5, sev)}));
        const float v = op_at(m, r, "telecom", 4);
        REQUIRE(v <= previous + 1e-9);
        previous = v;
    }
}

TEST_CASE("the log records buffer exhaustion with its supplier", "[engine][cascade][log]") {
    const auto m = chain(3);
    const auto r = run(m, scenario({outage("power", 0, 12)}));
    bool found = false;
    for (const auto& e : r.log)
        if (e.kind == LogKind::buffer_exhausted) {
            found = true;
            REQUIRE(e.t_h == Approx(3));
            REQUIRE(e.index == sector_index(m, "telecom"));
            REQUIRE(e.cause_unit == static_cast<std::int32_t>(sector_index(m, "power")));
        }
    REQUIRE(found);
}
