// Semantic model and scenario rules (SPEC §3, §9) on values built in C++,
// as GraphML import and generators make them: no JSON involved.
#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>

#include "model/Error.hpp"
#include "model/Validate.hpp"

using namespace cisim;
using Catch::Matchers::Contains;

namespace {

template <class F>
InputError input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    throw std::logic_error("expected an InputError");
}

InputError model_error(const Model& m) {
    return input_error([&] { check_model(m); });
}

Sector sector(const std::string& id, NetworkMode network = NetworkMode::none) {
    Sector s;
    s.id = id;
    s.network = network;
    return s;
}

Node node(const std::string& id, const std::string& sector, const std::string& cls = "", const std::string& region = "") {
    Node n;
    n.id = id;
    n.sector = sector;
    n.node_class = cls;
    n.region = region;
    return n;
}

Dependency dep(const std::string& from, const std::string& to, double strength = 1.0) {
    Dependency d;
    d.from = from;
    d.to = to;
    d.strength = strength;
    return d;
}

/// power (a grid with a plant and two substations) -> medical (two hospitals); water without nodes.
Model assets() {
    Model m;
    m.file = "m.json";
    m.sectors = {sector("power", NetworkMode::sources), sector("medical"), sector("water")};
    m.nodes = {node("plant-1", "power", "plant", "tokyo-koto"), node("sub-1", "power", "substation", "tokyo-chiyoda"),
               node("sub-2", "power", "substation", "tokyo-minato"), node("hosp-1", "medical", "hospital", "tokyo-chiyoda"),
               node("hosp-2", "medical", "hospital", "osaka-kita")};
    m.nodes[0].is_source = true;
    m.dependencies = {dep("sub-1", "hosp-1", 0.9), dep("sub-2", "hosp-2", 0.9), dep("power", "water", 0.8),
                      dep("water", "medical", 0.5)};
    m.links = {{"plant-1", "sub-1"}, {"sub-1", "sub-2"}};
    return m;
}

Scenario scenario() {
    Scenario s;
    s.file = "s.json";
    s.horizon_h = 168;
    s.step_h = 1;
    return s;
}

Event outage(const std::string& target) {
    Event e;
    e.kind = EventKind::it_outage;
    e.target.id = target;
    e.duration_h = 4;
    return e;
}

InputError scenario_error(const Scenario& s, const Model& m = assets()) {
    return input_error([&] { check_scenario(s, m); });
}

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("a consistent asset-level model passes", "[model][validate]") {
    CHECK_NOTHROW(check_model(assets()));
}

TEST_CASE("check_and_resolve_model keeps where the check found each dependency's ends", "[model][validate]") {
    Model m;
    m.file = "m.json";
    m.sectors = {sector("power"), sector("water"), sector("telecom")};
    m.dependencies = {dep("power", "water", 0.5), dep("telecom", "telecom", 0.1), dep("water", "power", 0.2)};
    check_and_resolve_model(m);
    REQUIRE(m.dependency_ends.size() == 3);
    CHECK(m.dependency_ends[0].from == 0);
    CHECK(m.dependency_ends[0].to == 1);
    CHECK(m.dependency_ends[1].from == 2);
    CHECK(m.dependency_ends[1].to == 2);
    CHECK(m.dependency_ends[2].from == 1);
    CHECK(m.dependency_ends[2].to == 0);
    // Checked again after an edit, they follow it.
    std::swap(m.sectors[0], m.sectors[2]);
    m.dependencies.erase(m.dependencies.begin() + 1);
    check_and_resolve_model(m);
    REQUIRE(m.dependency_ends.size() == 2);
    CHECK(m.dependency_ends[0].from == 2);
    CHECK(m.dependency_ends[1].to == 2);
    // A broken model throws as check_model does.
    m.dependencies[0].from = "gas";
    CHECK_THROWS_AS(check_and_resolve_model(m), InputError);
    // In models with nodes, a node's end is its index in nodes, flagged.
    auto a = assets();
    check_and_resolve_model(a);
    REQUIRE(a.dependency_ends.size() == 4);
    constexpr auto node = DependencyEnds::node_flag;
    CHECK(a.dependency_ends[0] == DependencyEnds{node | 1, node | 3});  // sub-1 → hosp-1
    CHECK(a.dependency_ends[1] == DependencyEnds{node | 2, node | 4});  // sub-2 → hosp-2
    CHECK(a.dependency_ends[2] == DependencyEnds{0, 2});                // power → water
    CHECK(a.dependency_ends[3] == DependencyEnds{2, 1});                // water → medical
}

