#include "io/JsonParse.hpp"

#include <cctype>
#include <cmath>
#include <new>
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

bool Scalar::is_number() const {
    return type == json::value_t::number_integer || type == json::value_t::number_unsigned ||
           type == json::value_t::number_float;
}

double Scalar::as_double() const {
    if (type == json::value_t::number_integer) return static_cast<double>(integer);
    if (type == json::value_t::number_unsigned) return static_cast<double>(unsigned_integer);
    return number;
}

json Scalar::to_json() const {
    switch (type) {
        case json::value_t::boolean: return json(boolean);
        case json::value_t::number_integer: return json(integer);
        case json::value_t::number_unsigned: return json(unsigned_integer);
        case json::value_t::number_float: return json(number);
        case json::value_t::string: return json(string);
        default: return json(nullptr);
    }
}

const Scalar* FlatObject::find(std::string_view key) const {
    for (const auto& m : *this)
        if (m.key == key) return &m.value;
    return nullptr;
}

Scalar* FlatObject::find(std::string_view key) {
    return const_cast<Scalar*>(static_cast<const FlatObject&>(*this).find(key));
}

json FlatObject::to_json() const {
    json out = json::object();
    for (const auto& m : *this) out[m.key] = m.value.to_json();
    return out;
}

Scalar& FlatObject::add(const std::string& key) {
    if (size_ == members_.size()) members_.emplace_back();
    Member& m = members_[size_++];
    m.key = key;
    m.value.type = json::value_t::null;
    return m.value;
}

void release_json(json& j) noexcept {
    // Recursion is bounded: the parser refuses more than max_depth levels.
    if (j.is_array()) {
        auto& a = j.get_ref<json::array_t&>();
        while (!a.empty()) {
            release_json(a.back());
            a.pop_back();
        }
    } else if (j.is_object()) {
        auto& o = j.get_ref<json::object_t&>();
        while (!o.empty()) {
            release_json(o.begin()->second);
            o.erase(o.begin());
        }
    }
}

namespace {

void assign(Scalar& s, std::nullptr_t) { s.type = json::value_t::null; }
void assign(Scalar& s, bool v) {
    s.type = json::value_t::boolean;
    s.boolean = v;
}
void assign(Scalar& s, json::number_integer_t v) {
    s.type = json::value_t::number_integer;
    s.integer = v;
}
void assign(Scalar& s, json::number_unsigned_t v) {
    s.type = json::value_t::number_unsigned;
    s.unsigned_integer = v;
}
void assign(Scalar& s, json::number_float_t v) {
    s.type = json::value_t::number_float;
    s.number = v;
}
void assign(Scalar& s, const std::string& v) {
    s.type = json::value_t::string;
    s.string.assign(v);  // into the reused member's storage
}

constexpr std::size_t max_depth = 64;  // cisim documents nest 5 deep; this only stops abuse

/// Builds the DOM like nlohmann's own SAX DOM parser, tracking the JSON
/// pointer of the value being read so problems can be named precisely. With a
/// RootStream, elements of the streamed root arrays are built one at a time
/// and handed over instead of being kept; an element object is read into a
/// FlatObject (a null on the stack) until a member turns out to be a container.
class StrictDomBuilder : public nlohmann::json_sax<json> {
public:
    explicit StrictDomBuilder(const RootStream* root = nullptr) : root_(root) {}
    StrictDomBuilder(const StrictDomBuilder&) = delete;
    StrictDomBuilder& operator=(const StrictDomBuilder&) = delete;
    // Whatever is left (after an error) is taken apart without allocating.
    ~StrictDomBuilder() override { discard(); }
    void discard() noexcept {
        release_json(root);
        release_json(element_);
    }

    json root;
    bool failed = false;
    bool stopped = false;    ///< RootStream::member asked to stop
    std::string pointer;     ///< set with `message` for a semantic problem
    std::string message;
    bool syntax = false;     ///< the failure is a syntax error
    std::size_t position = 0;
    std::string last_token;
    std::string syntax_message;

