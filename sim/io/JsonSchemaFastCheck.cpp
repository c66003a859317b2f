#include "io/JsonSchemaFastCheck.hpp"

#include <algorithm>
#include <limits>

namespace cisim::io {

using json = nlohmann::json;

namespace {

// Bits of the JSON types a rule allows.
// An integer-typed number also has integer_bit; a float with no fraction does
// not (valijson's notion of such a number is left to it).
constexpr unsigned object_bit = 1, array_bit = 2, string_bit = 4, number_bit = 8, boolean_bit = 16, null_bit = 32,
                   integer_bit = 64;

unsigned type_bit(const json& v) {
    switch (v.type()) {
        case json::value_t::object: return object_bit;
        case json::value_t::array: return array_bit;
        case json::value_t::string: return string_bit;
        case json::value_t::boolean: return boolean_bit;
        case json::value_t::null: return null_bit;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return number_bit | integer_bit;
        case json::value_t::number_float: return number_bit;
        default: return 0;
    }
}
unsigned type_bit(const Scalar& v) {
    switch (v.type) {
        case json::value_t::string: return string_bit;
        case json::value_t::boolean: return boolean_bit;
        case json::value_t::null: return null_bit;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return number_bit | integer_bit;
        default: return v.is_number() ? number_bit : 0;
    }
}

/// The bit of a "type" name; 0 for others.
unsigned type_named(const json& t) {
    if (!t.is_string()) return 0;
    const auto& n = t.get_ref<const std::string&>();
    if (n == "object") return object_bit;
    if (n == "array") return array_bit;
    if (n == "string") return string_bit;
    if (n == "number") return number_bit;
    if (n == "boolean") return boolean_bit;
    if (n == "null") return null_bit;
    if (n == "integer") return integer_bit;
    return 0;
}

bool is_string(const json& v) { return v.is_string(); }
bool is_string(const Scalar& v) { return v.type == json::value_t::string; }
const std::string& text(const json& v) { return v.get_ref<const std::string&>(); }
const std::string& text(const Scalar& v) { return v.string; }
bool is_number(const json& v) { return v.is_number(); }
bool is_number(const Scalar& v) { return v.is_number(); }
double number_of(const json& v) { return v.get<double>(); }
double number_of(const Scalar& v) { return v.as_double(); }

/// valijson reads an integer through int64_t, so it sees an unsigned one
/// above INT64_MAX as negative: such numbers are left to it.
constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
bool beyond_int64(const json& v) { return v.is_number_unsigned() && v.get<std::uint64_t>() > int64_max; }
bool beyond_int64(const Scalar& v) {
    return v.type == json::value_t::number_unsigned && v.unsigned_integer > int64_max;
}

bool is_annotation(const std::string& keyword) {
    for (const char* k : {"description", "title", "$comment", "default", "examples", "$schema", "definitions"})
        if (keyword == k) return true;
    return false;
}

}  // namespace

std::optional<SchemaFastCheck> SchemaFastCheck::compile(const json& doc, const json& schema) {
    SchemaFastCheck check;
    std::map<const json*, int> seen;
    if (check.add(doc, schema, seen, 0) != 0) return std::nullopt;
    return check;
}

/// Compiles `s` into rule `at` (appended when at == rules_.size()); its index,
/// or -1 when `s` is outside the subset.
int SchemaFastCheck::add(const json& doc, const json& s, std::map<const json*, int>& seen, std::size_t at) {
    if (auto ref = s.find("$ref"); ref != s.end()) {
        if (!ref->is_string()) return -1;
        const auto& r = ref->get_ref<const std::string&>();
        if (r.empty() || r[0] != '#') return -1;  // another document
        try {
            return add(doc, doc.at(json::json_pointer(r.substr(1))), seen, at);
        } catch (const json::exception&) {
            return -1;
        }
    }
    if (auto it = seen.find(&s); it != seen.end()) return it->second;
    if (!s.is_object() && !(s.is_boolean() && s.get<bool>())) return -1;  // `true` accepts anything
    if (at == rules_.size()) rules_.emplace_back();
    const int index = seen[&s] = static_cast<int>(at);
    Rule r;
    if (s.is_object())
        for (const auto& [k, v] : s.items()) {
            if (k == "type") {
                for (const auto& t : v.is_array() ? v : json::array({v})) {
                    const unsigned bit = type_named(t);
                    if (!bit) return -1;
                    r.types |= bit;
                }
            } else if (k == "properties") {
                if (!v.is_object()) return -1;
                for (const auto& [name, sub] : v.items()) {
                    const int child = add(doc, sub, seen, rules_.size());
                    if (child < 0) return -1;
                    r.properties.emplace_back(name, child);
                }
            } else if (k == "additionalProperties") {
                if (!v.is_boolean()) return -1;
                r.closed = !v.get<bool>();
            } else if (k == "required") {
                if (!v.is_array()) return -1;
                for (const auto& x : v) {
                    if (!x.is_string()) return -1;
                    r.required.push_back(x.get<std::string>());
                }
            } else if (k == "enum" || k == "const") {
                if (r.has_enum || (k == "enum" && !v.is_array())) return -1;
                r.has_enum = true;
                for (const auto& x : k == "enum" ? v : json::array({v})) {
                    if (!x.is_string()) return -1;
                    r.enum_strings.push_back(x.get<std::string>());
                }
            } else if (k == "minimum" || k == "exclusiveMinimum") {
                if (!v.is_number()) return -1;
                const double x = v.get<double>();
                const bool open = k == "exclusiveMinimum";
                if (x > r.lo || (x == r.lo && open)) {
                    r.lo = x;
                    r.lo_open = open;
                }
            } else if (k == "maximum" || k == "exclusiveMaximum") {
                if (!v.is_number()) return -1;
                const double x = v.get<double>();
                const bool open = k == "exclusiveMaximum";
                if (x < r.hi || (x == r.hi && open)) {
                    r.hi = x;
                    r.hi_open = open;
                }
            } else if (k == "anyOf") {
                // Vouching for the first branch is enough for anyOf: other values go to valijson.
                if (!v.is_array() || v.empty()) return -1;
                const int child = add(doc, v[0], seen, rules_.size());
                if (child < 0) return -1;
                r.any_first = child;
            } else if (k == "minLength") {
                if (!v.is_number_unsigned()) return -1;
                r.min_length = v.get<std::uint64_t>();
            } else if (!is_annotation(k)) {
                return -1;
            }
        }
    rules_[static_cast<std::size_t>(index)] = std::move(r);
    return index;
}

/// The checks of `r` on `v` itself, not on its members.
template <class Value>
bool SchemaFastCheck::accepts_itself(const Rule& r, const Value& v) {
    if (r.types && !(r.types & type_bit(v))) return false;
    if (r.has_enum && (!is_string(v) || std::find(r.enum_strings.begin(), r.enum_strings.end(), text(v)) ==
                                            r.enum_strings.end()))
        return false;
    if (is_number(v)) {
        if (beyond_int64(v)) return false;
        const double x = number_of(v);
        if (r.lo_open ? !(x > r.lo) : !(x >= r.lo)) return false;
        if (r.hi_open ? !(x < r.hi) : !(x <= r.hi)) return false;
    }
    if (r.min_length && is_string(v)) {
        // valijson counts UTF-8 characters up to the first NUL.
        std::uint64_t chars = 0;
        for (const char c : text(v)) {
            if (c == '\0') return false;
            chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }
        if (chars < r.min_length) return false;
    }
    return true;
}

bool SchemaFastCheck::accepts(const json& v) const { return accepts(0, v); }

bool SchemaFastCheck::accepts(const FlatObject& v) const {
    const Rule& r = rules_[0];
    if ((r.types && !(r.types & object_bit)) || r.has_enum) return false;
    for (const auto& k : r.required)
        if (!v.find(k)) return false;
    for (const auto& m : v) {
        auto p = std::find_if(r.properties.begin(), r.properties.end(), [&](const auto& x) { return x.first == m.key; });
        if (p == r.properties.end()) {
            if (r.closed) return false;
            continue;
        }
        for (int rule = p->second; rule >= 0; rule = rules_[static_cast<std::size_t>(rule)].any_first)
            if (!accepts_itself(rules_[static_cast<std::size_t>(rule)], m.value)) return false;
    }
    return true;
}

bool SchemaFastCheck::accepts(int rule, const json& v) const {
    const Rule& r = rules_[static_cast<std::size_t>(rule)];
    if (!accepts_itself(r, v)) return false;
    if (r.any_first >= 0 && !accepts(r.any_first, v)) return false;
    if (v.is_object()) {
        for (const auto& k : r.required)
            if (!v.contains(k)) return false;
        for (const auto& [k, x] : v.items()) {
            auto p = std::find_if(r.properties.begin(), r.properties.end(), [&k = k](const auto& y) { return y.first == k; });
            if (p == r.properties.end() ? r.closed : !accepts(p->second, x)) return false;
        }
    }
    return true;
}

}  // namespace cisim::io
