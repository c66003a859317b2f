// Result-file parts of the hazard report: hazard.csv's layout and the reach
// of each event in summary.json (entries and notes); the unit series forms.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <map>
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

TEST_CASE("summary.json lists the uncertain values, model's first, only when there are some", "[io][uncertain]") {
    auto m = assets();
    auto s = two_events();
    Result result;
    result.engine = "cascade";
    Scores scores;
    {
        const RunSummary run{m, s, result, scores, {"m.json", ""}, {"s.json", ""}, nullptr, nullptr};
        CHECK_FALSE(json::parse(summary_json(run)).contains("uncertain"));
    }
    m.uncertain.push_back({"/nodes/1/fragility_scale", "sub-b fragility_scale",
                           {Distribution::Kind::uniform, 1, 1, 3}, UncertainPlace::node, 1, "fragility_scale"});
    Distribution l;
    l.kind = Distribution::Kind::lognormal;
    l.median_value = 12;
    l.beta = 0.4;
    s.uncertain.push_back({"/events/0/duration_h", "quake duration_h", l, UncertainPlace::event, 0, "duration_h"});
    const RunSummary run{m, s, result, scores, {"m.json", ""}, {"s.json", ""}, nullptr, nullptr};
    const auto j = json::parse(summary_json(run));
    REQUIRE(j["uncertain"].size() == 2);
    CHECK(j["uncertain"][0]["parameter"] == "/nodes/1/fragility_scale");
    CHECK(j["uncertain"][0]["in"] == "model");
    CHECK(j["uncertain"][0]["distribution"] == "uniform(1, 3)");
    CHECK(j["uncertain"][0]["median"] == 2);
    CHECK(j["uncertain"][1]["in"] == "scenario");
    CHECK(j["uncertain"][1]["label"] == "quake duration_h");
    CHECK(j["uncertain"][1]["median"] == 12);
}

namespace {

// Units sub-a, sub-b over steps 0, 1, 2, 3 (sector curve: their mean).
Result curves(const Network& net) {
    Result r;
    r.times = {0, 1, 2, 3};
    r.sector_count = 1;
    r.unit_count = net.size();
    const std::vector<std::vector<float>> units = {
        {1.0f, 0.5f, 0.5f, 1.0f},               // sub-a: hit at 1, back at 3
        {1.0f, 1.0f, 0.25f, 0.25000003f},        // sub-b: hit at 2; at 3 a change no 6-decimal print shows
    };
    std::vector<float> dense;
    for (std::size_t k = 0; k < r.times.size(); ++k) {
        dense.push_back(units[0][k]);
        dense.push_back(units[1][k]);
        r.sector_operability.push_back((units[0][k] + units[1][k]) / 2);
    }
    r.unit_operability = UnitCurves::from_dense(dense, r.times.size(), r.unit_count);
    return r;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("unit_changes.csv: every unit at the first step, then only printed changes", "[io][timeseries]") {
    const auto m = assets();
    const auto net = build_network(m);
    REQUIRE(net.units[0].id == "sub-a");
    const auto r = curves(net);
    std::ostringstream changes;
    write_unit_changes_csv(changes, net, r);
    CHECK(lines(changes.str()) == std::vector<std::string>{"t_h,id,operability", "0,sub-a,1.000000", "0,sub-b,1.000000",
                                                           "1,sub-a,0.500000", "2,sub-b,0.250000", "3,sub-a,1.000000"});
    // Sector rows alone when the unit rows go to unit_changes.csv.
    std::ostringstream sectors;
    write_timeseries_csv(sectors, m, net, r, false);
    CHECK(lines(sectors.str()) == std::vector<std::string>{"t_h,level,id,operability", "0,sector,power,1.000000",
                                                           "1,sector,power,0.750000", "2,sector,power,0.375000",
                                                           "3,sector,power,0.625000"});
}

TEST_CASE("unit_changes.csv expanded (absent units keep their value) is the full form's node rows", "[io][timeseries]") {
    const auto m = assets();
    const auto net = build_network(m);
    const auto r = curves(net);
    std::ostringstream full, changes;
    write_timeseries_csv(full, m, net, r);
    write_unit_changes_csv(changes, net, r);
    std::vector<std::string> node_rows;
    for (const auto& line : lines(full.str()))
        if (line.find(",node,") != std::string::npos) node_rows.push_back(line);
    std::map<std::string, std::string> value;  // id -> printed operability
    std::map<std::string, std::vector<std::string>> by_time;
    for (const auto& line : lines(changes.str())) {
        if (line == "t_h,id,operability") continue;
        const auto a = line.find(',');
        by_time[line.substr(0, a)].push_back(line.substr(a + 1));
    }
    std::vector<std::string> expanded;
    for (const double t : r.times) {
        const auto key = std::to_string(static_cast<int>(t));
        for (const auto& cell : by_time[key]) value[cell.substr(0, cell.find(','))] = cell.substr(cell.find(',') + 1);
        for (const auto& unit : net.units) expanded.push_back(key + ",node," + unit.id + "," + value.at(unit.id));
    }
    CHECK(expanded == node_rows);
    CHECK(node_rows.size() == 8);
}

TEST_CASE("Unit series: automatic is full up to the row limit, changes above, full without unit curves",
          "[io][timeseries]") {
    Result r;
    r.times = {0, 1, 2, 3, 4};
    r.unit_count = full_unit_rows_limit / r.times.size();
    CHECK(unit_series_form(r, UnitSeries::automatic) == UnitSeries::full);  // no curves recorded
    CHECK(unit_series_form(r, UnitSeries::changes) == UnitSeries::full);
    r.unit_operability = UnitCurves::from_dense(std::vector<float>(r.unit_count * r.times.size(), 1.0f), r.times.size(), r.unit_count);
    CHECK(unit_series_form(r, UnitSeries::automatic) == UnitSeries::full);
    CHECK(unit_series_form(r, UnitSeries::changes) == UnitSeries::changes);
    r.unit_count += 1;
    r.unit_operability = UnitCurves::from_dense(std::vector<float>(r.unit_count * r.times.size(), 1.0f), r.times.size(), r.unit_count);
    CHECK(unit_series_form(r, UnitSeries::automatic) == UnitSeries::changes);
    CHECK(unit_series_form(r, UnitSeries::full) == UnitSeries::full);
}
