#pragma once
// measures.json (`cisim measures --out DIR`, outputs.md): the unit of costs
// (cost_unit, null when the scenario gives none), the baseline, every measure
// ranked with its figures (over_budget: costs more than the budget), and the
// best portfolio under the budget with how it was searched (search.method
// "exact" or "greedy", the candidates, the combinations simulated, and the
// combinations that beat a bound, see analysis/Measures.hpp). Under
// uncertainty, "uncertainty" {samples, seed, inputs, hazards} and per measure
// its P10/P90 gains and probability_helps; the other figures are then means
// over the draws (absent from a deterministic ranking).
// Numbers carry 12 significant digits (stable across compilers; per-cost
// figures of yen-scale costs stay visible); absent figures are null.
#include <string>

#include "analysis/Measures.hpp"

namespace cisim {

/// The JSON text of a ranking (pretty, newline-terminated).
std::string measures_json(const MeasureRanking& ranking);

}  // namespace cisim
