// Uncertain values ({"uncertain": …}) in model and scenario JSON: one unknown
// number whose median the deterministic run uses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "io/ModelJson.hpp"
#include "model/Error.hpp"
#include "model/Model.hpp"
#include "model/Scenario.hpp"

using namespace cisim;

namespace {

std::string model_with(const std::string& strength, const std::string& rto = "4") {
    return R"({"schema": "cisim-model/1", "name": "m", "sectors": [{"id": "power"}, {"id": "water", "rto_h": )" + rto +
           R"(}], "nodes": [{"id": "p1", "sector": "power", "fragility_scale": {"uncertain": "lognormal", "median": 2, "beta": 0.3}}],
           "dependencies": [{"from": "power", "to": "water", "strength": )" + strength + "}]}";
}

std::string error_of(const std::string& text) {
    try {
        parse_model(text, "m.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("uncertain model values take their median and are listed", "[io][uncertain]") {
    const auto m = parse_model(model_with(R"({"uncertain": "triangular", "min": 0.2, "mode": 0.2, "max": 1})",
                                          R"({"uncertain": "uniform", "min": 2, "max": 6})"),
                               "m.json");
    // triangular(0.2, 0.2, 1): median = 1 − sqrt(0.5 × 0.8 × 0.8) = 0.43431
    REQUIRE(m.dependencies.at(0).strength == Approx(1 - std::sqrt(0.32)));
    REQUIRE(m.sectors.at(1).rto_h == Approx(4));
    REQUIRE(m.nodes.at(0).fragility_scale == Approx(2));
    REQUIRE(m.uncertain.size() == 3);
    std::vector<std::string> pointers;
    for (const auto& p : m.uncertain) pointers.push_back(p.pointer);
    REQUIRE_THAT(pointers, Catch::Matchers::UnorderedEquals(std::vector<std::string>{
                               "/nodes/0/fragility_scale", "/dependencies/0/strength", "/sectors/1/rto_h"}));
    for (const auto& p : m.uncertain)
        if (p.pointer == "/dependencies/0/strength") REQUIRE(p.label == "power->water strength");
}

TEST_CASE("uncertain values are written back as given", "[io][uncertain]") {
    const auto m = parse_model(model_with(R"({"uncertain": "uniform", "min": 0.5, "max": 1})",
                                          R"({"uncertain": "uniform", "min": 2, "max": 6, "source": "BCP survey"})"),
                               "m.json");
    const auto again = parse_model(model_to_json(m), "again.json");
    REQUIRE(again.dependencies.at(0).strength == Approx(0.75));
    // the dependency's, the node's fragility_scale and the sector's rto_h
    REQUIRE(again.uncertain.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(again.uncertain[k].pointer == m.uncertain[k].pointer);
        CHECK(again.uncertain[k].distribution.describe() == m.uncertain[k].distribution.describe());
        CHECK(again.uncertain[k].source == m.uncertain[k].source);
    }
    CHECK(again.uncertain.back().source == "BCP survey");
    CHECK_THAT(model_to_json(m), Catch::Contains(R"("rto_h":{"uncertain":"uniform","min":2,"max":6,"source":"BCP survey"})"));
}

TEST_CASE("bad uncertain values are input errors with their pointer", "[io][uncertain]") {
    REQUIRE(error_of(model_with(R"({"uncertain": "uniform", "min": 0.5, "max": 1.5})")) ==
            "m.json: /dependencies/0/strength/max: a share must be at most 1");
    REQUIRE(error_of(model_with(R"({"uncertain": "triangular", "min": 0.5, "mode": 0.2, "max": 0.9})")) ==
            "m.json: /dependencies/0/strength/mode: must lie between min and max");
    REQUIRE(error_of(model_with(R"({"uncertain": "uniform", "min": 0.5, "max": 0.2})")) ==
            "m.json: /dependencies/0/strength/max: must not be below min");
    // an uncertain value inside a spread is not a form of the schema
    REQUIRE_THAT(error_of(model_with(
                     R"({"spread": "mixture", "parts": [[1, {"uncertain": "uniform", "min": 0, "max": 1}]]})")),
                 Catch::Matchers::StartsWith("m.json: /dependencies/0/strength"));
}

TEST_CASE("a malformed uncertain value is named by its own distribution", "[io][uncertain]") {
    // It said `expected "uniform", got "uniform"` (the first branch's tag) for all of these.
    REQUIRE(error_of(model_with(R"({"uncertain": "uniform", "min": 0.5})")) ==
            "m.json: /dependencies/0/strength: missing key \"max\", required for \"uncertain\": \"uniform\"");
    REQUIRE(error_of(model_with("0.5", R"({"uncertain": "lognormal", "median": 4})")) ==
            "m.json: /sectors/1/rto_h: missing key \"beta\", required for \"uncertain\": \"lognormal\"");
    REQUIRE(error_of(model_with(R"({"uncertain": "uniform", "min": 0.5, "mx": 1})")) ==
            "m.json: /dependencies/0/strength: unknown key \"mx\" (did you mean \"max\"?) for \"uncertain\": \"uniform\"");
    REQUIRE(error_of(model_with(R"({"uncertain": "normal", "median": 0.5})")) ==
            "m.json: /dependencies/0/strength/uncertain: \"normal\" is not one of \"uniform\", \"triangular\", "
            "\"lognormal\"");
}

TEST_CASE("uncertain event values take their median and are listed", "[io][uncertain]") {
    const auto s = parse_scenario(R"({"schema": "cisim-scenario/1", "model": "m.json", "events": [
        {"kind": "it_outage", "start_h": 5, "target": "power", "duration_h": 1},
        {"kind": "it_outage", "id": "cut", "start_h": 0, "target": "water",
         "severity": {"uncertain": "uniform", "min": 0.2, "max": 0.6},
         "duration_h": {"uncertain": "lognormal", "median": 10, "beta": 0.5}}]})",
                                  "s.json");
    REQUIRE(s.events.at(0).id == "cut");
    REQUIRE(s.events.at(0).severity == Approx(0.4));
    REQUIRE(s.events.at(0).duration_h == Approx(10));
    REQUIRE(s.uncertain.size() == 2);
    REQUIRE(s.uncertain.at(0).pointer == "/events/1/severity");
    REQUIRE(s.uncertain.at(0).label == "cut severity");
    REQUIRE(s.uncertain.at(1).pointer == "/events/1/duration_h");
}

