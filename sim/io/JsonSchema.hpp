#pragma once
// JSON Schema validation of models and scenarios with valijson against the
// schemas in models/schema (embedded at build time), and the translation of
// valijson's error list into one line: "FILE: /json/pointer: what was expected".
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cisim::io {

enum class SchemaId { model, scenario };

/// The embedded schema text (models/schema/cisim-<id>.schema.json).
std::string_view schema_text(SchemaId id);

/// Throws InputError(file, pointer, message) for the most specific violation.
void validate_schema(SchemaId id, const nlohmann::json& doc, const std::string& file);

}  // namespace cisim::io
