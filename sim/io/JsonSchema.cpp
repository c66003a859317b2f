#include "io/JsonSchema.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "io/JsonParse.hpp"
#include "io/JsonSchemaFastCheck.hpp"
#include "io/Schemas.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace cisim::io {

using json = nlohmann::json;

namespace {

const json& schema_doc(SchemaId id) {
    static const json model = json::parse(embedded::model_schema);
    static const json scenario = json::parse(embedded::scenario_schema);
    return id == SchemaId::model ? model : scenario;
}

/// The scenario schema refers to the model schema's dependency definition by
/// its file name; valijson asks for it through this hook.
const json* fetch_schema(const std::string& uri) {
    if (uri.find("cisim-model.schema.json") != std::string::npos) return new json(schema_doc(SchemaId::model));
    if (uri.find("cisim-scenario.schema.json") != std::string::npos) return new json(schema_doc(SchemaId::scenario));
    return nullptr;
}
void free_schema(const json* doc) { delete doc; }

std::unique_ptr<valijson::Schema> compile(const json& doc) {
    auto schema = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *schema, fetch_schema, free_schema);
    return schema;
}
std::unique_ptr<valijson::Schema> compile(SchemaId id) { return compile(schema_doc(id)); }

const valijson::Schema& compiled(SchemaId id) {
    static const auto model = compile(SchemaId::model);
    static const auto scenario = compile(SchemaId::scenario);
    return id == SchemaId::model ? *model : *scenario;
}

// ---------------------------------------------------------------------------
// Checking big arrays one element at a time.

/// The item schema of one root array: valijson decides and phrases, the fast check passes the common case.
struct ItemSchema {
    std::unique_ptr<valijson::Schema> schema;
    std::optional<SchemaFastCheck> fast;
};

/// Item schemas of every root property of `id` that is an array with "items".
std::map<std::string, ItemSchema, std::less<>> compile_items(SchemaId id) {
    std::map<std::string, ItemSchema, std::less<>> out;
    const json& doc = schema_doc(id);
    auto props = doc.find("properties");
    if (props == doc.end() || !props->is_object()) return out;
    for (const auto& [key, prop] : props->items()) {
        auto items = prop.find("items");
        if (items == prop.end() || !items->is_object()) continue;
        // The item schema alone, with the definitions its local "$ref"s point to.
        json alone = *items;
        if (!alone.contains("definitions") && doc.contains("definitions")) alone["definitions"] = doc["definitions"];
        out[key] = ItemSchema{compile(alone), SchemaFastCheck::compile(doc, *items)};
    }
    return out;
}

const std::map<std::string, ItemSchema, std::less<>>& item_schemas(SchemaId id) {
    if (id == SchemaId::model) {
        static const auto model = compile_items(SchemaId::model);
        return model;
    }
    static const auto scenario = compile_items(SchemaId::scenario);
    return scenario;
}

const ItemSchema& item_schema(SchemaId id, const std::string& array) {
    const auto& items = item_schemas(id);
    auto it = items.find(array);
    if (it == items.end()) throw std::logic_error("no item schema for root array \"" + array + "\"");
    return it->second;
}

// ---------------------------------------------------------------------------
// Finding what the schema says at an instance location, to phrase messages.

struct SchemaNode {
    const json* doc;  ///< the schema document `s` lives in (for local $refs)
    const json* s;
};
using Candidates = std::vector<SchemaNode>;

