// parse_model streams the big arrays of a model (nodes, dependencies, links)
// and checks each element alone against its item schema. For one problem it
// must report exactly what parsing and schema-checking the whole document
// reports (io::parse_json + io::validate_schema, the path it replaced); of
// several, it stops at the first one read (unknown keys and wrong types
// included, before their values are built). These tests compare the two on
// many damaged models.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/JsonParse.hpp"
#include "io/JsonSchema.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"

using namespace cisim;
using ojson = nlohmann::ordered_json;

namespace {

/// What the whole-document path reports ("" when the schema is satisfied).
/// A "schema" key other than "cisim-model/1" is reported before the schema
/// check, the same way on both paths; "?" marks it.
std::string whole_document_error(const std::string& text) {
    try {
        const auto doc = io::parse_json(text, "m.json");
        if (!doc.is_object() || doc.value("schema", nlohmann::json()) != "cisim-model/1") return "?";
        io::validate_schema(io::SchemaId::model, doc, "m.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

/// What parse_model reports ("" when the model loads).
std::string streamed_error(const std::string& text) {
    try {
        parse_model(text, "m.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

/// A valid asset-level model using every key of every element type.
ojson base_model(int nodes, int dependencies) {
    ojson m;
    m["schema"] = "cisim-model/1";
    m["name"] = "streaming test";
    m["sectors"] = ojson::array({
        {{"id", "power"}, {"name", "Power"}, {"output", 100}, {"rto_h", 24}, {"mtpd_h", 72}, {"weight", 2},
         {"network", "sources"}, {"repair_scale", 0.5}, {"source", "s"}, {"description", "d"}},
        {{"id", "telecom"}, {"network", "giant"}},
        {{"id", "water"}, {"population", 12000}},
    });
    const char* sectors[] = {"power", "telecom", "water"};
    for (int i = 0; i < nodes; ++i) {
        ojson n = {{"id", "n" + std::to_string(i)}, {"sector", sectors[i % 3]}, {"class", i % 3 == 1 ? "core" : "site"},
                   {"region", "r" + std::to_string(i % 4)}};
        if (i % 2 == 0) {
            n["lat"] = 35.5 + i * 0.01;
            n["lon"] = 139;
            n["capacity"] = 1.5;
            n["coastal"] = i % 4 == 0;
            n["elevation_m"] = -2;
            n["site_amplification"] = 1.2;
            n["fragility_scale"] = 1;
            n["repair_scale"] = 0.75;
            n["name"] = "Node 日本 " + std::to_string(i);
            n["ref"] = "r";
            n["households"] = 100 * i;
        }
        if (i % 3 == 0) n["source"] = true;
        m["nodes"].push_back(n);
    }
    const char* types[] = {"physical", "cyber", "geographic", "logical"};
    for (int i = 0; i < dependencies; ++i) {
        // Distinct (from, to) pairs, never a node on itself, while i / nodes < nodes - 1.
        const int to = (i % nodes + 1 + i / nodes) % nodes;
        ojson d = {{"from", "n" + std::to_string(i % nodes)}, {"to", "n" + std::to_string(to)},
                   {"type", types[i % 4]}, {"strength", (i % 10) / 10.0}};
        if (i % 2 == 0) {
            d["buffer_h"] = i % 5;
            d["refill_h"] = 2.5;
            d["delay_h"] = 1;
            d["group"] = "g" + std::to_string(i);
            d["source"] = "s";
            d["note"] = "n";
        }
        if (i % 5 == 0) d["effect"] = "repair";
        m["dependencies"].push_back(d);
    }
    m["dependencies"].push_back({{"from", "power"}, {"to", "power"}});
    for (int i = 0; i + 3 < nodes && i < 30; i += 3)
        m["links"].push_back({{"a", "n" + std::to_string(i)}, {"b", "n" + std::to_string(i + 3)}});
    m["combination"] = {{"core", "product"}};
    return m;
}

/// Keys of each array's elements, and some that are not.
const std::vector<std::string>& keys_of(const std::string& array) {
    static const std::vector<std::string> sectors = {"id", "name", "name_ja", "output", "rto_h", "mtpd_h", "weight",
                                                     "network", "repair_scale", "source", "description", "households",
                                                     "population", "wieght"};
    static const std::vector<std::string> nodes = {"id", "sector", "name", "class", "region", "lat", "lon",
                                                   "capacity", "coastal", "elevation_m", "site_amplification",
                                                   "source", "fragility_scale", "repair_scale", "ref", "households",
                                                   "population", "sectr", "x"};
    static const std::vector<std::string> dependencies = {"from", "to", "type", "effect", "strength", "buffer_h",
                                                          "refill_h", "delay_h", "group", "source", "note",
                                                          "strenght", "form"};
    static const std::vector<std::string> links = {"a", "b", "c"};
    if (array == "sectors") return sectors;
    if (array == "nodes") return nodes;
    if (array == "dependencies") return dependencies;
    return links;
}

/// Values of every type, in and out of every range, and strings valijson counts oddly.
std::vector<ojson> odd_values() {
    return {"x",   "",   std::string("\0id", 3), "日本", "physicall", "repair", "giant", true, false, nullptr, 0, 1, -1,
            0.5,   1.7,  -0.0, 1e9, -200, 95, 18446744073709551615ull, -9223372036854775807ll, 2.0,
            ojson::object(), ojson::array(), ojson{{"a", 1}}, ojson::array({1, "x"})};
}

template <class T>
const T& pick(const std::vector<T>& xs, std::mt19937& rng) {
    return xs[std::uniform_int_distribution<std::size_t>(0, xs.size() - 1)(rng)];
}

/// The same object with its keys in another order (the text order of keys must not matter).
ojson shuffled(const ojson& o, std::mt19937& rng) {
    if (!o.is_object()) return o;
    std::vector<std::string> keys;
    for (const auto& [k, _] : o.items()) keys.push_back(k);
    std::shuffle(keys.begin(), keys.end(), rng);
    ojson out = ojson::object();
    for (const auto& k : keys) out[k] = o[k];
    return out;
}

/// One random change: a key set to an odd value, removed or added, an element
/// replaced by a non-object, or (rarely) a root member broken.
void damage(ojson& m, std::mt19937& rng) {
    static const std::vector<std::string> arrays = {"sectors", "nodes", "nodes", "dependencies", "dependencies", "links"};
    const auto values = odd_values();
    const int what = std::uniform_int_distribution<int>(0, 99)(rng);
    if (what < 3) {
        const std::vector<std::pair<std::string, ojson>> root = {
            {"nodes", ojson::object()}, {"dependencies", "x"}, {"links", 3}, {"sectors", ojson::array()},
            {"nodez", ojson::array()}, {"combination", {{"core", "max"}}}, {"combination", {{"site", 1}}}};
        const auto& [key, value] = pick(root, rng);
        m[key] = value;
        return;
    }
    const auto& array = pick(arrays, rng);
    auto& xs = m[array];
    if (!xs.is_array() || xs.empty()) return;
    auto& x = xs[std::uniform_int_distribution<std::size_t>(0, xs.size() - 1)(rng)];
    if (what < 8) {
        x = pick(values, rng);
    } else if (!x.is_object()) {
        return;
    } else if (what < 25) {
        x.erase(pick(keys_of(array), rng));
    } else {
        x[pick(keys_of(array), rng)] = pick(values, rng);
    }
}

std::string text_of(const ojson& m, std::mt19937& rng) {
    ojson out = m;
    for (const char* array : {"sectors", "nodes", "dependencies", "links"})
        if (out.contains(array) && out[array].is_array())
            for (auto& x : out[array]) x = shuffled(x, rng);
    return out.dump(std::uniform_int_distribution<int>(0, 1)(rng) ? 1 : -1);
}

}  // namespace

TEST_CASE("a damaged model gets the whole-document error from the streamed check", "[io][model-json][streaming]") {
    const ojson base = base_model(15, 30);
    std::mt19937 rng(20240611);
    REQUIRE(whole_document_error(base.dump()).empty());  // the damage below leaves "schema" alone
    REQUIRE(streamed_error(base.dump()).empty());
    int schema_errors = 0;
    for (int i = 0; i < 1000; ++i) {
        ojson m = base;
        const int changes = std::uniform_int_distribution<int>(1, 4)(rng);
        for (int c = 0; c < changes; ++c) damage(m, rng);
        const auto text = text_of(m, rng);
        const auto expected = whole_document_error(text);
        if (expected.empty()) continue;  // the model rules (check_model) are the same code either way
        ++schema_errors;
        INFO(text);
        if (changes == 1) REQUIRE(streamed_error(text) == expected);
        else REQUIRE(!streamed_error(text).empty());  // the first problem read, not the one valijson picks
    }
    CHECK(schema_errors > 500);  // the damage mostly breaks the schema
}

TEST_CASE("damaged text gets the same parse errors when streamed", "[io][model-json][streaming][bad-input]") {
    const std::string base = base_model(20, 40).dump();
    std::mt19937 rng(7);
    const std::vector<std::string> inserts = {
        R"("id": 1, "id": 2, )", R"("from": "a", )", R"("x": 1e400, )", R"("x": NaN, )", R"("x": [1, {"y": 2, "y": 3}], )",
        R"("x": )" + std::string(70, '[') + std::string(70, ']') + ", ", "}", ",", "\"", "]", R"("x": -1e999, )"};
    const char* inserted_keys[] = {"x", "id", "from"};
    for (int i = 0; i < 500; ++i) {
        std::string text = base;
        const std::size_t at = std::uniform_int_distribution<std::size_t>(1, text.size() - 1)(rng);
        if (i % 4 == 0) {
            text.resize(at);  // cut short
        } else {
            // After the opening brace of an element when there is one near, else anywhere.
            const auto brace = text.find('{', at);
            const auto pos = brace != std::string::npos && i % 2 == 0 ? brace + 1 : at;
            text.insert(pos, pick(inserts, rng));
        }
        const auto expected = whole_document_error(text);
        if (expected.empty() || expected == "?") continue;  // e.g. a change inside a string
        INFO(text);
        const auto streamed = streamed_error(text);
        // A schema problem read before a syntax error further on (an unknown
        // key, or an element a stray "}" cut short) is reported first: the
        // whole-document path parses everything first.
        if (expected.find(": parse error: ") != std::string::npos && streamed.find(": parse error: ") == std::string::npos)
            REQUIRE(streamed.rfind("m.json: ", 0) == 0);
        else if (std::none_of(std::begin(inserted_keys), std::end(inserted_keys), [&](const char* k) {
                     return streamed.find(std::string(": unknown key \"") + k + "\"") != std::string::npos;
                 }))
            REQUIRE(streamed == expected);  // else an inserted key where elements have none, refused first
    }
}

TEST_CASE("a bad element deep in a big array is named as in the whole document", "[io][model-json][streaming][bad-input]") {
    ojson m = base_model(500, 6000);
    SECTION("out of range") {
        m["dependencies"][4183]["strength"] = 1.7;
        const auto text = m.dump();
        CHECK(streamed_error(text) == "m.json: /dependencies/4183/strength: 1.7 is outside [0, 1]");
        CHECK(streamed_error(text) == whole_document_error(text));
    }
    SECTION("unknown key, and the first bad element read wins") {
        m["nodes"][499]["capacty"] = 2;
        auto text = m.dump();
        CHECK(streamed_error(text) == "m.json: /nodes/499: unknown key \"capacty\" (did you mean \"capacity\"?)");
        CHECK(streamed_error(text) == whole_document_error(text));
        m["links"][5]["a"] = 3;  // deeper, so valijson would pick it; it is read later
        text = m.dump();
        CHECK(streamed_error(text) == "m.json: /nodes/499: unknown key \"capacty\" (did you mean \"capacity\"?)");
        CHECK(whole_document_error(text) == "m.json: /links/5/a: expected a string, got 3");
    }
    SECTION("a bad element stops the parse before the rest of the document is checked") {
        m["sectors"][2]["weight"] = -1;
        m["nodes"][250]["lat"] = 91;
        m["dependencies"][5999]["buffer_h"] = -3;
        const auto text = m.dump();
        CHECK(streamed_error(text) == "m.json: /nodes/250/lat: 91 is outside [-90, 90]");
    }
    SECTION("an element that is not flat") {
        m["dependencies"][3456]["group"] = ojson{{"name", "g"}};
        const auto text = m.dump();
        CHECK(streamed_error(text) == "m.json: /dependencies/3456/group: expected a string, got an object");
    }
    SECTION("a missing key") {
        m["dependencies"][5000].erase("to");
        CHECK(streamed_error(m.dump()) == "m.json: /dependencies/5000: missing required key \"to\"");
    }
    SECTION("a bad element stops the parse before a syntax error further on") {
        m["dependencies"][10]["strength"] = "high";
        auto text = m.dump();
        text.insert(text.size() - 1, ",");
        CHECK(whole_document_error(text).find(": parse error: ") != std::string::npos);
        CHECK(streamed_error(text) == "m.json: /dependencies/10/strength: expected a number or an object, got \"high\"");
    }
}

TEST_CASE("streamed elements load with every key and default", "[io][model-json][streaming]") {
    ojson m = base_model(6, 3);
    m["dependencies"][1] = {{"to", "n2"}, {"from", "n1"}};  // keys in any order
    m["nodes"][3]["capacity"] = 2;                           // an integer where a double is kept
    const auto model = parse_model(m.dump(), "m.json");
    REQUIRE(model.nodes.size() == 6);
    REQUIRE(model.dependencies.size() == 4);
    const auto& n0 = model.nodes[0];
    CHECK(n0.id == "n0");
    CHECK(n0.sector == "power");
    CHECK(n0.node_class == "site");
    CHECK(n0.region == "r0");
    CHECK(n0.name == "Node 日本 0");
    CHECK(n0.lat == 35.5);
    CHECK(n0.lon == 139.0);
    CHECK(n0.capacity == 1.5);
    CHECK(n0.coastal);
    CHECK(n0.elevation_m() == -2.0);
    CHECK(n0.site_amplification == 1.2);
    CHECK(n0.is_source);
    CHECK(n0.repair_scale == 0.75);
    CHECK(n0.ref() == "r");
    const auto& n1 = model.nodes[1];
    CHECK_FALSE(n1.lat.has_value());
    CHECK(n1.capacity == 1.0);
    CHECK_FALSE(n1.coastal);
    CHECK_FALSE(n1.is_source);
    CHECK(model.nodes[3].capacity == 2.0);
    CHECK(model.nodes[2].households() == 200.0);
    CHECK_FALSE(n1.households().has_value());
    CHECK_FALSE(n1.population().has_value());
    CHECK(model.sectors[2].population == 12000.0);
    const auto& d0 = model.dependencies[0];
    CHECK(d0.from == "n0");
    CHECK(d0.to == "n1");
    CHECK(d0.type == DependencyType::physical);
    CHECK(d0.effect == DependencyEffect::repair);
    CHECK(d0.strength == 0.0);
    CHECK(d0.buffer_h == 0.0);
    CHECK(d0.refill_h == 2.5);
    CHECK(d0.delay_h == 1.0);
    CHECK(d0.group == "g0");
    CHECK(d0.source() == "s");
    const auto& d1 = model.dependencies[1];
    CHECK(d1.from == "n1");
    CHECK(d1.to == "n2");
    CHECK(d1.strength == 1.0);
    CHECK_FALSE(d1.refill_h.has_value());
    CHECK(d1.effect == DependencyEffect::function);
    CHECK(model.dependencies[3].from == "power");
    REQUIRE(model.links.size() == 1);
    CHECK(model.links[0].a == "n0");
    CHECK(model.links[0].b == "n3");
}

TEST_CASE("document_kind stops at a good schema key — parse errors still come first otherwise", "[io][streaming]") {
    // The rest is read by parse_model, which reports its syntax error.
    CHECK(document_kind(R"({"schema": "cisim-model/1", "nodes": [1,)", "f") == DocumentKind::model);
    CHECK(document_kind(R"({"nodes": [{"id": "a"}], "schema": "cisim-scenario/1", )", "f") == DocumentKind::scenario);
    auto e = [](const std::string& text) {
        try {
            document_kind(text, "f");
        } catch (const InputError& x) {
            return std::string(x.what());
        }
        return std::string();
    };
    CHECK(e(R"({"nodes": [1,], "schema": "cisim-model/1"})").find("parse error") != std::string::npos);
    CHECK(e(R"({"schema": "cisim-model/2", "nodes": [1,]})").find("parse error") != std::string::npos);
    CHECK(e(R"({"nodes": [{"a": 1, "a": 2}], "schema": "cisim-model/1"})") == "f: /nodes/0: duplicate key \"a\"");
    CHECK(e(R"({"schema": ["cisim-model/1"], "nodes": []})") ==
          R"(f: /schema: unknown schema ["cisim-model/1"]; expected "cisim-model/1" or "cisim-scenario/1")");
    CHECK(e(R"({"nodes": [], "name": "x"})") == R"(f: /schema: missing; expected "cisim-model/1" or "cisim-scenario/1")");
}

TEST_CASE("streamed parsing hands over every element with its index", "[io][streaming]") {
    const std::string text = R"({"a": [{"x": 1, "y": "s"}, 2, {"z": {"w": [true]}}, [], {}], "b": [3], "c": {"d": [4]}})";
    std::vector<std::string> seen;
    io::RootStream stream;
    stream.streams = [](const std::string& key) { return key == "a" || key == "c"; };
    stream.element = [&](const std::string& key, std::size_t i, nlohmann::json& e) {
        seen.push_back(key + "/" + std::to_string(i) + " " + e.dump());
    };
    stream.flat_element = [&](const std::string& key, std::size_t i, io::FlatObject& e) {
        seen.push_back(key + "/" + std::to_string(i) + " flat " + e.to_json().dump());
    };
    const auto doc = io::parse_json(text, "f", stream);
    CHECK(doc.dump() == R"({"a":[],"b":[3],"c":{"d":[4]}})");
    const std::vector<std::string> expected = {R"(a/0 flat {"x":1,"y":"s"})", "a/1 2", R"(a/2 {"z":{"w":[true]}})",
                                               "a/3 []", "a/4 flat {}"};
    CHECK(seen == expected);
}
