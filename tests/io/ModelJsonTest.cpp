// Model and scenario JSON: loading, schema messages (SPEC §9), round trips, SHA-256.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "io/JsonParse.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"

using namespace cisim;
using Catch::Matchers::Contains;

namespace {

std::string fixture(const std::string& name) { return std::string(CISIM_SOURCE_DIR) + "/tests/fixtures/" + name; }

template <class F>
InputError input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    throw std::logic_error("expected an InputError");
}

InputError model_error(const std::string& json) {
    return input_error([&] { parse_model(json, "m.json"); });
}

InputError scenario_error(const std::string& json) {
    return input_error([&] { parse_scenario(json, "s.json"); });
}

/// A model with two sectors and one dependency, with `extra` spliced into the top level.
std::string model_with(const std::string& dependency, const std::string& extra = "") {
    return R"({"schema": "cisim-model/1", "sectors": [{"id": "power"}, {"id": "telecom"}],
               "dependencies": [)" + dependency + "]" + extra + "}";
}

std::string scenario_with(const std::string& events, const std::string& extra = "") {
    return R"({"schema": "cisim-scenario/1", "model": "m.json", "events": [)" + events + "]" + extra + "}";
}

// Field-wise equality (the model types have no operator==).
auto fields(const Sector& s) {
    return std::tie(s.id, s.name, s.name_ja, s.output, s.rto_h, s.mtpd_h, s.weight, s.network, s.repair_scale, s.source,
                    s.households, s.population);
}
auto fields(const Node& n) {
    return std::tie(n.id, n.sector, n.name, n.node_class, n.region, n.lat, n.lon, n.capacity, n.coastal,
                    n.site_amplification, n.is_source, n.fragility_scale, n.repair_scale, *n.extras);
}
auto fields(const Dependency& d) {
    return std::tie(d.from, d.to, d.type, d.effect, d.strength, d.buffer_h, d.refill_h, d.delay_h, d.group, d.source());
}
auto fields(const Link& l) { return std::tie(l.a, l.b); }

template <class T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (fields(a[i]) != fields(b[i])) return false;
    return true;
}

bool same_model(const Model& a, const Model& b) {
    return a.schema == b.schema && a.name == b.name && a.time_unit == b.time_unit && a.source == b.source &&
           same_list(a.sectors, b.sectors) && same_list(a.nodes, b.nodes) && same_list(a.dependencies, b.dependencies) &&
           same_list(a.links, b.links) && a.combination_by_class == b.combination_by_class;
}

auto fields(const Event& e) {
    return std::tie(e.kind, e.id, e.description, e.start_h, e.target.id, e.target.node_class, e.target.nodes,
                    e.target.region, e.severity, e.duration_h, e.recovery, e.recovery_h, e.duration_cv, e.supplier,
                    e.groups, e.slot_h, e.end_h, e.lat, e.lon, e.depth_km, e.mw, e.fault_type, e.height_m, e.repair_h,
                    e.source);
}
bool same_change(const MeasureChange& a, const MeasureChange& b) {
    return std::tie(a.edges, a.nodes, a.buffer_h, a.strength, a.delay_h, a.refill_h, a.group, a.fragility_scale,
                    a.repair_scale) == std::tie(b.edges, b.nodes, b.buffer_h, b.strength, b.delay_h, b.refill_h,
                                                b.group, b.fragility_scale, b.repair_scale) &&
           same_list(a.add, b.add);
}