TEST_CASE("uncertain event values are written back as given", "[io][uncertain]") {
    const auto s = parse_scenario(R"({"schema": "cisim-scenario/1", "model": "m.json", "events": [
        {"kind": "it_outage", "start_h": 5, "target": "power", "duration_h": 1},
        {"kind": "it_outage", "id": "cut", "start_h": 0, "target": "water",
         "severity": {"uncertain": "uniform", "min": 0.2, "max": 0.6, "source": "survey"},
         "duration_h": {"uncertain": "lognormal", "median": 10, "beta": 0.5}}]})",
                                  "s.json");
    const auto text = scenario_to_json(s);
    CHECK_THAT(text, Catch::Contains(R"("uncertain": "lognormal")"));
    const auto again = parse_scenario(text, "again.json");
    REQUIRE(again.uncertain.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) {
        // The written file lists the events by start: "cut" comes first there.
        CHECK(again.uncertain[k].pointer == "/events/0/" + s.uncertain[k].field);
        CHECK(again.uncertain[k].distribution.describe() == s.uncertain[k].distribution.describe());
        CHECK(again.uncertain[k].source == s.uncertain[k].source);
    }
    CHECK(again.events.at(0).severity == Approx(0.4));
    CHECK(again.events.at(1).severity == Approx(s.events.at(1).severity));  // the plain event is untouched
}
