// Uncertain values ({"uncertain": …}) through GraphML: carried as their model
// JSON text (<field>_json), read back with the JSON reader's checks, and
// listed in Model::uncertain under the pointers of the converted model.json.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"

using namespace cisim;

namespace {

std::string source_path(const std::string& name) { return std::string(CISIM_SOURCE_DIR) + "/" + name; }

// Every place a model may hold an uncertain value, and one plain node.
const char* const all_places = R"({"schema": "cisim-model/1", "name": "m",
  "sectors": [{"id": "power", "mtpd_h": {"uncertain": "lognormal", "median": 30, "beta": 0.5, "source": "a <b> & c"}},
              {"id": "water", "rto_h": {"uncertain": "uniform", "min": 2, "max": 6}, "mtpd_h": 48}],
  "nodes": [{"id": "p0", "sector": "power"},
            {"id": "p1", "sector": "power", "fragility_scale": {"uncertain": "triangular", "min": 1, "mode": 2, "max": 4}}],
  "dependencies": [{"from": "power", "to": "water", "strength": {"uncertain": "uniform", "min": 0.2, "max": 0.6},
                    "buffer_h": {"uncertain": "triangular", "min": 1, "mode": 3, "max": 24}, "refill_h": {"uncertain": "uniform", "min": 5, "max": 15},
                    "delay_h": {"uncertain": "lognormal", "median": 2, "beta": 0.3}}]})";

void require_same_uncertain(const Model& back, const Model& model) {
    REQUIRE(back.uncertain.size() == model.uncertain.size());
    for (std::size_t k = 0; k < model.uncertain.size(); ++k) {
        const auto& a = back.uncertain[k];
        const auto& b = model.uncertain[k];
        INFO(b.pointer);
        CHECK(a.pointer == b.pointer);
        CHECK(a.label == b.label);
        CHECK(a.place == b.place);
        CHECK(a.index == b.index);
        CHECK(a.field == b.field);
        CHECK(a.source == b.source);
        CHECK(a.distribution.kind == b.distribution.kind);
        CHECK(a.distribution.describe() == b.distribution.describe());
        CHECK(a.distribution.median() == b.distribution.median());
    }
}

// `model` → GraphML → Model, and that model's JSON → Model (what `cisim convert` does both ways).
void require_round_trip(const Model& model) {
    const auto back = model_from_graphml(model_to_graphml(model), "m.graphml");
    require_same_uncertain(back, model);
    CHECK(model_to_json(back) == model_to_json(model));  // the same medians and values as given
    const auto again = parse_model(model_to_json(back), "m.json");
    require_same_uncertain(again, model);
}

// The error reading `text` raises (as GraphML when `graphml`), or an empty one.
InputError error_of(const std::string& text, bool graphml) {
    try {
        if (graphml) model_from_graphml(text, "m.graphml");
        else parse_model(text, "m.json");
    } catch (const InputError& e) {
        return e;
    }
    return InputError("", "", "");
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

std::string xml_text(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '<' ? "&lt;" : c == '&' ? "&amp;" : c == '>' ? "&gt;" : std::string(1, c);
    return out;
}

}  // namespace

TEST_CASE("GraphML round trip keeps a model's uncertain values", "[io][graphml][uncertain]") {
    for (const auto* file : {"models/japan-ci-uncertain.json", "tests/fixtures/sensitivity-two-suppliers.json"}) {
        INFO(file);
        const auto model = load_model(source_path(file));
        REQUIRE(!model.uncertain.empty());
        require_round_trip(model);
    }
}

