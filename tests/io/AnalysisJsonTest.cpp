// io/AnalysisJson.hpp: `analyze --json` written as it goes gives the bytes the
// document it replaced gave (the reference below builds that document, as
// the writer did before), full and summarised, with a cascade; a string that
// is not UTF-8 stops it before anything is written.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "analysis/StaticAnalysis.hpp"
#include "io/AnalysisJson.hpp"
#include "io/ModelJson.hpp"

using namespace cisim;

namespace {

// The former writer: a DOM, then dump(2).
std::string reference_json(const StaticAnalysis& a) {
    using Json = nlohmann::ordered_json;
    Json out;
    out["model"] = a.model;
    Json sectors = Json::array();
    for (const auto& s : a.sectors) {
        Json row{{"id", s.id}, {"name", s.name}, {"name_ja", s.name_ja},
                 {"direct_suppliers", s.direct_suppliers}, {"direct_dependents", s.direct_dependents}};
        if (a.summarised) row["transitive_dependents_count"] = s.transitive_count;
        else row["transitive_dependents"] = s.transitive_dependents;
        row["interdependent_with"] = s.interdependent_with;
        row["self_dependent"] = s.self_dependent;
        sectors.push_back(std::move(row));
    }
    out["sectors"] = std::move(sectors);
    out["loops"] = a.loops;
    Json keys = Json::array();
    for (const auto& k : a.key_sectors) keys.push_back({{"id", k.id}, {"total_inoperability", k.total_inoperability}});
    out["key_sectors"] = std::move(keys);
    if (a.key_sectors_error) out["key_sectors_error"] = *a.key_sectors_error;
    Json criticality = Json::array();
    for (const auto& c : a.criticality)
        criticality.push_back({{"id", c.id}, {"reach", c.reach}, {"outgoing_strength", c.outgoing_strength}});
    out["criticality"] = std::move(criticality);
    if (a.summarised) {
        Json entries = Json::array();
        for (const auto& e : a.matrix.entries) entries.push_back(Json::array({e.consumer, e.supplier, e.strength}));
        out["matrix"] = {{"ids", a.matrix.ids}, {"rows", "consumer"}, {"columns", "supplier"}, {"entries", std::move(entries)}};
        out["summarised"] = true;
    } else {
        out["matrix"] = {{"ids", a.matrix.ids}, {"rows", "consumer"}, {"columns", "supplier"}, {"strength", a.matrix.strength}};
    }
    if (a.cascade) {
        out["cascade"] = {{"threshold", a.cascade->threshold},
                          {"waves", a.cascade->waves},
                          {"sector_waves", a.cascade->sector_waves},
                          {"causes", a.cascade->causes}};
    }
    return out.dump(2) + "\n";
}

}  // namespace

TEST_CASE("analyze --json streamed is the document it replaced", "[io][analysis]") {
    const Model tokyo = load_model(std::string(CISIM_SOURCE_DIR) + "/models/tokyo.json");
    AnalysisOptions options;
    SECTION("full") {}
    SECTION("full, with a cascade") {
        options.fail = {"pp-futtsu"};
        options.threshold = 0.3;
    }
    SECTION("summarised, with a cascade") {
        options.full_max = 2;
        options.key_sectors_top = 3;
        options.fail = {"power"};
    }
    const auto analysis = analyze_model(tokyo, options);
    std::ostringstream streamed;
    write_analysis_json(streamed, analysis);
    CHECK(streamed.str() == reference_json(analysis));
    CHECK(analysis_to_json(analysis) == streamed.str());
}

TEST_CASE("analyze --json with a string that is not UTF-8 writes nothing", "[io][analysis]") {
    StaticAnalysis a;
    a.model = "m";
    a.sectors.resize(3);
    for (std::size_t i = 0; i < 3; ++i) a.sectors[i].id = a.sectors[i].name = "s" + std::to_string(i);
    CascadeClosure closure;
    closure.waves = {{"s0"}};
    closure.causes = {{std::string("initial \xff")}};  // the last string written
    a.cascade = closure;
    std::ostringstream out;
    CHECK_THROWS_WITH(write_analysis_json(out, a), Catch::Contains("invalid UTF-8 byte at index 8: 0xFF"));
    CHECK(out.str().empty());
    CHECK_THROWS_WITH(reference_json(a), Catch::Contains("invalid UTF-8 byte at index 8: 0xFF"));  // the same error as before
}
