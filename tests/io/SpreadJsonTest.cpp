// Spread and by-year parameters in model JSON (SPEC §3), and a scenario's vintage.
#include <catch2/catch.hpp>

#include "io/ModelJson.hpp"
#include "model/Error.hpp"
#include "model/Model.hpp"

using namespace cisim;

namespace {

std::string model_with(const std::string& buffer, const std::string& to = "water", const std::string& nodes = "") {
    return R"({"schema": "cisim-model/1", "name": "m", "sectors": [{"id": "power"}, {"id": "water"}],)" + nodes +
           R"( "dependencies": [{"from": "power", "to": ")" + to + R"(", "buffer_h": )" + buffer + "}]}";
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

TEST_CASE("a uniform spread keeps its mean as the value and its quantiles", "[io][population]") {
    const auto m = parse_model(model_with(R"({"spread": "uniform", "min": 3, "max": 24})"), "m.json");
    const auto& d = m.dependencies.at(0);
    REQUIRE(d.buffer_h == Approx(13.5));
    REQUIRE(d.forms->spread.buffer_h);
    REQUIRE(d.forms->spread.buffer_h->at(0.25) == Approx(8.25));
}

TEST_CASE("a mixture lays its parts end to end", "[io][population]") {
    const auto m = parse_model(
        model_with(R"({"spread": "mixture", "parts": [[0.25, 0], [0.75, {"spread": "uniform", "min": 8, "max": 12}]]})"),
        "m.json");
    const auto& s = *m.dependencies.at(0).forms->spread.buffer_h;
    REQUIRE(s.at(0.1) == Approx(0));
    REQUIRE(s.at(0.25 + 0.75 / 2) == Approx(10));
    REQUIRE(s.mean() == Approx(0.75 * 10));
}

TEST_CASE("quantile values are evenly spaced over the population", "[io][population]") {
    const auto m = parse_model(model_with(R"({"spread": "quantiles", "values": [2, 4, 10]})"), "m.json");
    const auto& s = *m.dependencies.at(0).forms->spread.buffer_h;
    REQUIRE(s.at(0.25) == Approx(3));
    REQUIRE(s.at(0.75) == Approx(7));
}

TEST_CASE("spreads are checked: shares add up to 1, values in range, a population consumer", "[io][population]") {
    REQUIRE(error_of(model_with(R"({"spread": "mixture", "parts": [[0.5, 1], [0.3, 2]]})")) ==
            "m.json: /dependencies/0/buffer_h/parts: the shares of the parts add up to 0.8; expected 1");
    REQUIRE_THAT(error_of(model_with(R"({"spread": "uniform", "min": -1, "max": 3})")),
                 Catch::Contains("/dependencies/0/buffer_h"));
    REQUIRE_THAT(error_of(model_with(R"({"spread": "uniform", "min": 1})")), Catch::Contains("/dependencies/0/buffer_h"));
    // A node of one facility has no members to spread over.
    const auto nodes = R"( "nodes": [{"id": "w1", "sector": "water"}],)";
    REQUIRE_THAT(error_of(model_with(R"({"spread": "uniform", "min": 1, "max": 3})", "w1", nodes)),
                 Catch::Contains("/dependencies/0/to: \"w1\" is one facility"));
    const auto many = R"( "nodes": [{"id": "w1", "sector": "water", "facilities": 40}],)";
    REQUIRE(error_of(model_with(R"({"spread": "uniform", "min": 1, "max": 3})", "w1", many)).empty());
}

TEST_CASE("a malformed spread is named by its own kind, not another's", "[io][population]") {
    // Every branch of the spread union but the one named fails on "spread": those are not the error.
    REQUIRE(error_of(model_with(R"({"spread": "uniform", "min": 1})")) ==
            "m.json: /dependencies/0/buffer_h: missing key \"max\", required for \"spread\": \"uniform\"");
    REQUIRE(error_of(model_with(R"({"spread": "quantiles", "values": [1, 2], "mn": 1})")) ==
            "m.json: /dependencies/0/buffer_h: unknown key \"mn\" for \"spread\": \"quantiles\"");
    REQUIRE(error_of(model_with(R"({"spread": "unifrom", "min": 1, "max": 2})")) ==
            "m.json: /dependencies/0/buffer_h/spread: \"unifrom\" is not one of \"uniform\", \"quantiles\", "
            "\"mixture\" (did you mean \"uniform\"?)");
    // a value's own error inside the right branch is still the one reported
    REQUIRE(error_of(model_with(R"({"spread": "uniform", "min": -1, "max": 3})")) ==
            "m.json: /dependencies/0/buffer_h/min: -1 is negative; expected a value >= 0");
}

TEST_CASE("by-year values: the latest by default, a scenario's as_of picks its vintage", "[io][model][vintage]") {
    const auto m = parse_model(model_with(R"({"by_year": [{"from": 2011, "value": 3, "source": "Docomo 2011"},
        {"from": 2018, "value": {"spread": "uniform", "min": 3, "max": 24}}]})"),
                               "m.json");
    REQUIRE(m.dependencies[0].buffer_h == Approx(13.5));
    REQUIRE(m.dependencies[0].forms->spread.buffer_h);
    const auto y2011 = at_vintage(m, 2011);
    REQUIRE(y2011.dependencies[0].buffer_h == 3);
    REQUIRE_FALSE(y2011.dependencies[0].forms->spread.buffer_h);
    REQUIRE(at_vintage(m, 2015).dependencies[0].buffer_h == 3);
    REQUIRE(at_vintage(m, 2024).dependencies[0].buffer_h == Approx(13.5));
    REQUIRE_THROWS_WITH(at_vintage(m, 2005),
                        "m.json: /dependencies/0/buffer_h/by_year: no value applies as of 2005 (the first is from 2011)");
    REQUIRE_THAT(error_of(model_with(R"({"by_year": [{"from": 2018, "value": 3}, {"from": 2011, "value": 4}]})")),
                 Catch::Contains("/dependencies/0/buffer_h/by_year/1/from: 2011 does not follow 2018"));
}

