#pragma once
// JSON Schema validation of models and scenarios with valijson against the
// schemas in models/schema (embedded at build time), and the translation of
// valijson's error list into one line: "FILE: /json/pointer: what was expected".
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/JsonParse.hpp"

namespace cisim::io {

enum class SchemaId { model, scenario };

/// The embedded schema text (models/schema/cisim-<id>.schema.json).
std::string_view schema_text(SchemaId id);

/// Throws InputError(file, pointer, message) for the most specific violation.
void validate_schema(SchemaId id, const nlohmann::json& doc, const std::string& file);

/// A schema violation as validate_schema phrases it.
struct SchemaViolation {
    std::vector<std::string> path;  ///< pointer tokens from the document's root
    int rank = 0;                   ///< at equal depth, the lower rank is reported
    std::string message;
};

/// The violation validate_schema reports for `doc`, or none.
std::optional<SchemaViolation> find_violation(SchemaId id, const nlohmann::json& doc);

/// The violation validate_schema would report inside `element`, element
/// `index` of the array under root key `array` (e.g. "dependencies"), checked
/// against that array's item schema alone (none when it is valid). Big arrays
/// are checked this way one element at a time, without a tree of the whole
/// document; the common case takes a fast path compiled from the same schema.
std::optional<SchemaViolation> find_item_violation(SchemaId id, const std::string& array, std::size_t index,
                                                   const nlohmann::json& element);

/// The same for an element read as a FlatObject.
std::optional<SchemaViolation> find_item_violation(SchemaId id, const std::string& array, std::size_t index,
                                                   const FlatObject& element);

/// Checks made while parsing, before a value is built (io::RootStream): a
/// 40 MB array under a misspelt key must not be built to be rejected. The
/// message for key `key` of the object at pointer tokens `at` when the schema
/// allows no such key there; empty when it may (or validation will phrase it).
std::string early_key_problem(SchemaId id, const std::vector<std::string>& at, const std::string& key);

/// The same for a value of the type of `value` (an empty container stands for
/// one about to be read) at pointer tokens `at`: empty unless the schema
/// names the types allowed there and this is none of them.
std::string early_type_problem(SchemaId id, const std::vector<std::string>& at, const nlohmann::json& value);

/// Of the violations found in two parts of one document (two root members, or
/// two elements of a root array), whether `a` is the one validate_schema
/// reports on the whole document, rather than `b`.
bool reported_before(const SchemaViolation& a, const SchemaViolation& b);

}  // namespace cisim::io
