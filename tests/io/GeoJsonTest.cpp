// affected.geojson: which nodes are listed, RFC 7946 coordinate order, and the
// worst state / first impact / recovery figures of a hand-made Result.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "io/GeoJson.hpp"

using namespace cisim;
using nlohmann::json;

namespace {

Model two_hospitals() {
    Model m;
    m.name = "geo";
    Sector medical;
    medical.id = "medical";
    m.sectors.push_back(medical);
    Sector water;  // sector-level: no place, never listed
    water.id = "water";
    m.sectors.push_back(water);
    auto add = [&](std::string id, std::optional<double> lat, std::optional<double> lon) {
        Node n;
        n.id = id;
        n.name = "Hospital \"" + id + "\"";
        n.sector = "medical";
        n.node_class = "hospital";
        n.region = "tokyo-minato";
        n.lat = lat;
        n.lon = lon;
        m.nodes.push_back(n);
    };
    add("hit", 35.65, 139.74);
    add("recovers", 35.70, 139.80);
    add("untouched", 35.60, 139.70);
    add("no-place", std::nullopt, std::nullopt);
    return m;
}

// Times 0, 1, 2, 3; units in network order: hit, recovers, untouched, no-place, water.
Result result_for(const Network& net) {
    Result r;
    r.times = {0, 1, 2, 3};
    r.unit_count = net.size();
    const std::vector<std::vector<float>> series = {
        {1.0f, 0.4f, 0.2f, 0.5f},      // hit: never back
        {1.0f, 0.95f, 0.999f, 1.0f},   // recovers: impaired at t = 1 only → back at t = 2
        {1.0f, 1.0f, 0.995f, 1.0f},    // untouched: never below 0.99
        {0.1f, 0.1f, 0.1f, 0.1f},      // no-place: impaired but without coordinates
        {0.0f, 0.0f, 0.0f, 0.0f},      // water (sector-level)
    };
    std::vector<float> dense(r.times.size() * r.unit_count);
    for (std::size_t t = 0; t < r.times.size(); ++t)
        for (std::size_t u = 0; u < r.unit_count; ++u) {
            const auto& id = net.units[u].id;
            const std::size_t row = id == "hit" ? 0 : id == "recovers" ? 1 : id == "untouched" ? 2 : id == "no-place" ? 3 : 4;
            dense[t * r.unit_count + u] = series[row][t];
        }
    r.unit_operability = UnitCurves::from_dense(dense, r.times.size(), r.unit_count);
    return r;
}

}  // namespace

TEST_CASE("Affected assets: impaired nodes with coordinates only", "[io][geojson]") {
    const auto m = two_hospitals();
    const auto net = build_network(m);
    const auto doc = json::parse(affected_geojson(m, net, result_for(net)));
    CHECK(doc["type"] == "FeatureCollection");
    REQUIRE(doc["features"].size() == 2);
    const auto& hit = doc["features"][0];
    CHECK(hit["type"] == "Feature");
    CHECK(hit["geometry"]["type"] == "Point");
    // RFC 7946: [longitude, latitude]
    CHECK(hit["geometry"]["coordinates"][0] == 139.74);
    CHECK(hit["geometry"]["coordinates"][1] == 35.65);
    const auto& p = hit["properties"];
    CHECK(p["id"] == "hit");
    CHECK(p["name"] == "Hospital \"hit\"");
    CHECK(p["sector"] == "medical");
    CHECK(p["class"] == "hospital");
    CHECK(p["region"] == "tokyo-minato");
    CHECK(p["worst_operability"].get<double>() == Approx(0.2).margin(1e-6));
    CHECK(p["first_impact_h"] == 1.0);
    CHECK(p["time_to_recover_h"].is_null());

    const auto& rec = doc["features"][1]["properties"];
    CHECK(rec["id"] == "recovers");
    CHECK(rec["worst_operability"].get<double>() == Approx(0.95).margin(1e-6));
    CHECK(rec["first_impact_h"] == 1.0);
    CHECK(rec["time_to_recover_h"] == 2.0);
}

