// What the reports show of the hazards: rows per exposed asset and event,
// repair times read from the Disruption, and each event's reach.
#include <catch2/catch.hpp>

#include "hazards/Earthquake.hpp"
#include "hazards/HazardReport.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Network.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;

namespace {

Sector sector(std::string id) {
    Sector s;
    s.id = std::move(id);
    return s;
}

Node node(std::string id, std::string region, std::optional<double> lat, std::optional<double> lon, bool coastal,
          double elevation_m = 0) {
    Node n;
    n.id = std::move(id);
    n.sector = "power";
    n.node_class = "substation";
    n.region = std::move(region);
    n.lat = lat;
    n.lon = lon;
    n.coastal = coastal;
    n.set_elevation_m(elevation_m);
    return n;
}

/// power: "near" (35.65 N, coastal at 2 m), "far" (~484 km north, coastal at 20 m),
/// "inland" (no coordinates, not coastal); finance: sector-level.
Model grid() {
    Model m;
    m.sectors = {sector("power"), sector("finance")};
    m.nodes = {node("near", "tokyo-minato", 35.65, 139.75, true, 2),
               node("far", "tohoku-aomori", 40.0, 139.75, true, 20),
               node("inland", "tokyo-chiyoda", std::nullopt, std::nullopt, false)};
    return m;
}

Event quake() {
    Event e;
    e.kind = EventKind::earthquake;
    e.id = "quake";
    e.lat = 35.65;
    e.lon = 139.75;
    e.depth_km = 30;
    e.mw = 7.3;
    return e;
}

Event wave(const std::string& region, double height_m) {
    Event e;
    e.kind = EventKind::tsunami;
    e.id = "wave";
    e.target.region = region;
    e.height_m = height_m;
    e.start_h = 1;
    return e;
}

Event outage(const std::string& target) {
    Event e;
    e.kind = EventKind::it_outage;
    e.target.id = target;
    e.duration_h = 4;
    return e;
}

}  // namespace

TEST_CASE("Hazard rows: every located asset per earthquake, every coastal asset in the region per tsunami",
          "[hazard][report]") {
    const auto m = grid();
    const auto net = build_network(m);
    Scenario s;
    s.events = {quake(), outage("finance"), wave("*", 10)};
    const auto rows = asset_hazards(m, net, s);
    REQUIRE(rows.size() == 4);
    const auto shaking = earthquake_shaking(m, net, s.events[0]);
    for (std::size_t k = 0; k < 2; ++k) {
        CHECK(rows[k].event == 0);
        CHECK(rows[k].unit == shaking[k].unit);
        REQUIRE(rows[k].shaking);
        CHECK(rows[k].shaking->intensity == shaking[k].intensity);
        CHECK(rows[k].shaking->probabilities == shaking[k].probabilities);
        CHECK_FALSE(rows[k].inundated);
    }
    CHECK(net.units[rows[0].unit].id == "near");
    CHECK(net.units[rows[1].unit].id == "far");
    // The tsunami: both coastal nodes are exposed; only "near" (2 m) is below 10 m.
    CHECK(rows[2].event == 2);
    CHECK(net.units[rows[2].unit].id == "near");
    CHECK(rows[2].inundated == std::optional<bool>(true));
    CHECK(net.units[rows[3].unit].id == "far");
    CHECK(rows[3].inundated == std::optional<bool>(false));
    CHECK_FALSE(rows[3].shaking);

    Scenario none;
    none.events = {outage("power")};
    CHECK(asset_hazards(m, net, none).empty());
}

TEST_CASE("Repair time: the damage's full-loss period and recovery, cut short by a restore", "[hazard][report]") {
    const auto m = grid();
    const auto net = build_network(m);
    std::vector<AssetHazard> rows(3);
    rows[0].unit = 0;  // near, event 0
    rows[1].unit = 1;  // far, event 0: undamaged
    rows[2].unit = 0;  // near, event 1
    rows[2].event = 1;
    Disruption d;
    d.damages.push_back({0, 0, 2, 0.5, 10, Recovery::linear, 20, nullptr});  // repaired 10 + 20 = 30 h after its start
    d.damages.push_back({0, 1, 5, 1.0, 40, Recovery::step, 0, nullptr});
    d.damages.push_back({0, 1, 5, 0.2, 8, Recovery::linear, 8, nullptr});   // a shorter one of the same event
    auto hours = repair_hours(rows, d);
    CHECK(hours == std::vector<double>{30, 0, 40});

    d.restorations.push_back({0, 2, 25});  // restored at t = 25 h: 23 h after the first damage, 20 h after the second
    hours = repair_hours(rows, d);
    CHECK_THAT(hours[0], WithinAbs(23, 1e-12));
    CHECK_THAT(hours[2], WithinAbs(20, 1e-12));
    d.restorations[0].at_h = 1;  // before both damages began: no effect (as in the engines)
    CHECK(repair_hours(rows, d) == std::vector<double>{30, 0, 40});

    set_repair_h(rows, d);
    CHECK(rows[0].repair_h == 30);
    CHECK(rows[2].repair_h == 40);
}

TEST_CASE("Event reach: units reached, damaged, inundated and the strongest shaking", "[hazard][report]") {
    const auto m = grid();
    const auto net = build_network(m);
    Scenario s;
    s.events = {quake(), outage("power"), wave("tokyo-*", 10), wave("tohoku-*", 10)};
    const auto rows = asset_hazards(m, net, s);
    const auto d = compile_disruption(m, net, s, {});
    const auto reach = event_reach(m, net, s, rows, d);
    REQUIRE(reach.size() == 4);

    // The earthquake shakes both located assets; it damages "near" only (EarthquakeTest).
    CHECK(reach[0].units_reached == 2);
    CHECK(reach[0].units_damaged == 1);
    REQUIRE(reach[0].max_jma_intensity);
    CHECK_THAT(*reach[0].max_jma_intensity, WithinAbs(5.8818, 1e-3));
    CHECK(reach[0].max_jma_at == "near");
    CHECK_FALSE(reach[0].units_inundated);
    // The outage selects the three power assets and damages them.
    CHECK(reach[1].units_reached == 3);
    CHECK(reach[1].units_damaged == 3);
    CHECK_FALSE(reach[1].max_jma_intensity);
    // tokyo-*: "near" is coastal and 2 m high: inundated; "inland" is not coastal: not exposed.
    CHECK(reach[2].units_reached == 1);
    CHECK(reach[2].units_inundated == std::optional<std::size_t>(1));
    CHECK(reach[2].units_damaged == 1);
    // tohoku-*: "far" stands 20 m above a 10 m run-up: reached, not inundated, not damaged.
    CHECK(reach[3].units_reached == 1);
    CHECK(reach[3].units_inundated == std::optional<std::size_t>(0));
    CHECK(reach[3].units_damaged == 0);
}