std::optional<SchemaNode> resolve_ref(const std::string& ref, const json* doc) {
    const auto hash = ref.find('#');
    const std::string file = ref.substr(0, hash);
    const std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
    if (file.find("cisim-model.schema.json") != std::string::npos) doc = &schema_doc(SchemaId::model);
    else if (file.find("cisim-scenario.schema.json") != std::string::npos) doc = &schema_doc(SchemaId::scenario);
    else if (!file.empty()) return std::nullopt;
    try {
        return SchemaNode{doc, &doc->at(json::json_pointer(pointer))};
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

/// A schema and every subschema that also applies at the same location.
void expand(SchemaNode n, Candidates& out, int depth = 0) {
    if (depth > 16 || !n.s->is_object()) return;
    if (auto ref = n.s->find("$ref"); ref != n.s->end() && ref->is_string()) {
        if (auto target = resolve_ref(ref->get<std::string>(), n.doc)) expand(*target, out, depth + 1);
        return;
    }
    out.push_back(n);
    for (const char* k : {"allOf", "anyOf", "oneOf"})
        if (auto it = n.s->find(k); it != n.s->end() && it->is_array())
            for (const auto& b : *it) expand({n.doc, &b}, out, depth + 1);
    for (const char* k : {"then", "else"})
        if (auto it = n.s->find(k); it != n.s->end()) expand({n.doc, &*it}, out, depth + 1);
}

/// The candidates one step down, into member `token` of an object (or element of an array).
Candidates step(const Candidates& cs, bool into_object, bool into_array, const std::string& token) {
    Candidates out;
    for (const auto& c : cs) {
        if (into_object) {
            if (auto p = c.s->find("properties"); p != c.s->end() && p->contains(token))
                expand({c.doc, &(*p)[token]}, out);
            else if (auto a = c.s->find("additionalProperties"); a != c.s->end() && a->is_object())
                expand({c.doc, &*a}, out);
        } else if (into_array) {
            if (auto i = c.s->find("items"); i != c.s->end() && i->is_object()) {
                expand({c.doc, &*i}, out);
            } else if (i != c.s->end() && i->is_array()) {  // a tuple: [share, value]
                const auto k = std::strtoul(token.c_str(), nullptr, 10);
                if (k < i->size()) expand({c.doc, &(*i)[k]}, out);
            }
        }
    }
    return out;
}
Candidates step(const Candidates& cs, const json& parent, const std::string& token) {
    return step(cs, parent.is_object(), parent.is_array(), token);
}

/// The first keyword `k` among the candidates.
const json* find_keyword(const Candidates& cs, const char* k) {
    for (const auto& c : cs)
        if (auto it = c.s->find(k); it != c.s->end()) return &*it;
    return nullptr;
}

// ---------------------------------------------------------------------------
// Phrasing.


std::string show(const json& v) {
    switch (v.type()) {
        case json::value_t::string: return quote(v.get<std::string>());
        case json::value_t::object: return "an object";
        case json::value_t::array: return "an array";
        case json::value_t::null: return "null";
        default: return v.dump();
    }
}

std::string type_phrase(const std::string& t) {
    if (t == "object") return "an object";
    if (t == "array") return "an array";
    if (t == "integer") return "an integer";
    if (t == "boolean") return "true or false";
    if (t == "null") return "null";
    return "a " + t;
}

std::string json_type(const json& v) {
    if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
    if (v.is_number()) return "number";
    if (v.is_string()) return "string";
    if (v.is_boolean()) return "boolean";
    if (v.is_object()) return "object";
    if (v.is_array()) return "array";
    return "null";
}

std::vector<std::string> allowed_types(const Candidates& cs) {
    std::vector<std::string> out;
    auto add = [&](const json& t) {
        if (t.is_string() && std::find(out.begin(), out.end(), t.get<std::string>()) == out.end())
            out.push_back(t.get<std::string>());
    };
    for (const auto& c : cs)
        if (auto t = c.s->find("type"); t != c.s->end()) {
            if (t->is_array()) for (const auto& x : *t) add(x);
            else add(*t);
        }
    return out;
}

bool type_allowed(const std::vector<std::string>& types, const json& v) {
    const auto t = json_type(v);
    for (const auto& a : types)
        if (a == t || (a == "number" && t == "integer")) return true;
    return false;
}

std::string join_quoted(const std::vector<std::string>& xs, const char* last_sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) out += (i + 1 == xs.size()) ? last_sep : ", ";
        out += "\"" + xs[i] + "\"";
    }
    return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& options) {
    std::string best;
    std::size_t best_d = 3;  // at most two edits: a typo, not a different word
    for (const auto& o : options) {
        const auto d = edit_distance(word, o);
        if (d < best_d && d < o.size()) { best_d = d; best = o; }
    }
    return best.empty() ? "" : " (did you mean \"" + best + "\"?)";
}

/// The name valijson quotes at the end of a description: "<prefix>'NAME'."
std::string quoted_name(const std::string& desc, std::string_view prefix) {
    const auto a = desc.find(prefix);
    if (a == std::string::npos) return "";
    std::string name = desc.substr(a + prefix.size());
    if (name.size() >= 2 && name.compare(name.size() - 2, 2, "'.") == 0) name.resize(name.size() - 2);
    return name;
}

