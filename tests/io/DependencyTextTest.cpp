// A dependency's source and note are kept out of line (Dependency::text in
// model/Model.hpp), boxed only when there is some: every reader must leave
// the box absent for a dependency without them, or a model of millions of
// dependencies pays a box for each.
#include <catch2/catch.hpp>

#include <string>

#include "io/GraphMl.hpp"
#include "io/ModelCache.hpp"
#include "io/ModelJson.hpp"

using namespace cisim;

TEST_CASE("readers box a dependency's source and note only when it has some", "[io][model-json][graphml][cache]") {
    const auto json = parse_model(R"({"schema": "cisim-model/1",
        "sectors": [{"id": "power"}, {"id": "telecom"}, {"id": "water"}],
        "dependencies": [{"from": "power", "to": "telecom", "group": "g"},
                         {"from": "power", "to": "water", "note": "why"},
                         {"from": "telecom", "to": "water", "source": "s"}]})",
                                  "m.json");
    const auto check = [](const Model& m) {
        REQUIRE(m.dependencies.size() == 3);
        CHECK_FALSE(m.dependencies[0].text);
        CHECK(m.dependencies[0].group == "g");
        CHECK(m.dependencies[0].source().empty());
        REQUIRE(m.dependencies[1].text);
        CHECK(m.dependencies[1].note() == "why");
        CHECK(m.dependencies[1].source().empty());
        REQUIRE(m.dependencies[2].text);
        CHECK(m.dependencies[2].source() == "s");
        CHECK(m.dependencies[2].note().empty());
    };
    SECTION("JSON") { check(json); }
    SECTION("GraphML") { check(model_from_graphml(model_to_graphml(json), "m.graphml")); }
    SECTION("the model cache") {
        const auto back = io::decode_model(io::encode_model(json));
        REQUIRE(back);
        check(*back);
    }
}