Model rich_model() {
    Model m;
    m.name = "Rich \"model\" 日本語";
    m.source = "hand-made test model";
    Sector power;
    power.id = "power";
    power.name = "Electric power";
    power.name_ja = "電力";
    power.output = 16500.5;
    power.rto_h = 24;
    power.mtpd_h = 72;
    power.weight = 2;
    power.network = NetworkMode::sources;
    power.repair_scale = 0.5;
    power.source = "src";
    Sector telecom;
    telecom.id = "telecom";
    telecom.network = NetworkMode::giant;
    telecom.rto_h = 0.1;
    Sector logistics;
    logistics.id = "logistics";
    logistics.households = 1200;
    logistics.population = 2750;
    m.sectors = {power, telecom, logistics};
    Node plant;
    plant.id = "plant-1";
    plant.sector = "power";
    plant.name = "Plant";
    plant.node_class = "plant";
    plant.region = "tokyo-koto";
    plant.lat = 35.65;
    plant.lon = 139.8;
    plant.capacity = 2.0 / 3.0;
    plant.coastal = true;
    plant.set_elevation_m(-1.5);
    plant.site_amplification = 1.4;
    plant.is_source = true;
    plant.fragility_scale = 1.2;
    plant.repair_scale = 0.8;
    plant.set_ref("ref");
    plant.set_households(45000);
    plant.set_population(98000);
    Node sub;
    sub.id = "sub-1";
    sub.sector = "power";
    sub.node_class = "substation";
    Node core1, core2;
    core1.id = "core-1";
    core1.sector = core2.sector = "telecom";
    core2.id = "core-2";
    core1.node_class = core2.node_class = "core";
    m.nodes = {plant, sub, core1, core2};
    auto dep = [](const char* from, const char* to, DependencyType type, double strength) {
        Dependency d;
        d.from = from;
        d.to = to;
        d.type = type;
        d.strength = strength;
        return d;
    };
    auto d1 = dep("sub-1", "core-1", DependencyType::physical, 0.9);
    d1.buffer_h = 3;
    d1.refill_h = 12;
    d1.delay_h = 0.25;
    d1.group = "feed";
    d1.set_source("s");
    auto d2 = dep("telecom", "power", DependencyType::cyber, 0.3);
    d2.delay_h = 1;
    auto d3 = dep("logistics", "power", DependencyType::logical, 0.5);
    d3.effect = DependencyEffect::repair;
    auto d4 = dep("logistics", "logistics", DependencyType::geographic, 0.1);
    d4.refill_h = 0;
    m.dependencies = {d1, d2, d3, d4};
    m.links = {{"plant-1", "sub-1"}, {"core-1", "core-2"}};
    m.combination_by_class = {{"core", Combination::product}, {"plant", Combination::min}};
    return m;
}

}  // namespace

TEST_CASE("chain3 fixture loads with its values", "[io][model-json]") {
    const auto m = load_model(fixture("chain3.json"));
    REQUIRE(m.sectors.size() == 3);
    CHECK(m.file == fixture("chain3.json"));
    CHECK(m.sectors[1].id == "b");
    CHECK(m.sectors[1].output == 17520);
    CHECK(m.sectors[2].weight == 2);
    REQUIRE(m.dependencies.size() == 2);
    CHECK(m.dependencies[0].buffer_h == 2);
    CHECK(m.dependencies[1].type == DependencyType::logical);
    CHECK(m.dependencies[1].strength == 0.5);
    CHECK_FALSE(m.dependencies[1].refill_h.has_value());
}

TEST_CASE("a loaded sector-level model keeps its dependencies' sector ends, an unchecked one none", "[io][model-json]") {
    const auto text = model_with(R"({"from": "telecom", "to": "power"}, {"from": "power", "to": "power"})");
    const auto m = parse_model(text, "m.json");
    REQUIRE(m.dependency_ends.size() == 2);
    CHECK(m.dependency_ends[0].from == 1);
    CHECK(m.dependency_ends[0].to == 0);
    CHECK(m.dependency_ends[1].from == 0);
    CHECK(m.dependency_ends[1].to == 0);
    CHECK(parse_model_unchecked(text, "m.json").dependency_ends.empty());
}

TEST_CASE("defaults of absent keys", "[io][model-json]") {
    const auto m = parse_model(model_with(R"({"from": "power", "to": "telecom"})",
                                          R"(, "nodes": [{"id": "n", "sector": "power"}])"),
                               "m.json");
    const auto& d = m.dependencies[0];
    CHECK(d.strength == 1.0);
    CHECK(d.type == DependencyType::physical);
    CHECK(d.effect == DependencyEffect::function);
    CHECK(d.buffer_h == 0);
    const auto& n = m.nodes[0];
    CHECK(n.capacity == 1.0);
    CHECK_FALSE(n.is_source);
    CHECK(m.sectors[0].weight == 1.0);
    CHECK(m.sectors[0].network == NetworkMode::none);
}