std::string kind_of(const json& v) {
    if (v.is_object())
        if (auto k = v.find("kind"); k != v.end() && k->is_string()) return k->get<std::string>();
    return "";
}

std::string unknown_key_message(const Candidates& cs, const json& v, const std::string& key) {
    std::vector<std::string> known;
    for (const auto& c : cs)
        if (auto p = c.s->find("properties"); p != c.s->end())
            for (const auto& [k, _] : p->items())
                if (std::find(known.begin(), known.end(), k) == known.end()) known.push_back(k);
    if (std::find(known.begin(), known.end(), key) != known.end()) {
        const auto kind = kind_of(v);
        return kind.empty() ? "key " + quote(key) + " is not allowed here"
                            : "key " + quote(key) + " does not apply to kind " + quote(kind);
    }
    return "unknown key " + quote(key) + did_you_mean(key, known);
}

std::string range_message(const Candidates& cs, const json& v, const std::string& fallback) {
    for (const auto& c : cs) {
        const json& s = *c.s;
        const json* lo = nullptr;
        const json* hi = nullptr;
        bool lo_ex = false, hi_ex = false;
        if (auto it = s.find("minimum"); it != s.end()) lo = &*it;
        if (auto it = s.find("exclusiveMinimum"); it != s.end()) { lo = &*it; lo_ex = true; }
        if (auto it = s.find("maximum"); it != s.end()) hi = &*it;
        if (auto it = s.find("exclusiveMaximum"); it != s.end()) { hi = &*it; hi_ex = true; }
        if (!lo && !hi) continue;
        const std::string x = v.dump();
        if (lo && hi)
            return x + " is outside " + (lo_ex ? "(" : "[") + lo->dump() + ", " + hi->dump() + (hi_ex ? ")" : "]");
        if (lo && lo_ex) return x + " must be greater than " + lo->dump();
        if (lo && lo->is_number() && lo->get<double>() == 0) return x + " is negative; expected a value >= 0";
        if (lo) return x + " is below the minimum " + lo->dump();
        return x + (hi_ex ? " must be less than " : " is above the maximum ") + hi->dump();
    }
    return fallback;
}

std::string one_of_message(const Candidates& cs, const json& v) {
    for (const auto& c : cs) {
        auto it = c.s->find("oneOf");
        if (it == c.s->end()) continue;
        std::vector<std::string> names, present;
        for (const auto& b : *it)
            if (auto r = b.find("required"); r != b.end() && r->size() == 1) names.push_back((*r)[0]);
        if (names.size() != it->size()) continue;
        for (const auto& n : names)
            if (v.is_object() && v.contains(n)) present.push_back(n);
        const auto kind = kind_of(v);
        std::string m = (kind.empty() ? std::string("needs") : "kind " + quote(kind) + " needs") + " exactly one of " +
                        join_quoted(names);
        return m + (present.empty() ? "; none given" : "; got " + join_quoted(present, " and "));
    }
    return "matches none of the allowed forms";
}

std::string required_message(const Candidates& cs, const json& v, const std::string& key) {
    const json* base = cs.empty() ? nullptr : cs.front().s;
    bool in_base = false;
    if (base)
        if (auto r = base->find("required"); r != base->end())
            in_base = std::find(r->begin(), r->end(), key) != r->end();
    const auto kind = kind_of(v);
    if (!in_base && !kind.empty()) return "missing key \"" + key + "\", required for kind " + quote(kind);
    return "missing required key \"" + key + "\"";
}

std::string dependency_message(const Candidates& cs, const json& v, const std::string& missing) {
    for (const auto& c : cs)
        if (auto d = c.s->find("dependencies"); d != c.s->end())
            for (const auto& [k, needs] : d->items())
                if (v.contains(k) && needs.is_array() && std::find(needs.begin(), needs.end(), missing) != needs.end())
                    return "\"" + k + "\" requires \"" + missing + "\"";
    return "missing key \"" + missing + "\"";
}

std::string enum_message(const Candidates& cs, const json& v) {
    const json* e = find_keyword(cs, "enum");
    if (!e) return show(v) + " is not an allowed value";
    std::vector<std::string> options;
    for (const auto& o : *e) options.push_back(o.is_string() ? o.get<std::string>() : o.dump());
    std::string m = show(v) + " is not one of " + join_quoted(options);
    if (v.is_string()) m += did_you_mean(v.get<std::string>(), options);
    return m;
}

