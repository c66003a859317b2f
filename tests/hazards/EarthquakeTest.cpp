// The earthquake hazard end to end: shaking → fragility → damage per asset.
#include <catch2/catch.hpp>

#include "hazards/Earthquake.hpp"
#include "hazards/Fragility.hpp"
#include "hazards/JmaIntensity.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

Sector sector(std::string id) {
    Sector s;
    s.id = std::move(id);
    return s;
}

Model grid() {
    Model m;
    m.name = "grid";
    m.sectors.push_back(sector("power"));
    m.sectors.push_back(sector("finance"));  // sector-level: no place, not exposed
    auto add = [&](std::string id, double lat, double lon) {
        Node n;
        n.id = std::move(id);
        n.sector = "power";
        n.node_class = "substation";
        n.region = "tokyo-minato";
        n.lat = lat;
        n.lon = lon;
        m.nodes.push_back(n);
    };
    add("near", 35.65, 139.75);
    add("far", 40.0, 139.75);  // ~484 km north
    return m;
}

Event quake() {
    Event e;
    e.kind = EventKind::earthquake;
    e.lat = 35.65;
    e.lon = 139.75;
    e.depth_km = 30;
    e.mw = 7.3;
    e.start_h = 2;
    return e;
}

}  // namespace

TEST_CASE("Shaking at the epicentre by hand", "[hazard][earthquake]") {
    const auto m = grid();
    const auto net = build_network(m);
    const auto s = earthquake_shaking(m, net, quake());
    REQUIRE(s.size() == 2);
    // Hypocentral distance 30 km, X = max(30 − 31.548, 3) = 3 km:
    // log10 PGV = 3.058 − log10(3 + 12.507) − 0.006 = 3.058 − 1.19052 − 0.006 = 1.86148 → 72.70 cm/s
    CHECK_THAT(s[0].motion.fault_km, WithinAbs(3.0, 1e-12));
    CHECK_THAT(s[0].motion.pgv_cm_s, WithinRel(72.70, 1e-3));
    // I = 2.68 + 1.72·1.86148 = 5.8818 → 6-
    CHECK_THAT(s[0].intensity, WithinAbs(5.8818, 1e-3));
    CHECK(jma_class(s[0].intensity) == "6-");
    CHECK(s[1].intensity < 3.0);
}

TEST_CASE("Deterministic earthquake damage: the expected loss near, nothing far", "[hazard][earthquake]") {
    const auto m = grid();
    const auto net = build_network(m);
    const auto s = earthquake_shaking(m, net, quake());
    Disruption d;
    Rng rng(1);
    add_earthquake(m, net, quake(), 4, {}, rng, d);
    REQUIRE(d.damages.size() == 1);
    const auto& dm = d.damages[0];
    CHECK(net.units[dm.unit].id == "near");
    CHECK(dm.event == 4);
    CHECK(dm.start_h == 2);
    const auto e = expected_damage(fragility_of("substation"), s[0].probabilities);
    CHECK_THAT(dm.severity, WithinAbs(e.loss, 1e-12));
    CHECK_THAT(dm.hold_h, WithinAbs(e.hold_days * 24, 1e-9));
    CHECK_THAT(dm.recovery_h, WithinAbs(e.recovery_days * 24, 1e-9));
    CHECK(dm.recovery == Recovery::linear);
}

TEST_CASE("Stronger assets and faster repairs change the damage as scaled", "[hazard][earthquake]") {
    auto m = grid();
    m.nodes[0].fragility_scale = 3.0;
    m.nodes[0].repair_scale = 0.5;
    const auto net = build_network(m);
    const auto base_net = build_network(grid());
    Disruption strong, base;
    Rng rng(1);
    add_earthquake(m, net, quake(), 0, {}, rng, strong);
    add_earthquake(grid(), base_net, quake(), 0, {}, rng, base);
    REQUIRE(strong.damages.size() == 1);
    REQUIRE(base.damages.size() == 1);
    CHECK(strong.damages[0].severity < base.damages[0].severity);
    // Same PGA with medians ×3 equals PGA/3 with plain medians.
    const auto s = earthquake_shaking(grid(), base_net, quake());
    const auto e = expected_damage(fragility_of("substation"),
                                   damage_state_probabilities(fragility_of("substation"), s[0].motion.pga_g() / 3));
    CHECK_THAT(strong.damages[0].severity, WithinAbs(e.loss, 1e-12));
    CHECK_THAT(strong.damages[0].recovery_h, WithinAbs(e.recovery_days * 24 * 0.5, 1e-9));
}

TEST_CASE("Monte Carlo damage frequency converges to P(DS ≥ slight)", "[hazard][earthquake]") {
    const auto m = grid();
    const auto net = build_network(m);
    const auto p = earthquake_shaking(m, net, quake())[0].probabilities;
    HazardOptions mc;
    mc.sample = true;
    int hits = 0;
    double loss_sum = 0;
    constexpr int n = 20000;
    for (int i = 0; i < n; ++i) {
        Disruption d;
        Rng rng(1000 + static_cast<std::uint64_t>(i));
        add_earthquake(m, net, quake(), 0, mc, rng, d);
        for (const auto& dm : d.damages) {
            CHECK(net.units[dm.unit].id == "near");
            CHECK(dm.recovery == Recovery::step);
            ++hits;
            loss_sum += dm.severity;
        }
    }
    CHECK_THAT(hits / double(n), WithinAbs(1 - p[0], 0.015));
    CHECK_THAT(loss_sum / n, WithinAbs(expected_damage(fragility_of("substation"), p).loss, 0.015));
}

TEST_CASE("An unknown fault type is bad input", "[hazard][earthquake]") {
    const auto m = grid();
    const auto net = build_network(m);
    auto e = quake();
    e.fault_type = "strike-slip";
    e.file_index = 2;
    Disruption d;
    Rng rng(1);
    try {
        add_earthquake(m, net, e, 0, {}, rng, d);
        FAIL("expected InputError");
    } catch (const InputError& err) {
        CHECK(err.pointer() == "/events/2/fault_type");
    }
}