TEST_CASE("a rich model survives model_to_json and parse_model unchanged", "[io][model-json]") {
    const auto m = rich_model();
    const auto text = model_to_json(m);
    const auto back = parse_model(text, "m.json");
    CHECK(same_model(m, back));
    CHECK(model_to_json(back) == text);  // canonical: a second trip changes nothing

    const auto fixture_model = load_model(fixture("rich.json"));
    const auto fixture_back = parse_model(model_to_json(fixture_model), "m.json");
    CHECK(same_model(fixture_model, fixture_back));
    // Free text for readers survives the trip.
    CHECK(fixture_back.description == "Free text for readers & <markup>\nsecond line");
    CHECK(fixture_back.sectors[0].description == "what the sector covers");
    CHECK(std::any_of(fixture_back.dependencies.begin(), fixture_back.dependencies.end(),
                      [](const Dependency& d) { return d.note() == "why half an hour & <why not>"; }));
}

TEST_CASE("syntax errors name line and column", "[io][model-json][bad-input]") {
    auto e = model_error("{\n  \"schema\": \"cisim-model/1\",\n  \"sectors\": [ { \"id\": \"power\" }, ]\n}");
    CHECK(e.file() == "m.json");
    CHECK(e.pointer() == "line 3 column 35");
    CHECK_THAT(e.message(), Contains("parse error: syntax error"));
    CHECK(std::string(e.what()).find('\n') == std::string::npos);

    e = model_error("");
    CHECK(e.pointer() == "line 1 column 1");
    CHECK_THAT(e.message(), Contains("unexpected end of input"));
}

TEST_CASE("NaN, Infinity and overflowing numbers are rejected", "[io][model-json][bad-input]") {
    for (const char* lit : {"NaN", "Infinity", "-Infinity", "nan", "inf"}) {
        const auto e = model_error(model_with(std::string(R"({"from": "power", "to": "telecom", "strength": )") + lit + "}"));
        INFO(lit);
        CHECK_THAT(e.message(), Contains("NaN and Infinity are not JSON numbers"));
    }
    const auto e = model_error(model_with(R"({"from": "power", "to": "telecom", "buffer_h": -1e999})"));
    CHECK(e.pointer() == "/dependencies/0/buffer_h");
    CHECK(e.message() == "number -1e999 is out of range (overflows to infinity)");
}

TEST_CASE("duplicate keys are errors, not last-one-wins", "[io][model-json][bad-input]") {
    const auto e = model_error(R"({"schema": "cisim-model/1", "sectors": [{"id": "a"}, {"id": "b", "name": "x", "name": "y"}]})");
    CHECK(e.pointer() == "/sectors/1");
    CHECK(e.message() == "duplicate key \"name\"");
}

TEST_CASE("absurd nesting is refused without recursion", "[io][model-json][bad-input]") {
    const std::string nested = std::string(100000, '[') + std::string(100000, ']');
    // Under a key the schema does not know, the key is refused before its value is read ...
    const std::string deep = R"({"schema": "cisim-model/1", "sectors": [{"id": "a", "x": )" + nested + "}]}";
    CHECK(model_error(deep).message() == "unknown key \"x\"");
    // ... and the parser refuses the depth itself.
    try {
        io::parse_json(nested, "f.json");
        FAIL("parsed");
    } catch (const InputError& e) {
        CHECK_THAT(e.message(), Contains("nested more than"));
    }
}

TEST_CASE("unknown keys are errors everywhere, with a suggestion for typos", "[io][model-json][bad-input]") {
    auto e = model_error(R"({"schema": "cisim-model/1", "sectors": [{"id": "power", "wieght": 2}]})");
    CHECK(e.pointer() == "/sectors/0");
    CHECK(e.message() == "unknown key \"wieght\" (did you mean \"weight\"?)");

    e = model_error(model_with(R"({"from": "power", "to": "telecom", "strenght": 0.5})"));
    CHECK(e.pointer() == "/dependencies/0");
    CHECK(e.message() == "unknown key \"strenght\" (did you mean \"strength\"?)");

    e = model_error(R"({"schema": "cisim-model/1", "sectors": [{"id": "power", "na\nme": 2}]})");
    CHECK(e.message() == "unknown key \"na\\nme\" (did you mean \"name\"?)");
    CHECK(std::string(e.what()).find('\n') == std::string::npos);

    e = model_error(model_with(R"({"from": "power", "to": "telecom"})", R"(, "colour": "red")"));
    CHECK(e.pointer() == "");
    CHECK(e.message() == "unknown key \"colour\"");

    e = model_error(model_with(R"({"from": "power", "to": "telecom"})",
                               R"(, "nodes": [{"id": "n", "sector": "power", "capacity": 1, "lattitude": 3}])"));
    CHECK(e.pointer() == "/nodes/0");
    CHECK_THAT(e.message(), Contains("unknown key \"lattitude\""));
}

