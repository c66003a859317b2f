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
InputError error_of(const std::string& text, bool strict = false) {
    GraphMlOptions options;
    options.strict = strict;
    options.warn = [](const std::string&) {};
    try {
        model_from_graphml(text, "bad.graphml", options);
    } catch (const InputError& e) {
        return e;
    }
    return InputError("", "", "");
}

// The model of `text`, with the warnings it gave.
std::pair<Model, std::vector<std::string>> read_with_warnings(const std::string& text, const std::string& file) {
    std::vector<std::string> warnings;
    GraphMlOptions options;
    options.warn = [&](const std::string& line) { warnings.push_back(line); };
    auto m = model_from_graphml(text, file, options);
    return {std::move(m), warnings};
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
                                     [](const Dependency& d) { return d.note() == "why half an hour & <why not>"; });
    CHECK(noted == 1);
    // Households and people served, on a node and on a sector.
    CHECK(back.nodes[0].households() == 45000.0);
    CHECK(back.nodes[0].population() == 98000.0);
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

TEST_CASE("GraphML import keeps the dependencies' sector ends of a sector-level model", "[io][graphml]") {
    const auto model = load_model(fixture_path("loops.json"));
    const auto back = model_from_graphml(model_to_graphml(model), "loops.graphml");
    REQUIRE(!back.dependencies.empty());
    REQUIRE(back.dependency_ends.size() == back.dependencies.size());
    for (std::size_t k = 0; k < back.dependencies.size(); ++k) {
        CHECK(back.sectors.at(back.dependency_ends[k].from).id == back.dependencies[k].from);
        CHECK(back.sectors.at(back.dependency_ends[k].to).id == back.dependencies[k].to);
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
    SECTION("an attribute that is no model field is an error when strict") {
        const auto e = error_of(std::string(header) + R"(<key id="k_bogus" for="node" attr.name="bogus"/>
  <graph><node id="a"><data key="k_bogus">1</data></node></graph></graphml>)",
                                true);
        CHECK(e.pointer() == "/graphml/graph[1]/node[1]/data[@key='k_bogus']");
        CHECK_THAT(e.message(), Catch::Contains("unknown attribute 'bogus' for node 'a'"));
    }
    SECTION("a model field on the wrong kind of element is an error, strict or not") {
        // "output" is a sector's; "strength" is a dependency's, not a link's.
        const auto e = error_of(document(R"(<node id="a"/><node id="x"><data key="k_sector">a</data><data key="k_weight">2</data></node>)"));
        CHECK(e.pointer() == "/graphml/graph[1]/node[2]/data[@key='k_weight']");
        CHECK_THAT(e.message(), Catch::Contains("unknown attribute 'weight' for node 'x'"));
        const auto link = error_of(std::string(header) + R"(<key id="k_ekind" for="edge" attr.name="kind"/>
  <graph><node id="a"/><node id="b"/><edge source="a" target="b"><data key="k_ekind">link</data><data key="k_strength">1</data></edge></graph></graphml>)");
        CHECK_THAT(link.message(), Catch::Contains("unknown attribute 'strength' for edge a -> b"));
    }
    SECTION("unknown XML attributes, attr.type and for values") {
        const auto node = error_of(document(R"(<node id="a" colour="red"/>)"));
        CHECK(node.pointer() == "/graphml/graph[1]/node[1]/@colour");
        CHECK_THAT(node.message(), Catch::Contains("unknown XML attribute 'colour' of <node>"));
        CHECK(error_of(document(R"(<node id="a"/><edge source="a" target="a" weight="3"/>)")).pointer() ==
              "/graphml/graph[1]/edge[1]/@weight");
        CHECK(error_of(document(R"(<node id="a"><data key="k_weight" unit="kg">1</data></node>)")).pointer() ==
              "/graphml/graph[1]/node[1]/data[1]/@unit");
        CHECK(error_of(std::string(header) + R"(<graph edgedefault="directed" kind="x"><node id="a"/></graph></graphml>)").pointer() ==
              "/graphml/graph[1]/@kind");
        CHECK(error_of(R"(<graphml version="2"><graph><node id="a"/></graph></graphml>)").pointer() == "/graphml/@version");
        const auto type = error_of(R"(<graphml><key id="k" for="node" attr.name="weight" attr.type="decimal"/><graph><node id="a"/></graph></graphml>)");
        CHECK(type.pointer() == "/graphml/key[1]/@attr.type");
        CHECK_THAT(type.message(), Catch::Contains("unknown attr.type \"decimal\""));
        CHECK(error_of(R"(<graphml><key id="k" for="nodes" attr.name="weight"/><graph><node id="a"/></graph></graphml>)").pointer() ==
              "/graphml/key[1]/@for");
        CHECK(error_of(R"(<graphml><key id="k" for="node" attr.name="weight" color="red"/><graph><node id="a"/></graph></graphml>)").pointer() ==
              "/graphml/key[1]/@color");
        CHECK_THAT(error_of(document(R"(<node id="a"/><edge source="a" target="a" directed="false"/>)")).message(),
                   Catch::Contains("directed"));
        // Other namespaces' attributes (xsi:, xml:space as yEd writes) are free.
        CHECK(error_of(document(R"(<node id="a" xml:space="preserve"><data key="k_weight" xml:space="preserve">1</data></node>)"))
                  .message()
                  .empty());
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
        CHECK_THAT(error_of("<?xml version=\"1.0\" encoding=\"EBCDIC-XYZ\"?><graphml/>").message(),
                   Catch::Contains("unsupported encoding 'EBCDIC-XYZ'"));
        // Bytes that are no text in the declared encoding (0x81 is unassigned in Shift_JIS's lead position here).
        CHECK_THAT(error_of("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<graphml>\n<graph><node id=\"\x81\"/></graph></graphml>").message(),
                   Catch::Contains("line 3: not valid Shift_JIS text"));
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
    CHECK(back.nodes[1].rolling_group() == "2");
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

TEST_CASE("GraphML attributes that are no model field are skipped with one warning per key", "[io][graphml]") {
    // NetworkX analysis columns: a node centrality and an edge flow, on every element.
    const std::string text = std::string(header) + R"(<key id="d7" for="node" attr.name="centrality" attr.type="double"/>
  <key id="d8" for="edge" attr.name="flow" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="a"><data key="d7">0.5</data></node>
    <node id="b"><data key="d7">0.25</data></node>
    <edge source="a" target="b"><data key="k_strength">0.75</data><data key="d8">3</data></edge>
    <edge source="b" target="a"><data key="d8">4</data></edge>
  </graph>
</graphml>
)";
    const auto [m, warnings] = read_with_warnings(text, "nx.graphml");
    CHECK(m.sectors.size() == 2);
    REQUIRE(m.dependencies.size() == 2);
    CHECK(m.dependencies[0].strength == 0.75);
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] ==
          "nx.graphml: /graphml/key[5]: line 7: warning: 'centrality' is no model attribute (first on node 'a'): skipped; "
          "--strict makes it an error");
    CHECK_THAT(warnings[1], Catch::StartsWith("nx.graphml: /graphml/key[6]: line 8: warning: 'flow'"));
    // The same file, strict: the first use is the error.
    const auto e = error_of(text, true);
    CHECK(e.pointer() == "/graphml/graph[1]/node[1]/data[@key='d7']");
    CHECK_THAT(e.message(), Catch::StartsWith("line 10: unknown attribute 'centrality' for node 'a'"));
}

