#pragma once
// Strict JSON parsing for every cisim input (sim/io only: nlohmann stays here).
// Beyond RFC 8259 syntax it rejects what nlohmann would silently accept:
// duplicate keys (the last one would win, hiding a typo), numbers that
// overflow to infinity, and absurd nesting depth.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cisim::io {

/// Parses `text`; throws InputError(file, "line L column C", "parse error: …")
/// on a syntax error, or InputError(file, pointer, …) on a duplicate key or a
/// non-finite number.
nlohmann::json parse_json(std::string_view text, const std::string& file);

/// RFC 6901 pointer of a path of keys / array indices ("" for the root).
std::string json_pointer(const std::vector<std::string>& tokens);

}  // namespace cisim::io