TEST_CASE("ranges and types say what was expected", "[io][model-json][bad-input]") {
    auto e = model_error(model_with(R"({"from": "power", "to": "telecom", "strength": 1.7})"));
    CHECK(e.pointer() == "/dependencies/0/strength");
    CHECK(e.message() == "1.7 is outside [0, 1]");
    CHECK(std::string(e.what()) == "m.json: /dependencies/0/strength: 1.7 is outside [0, 1]");

    e = model_error(model_with(R"({"from": "power", "to": "telecom", "delay_h": -0.5})"));
    CHECK(e.pointer() == "/dependencies/0/delay_h");
    CHECK(e.message() == "-0.5 is negative; expected a value >= 0");

    e = model_error(model_with(R"({"from": "power", "to": "telecom", "strength": "high"})"));
    CHECK(e.message() == "expected a number or an object, got \"high\"");

    e = model_error(model_with(R"({"from": "power", "to": "telecom", "type": "physcal"})"));
    CHECK(e.pointer() == "/dependencies/0/type");
    CHECK_THAT(e.message(), Contains("\"physcal\" is not one of \"physical\", \"cyber\"") &&
                                Contains("(did you mean \"physical\"?)"));

    e = model_error(model_with(R"({"from": "power", "to": "telecom"})",
                               R"(, "nodes": [{"id": "n", "sector": "power", "capacity": 0}])"));
    CHECK(e.pointer() == "/nodes/0/capacity");
    CHECK(e.message() == "0 must be greater than 0");

    e = model_error(model_with(R"({"from": "power", "to": "telecom"})",
                               R"(, "nodes": [{"id": "n", "sector": "power", "lat": 91}])"));
    CHECK(e.pointer() == "/nodes/0/lat");
    CHECK(e.message() == "91 is outside [-90, 90]");

    e = model_error(model_with(R"({"from": "power", "to": "telecom"})", R"(, "combination": {"core": "max"})"));
    CHECK(e.pointer() == "/combination/core");
    CHECK_THAT(e.message(), Contains("\"max\" is not one of \"min\", \"product\""));

    e = model_error(R"({"schema": "cisim-model/1", "sectors": {"id": "power"}})");
    CHECK(e.pointer() == "/sectors");
    CHECK(e.message() == "expected an array, got an object");
}

TEST_CASE("missing keys, empty models, wrong documents", "[io][model-json][bad-input]") {
    auto e = model_error(R"({"schema": "cisim-model/1", "sectors": [{"name": "Power"}]})");
    CHECK(e.pointer() == "/sectors/0");
    CHECK(e.message() == "missing required key \"id\"");

    e = model_error(R"({"schema": "cisim-model/1", "sectors": []})");
    CHECK(e.pointer() == "/sectors");
    CHECK(e.message() == "must not be empty");

    e = model_error(R"({"schema": "cisim-model/1"})");
    CHECK(e.pointer() == "");
    CHECK(e.message() == "missing required key \"sectors\"");

    e = model_error(R"({"sectors": [{"id": "a"}]})");
    CHECK(e.pointer() == "/schema");
    CHECK(e.message() == "missing; expected \"cisim-model/1\"");

    e = model_error(R"({"schema": "cisim-scenario/1", "model": "x.json"})");
    CHECK(e.pointer() == "/schema");
    CHECK(e.message() == "this is a scenario (\"cisim-scenario/1\"); expected a model (\"cisim-model/1\")");

    e = model_error("[1, 2]");
    CHECK(e.pointer() == "");
    CHECK(e.message() == "expected an object, got an array");
}