/// The "const" values the candidates give a member (a tagged union's tags).
std::vector<std::string> const_options(const Candidates& cs) {
    std::vector<std::string> out;
    for (const auto& c : cs)
        if (auto k = c.s->find("const"); k != c.s->end()) {
            const auto o = k->is_string() ? k->get<std::string>() : k->dump();
            if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
        }
    return out;
}

/// Among the candidates for object `v`, the branch of a tagged union
/// ({"spread": "uniform", …}, {"uncertain": …}) whose tag `v` carries.
const SchemaNode* tagged_branch(const Candidates& cs, const json& v, std::string& tag_key) {
    if (!v.is_object()) return nullptr;
    for (const auto& c : cs)
        if (auto props = c.s->find("properties"); props != c.s->end() && props->is_object())
            for (const auto& [k, p] : props->items())
                if (auto tag = p.find("const"); tag != p.end() && v.contains(k) && v.at(k) == *tag) {
                    tag_key = k;
                    return &c;
                }
    return nullptr;
}

/// What is wrong with object `v` at the level of branch `b` itself: an unknown
/// key (a typo, named first) or a missing one ("" when both are fine; deeper errors are valijson's).
std::string branch_problem(const SchemaNode& b, const json& v, const std::string& tag_key) {
    const std::string tagged = "\"" + tag_key + "\": " + show(v.at(tag_key));
    if (auto extra = b.s->find("additionalProperties"); extra != b.s->end() && *extra == false)
        for (const auto& [key, _] : v.items())
            if (auto props = b.s->find("properties"); props == b.s->end() || !props->contains(key))
                return unknown_key_message({b}, json::object(), key) + " for " + tagged;
    if (auto r = b.s->find("required"); r != b.s->end() && r->is_array())
        for (const auto& key : *r)
            if (key.is_string() && !v.contains(key.get<std::string>()))
                return "missing key " + quote(key.get<std::string>()) + ", required for " + tagged;
    return "";
}

struct Violation {
    std::vector<std::string> path;
    std::string description;
};

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }
bool is_one_of_summary(const std::string& d) {
    return starts_with(d, "Failed to validate against any child schemas allowed by oneOf") ||
           starts_with(d, "Failed to validate against exactly one child schema");
}

std::string message_for(const Violation& e, const Candidates& cs, const json& v) {
    const auto& d = e.description;
    if (is_one_of_summary(d)) return one_of_message(cs, v);
    if (starts_with(d, "Object contains a property")) return unknown_key_message(cs, v, quoted_name(d, "constraints: '"));
    if (starts_with(d, "Missing required property")) return required_message(cs, v, quoted_name(d, "property '"));
    if (starts_with(d, "Missing dependency")) return dependency_message(cs, v, quoted_name(d, "dependency '"));
    if (starts_with(d, "Value type not permitted")) {
        std::vector<std::string> phrases;
        for (const auto& t : allowed_types(cs)) phrases.push_back(type_phrase(t));
        std::string expected;
        for (std::size_t i = 0; i < phrases.size(); ++i) expected += (i ? " or " : "") + phrases[i];
        return "expected " + (expected.empty() ? std::string("another type") : expected) + ", got " + show(v);
    }
    if (starts_with(d, "Expected number")) return range_message(cs, v, d);
    if (starts_with(d, "Failed to match against any enum")) return enum_message(cs, v);
    if (starts_with(d, "Failed to match expected value set by 'const'")) {
        const auto options = const_options(cs);
        if (options.size() > 1) {  // a tagged union's tag
            std::string m = show(v) + " is not one of " + join_quoted(options);
            if (v.is_string()) m += did_you_mean(v.get<std::string>(), options);
            return m;
        }
        const json* c = find_keyword(cs, "const");
        return "expected " + (c ? show(*c) : std::string("another value")) + ", got " + show(v);
    }
    if (starts_with(d, "Array should contain no fewer than")) {
        const json* n = find_keyword(cs, "minItems");
        return (n && *n == 1) ? std::string("must not be empty")
                              : "needs at least " + (n ? n->dump() : std::string("more")) + " items";
    }
    if (starts_with(d, "String should be no fewer than")) return "must not be an empty string";
    return d;
}

}  // namespace

std::string_view schema_text(SchemaId id) {
    return id == SchemaId::model ? embedded::model_schema : embedded::scenario_schema;
}

