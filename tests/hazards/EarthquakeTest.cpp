// The earthquake hazard end to end: shaking → fragility → damage per asset.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "hazards/CentralCase.hpp"
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

TEST_CASE("Deterministic earthquake damage: the median state and repair near, nothing far", "[hazard][earthquake]") {
    const auto m = grid();
    const auto net = build_network(m);
    const auto s = earthquake_shaking(m, net, quake());
    const auto& cls = fragility_of("substation");
    // A lone asset of its class takes quantile 0.5 (hazards/CentralCase.hpp): damaged,
    // as P(DS ≥ slight) > 0.5 at the epicentre, in the highest state with P(DS ≥ state) > 0.5.
    const auto& p = s[0].probabilities;
    REQUIRE(1 - p[0] > 0.5);
    DamageState state = DamageState::slight;
    for (auto next : {DamageState::moderate, DamageState::extensive, DamageState::complete}) {
        double at_least = 0;
        for (auto k = static_cast<std::size_t>(next); k < 5; ++k) at_least += p[k];
        if (at_least > 0.5) state = next;
    }
    Disruption d;
    Rng rng(1);
    add_earthquake(m, net, quake(), 4, {}, rng, d);
    REQUIRE(d.damages.size() == 1);
    const auto& dm = d.damages[0];
    CHECK(net.units[dm.unit].id == "near");
    CHECK(dm.event == 4);
    CHECK(dm.start_h == 2);
    const auto k = static_cast<std::size_t>(state);
    CHECK(dm.severity == cls.loss[k - 1]);
    CHECK_THAT(dm.hold_h, WithinAbs(repair_days_at(cls, state, 0.5) * 24, 1e-9));
    CHECK(dm.recovery == Recovery::step);
}

TEST_CASE("Identical assets: the expected count damaged, repair times spread", "[hazard][earthquake]") {
    // Ten substations at one site share P(DS ≥ slight) = q: round(10 q) of them are damaged, whatever
    // q is; the m assets in one state take the spread repair quantiles of m (CentralCase.hpp).
    Model m = grid();
    m.nodes.clear();
    for (int i = 0; i < 10; ++i) {
        Node n;
        n.id = "s" + std::to_string(i);
        n.sector = "power";
        n.node_class = "substation";
        n.region = "r";
        n.lat = 35.65 + 0.7;  // ~78 km north: partial damage
        n.lon = 139.75;
        m.nodes.push_back(n);
    }
    const auto net = build_network(m);
    const auto s = earthquake_shaking(m, net, quake());
    const double q = 1 - s[0].probabilities[0];
    REQUIRE(q > 0.05);
    REQUIRE(q < 0.95);
    Disruption d;
    Rng rng(1);
    add_earthquake(m, net, quake(), 0, {}, rng, d);
    CHECK(d.damages.size() == static_cast<std::size_t>(std::floor(10 * q + 0.5)));
    const auto& cls = fragility_of("substation");
    std::map<double, std::vector<double>> hold;  // by severity (one state per loss value), in unit order
    for (const auto& dm : d.damages) hold[dm.severity].push_back(dm.hold_h);
    for (const auto& [severity, hours] : hold) {
        std::size_t state = 1;
        while (cls.loss[state - 1] != severity) ++state;
        const auto quantile = spread_quantiles(hours.size());
        for (std::size_t j = 0; j < hours.size(); ++j)
            CHECK_THAT(hours[j], WithinAbs(repair_days_at(cls, static_cast<DamageState>(state), quantile[j]) * 24, 1e-9));
    }
}

TEST_CASE("Stronger assets and faster repairs change the damage as scaled", "[hazard][earthquake]") {
    auto m = grid();
    m.nodes[0].fragility_scale = 1.5;
    m.nodes[0].repair_scale = 0.5;
    const auto net = build_network(m);
    const auto base_net = build_network(grid());
    Disruption strong, base;
    Rng rng(1);
    add_earthquake(m, net, quake(), 0, {}, rng, strong);
    add_earthquake(grid(), base_net, quake(), 0, {}, rng, base);
    REQUIRE(base.damages.size() == 1);
    // Same PGA with medians ×1.5 equals PGA/1.5 with plain medians.
    const auto& cls = fragility_of("substation");
    const auto s = earthquake_shaking(grid(), base_net, quake());
    const auto p = damage_state_probabilities(cls, s[0].motion.pga_g() / 1.5);
    const auto state = damage_state_at(p, 0.5);
    REQUIRE(state != DamageState::none);
    REQUIRE(strong.damages.size() == 1);
    CHECK(strong.damages[0].severity == cls.loss[static_cast<std::size_t>(state) - 1]);
    CHECK(strong.damages[0].severity <= base.damages[0].severity);
    CHECK_THAT(strong.damages[0].hold_h, WithinAbs(repair_days_at(cls, state, 0.5) * 24 * 0.5, 1e-9));
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
    const auto& cls = fragility_of("substation");
    const double mean_loss = p[1] * cls.loss[0] + p[2] * cls.loss[1] + p[3] * cls.loss[2] + p[4] * cls.loss[3];
    CHECK_THAT(loss_sum / n, WithinAbs(mean_loss, 0.015));
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