TEST_CASE("semantic rules run after the schema", "[io][model-json][bad-input]") {
    const auto e = model_error(model_with(R"({"from": "power", "to": "telecon"})"));
    CHECK(e.pointer() == "/dependencies/0/to");
    CHECK(e.message() == "unknown sector or node \"telecon\"");
}

TEST_CASE("scenario fixture: events sorted by start, ids default to kind#index", "[io][scenario-json]") {
    const auto s = load_scenario(fixture("scenario-chain3.json"));
    CHECK(s.model_path == "chain3.json");
    CHECK(resolve_model_path(s) == fixture("chain3.json"));
    CHECK(s.horizon_h == 12);
    CHECK(s.step_h == 1);
    REQUIRE(s.events.size() == 1);
    CHECK(s.events[0].id == "a-down");
    CHECK(s.events[0].target.id == "a");

    const auto t = parse_scenario(scenario_with(R"(
        {"kind": "it_outage", "target": "a", "start_h": 5, "duration_h": 1},
        {"kind": "blackout", "region": "tokyo-*", "start_h": 0, "duration_h": 3},
        {"kind": "restore", "target": "a", "start_h": 5},
        {"kind": "earthquake", "lat": 35.6, "lon": 139.7, "depth_km": 30, "mw": 7.3, "start_h": 1})"),
                                  "dir/s.json");
    REQUIRE(t.events.size() == 4);
    CHECK(t.events[0].kind == EventKind::blackout);
    CHECK(t.events[0].id == "blackout#1");
    CHECK(t.events[0].file_index == 1);
    CHECK(t.events[0].supplier == "power");
    CHECK(t.events[1].kind == EventKind::earthquake);
    CHECK(t.events[1].fault_type == "crustal");
    CHECK(t.events[2].id == "it_outage#0");  // equal start: file order kept
    CHECK(t.events[3].id == "restore#2");
    CHECK(t.horizon_h == 168);  // defaults
    CHECK(t.step_h == 1);
    CHECK(t.service_threshold == 0.9);
}

TEST_CASE("per-kind keys of events", "[io][scenario-json][bad-input]") {
    auto e = scenario_error(scenario_with(R"({"kind": "it_outage", "target": "a"})"));
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "missing key \"duration_h\", required for kind \"it_outage\"");

    e = scenario_error(scenario_with(R"({"kind": "it_outage", "duration_h": 1})"));
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "kind \"it_outage\" needs exactly one of \"target\", \"class\", \"nodes\", \"region\"; none given");

    e = scenario_error(scenario_with(R"({"kind": "restore", "target": "a", "nodes": ["n"]})"));
    CHECK(e.message() == "kind \"restore\" needs exactly one of \"target\", \"class\", \"nodes\", \"region\"; got \"target\" and \"nodes\"");

    e = scenario_error(scenario_with(R"({"kind": "earthquake", "lat": 35, "lon": 139, "depth_km": 10, "mw": 7, "height_m": 3})"));
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "key \"height_m\" does not apply to kind \"earthquake\"");

    e = scenario_error(scenario_with(R"({"kind": "earthquake", "lat": 35, "lon": 139, "depth_km": 10, "mw": 9.6})"));
    CHECK(e.pointer() == "/events/0/mw");
    CHECK(e.message() == "9.6 is outside [4, 9.5]");

    e = scenario_error(scenario_with(R"({"kind": "rolling_blackout", "region": "kanto", "groups": 5, "slot_h": 3})"));
    CHECK(e.message() == "missing key \"end_h\", required for kind \"rolling_blackout\"");

    e = scenario_error(scenario_with(R"({"kind": "rolling_blackout", "region": "kanto", "groups": 2.5, "slot_h": 3, "end_h": 9})"));
    CHECK(e.pointer() == "/events/0/groups");
    CHECK(e.message() == "expected an integer, got 2.5");

    e = scenario_error(scenario_with(R"({"kind": "tsunami", "height_m": 10})"));
    CHECK(e.message() == "missing key \"region\", required for kind \"tsunami\"");

    e = scenario_error(scenario_with(R"({"target": "a", "duration_h": 1})"));
    CHECK(e.message() == "missing required key \"kind\"");

    e = scenario_error(scenario_with(R"({"kind": "it_outage", "target": "a", "duration_h": 1, "start_h": -2})"));
    CHECK(e.pointer() == "/events/0/start_h");
    CHECK(e.message() == "-2 is negative; expected a value >= 0");
}

