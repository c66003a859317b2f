#include "io/MeasuresJson.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cisim {
namespace {

using nlohmann::ordered_json;

double sig12(double v) {
    if (v == 0 || !std::isfinite(v)) return v;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return std::strtod(buf, nullptr);
}

ordered_json num(const std::optional<double>& v) { return v ? ordered_json(sig12(*v)) : ordered_json(nullptr); }

void put_overall(ordered_json& j, const OverallScore& o) {
    j["grade"] = o.grade;
    j["rto_compliance"] = sig12(o.rto_compliance);
    j["inoperability_hours"] = sig12(o.inoperability_hours);
    j["loss"] = num(o.loss);
}

}  // namespace

std::string measures_json(const MeasureRanking& ranking) {
    ordered_json out;
    out["cost_unit"] = ranking.cost_unit.empty() ? ordered_json(nullptr) : ordered_json(ranking.cost_unit);
    if (ranking.samples > 0) {  // under uncertainty; absent otherwise (the deterministic file is unchanged)
        ordered_json u;
        u["samples"] = ranking.samples;
        u["seed"] = ranking.seed;
        u["inputs"] = ranking.uncertain;
        u["hazards"] = "central case";
        out["uncertainty"] = u;
    }
    ordered_json baseline;
    put_overall(baseline, ranking.baseline);
    out["baseline"] = baseline;

    auto measures = ordered_json::array();
    int rank = 0;
    for (const auto& m : ranking.measures) {
        ordered_json j;
        j["rank"] = ++rank;
        j["id"] = m.id;
        j["name"] = m.name;
        j["cost"] = sig12(m.cost);
        j["grade"] = m.grade;
        j["rto_compliance"] = sig12(m.rto_compliance);
        j["score_gain"] = sig12(m.score_gain);
        j["inoperability_hours"] = sig12(m.inoperability_hours);
        j["inoperability_hours_avoided"] = sig12(m.inoperability_hours_avoided);
        j["loss"] = num(m.loss);
        j["loss_avoided"] = num(m.loss_avoided);
        j["helps"] = m.helps;
        j["gain_per_cost"] = num(m.gain_per_cost);
        j["inoperability_hours_avoided_per_cost"] = num(m.inoperability_hours_avoided_per_cost);
        j["loss_avoided_per_cost"] = num(m.loss_avoided_per_cost);
        j["over_budget"] = m.over_budget;
        if (m.spread) {
            j["score_gain_p10"] = sig12(m.spread->score_gain_p10);
            j["score_gain_p90"] = sig12(m.spread->score_gain_p90);
            j["inoperability_hours_avoided_p10"] = sig12(m.spread->inoperability_hours_avoided_p10);
            j["inoperability_hours_avoided_p90"] = sig12(m.spread->inoperability_hours_avoided_p90);
            j["probability_helps"] = sig12(m.spread->probability_helps);
        }
        measures.push_back(std::move(j));
    }
    out["measures"] = measures;

    const auto& p = ranking.portfolio;
    ordered_json portfolio;
    portfolio["budget"] = num(p.budget);
    portfolio["picked"] = p.picked;
    portfolio["cost"] = sig12(p.cost);
    put_overall(portfolio, p.overall);
    ordered_json search;
    search["method"] = to_string(p.search.method);
    search["exact_limit"] = portfolio_exact_limit;
    search["candidates"] = p.search.candidates;
    search["combinations_simulated"] = p.search.simulated;
    search["bound_violations"] = p.search.bound_violations;
    portfolio["search"] = search;
    out["portfolio"] = portfolio;
    return out.dump(2) + "\n";
}

}  // namespace cisim