TEST_CASE("GraphML from NetworkX: edge ids as data, edges regrouped by source", "[io][graphml]") {
    // What networkx.write_graphml makes of a DiGraph read from cisim's export:
    // the edge id becomes an "id" data key, and edges come grouped by source node.
    const std::string text = std::string(header) + R"(<key id="d9" for="edge" attr.name="id" attr.type="string"/>
  <key id="d10" for="edge" attr.name="kind" attr.type="string"/>
  <key id="d11" for="node" attr.name="network" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="s"><data key="d11">giant</data></node><node id="a"><data key="k_sector">s</data></node>
    <node id="b"><data key="k_sector">s</data></node><node id="c"><data key="k_sector">s</data></node>
    <edge source="a" target="c"><data key="k_strength">0.3</data><data key="d9">d2</data></edge>
    <edge source="a" target="b"><data key="k_strength">0.1</data><data key="d9">d0</data></edge>
    <edge source="b" target="c"><data key="d10">link</data><data key="d9">l0</data></edge>
    <edge source="c" target="a"><data key="k_strength">0.2</data><data key="d9">d1</data></edge>
  </graph>
</graphml>
)";
    const auto [m, warnings] = read_with_warnings(text, "nx.graphml");
    CHECK(warnings.empty());
    REQUIRE(m.dependencies.size() == 3);
    // Back in the order of their ids d0, d1, d2.
    CHECK(m.dependencies[0].strength == 0.1);
    CHECK(m.dependencies[1].strength == 0.2);
    CHECK(m.dependencies[2].strength == 0.3);
    CHECK(m.dependencies[1].from == "c");
    REQUIRE(m.links.size() == 1);
    // Messages still point at the element in the file: d1 (strength 0.2) is edge[4].
    auto bad = text;
    bad.replace(bad.find("0.2"), 3, "1.5");
    CHECK(error_of(bad).pointer() == "/graphml/graph[1]/edge[4]/data[@key='k_strength']");
    // Ids that are not all cisim's own keep the document order.
    auto mixed = text;
    mixed.replace(mixed.find(">d0<"), 4, ">e7<");
    const auto kept = model_from_graphml(mixed, "mixed.graphml");
    CHECK(kept.dependencies[0].strength == 0.3);
}