TEST_CASE("scenario settings are checked on load", "[io][scenario-json][bad-input]") {
    auto e = scenario_error(scenario_with("", R"(, "horizon_h": 1000, "step_h": 0.0001)"));
    CHECK(e.pointer() == "/step_h");
    CHECK_THAT(e.message(), Contains("at most 1000000"));

    e = scenario_error(scenario_with("", R"(, "horizon_h": 0)"));
    CHECK(e.pointer() == "/horizon_h");
    CHECK(e.message() == "0 must be greater than 0");

    e = scenario_error(scenario_with("", R"(, "monte_carlo": {"samples": 0})"));
    CHECK(e.pointer() == "/monte_carlo/samples");
    CHECK(e.message() == "0 is outside [1, 100000000]");

    e = scenario_error(R"({"schema": "cisim-scenario/1", "events": []})");
    CHECK(e.message() == "missing required key \"model\"");

    e = scenario_error(R"({"schema": "cisim-model/1", "sectors": [{"id": "a"}]})");
    CHECK(e.pointer() == "/schema");
    CHECK(e.message() == "this is a model (\"cisim-model/1\"); expected a scenario (\"cisim-scenario/1\")");
}

TEST_CASE("measures: one change or a list, with selectors the changes need", "[io][scenario-json]") {
    const auto s = parse_scenario(scenario_with("", R"(, "cost_unit": "JPY", "measures": [
        {"id": "fuel", "cost": 120, "set": {"edges": "power->medical", "buffer_h": 72}},
        {"id": "both", "name": "Both", "set": [
            {"nodes": "class:hospital", "fragility_scale": 1.5},
            {"add": [{"from": "power", "to": "medical", "strength": 0.5, "group": "feed"}]}]}])"),
                                  "s.json");
    REQUIRE(s.measures.size() == 2);
    CHECK(s.cost_unit == "JPY");
    CHECK(s.measures[0].cost == 120);
    REQUIRE(s.measures[0].changes.size() == 1);
    CHECK(s.measures[0].changes[0].edges == "power->medical");
    CHECK(s.measures[0].changes[0].buffer_h == 72);
    CHECK_FALSE(s.measures[0].changes[0].strength.has_value());
    REQUIRE(s.measures[1].changes.size() == 2);
    CHECK(s.measures[1].changes[0].fragility_scale == 1.5);
    REQUIRE(s.measures[1].changes[1].add.size() == 1);
    CHECK(s.measures[1].changes[1].add[0].group == "feed");

    // A cost needs its unit.
    auto e = scenario_error(scenario_with("", R"(, "measures": [{"id": "m", "cost": 1, "set": {"edges": "a->b"}}])"));
    CHECK(e.pointer() == "");
    CHECK(e.message() == "\"measures\" requires \"cost_unit\"");

    e = scenario_error(scenario_with("", R"(, "cost_unit": "JPY", "measures": [{"id": "m", "set": {"buffer_h": 72}}])"));
    CHECK(e.pointer() == "/measures/0/set");
    CHECK(e.message() == "\"buffer_h\" requires \"edges\"");

    e = scenario_error(scenario_with("", R"(, "cost_unit": "JPY", "measures": [{"id": "m", "set": []}])"));
    CHECK(e.pointer() == "/measures/0/set");
    CHECK(e.message() == "must not be empty");

    e = scenario_error(scenario_with("", R"(, "cost_unit": "JPY", "measures": [{"id": "m", "set": [{"add": [{"from": "a", "to": "b", "strength": 2}]}]}])"));
    CHECK(e.pointer() == "/measures/0/set/0/add/0/strength");
    CHECK(e.message() == "2 is outside [0, 1]");

    e = scenario_error(scenario_with("", R"(, "cost_unit": "JPY", "measures": [{"id": "m", "set": {"edges": "a->b", "bufer_h": 3}}])"));
    CHECK(e.pointer() == "/measures/0/set");
    CHECK(e.message() == "unknown key \"bufer_h\" (did you mean \"buffer_h\"?)");

    e = scenario_error(scenario_with("", R"(, "cost_unit": "JPY", "measures": [{"id": "m", "set": "more fuel"}])"));
    CHECK(e.pointer() == "/measures/0/set");
    CHECK(e.message() == "expected an object or an array, got \"more fuel\"");
}

