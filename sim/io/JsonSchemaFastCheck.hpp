#pragma once
// A fast check of the common case of a JSON Schema (draft 7), for the millions
// of elements of a big model's arrays: valijson spends microseconds on each.
// It is compiled from the schema itself, from a subset of its keywords:
// "type" (an integer only as an integer-typed number), "properties",
// "additionalProperties" (true or false), "required", string "enum" and
// "const", "minimum" / "maximum" and their exclusive forms, "minLength",
// "anyOf" (by its first branch alone) and local "$ref" (siblings ignored, as
// valijson does), plus annotations. It only ever vouches for a value that valijson accepts too, so
// it never decides an error: a schema using any other keyword is not compiled,
// and whatever it does not accept is left to valijson, which phrases the error.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/JsonParse.hpp"

namespace cisim::io {

class SchemaFastCheck {
public:
    /// The check for `schema`, a part of `doc` (for local "$ref"s); none when
    /// it uses a keyword outside the subset.
    static std::optional<SchemaFastCheck> compile(const nlohmann::json& doc, const nlohmann::json& schema);

    /// True only if valijson accepts `v` too.
    bool accepts(const nlohmann::json& v) const;
    /// The same for the tree `v.to_json()`, without building it.
    bool accepts(const FlatObject& v) const;

private:
    struct Rule {
        unsigned types = 0;   ///< allowed JSON types, as bits; 0 = any type
        bool closed = false;  ///< "additionalProperties": false
        std::vector<std::pair<std::string, int>> properties;  ///< name → rule index
        std::vector<std::string> required;
        bool has_enum = false;
        std::vector<std::string> enum_strings;
        double lo = -std::numeric_limits<double>::infinity();  ///< lower bound
        double hi = std::numeric_limits<double>::infinity();   ///< upper bound
        bool lo_open = false, hi_open = false;
        std::uint64_t min_length = 0;
        int any_first = -1;   ///< "anyOf": its first branch, which must accept too
    };

    int add(const nlohmann::json& doc, const nlohmann::json& s, std::map<const nlohmann::json*, int>& seen,
            std::size_t at);
    bool accepts(int rule, const nlohmann::json& v) const;
    template <class Value>
    static bool accepts_itself(const Rule& r, const Value& v);

    std::vector<Rule> rules_;
};

}  // namespace cisim::io