TEST_CASE("a model needs sectors", "[model][validate]") {
    Model m;
    m.file = "empty.json";
    const auto e = model_error(m);
    CHECK(e.file() == "empty.json");
    CHECK(e.pointer() == "/sectors");
    CHECK_THAT(e.message(), Contains("no sectors"));
}

TEST_CASE("ids are unique across sectors and nodes", "[model][validate]") {
    auto m = assets();
    m.sectors.push_back(sector("medical"));
    auto e = model_error(m);
    CHECK(e.pointer() == "/sectors/3/id");
    CHECK(e.message() == "duplicate id \"medical\" (also /sectors/1/id)");

    m = assets();
    m.nodes.push_back(node("water", "medical"));
    e = model_error(m);
    CHECK(e.pointer() == "/nodes/5/id");
    CHECK(e.message() == "duplicate id \"water\" (also /sectors/2/id)");
}

TEST_CASE("ids cannot look like globs or selectors", "[model][validate]") {
    for (const char* bad : {"", "a b", "tokyo-*", "a?", "a->b", "class:x", "sector:y", "tab\there"}) {
        auto m = assets();
        m.sectors[2].id = bad;
        m.dependencies.pop_back();
        m.dependencies.pop_back();
        INFO(bad);
        CHECK(model_error(m).pointer() == "/sectors/2/id");
    }
}

TEST_CASE("every reference resolves", "[model][validate]") {
    auto m = assets();
    m.nodes[1].sector = "powr";
    auto e = model_error(m);
    CHECK(e.pointer() == "/nodes/1/sector");
    CHECK(e.message() == "unknown sector \"powr\"");

    m = assets();
    m.nodes[1].sector = "plant-1";
    CHECK(model_error(m).message() == "\"plant-1\" is a node, not a sector");

    m = assets();
    m.dependencies[2].from = "gas";
    e = model_error(m);
    CHECK(e.pointer() == "/dependencies/2/from");
    CHECK(e.message() == "unknown sector or node \"gas\"");

    m = assets();
    m.dependencies[0].to = "hosp-9";
    CHECK(model_error(m).pointer() == "/dependencies/0/to");
}

TEST_CASE("messages stay on one line whatever the input holds", "[model][validate]") {
    auto m = assets();
    m.dependencies[0].to = "hosp\n1\x01";
    const auto e = model_error(m);
    CHECK(e.message() == "unknown sector or node \"hosp\\n1\\u0001\"");
    CHECK(std::string(e.what()).find('\n') == std::string::npos);

    m = assets();
    m.dependencies[0].from = std::string(200, 'x');
    CHECK(model_error(m).message() == "unknown sector or node \"" + std::string(80, 'x') + "...\"");
}