TEST_CASE("GraphML export writes a label (the name) that Gephi and yEd show", "[io][graphml]") {
    const auto model = load_model(fixture_path("rich.json"));
    const auto graphml = model_to_graphml(model);
    CHECK_THAT(graphml, Catch::Contains(R"(<key id="n_label" for="node" attr.name="label" attr.type="string"/>)"));
    CHECK_THAT(graphml, Catch::Contains(R"(<data key="n_label">Electric power</data>)"));
    // A node without a name gets no label, so the round trip stays exact.
    auto unnamed = model;
    unnamed.sectors[0].name.clear();
    const auto back = model_from_graphml(model_to_graphml(unnamed), "unnamed.graphml");
    CHECK(back.sectors[0].name.empty());
}

TEST_CASE("GraphML from Gephi and yEd: label, url and description", "[io][graphml]") {
    const std::string text = std::string(header) + R"(<key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="u" for="all" attr.name="url" attr.type="string"/>
  <key id="desc" for="all" attr.name="description" attr.type="string"/>
  <key id="g" for="node" yfiles.type="nodegraphics"/>
  <graph edgedefault="directed">
    <node id="p"><data key="label">Power</data><data key="u">https://example.org/p</data><data key="desc">grid</data></node>
    <node id="t"><data key="g"><y:ShapeNode xmlns:y="http://www.yworks.com/xml/graphml"><y:NodeLabel> </y:NodeLabel><y:NodeLabel>
      Telecom <y:LabelModel/></y:NodeLabel></y:ShapeNode></data></node>
    <node id="h"><data key="k_sector">p</data><data key="label">Hospital</data><data key="u">https://example.org/h</data></node>
    <edge source="p" target="t"><data key="u">https://example.org/e</data><data key="desc">why</data></edge>
  </graph>
</graphml>
)";
    const auto [m, warnings] = read_with_warnings(text, "tools.graphml");
    CHECK(warnings.empty());
    REQUIRE(m.sectors.size() == 2);
    CHECK(m.sectors[0].name == "Power");
    CHECK(m.sectors[0].source == "https://example.org/p");
    CHECK(m.sectors[0].description == "grid");
    CHECK(m.sectors[1].name == "Telecom");  // yEd's first non-empty node label
    REQUIRE(m.nodes.size() == 1);
    CHECK(m.nodes[0].name == "Hospital");
    CHECK(m.nodes[0].ref() == "https://example.org/h");
    REQUIRE(m.dependencies.size() == 1);
    CHECK(m.dependencies[0].source() == "https://example.org/e");
    CHECK(m.dependencies[0].note() == "why");
    // "name" wins over "label"; an asset's description has no field: an extra.
    const auto both = read_with_warnings(std::string(header) + R"(<key id="n" for="node" attr.name="name"/>
  <key id="l" for="node" attr.name="label"/><key id="desc" for="node" attr.name="description"/>
  <graph><node id="p"><data key="n">Name</data><data key="l">Label</data></node>
  <node id="h"><data key="k_sector">p</data><data key="desc">text</data></node></graph></graphml>)",
                                         "both.graphml");
    CHECK(both.first.sectors[0].name == "Name");
    REQUIRE(both.second.size() == 1);
    CHECK_THAT(both.second[0], Catch::Contains("'description' is no model attribute (first on node 'h')"));
}

