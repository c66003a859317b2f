#pragma once
// The Master Scenario Events List as text: CSV (RFC 4180 quoting; header
// `time,t_h,sector,node,what,cause_chain,recipients`, the cause chain joined
// by " <- " and the recipients by ";") and a Markdown table for briefings
// (pipes and Markdown punctuation escaped, "<" and "&" as entities, line
// breaks flattened).
#include <string>
#include <vector>

#include "analysis/Injects.hpp"

namespace cisim {

/// injects.csv of a run.
std::string injects_csv(const std::vector<Inject>& injects);

/// A Markdown table of the injects, one row each.
std::string injects_markdown(const std::vector<Inject>& injects);

}  // namespace cisim