TEST_CASE("numbers are finite and in range", "[model][validate]") {
    auto m = assets();
    m.dependencies[1].strength = 1.5;
    auto e = model_error(m);
    CHECK(e.pointer() == "/dependencies/1/strength");
    CHECK(e.message() == "1.5 is outside [0, 1]");

    m = assets();
    m.dependencies[1].strength = not_a_number;
    CHECK(model_error(m).message() == "NaN is not a finite number");

    m = assets();
    m.dependencies[0].buffer_h = -3;
    e = model_error(m);
    CHECK(e.pointer() == "/dependencies/0/buffer_h");
    CHECK(e.message() == "-3 is negative; expected a value >= 0");

    m = assets();
    m.dependencies[0].delay_h = inf;
    CHECK(model_error(m).message() == "inf is not a finite number");

    m = assets();
    m.dependencies[0].refill_h = -1;
    CHECK(model_error(m).pointer() == "/dependencies/0/refill_h");

    m = assets();
    m.nodes[2].capacity = 0;
    e = model_error(m);
    CHECK(e.pointer() == "/nodes/2/capacity");
    CHECK(e.message() == "0 must be greater than 0");

    m = assets();
    m.nodes[2].lat = 95;
    m.nodes[2].lon = 139;
    CHECK(model_error(m).message() == "95 is outside [-90, 90]");

    m = assets();
    m.nodes[2].lat = 35;
    e = model_error(m);
    CHECK(e.pointer() == "/nodes/2");
    CHECK(e.message() == "has lat but no lon");

    m = assets();
    m.sectors[0].rto_h = 96;
    m.sectors[0].mtpd_h = 72;
    e = model_error(m);
    CHECK(e.pointer() == "/sectors/0/rto_h");
    CHECK_THAT(e.message(), Contains("rto_h 96 exceeds mtpd_h 72"));

    m = assets();
    m.sectors[1].output = -inf;
    CHECK(model_error(m).pointer() == "/sectors/1/output");
}

TEST_CASE("households and population are whole counts, given on a sector or on its nodes", "[model][validate][households]") {
    auto m = assets();
    m.sectors[2].households = 5000;  // water, no nodes
    m.sectors[2].population = 12000;
    m.nodes[1].set_households(300);     // power by its substations
    m.nodes[2].set_households(0);
    m.nodes[3].set_population(40);
    CHECK_NOTHROW(check_model(m));

    auto bad = m;
    bad.sectors[2].households = -1;
    auto e = model_error(bad);
    CHECK(e.pointer() == "/sectors/2/households");
    CHECK(e.message() == "-1 is negative; expected a value >= 0");

    bad = m;
    bad.nodes[1].set_population(not_a_number);
    e = model_error(bad);
    CHECK(e.pointer() == "/nodes/1/population");
    CHECK(e.message() == "NaN is not a finite number");

    bad = m;
    bad.sectors[2].population = inf;
    CHECK(model_error(bad).message() == "inf is not a finite number");

    bad = m;
    bad.nodes[2].set_households(2.5);
    e = model_error(bad);
    CHECK(e.pointer() == "/nodes/2/households");
    CHECK(e.message() == "2.5 is not a whole number; expected a count");

    // Counted twice otherwise.
    bad = m;
    bad.sectors[0].households = 1000;
    e = model_error(bad);
    CHECK(e.pointer() == "/nodes/1/households");
    CHECK_THAT(e.message(), Contains("also gives households (/sectors/0/households)"));

    bad = m;
    bad.sectors[1].population = 1000;
    e = model_error(bad);
    CHECK(e.pointer() == "/nodes/3/population");
    CHECK_THAT(e.message(), Contains("also gives population (/sectors/1/population)"));

    // Households on the nodes and population on the sector are two figures: fine.
    auto mixed = m;
    mixed.sectors[0].population = 800;
    CHECK_NOTHROW(check_model(mixed));
}

TEST_CASE("a node may not depend on itself — a sector may", "[model][validate]") {
    auto m = assets();
    m.dependencies.push_back(dep("water", "water", 0.2));   // the IIM diagonal
    m.dependencies.push_back(dep("power", "sub-1", 0.5));   // sector aggregate to its own node
    m.dependencies.push_back(dep("hosp-1", "medical", 0.1));  // node to its own sector
    CHECK_NOTHROW(check_model(m));

    m.dependencies.push_back(dep("hosp-2", "hosp-2", 0.5));
    const auto e = model_error(m);
    CHECK(e.pointer() == "/dependencies/7");
    CHECK(e.message() == "node \"hosp-2\" depends on itself; only a sector may depend on itself");
}