TEST_CASE("a rich scenario survives scenario_to_json and parse_scenario", "[io][scenario-json]") {
    const auto s = parse_scenario(scenario_with(R"(
        {"kind": "it_outage", "id": "core", "class": "core", "start_h": 2, "duration_h": 61.4, "severity": 0.7,
         "recovery": "linear", "recovery_h": 25, "duration_cv": 0.3, "description": "d", "source": "s"},
        {"kind": "it_outage", "nodes": ["a", "b"], "duration_h": 1, "recovery": "exponential", "recovery_h": 2},
        {"kind": "blackout", "region": "tokyo-*", "duration_h": 3, "supplier": "gas", "severity": 0.5},
        {"kind": "rolling_blackout", "region": "kanto", "groups": 5, "slot_h": 3, "start_h": 72, "end_h": 400},
        {"kind": "earthquake", "lat": 35.65, "lon": 139.75, "depth_km": 30, "mw": 7.3, "fault_type": "interplate"},
        {"kind": "tsunami", "region": "tohoku-coast", "height_m": 10, "start_h": 0.5, "repair_h": 720},
        {"kind": "restore", "region": "tokyo-*", "start_h": 100})",
                                                R"(, "name": "n", "description": "d", "source": "s", "horizon_h": 500,
        "step_h": 0.25, "service_threshold": 0.8, "monte_carlo": {"samples": 1000, "seed": 9007199254740991},
        "cost_unit": "million JPY", "measures": [{"id": "m1", "cost": 3.5, "source": "x",
                      "set": [{"edges": "power->*", "strength": 0.5, "delay_h": 1, "refill_h": 2, "group": "g"},
                              {"nodes": "sector:power", "repair_scale": 0.5}]},
                     {"id": "m2", "set": {"add": [{"from": "a", "to": "b", "type": "cyber", "effect": "repair", "note": "why"}]}}])"),
                                  "s.json");
    const auto back = parse_scenario(scenario_to_json(s), "s.json");
    CHECK(back.monte_carlo.seed == 9007199254740991ull);

    const auto e = scenario_error(scenario_with("", R"(, "monte_carlo": {"seed": 18446744073709551615})"));
    CHECK(e.pointer() == "/monte_carlo/seed");
    CHECK(e.message() == "18446744073709551615 is outside [0, 9007199254740991]");
    CHECK(std::tie(s.name, s.description, s.source, s.model_path, s.horizon_h, s.step_h, s.service_threshold,
                   s.monte_carlo.samples, s.monte_carlo.seed) ==
          std::tie(back.name, back.description, back.source, back.model_path, back.horizon_h, back.step_h,
                   back.service_threshold, back.monte_carlo.samples, back.monte_carlo.seed));
    REQUIRE(back.events.size() == s.events.size());
    for (std::size_t i = 0; i < s.events.size(); ++i) CHECK(fields(s.events[i]) == fields(back.events[i]));
    CHECK(back.cost_unit == "million JPY");
    REQUIRE(back.measures.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(std::tie(s.measures[i].id, s.measures[i].name, s.measures[i].cost, s.measures[i].source) ==
              std::tie(back.measures[i].id, back.measures[i].name, back.measures[i].cost, back.measures[i].source));
        REQUIRE(back.measures[i].changes.size() == s.measures[i].changes.size());
        for (std::size_t c = 0; c < s.measures[i].changes.size(); ++c)
            CHECK(same_change(s.measures[i].changes[c], back.measures[i].changes[c]));
    }
    CHECK(back.measures[1].changes[0].add[0].note() == "why");  // free text, as in models
}

