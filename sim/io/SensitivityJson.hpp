#pragma once
// sensitivity.json, sensitivity.csv and tornado.csv of `cisim sensitivity` (README).
#include <string>

#include "montecarlo/SensitivityRuns.hpp"

namespace cisim {

/// {"method", "samples", "runs", "hazards", "tornado": {"low_quantile", "high_quantile", "others", "runs"},
/// "outputs": [{"output", "base", "parameters": [{"parameter", "label", "S1", "S1_conf", "ST", "ST_conf"}
/// or {…, "mu_star", "sigma"}, then "input_low", "input_high" (the input at its P10, P90), "low", "high"
/// (the output then, the others at their medians), "swing" (high − low)]}]}.
std::string sensitivity_json(const SensitivityResult& r);

/// Tidy: output,parameter,label,index,value,conf (conf empty for Morris).
std::string sensitivity_csv(const SensitivityResult& r);

/// One row per output and input: output,parameter,label,input_low,input_high,base,low,high,swing.
std::string tornado_csv(const SensitivityResult& r);

}  // namespace cisim