TEST_CASE("duplicate dependencies are errors — redundant groups and other types are not", "[model][validate]") {
    auto m = assets();
    auto second = dep("sub-1", "hosp-1", 0.5);
    second.type = DependencyType::cyber;
    m.dependencies.push_back(second);
    auto grouped = dep("sub-1", "hosp-1", 0.5);
    grouped.group = "feed";
    m.dependencies.push_back(grouped);
    CHECK_NOTHROW(check_model(m));

    m.dependencies.push_back(dep("sub-1", "hosp-1", 0.3));
    const auto e = model_error(m);
    CHECK(e.pointer() == "/dependencies/6");
    CHECK_THAT(e.message(), Contains("duplicate of /dependencies/0"));
}

TEST_CASE("links join distinct nodes of one network sector", "[model][validate]") {
    auto m = assets();
    m.links.push_back({"sub-2", "sub-2"});
    auto e = model_error(m);
    CHECK(e.pointer() == "/links/2");
    CHECK_THAT(e.message(), Contains("self-link"));

    m = assets();
    m.links.push_back({"sub-2", "hosp-2"});
    e = model_error(m);
    CHECK(e.pointer() == "/links/2/b");
    CHECK_THAT(e.message(), Contains("links join nodes of one network sector"));

    m = assets();
    m.links.push_back({"hosp-1", "hosp-2"});
    e = model_error(m);
    CHECK(e.pointer() == "/links/2");
    CHECK(e.message() == "sector \"medical\" is not a network; set \"network\" on it to use links");

    m = assets();
    m.links.push_back({"power", "sub-2"});
    CHECK(model_error(m).message() == "links join nodes; \"power\" is a sector");

    m = assets();
    m.links.push_back({"sub-2", "sub-9"});
    CHECK(model_error(m).message() == "unknown node \"sub-9\"");
}

TEST_CASE("network sources", "[model][validate]") {
    auto m = assets();
    m.nodes[0].is_source = false;
    auto e = model_error(m);
    CHECK(e.pointer() == "/sectors/0/network");
    CHECK_THAT(e.message(), Contains("needs at least one node with \"source\": true"));

    m.sectors[0].network = NetworkMode::giant;  // the giant component needs no source
    CHECK_NOTHROW(check_model(m));

    m = assets();
    m.nodes[3].is_source = true;
    e = model_error(m);
    CHECK(e.pointer() == "/nodes/3/source");
    CHECK_THAT(e.message(), Contains("is not a network"));
}

TEST_CASE("combination rules name classes that exist", "[model][validate]") {
    auto m = assets();
    m.combination_by_class["hospital"] = Combination::product;
    CHECK_NOTHROW(check_model(m));
    m.combination_by_class["hospitl/x"] = Combination::product;
    const auto e = model_error(m);
    CHECK(e.pointer() == "/combination/hospitl~1x");
    CHECK(e.message() == "no node has class \"hospitl/x\"");
}

TEST_CASE("scenario time settings cannot hang a run", "[model][validate][scenario]") {
    auto s = scenario();
    s.step_h = 168.0 / 1e6;
    CHECK_NOTHROW(check_scenario_settings(s));  // exactly the limit
    s.step_h = 168.0 / 2e6;
    auto e = input_error([&] { check_scenario_settings(s); });
    CHECK(e.pointer() == "/step_h");
    CHECK_THAT(e.message(), Contains("2000000 steps; at most 1000000 are allowed"));

    s = scenario();
    s.step_h = 200;
    e = input_error([&] { check_scenario_settings(s); });
    CHECK(e.message() == "step 200 h is longer than the horizon 168 h");

    s = scenario();
    s.horizon_h = not_a_number;
    CHECK(input_error([&] { check_scenario_settings(s); }).pointer() == "/horizon_h");

    s = scenario();
    s.service_threshold = 0;
    e = input_error([&] { check_scenario_settings(s); });
    CHECK(e.pointer() == "/service_threshold");
    CHECK(e.message() == "0 is outside (0, 1]");
}