TEST_CASE("model paths resolve against the scenario's directory", "[io][scenario-json]") {
    Scenario s;
    s.model_path = "../models/japan-ci.json";
    s.file = "scenarios/kddi.json";
    CHECK(resolve_model_path(s) == "models/japan-ci.json");
    s.file = "kddi.json";
    CHECK(resolve_model_path(s) == "../models/japan-ci.json");
    s.model_path = "/abs/model.json";
    CHECK(resolve_model_path(s) == "/abs/model.json");
}

TEST_CASE("files that cannot be read", "[io][bad-input]") {
    auto e = input_error([] { read_file("no/such/dir/model.json"); });
    CHECK(e.file() == "no/such/dir/model.json");
    CHECK(e.pointer() == "");
    CHECK_THAT(e.message(), Contains("cannot read file: No such file or directory"));

    e = input_error([] { load_model(fixture("")); });
    CHECK(e.message() == "cannot read file: it is a directory");

    CHECK(read_file(fixture("chain3.json")).find("cisim-model/1") != std::string::npos);
}

TEST_CASE("document_kind tells models from scenarios by their schema key", "[io]") {
    CHECK(document_kind(R"({"schema": "cisim-model/1"})", "f") == DocumentKind::model);
    CHECK(document_kind(R"({"schema": "cisim-scenario/1"})", "f") == DocumentKind::scenario);
    auto e = input_error([] { document_kind(R"({"name": "x"})", "f"); });
    CHECK(e.pointer() == "/schema");
    CHECK_THAT(e.message(), Contains("missing"));
    e = input_error([] { document_kind(R"({"schema": 3})", "f"); });
    CHECK(e.pointer() == "/schema");
    CHECK_THAT(e.message(), Contains("unknown schema 3"));
}

TEST_CASE("SHA-256 of the FIPS 180-2 test vectors", "[io][sha256]") {
    auto sha = [](std::string_view bytes) { return Sha256().update(bytes).hex(); };
    CHECK(sha("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 56 bytes: the length no longer fits in the first block's padding.
    CHECK(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 in pieces equals SHA-256 at once, and of a file its bytes", "[io][sha256]") {
    auto sha = [](std::string_view bytes) { return Sha256().update(bytes).hex(); };
    std::string text;
    for (int i = 0; i < 1000; ++i) text += static_cast<char>('a' + (i * 7) % 26);
    // Digests from Python's hashlib: the whole text, and prefixes whose padding
    // fits the last block, just does not, or needs a block of its own.
    const std::string whole = "4256460c8769ec1a1d2a8e3edeeda0d3cc4fbc30b3c0f6a2b53da3ef9f60ea5e";
    CHECK(sha(text) == whole);
    const std::vector<std::pair<std::size_t, std::string>> prefixes = {
        {55, "7cda990214cc40c5e59b2a5f09f1c34da7ea4a7d44479d36b150ea7c04aa009a"},
        {63, "125d5830922e3666b5891332b54f12d328861b7ec30fec51a03fa27bbe549642"},
        {64, "15c32cfa73534b3c34a1244e4331e3757b34daf267f6a7322d471c849e3a5c65"},
        {119, "a1913d07c18ff09efb38be9e5317b92e7a4cf103f6fb7448257c30c7cab59462"},
        {120, "f9fe9011baded2c49c901e5d4d74f66a00f057070e9e9d641b566eeea45f3be3"}};
    for (const auto& [length, digest] : prefixes) CHECK(sha(std::string_view(text).substr(0, length)) == digest);
    // Pieces that end before, at and across the 64-byte blocks.
    for (const std::size_t piece : {1u, 7u, 55u, 56u, 63u, 64u, 65u, 129u}) {
        Sha256 hash;
        for (std::size_t i = 0; i < text.size(); i += piece) hash.update(std::string_view(text).substr(i, piece));
        CHECK(hash.hex() == whole);
    }
    // Run summaries record the hash of the bytes that were parsed.
    const auto scenario = load_scenario_hashed(fixture("scenario-chain3.json"));
    CHECK(scenario.sha256 == sha256_hex(read_file(fixture("scenario-chain3.json"))));
    CHECK(scenario_to_json(scenario.value) == scenario_to_json(load_scenario(fixture("scenario-chain3.json"))));
    CHECK_THAT(input_error([] { load_scenario_hashed("no/such/dir/scenario.json"); }).message(), Contains("cannot read file"));
}