TEST_CASE("GraphML carries uncertain values of sectors, nodes and dependencies", "[io][graphml][uncertain]") {
    const auto model = parse_model(all_places, "m.json");
    REQUIRE(model.uncertain.size() == 7);
    require_round_trip(model);
    const auto graphml = model_to_graphml(model);
    CHECK_THAT(graphml, Catch::Contains(R"(<data key="n_rto_h_json">{"uncertain":"uniform","min":2,"max":6}</data>)"));
    CHECK_THAT(graphml, Catch::Contains(R"(<data key="n_fragility_scale_json">{"uncertain":"triangular","min":1,"mode":2,"max":4}</data>)"));
    const auto back = model_from_graphml(graphml, "m.graphml");
    // the pointers the values have in the converted model.json, in parse_model's order
    std::vector<std::string> pointers;
    for (const auto& p : back.uncertain) pointers.push_back(p.pointer);
    CHECK(pointers == std::vector<std::string>{"/nodes/1/fragility_scale", "/dependencies/0/strength",
                                               "/dependencies/0/buffer_h", "/dependencies/0/refill_h",
                                               "/dependencies/0/delay_h", "/sectors/0/mtpd_h", "/sectors/1/rto_h"});
    CHECK(back.uncertain[0].label == "p1 fragility_scale");
    CHECK(back.uncertain[6].label == "water rto_h");
    CHECK(back.sectors[1].rto_h == Approx(4));  // the median
    CHECK(back.nodes[1].fragility_scale == Approx(4 - std::sqrt(3.0)));  // triangular(1, 2, 4): 4 − sqrt(0.5 × 3 × 2)
}

TEST_CASE("a GraphML model whose edges are regrouped lists its uncertain values by the dependencies' order",
          "[io][graphml][uncertain]") {
    const auto model = load_model(source_path("tests/fixtures/sensitivity-two-suppliers.json"));
    auto graphml = model_to_graphml(model);
    // move edge d0 after d1 (as NetworkX regroups edges); its id restores the order
    const auto d0 = graphml.find("    <edge id=\"d0\"");
    const auto d1 = graphml.find("    <edge id=\"d1\"");
    const auto end = graphml.find("  </graph>");
    const auto first = graphml.substr(d0, d1 - d0);
    graphml = graphml.substr(0, d0) + graphml.substr(d1, end - d1) + first + graphml.substr(end);
    const auto back = model_from_graphml(graphml, "m.graphml");
    require_same_uncertain(back, model);
}

