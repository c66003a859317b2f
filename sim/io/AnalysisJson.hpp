#pragma once
// `cisim analyze --json` (SPEC §11): the static analysis as one JSON object.
#include <ostream>
#include <string>

#include "analysis/StaticAnalysis.hpp"

namespace cisim {

/// {"model", "sectors": [{"id", "direct_suppliers", "direct_dependents",
/// "transitive_dependents", "interdependent_with", …}], "loops", "key_sectors"}
/// plus "key_sectors_error" (when the IIM ranking is unavailable),
/// "criticality", "matrix" and, when a failed set was given, "cascade":
/// {"threshold", "waves", "sector_waves", "causes"} (causes: why each unit of
/// "waves" failed, e.g. "cut off from sources"). A summarised analysis (more
/// sectors than AnalysisOptions::full_max, docs/analysis.md) has
/// "summarised": true, each sector's "transitive_dependents_count" instead of
/// its list, and the matrix as "entries" ([consumer index, supplier index,
/// strength]) instead of the dense "strength" rows.
/// Written as it goes (io/JsonWriter.hpp): no document is built, so memory
/// stays that of the analysis. Every string is checked first (a string that
/// is not UTF-8 throws before anything is written).
void write_analysis_json(std::ostream& out, const StaticAnalysis& analysis);
/// The same text as a string.
std::string analysis_to_json(const StaticAnalysis& analysis);

}  // namespace cisim