    bool null() override { return scalar(nullptr); }
    bool boolean(bool v) override { return scalar(v); }
    bool number_integer(number_integer_t v) override { return scalar(v); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
    bool number_float(number_float_t v, const string_t& s) override {
        if (!std::isfinite(v)) return fail(value_pointer(), "number " + s + " is out of range (overflows to infinity)");
        return scalar(v);
    }
    bool string(string_t& v) override { return scalar(std::move(v)); }
    bool binary(binary_t&) override { return fail(value_pointer(), "binary values are not JSON"); }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        if (flat_top() ? flat_.find(k) != nullptr : stack_.back()->contains(k))
            return fail(container_pointer(), "duplicate key \"" + k + "\"");
        if (!key_allowed(k)) return false;
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
    static bool is_index(const std::string& t) {
        return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
    }
    /// RootStream::check_key, asked once per key of the elements of one root array.
    bool key_allowed(const std::string& k) {
        if (!root_ || !root_->check_key || tokens_.size() > 2) return true;
        const bool element = tokens_.size() == 2 && is_index(tokens_[1]);
        if (element) {
            // Elements mostly repeat their keys in one order: try the key seen at this place first.
            const std::size_t place = flat_top() ? flat_.size() : stack_.back()->size();
            if (place < by_place_.size() && by_place_[place].second == k && by_place_[place].first == tokens_[0])
                return true;
            for (const auto& entry : approved_)
                if (entry.second == k && entry.first == tokens_[0]) {
                    if (place < 64) {
                        if (by_place_.size() <= place) by_place_.resize(place + 1);
                        by_place_[place] = entry;
                    }
                    return true;
                }
        }
        auto problem = root_->check_key(tokens_, k);
        if (!problem.empty()) return fail(container_pointer(), std::move(problem));
        if (element && approved_.size() < 256) approved_.emplace_back(tokens_[0], k);
        return true;
    }
    /// RootStream::check_value for the value about to be added or opened.
    bool value_allowed(const json& v) {
        if (!root_ || !root_->check_value || stack_.empty()) return true;
        auto at = tokens_;
        at.push_back(next_token());
        auto problem = root_->check_value(at, v);
        if (!problem.empty()) return fail(json_pointer(at), std::move(problem));
        return true;
    }
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
    /// The top of the stack is a streamed root array: its elements are not kept.
    bool in_stream() const { return streaming_ && stack_.size() == 2; }
    /// Index the next value gets in the array on top of the stack.
    std::size_t next_index() const { return in_stream() ? streamed_count_ : stack_.back()->size(); }
    std::string next_token() const {
        return !flat_top() && stack_.back()->is_array() ? std::to_string(next_index()) : key_;
    }
    // Pointer of the container being filled, and of the value about to be added to it.
    std::string container_pointer() const { return json_pointer(tokens_); }
    std::string value_pointer() const {
        if (stack_.empty()) return "";
        auto t = tokens_;
        t.push_back(next_token());
        return json_pointer(t);
    }
    json* insert(json&& v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        if (in_stream()) {
            element_ = std::move(v);
            return &element_;
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
        const bool element = in_stream();
        const json* added = insert(std::move(v));
        if (element) deliver(false);
        else if (is_root_member()) return member(key_, *added);
        return true;
    }
    bool open(json&& container) {
        if (stack_.size() >= max_depth)
            return fail(value_pointer(), "nested more than " + std::to_string(max_depth) + " levels deep");
        // Elements of a streamed array that are objects are checked whole, once read.
        if (tokens_.size() <= 2 && !(in_stream() && container.is_object() && root_->flat_element) &&
            !value_allowed(container))
            return false;
        if (flat_top()) {  // a member that is a container: the element becomes a tree after all
            element_ = flat_.to_json();
            stack_.back() = &element_;
        }
        const bool starts_stream = root_ && root_->streams && container.is_array() && is_root_member() &&
                                   root_->streams(key_);
        const bool flat = in_stream() && root_->flat_element && container.is_object();
        if (!stack_.empty()) tokens_.push_back(next_token());
        if (flat) {
            flat_.clear();
            stack_.push_back(nullptr);
            return true;
        }
        stack_.push_back(insert(std::move(container)));
        if (starts_stream) {
            streaming_ = true;
            streamed_count_ = 0;
            streamed_key_ = key_;
        }
        return true;
    }
    bool close() {
        const json* closed = stack_.back();
        stack_.pop_back();
        std::string token;
        if (!tokens_.empty() && !stack_.empty()) {
            token = std::move(tokens_.back());
            tokens_.pop_back();
        }
        if (in_stream()) {
            deliver(closed == nullptr);
        } else if (is_root_member()) {
            streaming_ = false;
            return member(token, *closed);
        }
        return true;
    }
    /// The value being added or opened is a member of a root object.
    bool is_root_member() const { return stack_.size() == 1 && stack_.front()->is_object(); }
    /// The element being read is a FlatObject.
    bool flat_top() const { return !stack_.empty() && stack_.back() == nullptr; }
    template <class T>
    bool scalar(T&& v) {
        if (!flat_top()) {
            json value(std::forward<T>(v));
            if (tokens_.size() <= 1 && !value_allowed(value)) return false;
            return add(std::move(value));
        }
        assign(flat_.add(key_), v);
        return true;
    }
    void deliver(bool flat) {
        if (flat) root_->flat_element(streamed_key_, streamed_count_, flat_);
        else if (root_->element) root_->element(streamed_key_, streamed_count_, element_);
        ++streamed_count_;
        element_ = json();
    }
    bool member(const std::string& key, const json& value) {
        if (!root_ || !root_->member || root_->member(key, value)) return true;
        stopped = true;
        return false;
    }

    const RootStream* root_;
    std::vector<json*> stack_;
    std::vector<std::string> tokens_;
    std::string key_;
    bool streaming_ = false;            ///< stack_[1] is a streamed root array
    std::string streamed_key_;
    std::size_t streamed_count_ = 0;    ///< elements of it read so far
    json element_;                      ///< the element being built
    FlatObject flat_;                   ///< or the flat element being read
    /// Keys check_key allowed in the elements of a root array: (array, key).
    std::vector<std::pair<std::string, std::string>> approved_;
    std::vector<std::pair<std::string, std::string>> by_place_;  ///< the last approved at each member index
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

json parse(std::string_view text, const std::string& file, const RootStream* stream) {
    StrictDomBuilder builder(stream);
    bool ok = false;
    try {
        ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
    } catch (const std::bad_alloc&) {
        builder.discard();  // frees the memory the message needs
        throw InputError(file, "", "out of memory while reading");
    }
    if ((ok || builder.stopped) && !builder.failed) return std::move(builder.root);
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

}  // namespace

json parse_json(std::string_view text, const std::string& file) { return parse(text, file, nullptr); }

json parse_json(std::string_view text, const std::string& file, const RootStream& root) {
    return parse(text, file, &root);
}

}  // namespace cisim::io
