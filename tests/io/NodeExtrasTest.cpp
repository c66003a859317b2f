// A node's rarely set fields are kept out of line (Node::extras in
// model/Model.hpp), boxed only when one is set: every reader must leave the box
// absent for a node without them, and every writer give them back as read.
#include <catch2/catch.hpp>

#include <string>

#include "io/GraphMl.hpp"
#include "io/ModelCache.hpp"
#include "io/ModelJson.hpp"

using namespace cisim;

TEST_CASE("a node's extras round-trip through JSON, GraphML and the model cache, boxed only when set",
          "[io][model-json][graphml][cache]") {
    const auto json = parse_model(R"({"schema": "cisim-model/1",
        "sectors": [{"id": "power"}],
        "nodes": [{"id": "plain", "sector": "power", "name": "Plain"},
                  {"id": "full", "sector": "power", "rolling_group": "2", "ref": "https://example.org/s",
                   "households": 1200, "population": 2750, "elevation_m": -1.5},
                  {"id": "zero", "sector": "power", "households": 0}]})",
                                  "m.json");
    const auto check = [](const Model& m) {
        REQUIRE(m.nodes.size() == 3);
        const auto& plain = m.nodes[0];
        CHECK_FALSE(plain.extras);
        CHECK(plain.name == "Plain");
        CHECK(plain.rolling_group().empty());
        CHECK(plain.ref().empty());
        CHECK_FALSE(plain.households());
        CHECK_FALSE(plain.population());
        CHECK_FALSE(plain.elevation_m());
        const auto& full = m.nodes[1];
        REQUIRE(full.extras);
        CHECK(full.rolling_group() == "2");
        CHECK(full.ref() == "https://example.org/s");
        CHECK(full.households() == 1200.0);
        CHECK(full.population() == 2750.0);
        CHECK(full.elevation_m() == -1.5);
        const auto& zero = m.nodes[2];
        REQUIRE(zero.extras);
        CHECK(zero.households() == 0.0);
    };
    check(json);
    const auto text = model_to_json(json);
    SECTION("JSON") {
        const auto back = parse_model(text, "back.json");
        check(back);
        CHECK(back.nodes == json.nodes);
        CHECK(model_to_json(back) == text);
    }
    SECTION("GraphML") {
        const auto back = model_from_graphml(model_to_graphml(json), "m.graphml");
        check(back);
        CHECK(back.nodes == json.nodes);
    }
    SECTION("the model cache") {
        const auto bytes = io::encode_model(json);
        const auto back = io::decode_model(bytes);
        REQUIRE(back);
        check(*back);
        CHECK(back->nodes == json.nodes);
        CHECK(model_to_json(*back) == text);
        CHECK(io::encode_model(*back) == bytes);
    }
    SECTION("an empty box encodes as none") {
        auto boxed = json;
        boxed.nodes[0].extras.edit();
        CHECK(io::encode_model(boxed) == io::encode_model(json));
        CHECK(model_to_json(boxed) == text);
    }
}