TEST_CASE("events are consistent and pointers follow the file order", "[model][validate][scenario]") {
    auto s = scenario();
    auto rolling = Event{};
    rolling.kind = EventKind::rolling_blackout;
    rolling.target.region = "tokyo-*";
    rolling.groups = 5;
    rolling.slot_h = 3;
    rolling.start_h = 72;
    rolling.end_h = 10;
    rolling.file_index = 1;  // second in the file, first after sorting
    auto first = outage("water");
    first.start_h = 80;
    first.file_index = 0;
    s.events = {rolling, first};
    auto e = scenario_error(s);
    CHECK(e.pointer() == "/events/1/end_h");
    CHECK(e.message() == "end_h 10 is before start_h 72");

    s.events[0].end_h = 400;
    s.events[0].slot_h = 1e-5;
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/1/slot_h");
    CHECK_THAT(e.message(), Contains("at most 1000000"));

    s = scenario();
    auto quake = Event{};
    quake.kind = EventKind::earthquake;
    quake.mw = 3;
    s.events = {quake};
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/mw");
    CHECK(e.message() == "3 is outside [4, 9.5]");

    s = scenario();
    auto both = outage("water");
    both.target.node_class = "hospital";
    s.events = {both};
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0");
    CHECK_THAT(e.message(), Contains("needs exactly one of"));

    s = scenario();
    s.events = {outage("water"), outage("power")};
    s.events[0].severity = 1.2;
    CHECK(scenario_error(s).pointer() == "/events/0/severity");

    s.events[0].severity = 1;
    s.events[0].id = s.events[1].id = "x";
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/1/id");
    CHECK(e.message() == "duplicate event id \"x\" (also /events/0)");
}

TEST_CASE("everything a scenario names exists in its model", "[model][validate][scenario]") {
    auto s = scenario();
    s.events = {outage("hosp-1"), outage("water")};
    CHECK_NOTHROW(check_scenario(s, assets()));

    s.events = {outage("gas")};
    auto e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/target");
    CHECK(e.message() == "unknown sector or node \"gas\" in the model");

    auto by_class = outage("");
    by_class.target.node_class = "hospitl";
    s.events = {by_class};
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/class");
    CHECK(e.message() == "no node of the model has class \"hospitl\"");

    auto listed = outage("");
    listed.target.nodes = {"hosp-1", "medical"};
    s.events = {listed};
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/nodes/1");
    CHECK(e.message() == "\"medical\" is a sector, not a node; use \"target\"");

    auto blackout = Event{};
    blackout.kind = EventKind::blackout;
    blackout.target.region = "kyoto-*";
    blackout.duration_h = 3;
    s.events = {blackout};
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/region");
    CHECK(e.message() == "\"kyoto-*\" matches no node (regions: osaka-kita, tokyo-chiyoda, tokyo-koto, tokyo-minato)");

    s.events[0].target.region = "osaka-*";
    CHECK_NOTHROW(check_scenario(s, assets()));
    s.events[0].supplier = "gas";
    e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/supplier");
    CHECK(e.message() == "unknown sector \"gas\"");

    // A sector-level model has no regions: only "*" reaches its sectors.
    Model sectors_only;
    sectors_only.file = "m.json";
    sectors_only.sectors = {sector("power"), sector("water")};
    s.events[0].supplier = "power";
    s.events[0].target.region = "kyoto-*";
    e = scenario_error(s, sectors_only);
    CHECK(e.pointer() == "/events/0/region");
    CHECK(e.message() == "\"kyoto-*\" matches no node: the model has no nodes (its sectors are reached by region \"*\" only)");
    s.events[0].target.region = "*";
    CHECK_NOTHROW(check_scenario(s, sectors_only));
}

TEST_CASE("a region that reaches nothing lists the model's regions compactly", "[model][validate][scenario]") {
    Model m;
    m.file = "m.json";
    m.sectors = {sector("power")};
    for (const auto* r : {"tokyo-chiyoda", "tokyo-minato", "tokyo-koto", "chiba-chiba", "chiba-ichihara",
                          "kanagawa-yokohama", "kanagawa-kawasaki", "saitama-saitama", "osaka-osaka", "kanto-outer-ring"})
        m.nodes.push_back(node(std::string("n-") + r, "power", "substation", r));
    auto s = scenario();
    Event blackout;
    blackout.kind = EventKind::blackout;
    blackout.target.region = "kyoto-*";
    blackout.duration_h = 3;
    s.events = {outage("power"), blackout};
    // More than eight regions: grouped by their first part, a group only where it has several.
    const auto e = scenario_error(s, m);
    CHECK(e.pointer() == "/events/1/region");
    CHECK(e.message() ==
          "\"kyoto-*\" matches no node (regions: chiba-*, kanagawa-*, kanto-outer-ring, osaka-osaka, saitama-saitama, tokyo-*)");
}