namespace {

/// The violation to report among valijson's `results` for `value`, which lies
/// at `prefix` in its document, where the schema candidates are `base`.
std::optional<SchemaViolation> pick(const valijson::ValidationResults& results, const Candidates& base,
                                    const json& value, const std::vector<std::string>& prefix) {
    std::vector<Violation> violations;
    for (const auto& r : results) {
        Violation v;
        for (const auto& c : r.context)
            if (c != "<root>") v.path.push_back(c.size() >= 2 && c.front() == '[' ? c.substr(1, c.size() - 2) : c);
        v.description = r.description;
        violations.push_back(std::move(v));
    }
    if (violations.empty()) return SchemaViolation{{}, 4, "does not match its JSON Schema"};
    auto full_path = [&](const Violation& v) {
        auto p = prefix;
        p.insert(p.end(), v.path.begin(), v.path.end());
        return p;
    };

    // The schema candidates and the value at a violation's path.
    auto walk = [&](const std::vector<std::string>& path, Candidates& cs, const json*& at) {
        cs = base;
        at = &value;
        for (const auto& t : path) {
            cs = step(cs, *at, t);
            at = at->is_array() ? &at->at(std::stoul(t)) : &at->at(t);
        }
    };

    // A tagged union ({"spread": "uniform", …}): every branch but the one the
    // object's tag names fails on the tag, deeper than the real error. Those
    // failures are dropped, and the object is judged by its own branch.
    {
        std::vector<Violation> kept;
        for (auto& v : violations) {
            if (starts_with(v.description, "Failed to match expected value set by 'const'") && !v.path.empty()) {
                const std::vector<std::string> parent(v.path.begin(), v.path.end() - 1);
                Candidates cs;
                const json* at = nullptr;
                try {
                    walk(parent, cs, at);
                } catch (const std::exception&) {
                    kept.push_back(std::move(v));
                    continue;
                }
                std::string tag_key;
                if (const auto* branch = tagged_branch(cs, *at, tag_key)) {
                    if (auto problem = branch_problem(*branch, *at, tag_key); !problem.empty())
                        return SchemaViolation{full_path(Violation{parent, ""}), 1, problem};
                    continue;  // another branch's tag: not the author's mistake
                }
            }
            kept.push_back(std::move(v));
        }
        if (!kept.empty()) violations = std::move(kept);
    }

    // The deepest location is the most specific; there, prefer a failed
    // "exactly one of" (its branch errors mislead), then unknown keys, then
    // leaf errors, and last the summaries valijson adds on the way up.
    std::size_t depth = 0;
    for (const auto& v : violations) depth = std::max(depth, v.path.size());
    const Violation* best = nullptr;
    int best_rank = 99;
    Candidates best_cs;
    const json* best_value = nullptr;
    for (const auto& v : violations) {
        if (v.path.size() != depth) continue;
        Candidates cs;
        const json* at = nullptr;
        try {
            walk(v.path, cs, at);
        } catch (const std::exception&) {
            return SchemaViolation{full_path(v), -1, v.description};  // cannot happen: valijson walked it
        }
        int rank = 4;
        if (is_one_of_summary(v.description)) rank = 0;
        else if (starts_with(v.description, "Object contains a property")) rank = 1;
        else if (starts_with(v.description, "Value type not permitted") && type_allowed(allowed_types(cs), *at))
            rank = 3;  // the type of another anyOf branch: not what the author meant
        else if (!starts_with(v.description, "Failed to validate")) rank = 2;
        if (rank < best_rank) {
            best_rank = rank;
            best = &v;
            best_cs = std::move(cs);
            best_value = at;
        }
    }
    return SchemaViolation{full_path(*best), best_rank, message_for(*best, best_cs, *best_value)};
}

Candidates root_candidates(SchemaId id) {
    Candidates cs;
    expand({&schema_doc(id), &schema_doc(id)}, cs);
    return cs;
}

}  // namespace

std::optional<SchemaViolation> find_violation(SchemaId id, const json& doc) {
    const auto& schema = compiled(id);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    if (validator.validate(schema, target, nullptr)) return std::nullopt;  // fast path: no error collection
    valijson::ValidationResults results;
    validator.validate(schema, target, &results);
    return pick(results, root_candidates(id), doc, {});
}

