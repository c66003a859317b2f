// Tsunami selection (coastal, below the run-up, in the region) and repair times.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "hazards/Tsunami.hpp"
#include "model/Network.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;

namespace {

Sector sector(std::string id) {
    Sector s;
    s.id = std::move(id);
    return s;
}

Node node(std::string id, std::string cls, std::string region, bool coastal, std::optional<double> elevation) {
    Node n;
    n.id = std::move(id);
    n.sector = cls == "substation" ? "power" : "water";
    n.node_class = std::move(cls);
    n.region = std::move(region);
    n.coastal = coastal;
    n.set_elevation_m(elevation);
    return n;
}

Model coast_model() {
    Model m;
    m.name = "coast";
    m.sectors.push_back(sector("power"));
    m.sectors.push_back(sector("water"));
    m.nodes.push_back(node("low-coastal", "substation", "miyagi-sendai", true, 2.0));
    m.nodes.push_back(node("high-coastal", "substation", "miyagi-sendai", true, 25.0));
    m.nodes.push_back(node("inland", "substation", "miyagi-sendai", false, 1.0));
    m.nodes.push_back(node("other-region", "substation", "tokyo-koto", true, 1.0));
    m.nodes.push_back(node("no-elevation", "water_treatment", "miyagi-ishinomaki", true, std::nullopt));
    m.nodes.push_back(node("at-height", "water_treatment", "miyagi-ishinomaki", true, 10.0));
    return m;
}

Event tsunami(double height, double repair_h = 0) {
    Event e;
    e.kind = EventKind::tsunami;
    e.target.region = "miyagi-*";
    e.height_m = height;
    e.start_h = 0.5;
    e.repair_h = repair_h;
    return e;
}

std::vector<std::string> hit_ids(const Model& m, const Network& net, const Disruption& d) {
    std::vector<std::string> ids;
    for (const auto& dm : d.damages) ids.push_back(net.units[dm.unit].id);
    std::sort(ids.begin(), ids.end());
    (void)m;
    return ids;
}

}  // namespace

TEST_CASE("Only coastal nodes below the run-up in the region are hit", "[hazard][tsunami]") {
    const auto m = coast_model();
    const auto net = build_network(m);
    Disruption d;
    Rng rng(1);
    add_tsunami(m, net, tsunami(10), 3, {}, rng, d);
    // at-height (10 m) is not below a 10 m run-up; no-elevation counts as sea level.
    CHECK(hit_ids(m, net, d) == std::vector<std::string>{"low-coastal", "no-elevation"});
    for (const auto& dm : d.damages) {
        CHECK(dm.event == 3);
        CHECK(dm.start_h == 0.5);
        CHECK(dm.severity == 1.0);
    }
}

TEST_CASE("A higher run-up reaches higher nodes", "[hazard][tsunami]") {
    const auto m = coast_model();
    const auto net = build_network(m);
    Disruption d;
    Rng rng(1);
    add_tsunami(m, net, tsunami(30), 0, {}, rng, d);
    CHECK(hit_ids(m, net, d) == std::vector<std::string>{"at-height", "high-coastal", "low-coastal", "no-elevation"});
}

TEST_CASE("Deterministic repair: one step, at T for a lone asset of its class", "[hazard][tsunami]") {
    const auto m = coast_model();
    const auto net = build_network(m);
    Disruption d;
    Rng rng(1);
    add_tsunami(m, net, tsunami(10), 0, {}, rng, d);
    REQUIRE(d.damages.size() == 2);  // low-coastal (substation), no-elevation (water treatment)
    for (const auto& dm : d.damages) {
        const double t = tsunami_repair_days(m.nodes[static_cast<std::size_t>(net.units[dm.unit].node)].node_class) * 24;
        CHECK_THAT(dm.hold_h, WithinAbs(t, 1e-9));  // the median of U[T/2, 3T/2]
        CHECK(dm.recovery == Recovery::step);
        CHECK(damage_at(dm, dm.start_h + t - 1) == 1.0);
        CHECK(damage_at(dm, dm.start_h + t) == 0.0);
    }
    CHECK(tsunami_repair_days("substation") == 90);
    CHECK(tsunami_repair_days("water_treatment") == 180);
    CHECK(tsunami_repair_days("unknown") == 60);
}

