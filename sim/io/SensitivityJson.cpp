#include "io/SensitivityJson.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/RunFiles.hpp"

namespace cisim {

namespace {

using ordered_json = nlohmann::ordered_json;

double r6(double v) { return std::round(v * 1e6) / 1e6; }

std::string g(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

std::string sensitivity_json(const SensitivityResult& r) {
    ordered_json j;
    j["method"] = to_string(r.method);
    j["samples"] = r.samples;
    j["runs"] = r.runs;
    j["hazards"] = "central case: only the uncertain values vary";
    j["tornado"] = {{"low_quantile", tornado_low_quantile},
                    {"high_quantile", tornado_high_quantile},
                    {"others", "median"},
                    {"runs", r.tornado_runs}};
    auto outputs = ordered_json::array();
    for (const auto& o : r.outputs) {
        auto params = ordered_json::array();
        for (std::size_t p = 0; p < r.parameters.size(); ++p) {
            ordered_json row = {{"parameter", r.parameters[p].pointer}, {"label", r.parameters[p].label}};
            if (r.method == SensitivityMethod::sobol) {
                row["S1"] = r6(o.sobol[p].s1);
                row["S1_conf"] = r6(o.sobol[p].s1_conf);
                row["ST"] = r6(o.sobol[p].st);
                row["ST_conf"] = r6(o.sobol[p].st_conf);
            } else {
                row["mu_star"] = r6(o.morris[p].mu_star);
                row["sigma"] = r6(o.morris[p].sigma);
            }
            const auto& par = r.parameters[p];
            row["input_low"] = r6(uncertain_value(par, tornado_low_quantile));
            row["input_high"] = r6(uncertain_value(par, tornado_high_quantile));
            row["low"] = r6(o.tornado[p].low);
            row["high"] = r6(o.tornado[p].high);
            row["swing"] = r6(o.tornado[p].high - o.tornado[p].low);
            params.push_back(std::move(row));
        }
        outputs.push_back({{"output", o.output}, {"base", r6(o.base)}, {"parameters", std::move(params)}});
    }
    j["outputs"] = std::move(outputs);
    return j.dump(2) + "\n";
}

std::string sensitivity_csv(const SensitivityResult& r) {
    std::ostringstream out;
    out << "output,parameter,label,index,value,conf\n";
    for (const auto& o : r.outputs)
        for (std::size_t p = 0; p < r.parameters.size(); ++p) {
            const auto head = csv_field(o.output) + "," + csv_field(r.parameters[p].pointer) + "," +
                              csv_field(r.parameters[p].label) + ",";
            if (r.method == SensitivityMethod::sobol) {
                out << head << "S1," << g(o.sobol[p].s1) << "," << g(o.sobol[p].s1_conf) << "\n";
                out << head << "ST," << g(o.sobol[p].st) << "," << g(o.sobol[p].st_conf) << "\n";
            } else {
                out << head << "mu_star," << g(o.morris[p].mu_star) << ",\n";
                out << head << "sigma," << g(o.morris[p].sigma) << ",\n";
            }
        }
    return out.str();
}

std::string tornado_csv(const SensitivityResult& r) {
    std::ostringstream out;
    out << "output,parameter,label,input_low,input_high,base,low,high,swing\n";
    for (const auto& o : r.outputs)
        for (std::size_t p = 0; p < r.parameters.size(); ++p) {
            const auto& par = r.parameters[p];
            const auto& bar = o.tornado[p];
            out << csv_field(o.output) << "," << csv_field(par.pointer) << "," << csv_field(par.label) << ","
                << g(uncertain_value(par, tornado_low_quantile)) << "," << g(uncertain_value(par, tornado_high_quantile))
                << "," << g(o.base) << "," << g(bar.low) << "," << g(bar.high) << "," << g(bar.high - bar.low) << "\n";
        }
    return out.str();
}

}  // namespace cisim
