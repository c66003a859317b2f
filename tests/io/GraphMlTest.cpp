#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/Dot.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"

using namespace cisim;

namespace {

std::string fixture_path(const std::string& name) { return std::string(CISIM_SOURCE_DIR) + "/tests/fixtures/" + name; }

const char* const header = R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k_kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="k_sector" for="node" attr.name="sector" attr.type="string"/>
  <key id="k_weight" for="node" attr.name="weight" attr.type="double"/>
  <key id="k_strength" for="edge" attr.name="strength" attr.type="double"/>
)";

// A small document: header keys, then `body` inside <graph>.
std::string document(const std::string& body) {
    return std::string(header) + "  <graph edgedefault=\"directed\">\n" + body + "  </graph>\n</graphml>\n";
}

// The InputError `text` raises, or an empty one when it parses.
InputError error_of(const std::string& text) {
    try {
        model_from_graphml(text, "bad.graphml");
    } catch (const InputError& e) {
        return e;
    }
    return InputError("", "", "");
}

}  // namespace

TEST_CASE("GraphML round trip keeps every field of a rich model", "[io][graphml]") {
    const auto model = load_model(fixture_path("rich.json"));
    const auto graphml = model_to_graphml(model);
    const auto back = model_from_graphml(graphml, "rich.graphml");
    CHECK(back.file == "rich.graphml");
    CHECK(model_to_json(back) == model_to_json(model));
    // Free text for readers is kept too (the JSON comparison alone would pass if both dropped it).
    CHECK(back.description == "Free text for readers & <markup>\nsecond line");
    CHECK(back.sectors[0].description == "what the sector covers");
    REQUIRE(!back.dependencies.empty());
    const auto noted = std::count_if(back.dependencies.begin(), back.dependencies.end(),
                                     [](const Dependency& d) { return d.note == "why half an hour & <why not>"; });
    CHECK(noted == 1);
    // Households and people served, on a node and on a sector.
    CHECK(back.nodes[0].households == 45000.0);
    CHECK(back.nodes[0].population == 98000.0);
    CHECK(back.sectors[3].households == 1200.0);
    CHECK(back.sectors[3].population == 2750.0);
    // Twice round is a fixed point of the text too.
    CHECK(model_to_graphml(back) == graphml);
}

TEST_CASE("GraphML round trip of sector-level fixtures", "[io][graphml]") {
    for (const auto* name : {"loops.json", "redundant.json"}) {
        const auto model = load_model(fixture_path(name));
        CHECK(model_to_json(model_from_graphml(model_to_graphml(model), name)) == model_to_json(model));
    }
}

TEST_CASE("GraphML declares typed keys and escapes text", "[io][graphml]") {
    const auto graphml = model_to_graphml(load_model(fixture_path("rich.json")));
    CHECK_THAT(graphml, Catch::Contains(R"(<key id="e_strength" for="edge" attr.name="strength" attr.type="double"/>)"));
    CHECK_THAT(graphml, Catch::Contains(R"(attr.name="coastal" attr.type="boolean")"));
    CHECK_THAT(graphml, Catch::Contains(R"(<key id="n_households" for="node" attr.name="households" attr.type="double"/>)"));
    CHECK_THAT(graphml, Catch::Contains(R"(attr.name="combination:hospital" attr.type="string")"));
    CHECK_THAT(graphml, Catch::Contains(R"(<graph id="G" edgedefault="directed">)"));
    CHECK_THAT(graphml, Catch::Contains("Tele &lt;com&gt; &amp; \"co\""));
    CHECK_THAT(graphml, Catch::Contains(R"(<node id="power">)"));
    CHECK_THAT(graphml, Catch::Contains(R"(<edge id="d0" source="sub-1" target="hosp-1">)"));
}

TEST_CASE("GraphML import of a plain graph (NetworkX style) uses model defaults", "[io][graphml]") {
    // No "kind": nodes without a sector are sectors; edges are dependencies.
    const auto m = model_from_graphml(document(R"(
    <node id="power"/>
    <node id="telecom"><data key="k_weight">2.5</data></node>
    <edge source="power" target="telecom"><data key="k_strength"> 0.75 </data></edge>
)"),
                                      "plain.graphml");
    REQUIRE(m.sectors.size() == 2);
    CHECK(m.nodes.empty());
    CHECK(m.sectors[1].weight == 2.5);
    REQUIRE(m.dependencies.size() == 1);
    CHECK(m.dependencies[0].from == "power");
    CHECK(m.dependencies[0].strength == 0.75);
    CHECK(m.dependencies[0].buffer_h == 0.0);
}

