#pragma once
// `cisim iim --json` (SPEC §11): an IIM steady state as one JSON object.
#include <string>

#include "engines/Iim.hpp"

namespace cisim {

/// {"q": {ID: inoperability, …}, "loss": number|null, "spectral_radius": number,
/// "saturated": bool, "c_star": {…}, "dependency_index": {…}, "influence_index": {…},
/// "overall_dependency_index": {…}, "overall_influence_index": {…}, "row_sums": {ID: Σⱼ a*ᵢⱼ},
/// "row_sums_at_least_one": [ID…], "saturated_sectors": [ID…] (q = 1), "notes": [text…]}
/// — sectors in model order; the overall indices are absent on the sparse path.
std::string iim_to_json(const IimSolution& solution);

}  // namespace cisim