TEST_CASE("Without node series the collection is empty", "[io][geojson]") {
    const auto m = two_hospitals();
    const auto net = build_network(m);
    Result r;
    r.times = {0, 1};
    const auto doc = json::parse(affected_geojson(m, net, r));
    CHECK(doc["type"] == "FeatureCollection");
    CHECK(doc["features"].empty());
}

TEST_CASE("Affected assets carry JMA intensity and damage-state probabilities of the strongest shaking",
          "[io][geojson][hazard]") {
    const auto m = two_hospitals();
    const auto net = build_network(m);
    const auto hit = net.unit_index.at("hit");
    // Two earthquakes at "hit": the second has the higher PGA but the lower intensity.
    std::vector<AssetHazard> rows(2);
    for (std::uint32_t k = 0; k < 2; ++k) {
        rows[k].unit = hit;
        rows[k].event = k;
        rows[k].shaking = SiteShaking{};
        rows[k].shaking->unit = hit;
    }
    rows[0].shaking->motion.pga_gal = 200;
    rows[0].shaking->intensity = 5.6;
    rows[0].shaking->probabilities = {0.5, 0.2, 0.15, 0.1, 0.05};
    rows[1].shaking->motion.pga_gal = 300;
    rows[1].shaking->intensity = 5.4;
    rows[1].shaking->probabilities = {0.3, 0.25, 0.2, 0.15, 0.1};
    const auto doc = json::parse(affected_geojson(m, net, result_for(net), &rows));
    REQUIRE(doc["features"].size() == 2);
    const auto& p = doc["features"][0]["properties"];
    CHECK(p["id"] == "hit");
    CHECK(p["jma_intensity"] == 5.6);
    CHECK(p["p_slight"] == 0.25);
    CHECK(p["p_moderate"] == 0.2);
    CHECK(p["p_extensive"] == 0.15);
    CHECK(p["p_complete"] == 0.1);
    // No earthquake row for "recovers": the keys are there, null.
    const auto& rec = doc["features"][1]["properties"];
    CHECK(rec["jma_intensity"].is_null());
    CHECK(rec["p_complete"].is_null());
}

TEST_CASE("affected.geojson is the collection's two-space dump, one line above 10,000 features", "[io][geojson]") {
    auto m = two_hospitals();
    const auto net = build_network(m);
    const auto text = affected_geojson(m, net, result_for(net));
    CHECK(nlohmann::ordered_json::parse(text).dump(2) + "\n" == text);
    Model big;
    big.name = "big";
    Sector s;
    s.id = "medical";
    big.sectors = {s};
    for (int i = 0; i < 10'001; ++i) {
        Node n;
        n.id = "h" + std::to_string(i);
        n.sector = "medical";
        n.lat = 35.0;
        n.lon = 139.0;
        big.nodes.push_back(n);
    }
    const auto big_net = build_network(big);
    Result r;
    r.times = {0, 1};
    r.unit_count = big_net.size();
    r.unit_operability = UnitCurves::from_dense(std::vector<float>(2 * r.unit_count, 0.5f), 2, r.unit_count);
    const auto compact = affected_geojson(big, big_net, r);
    CHECK(std::count(compact.begin(), compact.end(), '\n') == 1);
    const auto doc = nlohmann::ordered_json::parse(compact);
    CHECK(doc["features"].size() == 10'001);
    CHECK(doc.dump() + "\n" == compact);
    big.nodes.pop_back();
    const auto smaller_net = build_network(big);
    r.unit_count = smaller_net.size();
    r.unit_operability = UnitCurves::from_dense(std::vector<float>(2 * r.unit_count, 0.5f), 2, r.unit_count);
    const auto indented = affected_geojson(big, smaller_net, r);
    CHECK(nlohmann::ordered_json::parse(indented).dump(2) + "\n" == indented);
}