TEST_CASE("spreads and by-year values are written back as given", "[io][population]") {
    const auto text = model_with(R"({"by_year": [{"from": 2011, "value": 3}, {"from": 2018, "value": {"spread": "uniform", "min": 3, "max": 24}}]})");
    const auto m = parse_model(text, "m.json");
    const auto again = parse_model(model_to_json(m), "again.json");
    REQUIRE(again.dependencies[0].forms->by_year == m.dependencies[0].forms->by_year);
    REQUIRE(again.dependencies[0].forms->spread == m.dependencies[0].forms->spread);
}

TEST_CASE("a countermeasure's value replaces a spread and every vintage", "[model][population]") {
    auto m = parse_model(model_with(R"({"by_year": [{"from": 2011, "value": {"spread": "uniform", "min": 1, "max": 2}}]})"), "m.json");
    m.dependencies[0].set("buffer_h", 72);
    REQUIRE(m.dependencies[0].buffer_h == 72);
    REQUIRE_FALSE(m.dependencies[0].forms->spread.buffer_h);
    REQUIRE(at_vintage(m, 2011).dependencies[0].buffer_h == 72);
}

TEST_CASE("a scenario's as_of and a blackout's restoration are read and checked", "[io][vintage]") {
    const auto s = parse_scenario(R"({"schema": "cisim-scenario/1", "name": "s", "model": "m.json", "as_of": 2011,
        "events": [{"kind": "blackout", "region": "*", "restoration": [[24, 0.5], [48, 1]]}]})",
                                  "s.json");
    REQUIRE(s.as_of == 2011);
    REQUIRE(s.events[0].restoration.size() == 2);
    REQUIRE_THROWS_WITH(parse_scenario(R"({"schema": "cisim-scenario/1", "name": "s", "model": "m.json",
        "events": [{"kind": "blackout", "region": "*", "restoration": [[24, 0.5], [12, 0.7]]}]})",
                                       "s.json"),
                        Catch::Contains("/events/0/restoration/1: restoration goes back in time or in share"));
}

TEST_CASE("repair times spread over a population are read, checked and written back", "[io][population]") {
    const auto text = R"({"schema": "cisim-model/1", "name": "m",
        "sectors": [{"id": "water", "repair_scale": {"spread": "uniform", "min": 0.5, "max": 1.5}}, {"id": "telecom"}],
        "nodes": [{"id": "bs", "sector": "telecom", "facilities": 20, "repair_scale": {"spread": "quantiles", "values": [1, 3]}}],
        "dependencies": [{"from": "water", "to": "bs"}]})";
    const auto m = parse_model(text, "m.json");
    REQUIRE(m.sectors[0].repair_scale == Approx(1.0));
    REQUIRE(m.sectors[0].repair_spread->spread.at(0.25) == Approx(0.75));
    REQUIRE(m.nodes[0].repair_scale == Approx(2.0));
    const auto again = parse_model(model_to_json(m), "again.json");
    REQUIRE(again.sectors[0].repair_spread == m.sectors[0].repair_spread);
    REQUIRE(again.nodes[0].repair_spread == m.nodes[0].repair_spread);
    // One facility has no members to spread over; multipliers are > 0.
    std::string one = text;
    one.replace(one.find("\"facilities\": 20, "), std::string("\"facilities\": 20, ").size(), "");
    REQUIRE_THAT(error_of(one), Catch::Contains("/nodes/0/repair_scale: a spread needs a population"));
    std::string zero = text;
    zero.replace(zero.find("\"min\": 0.5"), std::string("\"min\": 0.5").size(), "\"min\": 0");
    REQUIRE_THAT(error_of(zero), Catch::Contains("/sectors/0/repair_scale"));
}