TEST_CASE("GraphML edges may come before the nodes they join", "[io][graphml]") {
    const auto m = model_from_graphml(document(R"(
    <edge source="b" target="a"><data key="k_strength">0.5</data></edge>
    <node id="a"/>
    <node id="b"/>
)"),
                                      "order.graphml");
    REQUIRE(m.dependencies.size() == 1);
    CHECK(m.dependencies[0].from == "b");
    CHECK(m.sectors.size() == 2);
}

TEST_CASE("GraphML import ignores yEd graphics, honours key defaults, decodes references", "[io][graphml]") {
    const std::string text = R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE graphml>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <!-- drawn in yEd -->
  <key id="d0" for="node" yfiles.type="nodegraphics"/>
  <key id="d1" for="node" attr.name="name" attr.type="string"/>
  <key id="d2" for="edge" attr.name="strength" attr.type="double"><default>0.5</default></key>
  <key id="d3" for="node" attr.name="x" attr.type="double"/>
  <graph id="G" edgedefault="directed">
    <node id="a"><data key="d0"><y:ShapeNode><y:NodeLabel>A</y:NodeLabel></y:ShapeNode></data>
      <data key="d1">R&amp;D &lt;lab&gt; &#x96FB;&#21147; <![CDATA[<raw & kept>]]></data><data key="d3">12</data></node>
    <node id="b"/>
    <edge source="a" target="b"/>
    <edge source="b" target="a"><data key="d2">0.25</data></edge>
  </graph>
</graphml>
)";
    const auto m = model_from_graphml(text, "yed.graphml");
    REQUIRE(m.sectors.size() == 2);
    CHECK(m.sectors[0].name == "R&D <lab> 電力 <raw & kept>");
    REQUIRE(m.dependencies.size() == 2);
    CHECK(m.dependencies[0].strength == 0.5);
    CHECK(m.dependencies[1].strength == 0.25);
}

