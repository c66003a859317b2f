#pragma once
// sensitivity.json and sensitivity.csv of `cisim sensitivity` (README).
#include <string>

#include "montecarlo/SensitivityRuns.hpp"

namespace cisim {

/// {"method", "samples", "runs", "hazards", "outputs": [{"output", "parameters": [{"parameter", "label",
/// "S1", "S1_conf", "ST", "ST_conf"} or {…, "mu_star", "sigma"}]}]}.
std::string sensitivity_json(const SensitivityResult& r);

/// Tidy: output,parameter,label,index,value,conf (conf empty for Morris).
std::string sensitivity_csv(const SensitivityResult& r);

}  // namespace cisim