std::optional<SchemaViolation> find_item_violation(SchemaId id, const std::string& array, std::size_t index,
                                                   const FlatObject& element) {
    const auto& item = item_schema(id, array);
    if (item.fast && item.fast->accepts(element)) return std::nullopt;
    return find_item_violation(id, array, index, element.to_json());
}

std::optional<SchemaViolation> find_item_violation(SchemaId id, const std::string& array, std::size_t index,
                                                   const json& element) {
    const auto& item = item_schema(id, array);
    if (item.fast && item.fast->accepts(element)) return std::nullopt;
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(element);
    if (validator.validate(*item.schema, target, nullptr)) return std::nullopt;
    valijson::ValidationResults results;
    validator.validate(*item.schema, target, &results);
    const std::string i = std::to_string(index);
    const Candidates base = step(step(root_candidates(id), true, false, array), false, true, i);
    return pick(results, base, element, {array, i});
}

namespace {

bool all_digits(const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The candidates at instance location `at` (array indices are digits).
Candidates candidates_at(SchemaId id, const std::vector<std::string>& at) {
    Candidates cs = root_candidates(id);
    for (const auto& t : at) {
        Candidates next = all_digits(t) ? step(cs, false, true, t) : Candidates{};
        if (next.empty()) next = step(cs, true, false, t);
        cs = std::move(next);
        if (cs.empty()) break;
    }
    return cs;
}

}  // namespace

std::string early_key_problem(SchemaId id, const std::vector<std::string>& at, const std::string& key) {
    const Candidates cs = candidates_at(id, at);
    if (cs.empty()) return "";
    // The first candidate is the schema itself (the others are branches that may not apply):
    // it decides whether the object is closed.
    const json& s = *cs.front().s;
    auto extra = s.find("additionalProperties");
    if (extra == s.end() || *extra != false || s.contains("patternProperties")) return "";
    std::vector<std::string> known;
    for (const auto& c : cs)
        if (auto p = c.s->find("properties"); p != c.s->end() && p->is_object())
            for (const auto& [k, _] : p->items())
                if (std::find(known.begin(), known.end(), k) == known.end()) known.push_back(k);
    if (std::find(known.begin(), known.end(), key) != known.end()) return "";  // phrased by validation
    return "unknown key " + quote(key) + did_you_mean(key, known);
}

std::string early_type_problem(SchemaId id, const std::vector<std::string>& at, const nlohmann::json& value) {
    const Candidates cs = candidates_at(id, at);
    if (cs.empty()) return "";
    // The types the schema itself allows; else those of its anyOf / oneOf
    // branches when each branch names its types.
    std::vector<std::string> types = allowed_types({cs.front()});
    if (types.empty()) {
        const json& s = *cs.front().s;
        for (const char* k : {"anyOf", "oneOf"})
            if (auto b = s.find(k); b != s.end() && b->is_array())
                for (const auto& branch : *b) {
                    Candidates one;
                    expand({cs.front().doc, &branch}, one);
                    const auto t = one.empty() ? std::vector<std::string>{} : allowed_types({one.front()});
                    if (t.empty()) return "";  // a branch of any type
                    for (const auto& x : t)
                        if (std::find(types.begin(), types.end(), x) == types.end()) types.push_back(x);
                }
    }
    if (types.empty() || type_allowed(types, value)) return "";
    std::string expected;
    for (std::size_t i = 0; i < types.size(); ++i) expected += (i ? " or " : "") + type_phrase(types[i]);
    return "expected " + expected + ", got " + show(value);
}

bool reported_before(const SchemaViolation& a, const SchemaViolation& b) {
    if (a.path.size() != b.path.size()) return a.path.size() > b.path.size();
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.path.empty()) return false;
    // valijson checks an object's properties in the order of their names, and an array's items in order.
    if (a.path[0] != b.path[0]) return a.path[0] < b.path[0];
    if (a.path.size() >= 2 && a.path[1] != b.path[1]) {
        const auto digits = [](const std::string& t) {
            return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (digits(a.path[1]) && digits(b.path[1]))
            return a.path[1].size() != b.path[1].size() ? a.path[1].size() < b.path[1].size() : a.path[1] < b.path[1];
    }
    return false;
}

void validate_schema(SchemaId id, const json& doc, const std::string& file) {
    if (auto v = find_violation(id, doc)) throw InputError(file, json_pointer(v->path), v->message);
}

}  // namespace cisim::io
