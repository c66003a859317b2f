// Monte Carlo repair times of exposed assets: the median over the samples'
// own disruptions, undamaged samples counting as 0 h.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hazards/ScenarioHazards.hpp"
#include "model/Network.hpp"
#include "montecarlo/HazardSamples.hpp"
#include "montecarlo/MonteCarlo.hpp"

using namespace cisim;

namespace {

/// Two coastal substations; "low" is flooded by a 5 m run-up, "high" is not.
Model coast() {
    Model m;
    Sector s;
    s.id = "power";
    m.sectors = {s};
    for (const auto& [id, elevation] : {std::pair{"low", 1.0}, std::pair{"high", 30.0}}) {
        Node n;
        n.id = id;
        n.sector = "power";
        n.node_class = "substation";
        n.region = "coast";
        n.coastal = true;
        n.set_elevation_m(elevation);
        m.nodes.push_back(n);
    }
    return m;
}

Scenario flood() {
    Scenario s;
    Event e;
    e.kind = EventKind::tsunami;
    e.target.region = "*";
    e.height_m = 5;
    e.repair_h = 100;  // each sample draws 100 × U(0.5, 1.5) h
    s.events = {e};
    return s;
}

/// Repair time of unit 0 ("low") in sample i, read straight from that sample's disruption.
double sample_repair(const Model& m, const Network& net, const Scenario& s, std::uint64_t seed, int i) {
    const auto d = compile_disruption(m, net, s, {true, sample_seed(seed, static_cast<std::uint64_t>(i))});
    REQUIRE(d.damages.size() == 1);
    return d.damages[0].hold_h + d.damages[0].recovery_h;
}

}  // namespace

TEST_CASE("Monte Carlo repair time is the median of the samples' own draws", "[montecarlo][hazard]") {
    const auto m = coast();
    const auto net = build_network(m);
    const auto s = flood();
    auto rows = asset_hazards(m, net, s);
    REQUIRE(rows.size() == 2);

    std::vector<double> draws;
    for (int i = 0; i < 4; ++i) draws.push_back(sample_repair(m, net, s, 7, i));
    for (double h : draws) CHECK((h >= 50 && h <= 150));

    set_median_repair_h(m, net, s, 3, 7, rows);
    auto three = std::vector<double>(draws.begin(), draws.begin() + 3);
    std::sort(three.begin(), three.end());
    CHECK(rows[0].repair_h == three[1]);
    CHECK(rows[1].repair_h == 0);  // never flooded

    set_median_repair_h(m, net, s, 4, 7, rows);
    std::sort(draws.begin(), draws.end());
    CHECK(rows[0].repair_h == Approx((draws[1] + draws[2]) / 2));
}
