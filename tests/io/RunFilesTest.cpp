// Result-file parts of the hazard report: hazard.csv's layout and the reach
// of each event in summary.json (entries and notes).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "io/RunFiles.hpp"

using namespace cisim;
using nlohmann::json;

namespace {

Model assets() {
    Model m;
    m.name = "m";
    Sector s;
    s.id = "power";
    m.sectors = {s};
    for (const auto* id : {"sub-a", "sub-b"}) {
        Node n;
        n.id = id;
        n.sector = "power";
        n.node_class = "substation";
        m.nodes.push_back(n);
    }
    return m;
}

Scenario two_events() {
    Scenario s;
    s.name = "s";
    Event quake;
    quake.kind = EventKind::earthquake;
    quake.id = "quake";
    Event wave;
    wave.kind = EventKind::tsunami;
    wave.target.region = "*";  // no id: reported as "tsunami#2"
    s.events = {quake, wave};
    return s;
}

}  // namespace

TEST_CASE("hazard.csv: a comment naming the damage states, then one row per asset and event", "[io][hazard]") {
    const auto m = assets();
    const auto net = build_network(m);
    const auto s = two_events();
    std::vector<AssetHazard> rows(2);
    rows[0].unit = 0;
    rows[0].event = 0;
    rows[0].shaking = SiteShaking{};
    rows[0].shaking->motion.pga_gal = 980.665 * 0.25;  // 0.25 g
    rows[0].shaking->motion.pgv_cm_s = 30;
    rows[0].shaking->intensity = 5.22;
    rows[0].shaking->probabilities = {0.4, 0.3, 0.2, 0.075, 0.025};
    rows[0].repair_h = 72;
    rows[1].unit = 1;
    rows[1].event = 1;
    rows[1].inundated = true;
    rows[1].repair_h = 2160;
    std::ostringstream out;
    write_hazard_csv(out, net, s, rows);
    std::istringstream in(out.str());
    std::string line;
    std::getline(in, line);
    CHECK(line.rfind("# damage states: Hazus slight/moderate/extensive/complete (sim/hazards/Fragility.hpp)", 0) == 0);
    std::getline(in, line);
    CHECK(line == "id,event,pga_g,pgv_cm_s,jma_intensity,p_slight,p_moderate,p_extensive,p_complete,inundated,repair_h");
    std::getline(in, line);
    CHECK(line == "sub-a,quake,0.25,30,5.2200,0.300000,0.200000,0.075000,0.025000,,72");
    std::getline(in, line);
    CHECK(line == "sub-b,tsunami#2,,,,,,,,1,2160");
    CHECK_FALSE(std::getline(in, line));
}

TEST_CASE("summary.json: every event's reach, and a note for one that damages nothing", "[io][hazard]") {
    const auto m = assets();
    const auto s = two_events();
    Result result;
    result.engine = "cascade";
    Scores scores;
    std::vector<EventReach> reach(2);
    reach[0].units_reached = 2;
    reach[0].units_damaged = 0;
    reach[0].max_jma_intensity = 3.04;
    reach[0].max_jma_unit = 1;
    reach[0].max_jma_at = "sub-b";
    reach[1].units_reached = 1;
    reach[1].units_damaged = 1;
    reach[1].units_inundated = 1;
    const RunSummary run{m, s, result, scores, {"m.json", ""}, {"s.json", ""}, nullptr, &reach};
    const auto j = json::parse(summary_json(run));
    REQUIRE(j["events"].size() == 2);
    const auto& q = j["events"][0];
    CHECK(q["id"] == "quake");
    CHECK(q["kind"] == "earthquake");
    CHECK(q["units_reached"] == 2);
    CHECK(q["units_damaged"] == 0);
    CHECK(q["max_jma_intensity"] == 3.04);
    CHECK(q["max_jma_at"] == "sub-b");
    CHECK_FALSE(q.contains("units_inundated"));
    const auto& w = j["events"][1];
    CHECK(w["id"] == "tsunami#2");
    CHECK(w["units_inundated"] == 1);
    CHECK(w["units_damaged"] == 1);
    CHECK_FALSE(w.contains("max_jma_intensity"));
    REQUIRE(j["notes"].size() == 1);
    CHECK(j["notes"][0] ==
          "event quake (earthquake) reaches 2 units (highest JMA intensity 3.0, class 3, at sub-b) but damages none");
}
