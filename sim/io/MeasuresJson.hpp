#pragma once
// measures.json (`cisim measures --out DIR`, outputs.md): the baseline, every
// measure ranked with its figures, and the greedy portfolio under the budget.
// Numbers carry 12 significant digits (stable across compilers; per-cost
// figures of yen-scale costs stay visible); absent figures are null.
#include <string>

#include "analysis/Measures.hpp"

namespace cisim {

/// The JSON text of a ranking (pretty, newline-terminated).
std::string measures_json(const MeasureRanking& ranking);

}  // namespace cisim