TEST_CASE("GraphML in a declared encoding other than UTF-8", "[io][graphml]") {
    const auto doc = [](const std::string& encoding, const std::string& name) {
        return "<?xml version=\"1.0\" encoding=\"" + encoding +
               "\"?>\n<graphml><key id=\"n\" for=\"node\" attr.name=\"name\"/><graph><node id=\"a\"><data key=\"n\">" + name +
               "</data></node></graph></graphml>\n";
    };
    CHECK(model_from_graphml(doc("ISO-8859-1", "M\xFCnchen \xC9lec"), "l1.graphml").sectors[0].name == "München Élec");
    CHECK(model_from_graphml(doc("windows-1252", "\x80 5"), "w.graphml").sectors[0].name == "€ 5");
    CHECK(model_from_graphml(doc("Shift_JIS", "\x93\x64\x97\xCD"), "sj.graphml").sectors[0].name == "電力");
    CHECK(model_from_graphml(doc("utf-8", "\xE9\x9B\xBB"), "u.graphml").sectors[0].name == "電");
    // UTF-16 by its byte-order mark.
    const std::string ascii = doc("UTF-16", "Power");
    std::string utf16 = "\xFF\xFE";
    for (char c : ascii) {
        utf16 += c;
        utf16 += '\0';
    }
    CHECK(model_from_graphml(utf16, "u16.graphml").sectors[0].name == "Power");
}

TEST_CASE("GraphML entities: no DTD is read, nothing is fetched or expanded", "[io][graphml]") {
    // An external entity (XXE) and "billion laughs": the DOCTYPE is skipped, and
    // a reference to an entity it declares is an error, not an expansion.
    const auto xxe = error_of(R"(<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml><key id="n" for="node" attr.name="name"/><graph><node id="a"><data key="n">&xxe;</data></node></graph></graphml>)");
    CHECK(xxe.pointer() == "/graphml/graph[1]/node[1]/data[1]");
    CHECK_THAT(xxe.message(), Catch::Contains("unknown entity '&xxe;'"));
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n <!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        laughs += " <!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) laughs += "&lol" + (i > 1 ? std::to_string(i - 1) : std::string()) + ";";
        laughs += "\">\n";
    }
    laughs += "]>\n<graphml><graph><node id=\"&lol9;\"/></graph></graphml>";
    const auto e = error_of(laughs);
    CHECK_THAT(e.message(), Catch::Contains("unknown entity '&lol9;'"));
    CHECK(e.message().size() < 200);
}

TEST_CASE("a yEd file (ISO-8859-1, yfiles graphics, url and description) imports", "[io][graphml]") {
    // tests/fixtures/yed-town.graphml: made by hand in the form yEd saves.
    const auto [m, warnings] = read_with_warnings(read_file(fixture_path("yed-town.graphml")), "yed-town.graphml");
    CHECK(warnings.empty());
    CHECK(m.description == "Kleinstadt: Strom, Telekom, Wasser (Beispiel für yEd)");
    REQUIRE(m.sectors.size() == 3);
    CHECK(m.sectors[0].id == "n0");
    CHECK(m.sectors[0].name == "Strom (Élec)");
    CHECK(m.sectors[0].source == "https://example.org/strom");
    CHECK(m.sectors[0].description == "Stromnetz der Stadtwerke, Umspannwerk Süd");
    CHECK(m.sectors[1].name == "Télécom");
    CHECK(m.sectors[2].name == "Wasser");
    REQUIRE(m.dependencies.size() == 3);
    CHECK(m.dependencies[0].strength == 0.9);
    CHECK(m.dependencies[0].note() == "Vermittlungsstellen: Batterien für 3 h");
    CHECK(m.dependencies[1].strength == 0.5);  // the key's <default>
    CHECK(m.dependencies[1].source() == "https://example.org/wasser-strom");
    CHECK(m.dependencies[2].strength == 0.2);
}
