#pragma once
// The per-sector impact table and grade that `cisim run` prints for people.
#include <ostream>

#include "analysis/Scoring.hpp"
#include "model/Model.hpp"

namespace cisim::app {

void print_score_table(std::ostream& out, const Model& model, const Scores& scores);

}  // namespace cisim::app