TEST_CASE("a bad uncertain value in GraphML is the JSON reader's error at its data", "[io][graphml][uncertain]") {
    const auto graphml = model_to_graphml(parse_model(all_places, "m.json"));
    struct Case {
        std::string json_given, graphml_given, bad, json_pointer, data;
    };
    const std::vector<Case> cases = {
        {R"({"uncertain": "uniform", "min": 0.2, "max": 0.6})", R"({"max":0.6,"min":0.2,"uncertain":"uniform"})",
         R"({"uncertain": "uniform", "min": 0.5, "max": 1.5})", "/dependencies/0/strength", "e_strength_json"},
        {R"({"uncertain": "uniform", "min": 2, "max": 6})", R"({"uncertain":"uniform","min":2,"max":6})",
         R"({"uncertain": "uniform", "min": 6, "max": 2})", "/sectors/1/rto_h", "n_rto_h_json"},
        {R"({"uncertain": "triangular", "min": 1, "mode": 2, "max": 4})", R"({"uncertain":"triangular","min":1,"mode":2,"max":4})",
         R"({"uncertain": "triangular", "min": 1, "mode": 5, "max": 4})", "/nodes/1/fragility_scale",
         "n_fragility_scale_json"},
        // schema violations: the schema's message, at the same place inside the value
        {R"({"uncertain": "uniform", "min": 2, "max": 6})", R"({"uncertain":"uniform","min":2,"max":6})",
         R"({"uncertain": "uniform", "min": 2, "max": 6, "x": "<&>"})", "/sectors/1/rto_h", "n_rto_h_json"},
        {R"({"uncertain": "lognormal", "median": 2, "beta": 0.3})", R"({"beta":0.3,"median":2,"uncertain":"lognormal"})",
         R"({"uncertain": "lognormal", "median": -2, "beta": 0.3})", "/dependencies/0/delay_h", "e_delay_h_json"},
    };
    for (const auto& c : cases) {
        INFO(c.bad);
        const auto from_json = error_of(replaced(all_places, c.json_given, c.bad), false);
        REQUIRE(from_json.pointer().rfind(c.json_pointer, 0) == 0);
        const auto inside = from_json.pointer().substr(c.json_pointer.size());
        const auto e = error_of(replaced(graphml, c.graphml_given, xml_text(c.bad)), true);
        CHECK(e.file() == "m.graphml");
        CHECK_THAT(e.pointer(), Catch::StartsWith("/graphml/graph[1]/"));
        CHECK_THAT(e.pointer(), Catch::EndsWith("/data[@key='" + c.data + "']" + inside));
        CHECK(e.message() == from_json.message());
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
}

TEST_CASE("a GraphML <field>_json that is no uncertain value is an input error", "[io][graphml][uncertain]") {
    const auto graphml = model_to_graphml(parse_model(all_places, "m.json"));
    const std::string given = R"({"uncertain":"uniform","min":2,"max":6})";
    auto e = error_of(replaced(graphml, given, "4"), true);
    CHECK_THAT(e.pointer(), Catch::EndsWith("/data[@key='n_rto_h_json']"));
    CHECK(e.message() == R"(expected an uncertain value, {"uncertain": …})");
    e = error_of(replaced(graphml, given, R"({"uncertain": )"), true);
    CHECK_THAT(e.pointer(), Catch::EndsWith("/data[@key='n_rto_h_json']"));
    CHECK_THAT(e.message(), Catch::StartsWith("not an uncertain value's JSON: "));
    // a sector's field on an asset is an error, as in JSON
    e = error_of(replaced(graphml, R"(<data key="n_fragility_scale_json">)", R"(<data key="n_rto_h_json">)"), true);
    CHECK_THAT(e.pointer(), Catch::Contains("/node[4]"));
}

// Spreads and by-year values are kept as JSON text too: the same checks apply.
TEST_CASE("a bad spread or by-year value in GraphML is the JSON reader's error at its data", "[io][graphml][population]") {
    const std::string model = R"({"schema": "cisim-model/1", "name": "m",
      "sectors": [{"id": "power"}, {"id": "water", "repair_scale": {"spread": "uniform", "min": 0.5, "max": 2}}],
      "dependencies": [{"from": "power", "to": "water", "buffer_h": {"spread": "uniform", "min": 2, "max": 6}}]})";
    const auto graphml = model_to_graphml(parse_model(model, "m.json"));
    // The first <data key="KEY"> of the GraphML text, given `text` instead.
    auto with_data = [&](const std::string& key, const std::string& text) {
        const std::string open = "<data key=\"" + key + "\">";
        const auto at = graphml.find(open);
        REQUIRE(at != std::string::npos);
        const auto end = graphml.find("</data>", at);
        return graphml.substr(0, at + open.size()) + xml_text(text) + graphml.substr(end);
    };
    struct Case {
        std::string json_given, bad, json_pointer, data;
    };
    const std::string buffer = R"({"spread": "uniform", "min": 2, "max": 6})";
    const std::string repair = R"({"spread": "uniform", "min": 0.5, "max": 2})";
    const std::vector<Case> cases = {
        {buffer, R"({"spread": "uniform", "min": 2, "max": 6, "bogus": 1})", "/dependencies/0/buffer_h", "e_buffer_h_json"},
        {buffer, R"({"spread": "mixture", "parts": [[1.5, 2], [-0.5, 3]]})", "/dependencies/0/buffer_h", "e_buffer_h_json"},
        {buffer, R"({"spread": "uniform", "min": "x", "max": 3})", "/dependencies/0/buffer_h", "e_buffer_h_json"},
        {buffer, R"({"by_year": [{"from": 2011, "value": {"spread": "uniform", "min": 1}}]})", "/dependencies/0/buffer_h",
         "e_buffer_h_json"},
        {repair, R"({"spread": "uniform", "min": 0.5})", "/sectors/1/repair_scale", "n_repair_scale_json"},
    };
    for (const auto& c : cases) {
        INFO(c.bad);
        const auto from_json = error_of(replaced(model, c.json_given, c.bad), false);
        REQUIRE(from_json.pointer().rfind(c.json_pointer, 0) == 0);
        const auto inside = from_json.pointer().substr(c.json_pointer.size());
        const auto e = error_of(with_data(c.data, c.bad), true);
        CHECK(e.file() == "m.graphml");
        CHECK_THAT(e.pointer(), Catch::EndsWith("/data[@key='" + c.data + "']" + inside));
        CHECK(e.message() == from_json.message());
    }
}