TEST_CASE("Deterministic repair spreads a class's assets over [T/2, 3T/2]", "[hazard][tsunami]") {
    // Three substations and two water plants hit, repair_h 100: a class of n takes the quantiles
    // spread_quantiles(n) (three: .5, 1/6, 5/6; two: .75, .25), so repair ends at 100·(0.5 + q):
    // 100, 66.67, 133.33 h; 125, 75 h.
    auto m = coast_model();
    m.nodes.push_back(node("low-2", "substation", "miyagi-sendai", true, 1.0));
    m.nodes.push_back(node("low-3", "substation", "miyagi-sendai", true, 1.0));
    m.nodes.push_back(node("low-water", "water_treatment", "miyagi-ishinomaki", true, 1.0));
    const auto net = build_network(m);
    Disruption d;
    Rng rng(1);
    add_tsunami(m, net, tsunami(10, 100), 0, {}, rng, d);
    std::map<std::string, double> hold;
    for (const auto& dm : d.damages) hold[net.units[dm.unit].id] = dm.hold_h;
    REQUIRE(hold.size() == 5);
    CHECK_THAT(hold["low-coastal"], WithinAbs(100.0, 1e-9));
    CHECK_THAT(hold["low-2"], WithinAbs(200.0 / 3, 1e-9));
    CHECK_THAT(hold["low-3"], WithinAbs(400.0 / 3, 1e-9));
    CHECK_THAT(hold["no-elevation"], WithinAbs(125.0, 1e-9));
    CHECK_THAT(hold["low-water"], WithinAbs(75.0, 1e-9));
    // Their mean is T, as the samples' mean.
    double sum = 0;
    for (const auto& [id, h] : hold) sum += h;
    CHECK_THAT(sum / 5, WithinAbs(100.0, 1e-9));
}

TEST_CASE("Event repair_h overrides the class default — repair_scale shortens it", "[hazard][tsunami]") {
    auto m = coast_model();
    m.nodes[0].repair_scale = 0.5;  // low-coastal
    const auto net = build_network(m);
    Disruption d;
    Rng rng(1);
    add_tsunami(m, net, tsunami(10, 100), 0, {}, rng, d);
    for (const auto& dm : d.damages) {
        const double expected = net.units[dm.unit].id == "low-coastal" ? 50.0 : 100.0;
        CHECK_THAT(dm.hold_h, WithinAbs(expected, 1e-9));
    }
}

TEST_CASE("Monte Carlo repair is drawn in [T/2, 3T/2] and is seeded", "[hazard][tsunami]") {
    const auto m = coast_model();
    const auto net = build_network(m);
    HazardOptions mc;
    mc.sample = true;
    double lo = 1e9, hi = 0, sum = 0;
    int n = 0;
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
        Disruption d;
        Rng rng(seed);
        add_tsunami(m, net, tsunami(10, 100), 0, mc, rng, d);
        for (const auto& dm : d.damages) {
            CHECK(dm.recovery == Recovery::step);
            lo = std::min(lo, dm.hold_h);
            hi = std::max(hi, dm.hold_h);
            sum += dm.hold_h;
            ++n;
        }
    }
    CHECK(lo >= 50.0);
    CHECK(hi <= 150.0);
    CHECK_THAT(sum / n, WithinAbs(100.0, 2.0));  // uniform mean; sd of the mean ≈ 28.9/√4000 = 0.46
    Disruption a, b;
    Rng ra(9), rb(9);
    add_tsunami(m, net, tsunami(10, 100), 0, mc, ra, a);
    add_tsunami(m, net, tsunami(10, 100), 0, mc, rb, b);
    REQUIRE(a.damages.size() == b.damages.size());
    for (std::size_t i = 0; i < a.damages.size(); ++i) CHECK(a.damages[i].hold_h == b.damages[i].hold_h);
}
