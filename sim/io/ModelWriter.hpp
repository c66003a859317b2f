#pragma once
// Streaming writer of models as cisim-model/1 JSON, for models too large to
// build as a JSON document first (a million assets, `cisim generate`): one
// sector, node, dependency or link per line, written straight to the stream.
// parse_model reads back an equal Model; model_to_json is this into a string.
#include <ostream>
#include <string>

#include "model/Model.hpp"

namespace cisim {

/// Writes `model` to `out`; the stream's state tells whether it succeeded.
void write_model_json(std::ostream& out, const Model& model);

/// An uncertain value as model JSON ({"uncertain": …}, with its "source"), as
/// write_model_json writes a sector's or node's.
std::string uncertain_to_json(const UncertainParameter& p);

}  // namespace cisim