TEST_CASE("earthquakes and tsunamis need assets they can act on", "[model][validate][scenario]") {
    Event quake;
    quake.kind = EventKind::earthquake;
    quake.lat = 35.7;
    quake.lon = 139.7;
    quake.depth_km = 20;
    quake.mw = 7.3;
    Event wave;
    wave.kind = EventKind::tsunami;
    wave.target.region = "tokyo-*";
    wave.height_m = 5;
    auto s = scenario();

    // A sector-level model: nothing has a place.
    Model sectors_only;
    sectors_only.file = "m.json";
    sectors_only.sectors = {sector("power"), sector("water")};
    s.events = {quake};
    auto e = scenario_error(s, sectors_only);
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "the model has no located assets; earthquakes act on assets with lat/lon");
    wave.target.region = "*";
    s.events = {wave};
    e = scenario_error(s, sectors_only);
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "the model has no located assets; tsunamis act on assets with \"coastal\": true");

    // Assets without coordinates are not shaken; inland assets are not flooded.
    auto m = assets();
    s.events = {quake};
    e = scenario_error(s, m);
    CHECK(e.message() == "the model has no located assets; earthquakes act on assets with lat/lon");
    m.nodes[1].lat = 35.68;
    m.nodes[1].lon = 139.76;
    CHECK_NOTHROW(check_scenario(s, m));
    s.events = {wave};
    e = scenario_error(s, m);
    CHECK(e.pointer() == "/events/0");
    CHECK(e.message() == "the model has no coastal assets; tsunamis act on assets with \"coastal\": true");
    m.nodes[4].coastal = true;  // hosp-2, osaka-kita
    CHECK_NOTHROW(check_scenario(s, m));
    s.events[0].target.region = "tokyo-*";
    e = scenario_error(s, m);
    CHECK(e.pointer() == "/events/0/region");
    CHECK(e.message() == "\"tokyo-*\" matches no coastal node (coastal nodes' regions: osaka-kita)");
}

TEST_CASE("measures select something and change something", "[model][validate][scenario]") {
    auto s = scenario();
    Measure fuel;
    fuel.id = "fuel";
    MeasureChange c;
    c.edges = "power->medical";  // matches sub-1 -> hosp-1 through the nodes' sectors
    c.buffer_h = 72;
    fuel.changes = {c};
    s.measures = {fuel};
    CHECK_NOTHROW(check_scenario(s, assets()));

    s.measures[0].changes[0].edges = "medical->power";
    auto e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set/edges");
    CHECK(e.message() == "\"medical->power\" matches no dependency of the model");

    s.measures[0].changes[0].edges = "power-medical";
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set/edges");
    CHECK_THAT(e.message(), Contains("is not of the form \"FROM->TO\""));

    MeasureChange harden;
    harden.nodes = "class:hospital";
    harden.fragility_scale = 1.5;
    MeasureChange faster;
    faster.nodes = "sector:pow*";
    faster.repair_scale = 0.5;
    MeasureChange water;
    water.nodes = "water";  // a sector without nodes is selected by its id
    water.repair_scale = 0.5;
    s.measures[0].changes = {harden, faster, water};
    CHECK_NOTHROW(check_scenario(s, assets()));

    s.measures[0].changes[1].nodes = "sector:gas";
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set/1/nodes");
    CHECK(e.message() == "\"sector:gas\" matches no node of the model");

    MeasureChange nothing;
    nothing.edges = "power->medical";
    s.measures[0].changes = {nothing};
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set");
    CHECK_THAT(e.message(), Contains("changes nothing"));

    s.measures[0].changes[0].add = {dep("power", "medical", 0.3)};
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set/edges");
    CHECK(e.message() == "selects dependencies but sets nothing on them");

    MeasureChange unselected;
    unselected.strength = 0.5;
    s.measures[0].changes = {unselected};
    CHECK_THAT(scenario_error(s).message(), Contains("need \"edges\""));

    MeasureChange route;
    route.add = {dep("power", "hosp-9", 0.5)};
    s.measures[0].changes = {route};
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/set/add/0/to");
    CHECK(e.message() == "unknown sector or node \"hosp-9\"");

    s.measures[0].changes[0].add[0].to = "hosp-2";
    s.measures.push_back(s.measures[0]);
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/1/id");
    CHECK(e.message() == "duplicate measure id \"fuel\" (also /measures/0/id)");
}