TEST_CASE("bad GraphML names the file, the element and the line", "[io][graphml]") {
    SECTION("malformed XML") {
        const auto e = error_of(document("    <node id=\"a\">\n  </graph>\n"));
        CHECK(e.file() == "bad.graphml");
        CHECK(e.pointer() == "/graphml/graph[1]/node[1]");
        CHECK_THAT(e.message(), Catch::StartsWith("line 9:") && Catch::Contains("expected </node>"));
    }
    SECTION("not GraphML") {
        CHECK_THAT(error_of("<svg/>").message(), Catch::Contains("expected a <graphml> root element"));
        CHECK_THAT(error_of("").message(), Catch::Contains("expected the root element"));
        CHECK_THAT(error_of(std::string(header) + "</graphml>").message(), Catch::Contains("no <graph>"));
    }
    SECTION("unknown attribute") {
        const auto e = error_of(std::string(header) + R"(<key id="k_bogus" for="node" attr.name="bogus"/>
  <graph><node id="a"><data key="k_bogus">1</data></node></graph></graphml>)");
        CHECK(e.pointer() == "/graphml/graph[1]/node[1]/data[@key='k_bogus']");
        CHECK_THAT(e.message(), Catch::Contains("unknown attribute 'bogus'"));
    }
    SECTION("a number that is not one") {
        const auto e = error_of(document(R"(<node id="a"><data key="k_weight">heavy</data></node>)"));
        CHECK(e.pointer() == "/graphml/graph[1]/node[1]/data[@key='k_weight']");
        CHECK_THAT(e.message(), Catch::Contains("expected a finite number, found 'heavy'"));
        CHECK_THAT(error_of(document(R"(<node id="a"><data key="k_weight">nan</data></node>)")).message(),
                   Catch::Contains("finite number"));
    }
    SECTION("undeclared key, unknown endpoint, duplicate node") {
        CHECK(error_of(document(R"(<node id="a"><data key="nope">1</data></node>)")).pointer() ==
              "/graphml/graph[1]/node[1]/data[1]/@key");
        const auto e = error_of(document(R"(<node id="a"/><edge source="a" target="z"/>)"));
        CHECK(e.pointer() == "/graphml/graph[1]/edge[1]/@target");
        CHECK_THAT(e.message(), Catch::Contains("unknown node 'z'"));
        CHECK(error_of(document(R"(<node id="a"/><node id="a"/>)")).pointer() == "/graphml/graph[1]/node[2]/@id");
    }
    SECTION("model rules are checked and point at the GraphML element") {
        // strength 1.7 is outside [0, 1] (check_model), on the second edge.
        const auto e = error_of(document(R"(<node id="a"/><node id="b"/>
    <edge source="a" target="b"/><edge source="b" target="a"><data key="k_strength">1.7</data></edge>)"));
        CHECK(e.pointer() == "/graphml/graph[1]/edge[2]/data[@key='k_strength']");
        CHECK_THAT(e.message(), Catch::Contains("1.7"));
        // An asset of an unknown sector.
        const auto n = error_of(document(R"(<node id="a"/><node id="x"><data key="k_sector">nope</data></node>)"));
        CHECK(n.pointer() == "/graphml/graph[1]/node[2]/data[@key='k_sector']");
        // No sectors at all.
        CHECK_THAT(error_of(document("")).message(), Catch::Contains("no sectors"));
    }
    SECTION("one graph, keys first") {
        const auto two = error_of(std::string(header) +
                                  "<graph><node id=\"a\"/></graph>\n<graph><node id=\"b\"/></graph></graphml>");
        CHECK(two.pointer() == "/graphml/graph[2]");
        CHECK_THAT(two.message(), Catch::Contains("only one <graph>"));
        const auto late = error_of(std::string(header) +
                                   "<graph><node id=\"a\"/></graph><key id=\"k2\" for=\"node\"/></graphml>");
        CHECK_THAT(late.message(), Catch::Contains("must come before the <graph>"));
    }
    SECTION("unsupported structure and encoding") {
        CHECK_THAT(error_of(document(R"(<node id="a"><graph/></node>)")).message(), Catch::Contains("nested graphs"));
        CHECK_THAT(error_of(document(R"(<node id="a&bogus;"/>)")).message(), Catch::Contains("unknown entity"));
        CHECK_THAT(error_of(document("<node id=\"\xff\"/>")).message(), Catch::Contains("invalid UTF-8"));
        CHECK_THAT(error_of(std::string(header) + "<graph edgedefault=\"undirected\"><node id=\"a\"/></graph></graphml>").message(),
                   Catch::Contains("directed graph"));
        CHECK_THAT(error_of(std::string(400, '<')).message(), Catch::Contains("line 1"));
    }
}

TEST_CASE("a missing GraphML file is an input error", "[io][graphml]") {
    CHECK_THROWS_AS(load_graphml(fixture_path("does-not-exist.graphml")), InputError);
}

TEST_CASE("load_model_file picks the format by extension", "[io][graphml]") {
    const auto json = load_model_file(fixture_path("loops.json"));
    CHECK(json.sectors.size() == 5);
}

TEST_CASE("load_model_file_hashed hashes the bytes it parsed, in either format", "[io][graphml]") {
    const auto json_path = fixture_path("loops.json");
    const auto json = load_model_file_hashed(json_path);
    CHECK(json.sha256 == sha256_hex(read_file(json_path)));
    CHECK(model_to_json(json.value) == model_to_json(load_model_file(json_path)));

    const auto graphml_path = (std::filesystem::temp_directory_path() / "cisim-hashed-loops.graphml").string();
    const auto text = model_to_graphml(json.value);
    std::ofstream(graphml_path, std::ios::binary) << text;
    const auto graphml = load_model_file_hashed(graphml_path);
    std::filesystem::remove(graphml_path);
    CHECK(graphml.sha256 == sha256_hex(text));
    CHECK(model_to_json(graphml.value) == model_to_json(json.value));
    CHECK_THROWS_AS(load_model_file_hashed(fixture_path("does-not-exist.graphml")), InputError);
}

TEST_CASE("DOT export: sectors, clusters of assets, labelled edges", "[io][dot]") {
    const auto sector_level = model_to_dot(load_model(fixture_path("loops.json")));
    CHECK_THAT(sector_level, Catch::StartsWith("digraph \"Loops fixture"));
    CHECK_THAT(sector_level, Catch::Contains("\"power\" [shape=box, style=rounded, label=\"Electric power\\n電力\"]"));
    CHECK_THAT(sector_level, Catch::Contains("\"power\" -> \"telecom\" [label=\"0.9 / 3 h\""));
    CHECK_THAT(sector_level, Catch::Contains("\"water\" -> \"water\""));
    CHECK_THAT(sector_level, !Catch::Contains("subgraph"));

    const auto assets = model_to_dot(load_model(fixture_path("rich.json")));
    CHECK_THAT(assets, Catch::Contains("subgraph \"cluster_0\" {"));
    CHECK_THAT(assets, Catch::Contains("\"plant-1\" [shape=ellipse, label=\"Plant 1\\nplant\", peripheries=2]"));
    CHECK_THAT(assets, Catch::Contains("\"sub-1\" -> \"hosp-1\" [label=\"0.9 / 72 h +0.5 h\\n[feed]\""));
    CHECK_THAT(assets, Catch::Contains("label=\"Tele <com> & \\\"co\\\"\\n通信\""));
    CHECK_THAT(assets, Catch::Contains("\"plant-1\" -> \"sub-1\" [dir=none"));
    CHECK_THAT(assets, Catch::Contains("style=dashed"));  // the repair dependency
}

TEST_CASE("GraphML round trip keeps spreads, values by year, facilities and rolling groups", "[io][graphml]") {
    // The shipped models give backup hours as spreads and by year (models/README.md);
    // GraphML carries them as their JSON text, so a run on the .graphml is the run on the .json.
    const auto model = parse_model(R"({"schema": "cisim-model/1", "name": "m", "time_unit": "h",
      "sectors": [{"id": "power", "name": "P"}, {"id": "telecom", "name": "T"}],
      "nodes": [
        {"id": "pd", "sector": "power", "class": "power_distribution"},
        {"id": "bs", "sector": "telecom", "class": "base_station", "facilities": 120, "rolling_group": "2"}],
      "dependencies": [{"from": "pd", "to": "bs", "type": "physical",
        "strength": {"spread": "mixture", "parts": [[0.25, 0], [0.75, 1]]},
        "buffer_h": {"by_year": [{"from": 2011, "value": {"spread": "uniform", "min": 1, "max": 3}, "source": "a"},
                                 {"from": 2018, "value": 12, "source": "b"}]}}]})",
                                   "m.json");
    const auto back = model_from_graphml(model_to_graphml(model), "m.graphml");
    CHECK(model_to_json(back) == model_to_json(model));
    REQUIRE(back.nodes.size() == 2);
    CHECK(back.nodes[1].facilities == 120);
    CHECK(back.nodes[1].rolling_group == "2");
    const auto& d = back.dependencies.at(0);
    REQUIRE(d.forms->spread.strength);
    CHECK(d.strength == Approx(0.75));
    CHECK(d.buffer_h == 12.0);  // the latest vintage
    const auto& by_year = d.forms->by_year;
    REQUIRE(by_year.size() == 1);
    CHECK(by_year[0].first == "buffer_h");
    REQUIRE(by_year[0].second.size() == 2);
    REQUIRE(by_year[0].second[0].spread);
    CHECK(by_year[0].second[0].spread->mean() == Approx(2.0));
}

TEST_CASE("a GraphML parameter text that is not a parameter is an input error", "[io][graphml]") {
    const auto e = error_of(std::string(header) + R"(<key id="e_buffer_h_json" for="edge" attr.name="buffer_h_json" attr.type="string"/>
  <graph edgedefault="directed"><node id="a"/><node id="b"/>
  <edge source="a" target="b"><data key="e_buffer_h_json">{"minimum": 3}</data></edge></graph></graphml>)");
    CHECK(e.file() == "bad.graphml");
    CHECK(e.pointer() == "/graphml/graph[1]/edge[1]/data[@key='e_buffer_h_json']");
    CHECK_THAT(e.message(), Catch::Contains("expected a number, a spread"));
}
