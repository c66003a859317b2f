#include "io/JsonParse.hpp"

#include <cctype>
#include <cmath>
#include <vector>

#include "model/Error.hpp"

namespace cisim::io {

using json = nlohmann::json;

std::string json_pointer(const std::vector<std::string>& tokens) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const auto& t : tokens) {
        out += '/';
        for (char ch : t) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == '~') out += "~0";
            else if (c == '/') out += "~1";
            else if (c < 0x20) {  // shown escaped: a message stays on one line
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else out += ch;
        }
    }
    return out;
}

namespace {

constexpr std::size_t max_depth = 64;  // cisim documents nest 5 deep; this only stops abuse

/// Builds the DOM like nlohmann's own SAX DOM parser, tracking the JSON
/// pointer of the value being read so problems can be named precisely.
class StrictDomBuilder : public nlohmann::json_sax<json> {
public:
    json root;
    bool failed = false;
    std::string pointer;     ///< set with `message` for a semantic problem
    std::string message;
    bool syntax = false;     ///< the failure is a syntax error
    std::size_t position = 0;
    std::string last_token;
    std::string syntax_message;

    bool null() override { return add(json(nullptr)); }
    bool boolean(bool v) override { return add(json(v)); }
    bool number_integer(number_integer_t v) override { return add(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return add(json(v)); }
    bool number_float(number_float_t v, const string_t& s) override {
        if (!std::isfinite(v)) return fail(value_pointer(), "number " + s + " is out of range (overflows to infinity)");
        return add(json(v));
    }
    bool string(string_t& v) override { return add(json(std::move(v))); }
    bool binary(binary_t&) override { return fail(value_pointer(), "binary values are not JSON"); }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        if (stack_.back()->contains(k))
            return fail(container_pointer(), "duplicate key \"" + k + "\"");
        key_ = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
        if (ex.id == 406)  // out_of_range.406: a number too large for a double
            return fail(value_pointer(), "number " + number_in(token) + " is out of range (overflows to infinity)");
        failed = syntax = true;
        position = pos;
        last_token = token;
        syntax_message = ex.what();
        return false;
    }

private:
    /// The number at the end of nlohmann's token text ("\"buffer_h\": 1e400" → "1e400").
    static std::string number_in(const std::string& token) {
        const auto start = token.find_last_not_of("0123456789+-.eE");
        return start == std::string::npos ? token : token.substr(start + 1);
    }
    bool fail(std::string p, std::string m) {
        failed = true;
        pointer = std::move(p);
        message = std::move(m);
        return false;
    }
    // Pointer of the container being filled, and of the value about to be added to it.
    std::string container_pointer() const { return json_pointer(tokens_); }
    std::string value_pointer() const {
        if (stack_.empty()) return "";
        auto t = tokens_;
        t.push_back(stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : key_);
        return json_pointer(t);
    }
    json* insert(json&& v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        json& slot = top[key_];
        slot = std::move(v);
        return &slot;
    }
    bool add(json&& v) {
        insert(std::move(v));
        return true;
    }
    bool open(json&& container) {
        if (stack_.size() >= max_depth)
            return fail(value_pointer(), "nested more than " + std::to_string(max_depth) + " levels deep");
        if (!stack_.empty()) tokens_.push_back(stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : key_);
        stack_.push_back(insert(std::move(container)));
        return true;
    }
    bool close() {
        stack_.pop_back();
        if (!tokens_.empty() && !stack_.empty()) tokens_.pop_back();
        return true;
    }

    std::vector<json*> stack_;
    std::vector<std::string> tokens_;
    std::string key_;
};

/// "line L column C" and the message proper from nlohmann's parse_error text
/// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error …".
void split_parse_error(const std::string& what, std::string& where, std::string& detail) {
    where.clear();
    detail = what;
    const auto at = what.find(" at line ");
    if (at == std::string::npos) {
        if (auto p = what.find("] "); p != std::string::npos) detail = what.substr(p + 2);
        return;
    }
    const auto colon = what.find(": ", at);
    std::string loc = what.substr(at + 4, colon == std::string::npos ? std::string::npos : colon - at - 4);
    if (auto comma = loc.find(", "); comma != std::string::npos) loc.erase(comma, 1);
    where = loc;  // "line 1 column 5"
    detail = colon == std::string::npos ? std::string() : what.substr(colon + 2);
}

/// NaN, Infinity and friends are common in hand-written or generated files.
bool starts_non_finite_literal(std::string_view rest) {
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) rest.remove_prefix(1);
    for (std::string_view lit : {"NaN", "nan", "Infinity", "infinity", "inf", "Inf", "INF", "NAN"})
        if (rest.substr(0, lit.size()) == lit) return true;
    return false;
}

}  // namespace

json parse_json(std::string_view text, const std::string& file) {
    StrictDomBuilder builder;
    const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
    if (ok && !builder.failed) return std::move(builder.root);
    if (!builder.syntax) throw InputError(file, builder.pointer, builder.message);

    std::string where, detail;
    split_parse_error(builder.syntax_message, where, detail);
    // The offending literal ends where reading stopped; walk back to its start
    // to recognise NaN / Infinity.
    std::size_t start = std::min(builder.position, text.size());
    while (start > 0 && (std::isalpha(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '-' ||
                         text[start - 1] == '+'))
        --start;
    if (starts_non_finite_literal(text.substr(start)))
        detail = "NaN and Infinity are not JSON numbers; write a finite number";
    throw InputError(file, where, "parse error: " + detail);
}

}  // namespace cisim::io