TEST_CASE("event and measure ids refuse control characters", "[model][validate][scenario][bad-input]") {
    auto s = scenario();
    s.events = {outage("power")};
    s.events[0].id = "down\x1b[31m";
    auto e = scenario_error(s);
    CHECK(e.pointer() == "/events/0/id");
    CHECK_THAT(e.message(), Contains("contains a control character"));
    s.events[0].id = "down \xc2\x9b";  // U+009B, the one-byte CSI
    CHECK(scenario_error(s).pointer() == "/events/0/id");
    s.events[0].id = "down 1 (日本)";  // spaces and any other text are fine
    CHECK_NOTHROW(check_scenario(s, assets()));

    Measure m;
    m.id = "fuel\x07";
    MeasureChange c;
    c.edges = "power->medical";
    c.buffer_h = 72;
    m.changes = {c};
    s.measures = {m};
    e = scenario_error(s);
    CHECK(e.pointer() == "/measures/0/id");
    CHECK_THAT(e.message(), Contains("contains a control character"));
}

TEST_CASE("collecting lists every broken rule of a model, the first as check_model throws it", "[model][validate][collect]") {
    auto m = assets();
    m.nodes[4].sector = "medicl";             // /nodes/4/sector
    m.dependencies[2].to = "gas";             // /dependencies/2/to
    m.links[1].b = "hosp-1";                  // /links/1/b: another sector
    m.combination_by_class["pump"] = Combination{};  // no node has class pump
    ErrorList errors;
    check_model(m, errors);
    for (const auto& e : errors.errors) UNSCOPED_INFO(e.what());
    REQUIRE(errors.count == 4);
    REQUIRE(errors.errors.size() == 4);
    CHECK(errors.errors[0].pointer() == "/nodes/4/sector");
    CHECK(errors.errors[1].pointer() == "/dependencies/2/to");
    CHECK(errors.errors[2].pointer() == "/links/1/b");
    CHECK(errors.errors[3].pointer() == "/combination/pump");
    CHECK(std::string(errors.errors[0].what()) == model_error(m).what());

    ErrorList none;
    check_model(assets(), none);
    CHECK(none.count == 0);
}

TEST_CASE("collecting keeps the first errors up to the cap and counts the rest", "[model][validate][collect]") {
    auto m = assets();
    for (int i = 0; i < 7; ++i) m.dependencies.push_back(dep("power", "x" + std::to_string(i)));
    ErrorList errors;
    errors.cap = 5;
    check_model(m, errors);
    CHECK(errors.count == 7);
    REQUIRE(errors.errors.size() == 5);
    CHECK(errors.errors[4].message() == "unknown sector or node \"x4\"");
}

TEST_CASE("collecting lists every broken rule of a scenario", "[model][validate][collect][scenario]") {
    auto s = scenario();
    s.step_h = 200;                                   // longer than the horizon
    s.events = {outage("nowhere"), outage("power"), outage("nothing")};
    s.events[1].severity = 2;                         // out of [0, 1]
    ErrorList errors;
    check_scenario(s, assets(), errors);
    REQUIRE(errors.count == 4);
    CHECK(errors.errors[0].pointer() == "/step_h");
    CHECK(errors.errors[1].pointer() == "/events/1/severity");
    CHECK(errors.errors[2].pointer() == "/events/0/target");
    CHECK(errors.errors[3].pointer() == "/events/2/target");
}
