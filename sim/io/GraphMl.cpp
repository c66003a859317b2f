#include "io/GraphMl.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "io/ModelCache.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace cisim {

namespace {

// ---------------------------------------------------------------------------
// A small XML reader for the subset GraphML uses: elements, attributes,
// character data, CDATA, comments, processing instructions and a DOCTYPE
// (skipped), the five predefined entities and character references. No DTD
// is read and no other entity is known, so nothing is fetched or expanded
// (an entity reference is an error). A declared encoding other than UTF-8
// (ISO-8859-1, windows-1252, Shift_JIS, …; UTF-16 by its byte-order mark) is
// converted to UTF-8 first, by iconv. libxml2 was measured in its place and
// is slower (bench/README.md).
// Namespaces are kept as written ("y:ShapeNode"); GraphML elements are matched
// by local name. Errors name the element path and the line.

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<XmlElement> children;  // those the sink did not take
    std::string text;          // character data directly inside, concatenated
    std::size_t line = 0;
    std::size_t index = 1;     // among same-named siblings, from 1
    std::string path;          // XPath-like: /graphml/graph[1]/node[3]

    std::string_view local() const {
        const auto colon = name.find(':');
        return colon == std::string::npos ? std::string_view(name) : std::string_view(name).substr(colon + 1);
    }
    const std::string* attribute(std::string_view n) const {
        for (const auto& [k, v] : attributes)
            if (k == n) return &v;
        return nullptr;
    }
};

/// Sees every completed element below the root, with its parent (still open)
/// and depth (root = 0); returns true when it has taken the element, which is
/// then not kept. Large documents stream through it instead of building a tree.
using XmlSink = std::function<bool(XmlElement& element, const XmlElement& parent, int depth)>;

class XmlReader {
public:
    XmlReader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
        if (auto encoding = declared_encoding(text)) {
            converted_ = to_utf8(text, *encoding);
            text = text_ = converted_;
        }
        // End-of-line handling (XML 1.0 §2.11): CR LF and lone CR become LF.
        if (text.find('\r') != std::string_view::npos) {
            normalised_.reserve(text.size());
            for (std::size_t i = 0; i < text.size(); ++i) {
                if (text[i] == '\r') {
                    normalised_ += '\n';
                    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
                } else {
                    normalised_ += text[i];
                }
            }
            text_ = normalised_;
        }
        check_utf8();
    }

    /// Parses the document; `root_name` is the required local name of the root.
    XmlElement parse_document(std::string_view root_name, const XmlSink& sink) {
        sink_ = &sink;
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        skip_misc(true);
        if (!at("<")) fail("/", "expected the root element");
        XmlElement root = parse_element("", nullptr, 0, root_name);
        skip_misc(false);
        if (pos_ < text_.size()) fail("/", "unexpected content after the root element");
        return root;
    }

private:
    static constexpr int max_depth = 256;

    static bool same_name(std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    }

    // The encoding to convert from, when the document is not UTF-8 already: a
    // UTF-16 byte-order mark, or encoding="…" in the XML declaration.
    std::optional<std::string> declared_encoding(std::string_view text) const {
        if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") return "UTF-16";
        if (text.substr(0, 3) == "\xEF\xBB\xBF" || text.substr(0, 5) != "<?xml") return std::nullopt;
        const auto declaration = text.substr(0, text.find("?>"));
        const auto at = declaration.find("encoding");
        if (at == std::string_view::npos) return std::nullopt;
        auto rest = declaration.substr(at + 8);
        rest.remove_prefix(std::min(rest.find_first_not_of(" \t\n\r="), rest.size()));
        if (rest.empty() || (rest[0] != '"' && rest[0] != '\'')) fail("/", "malformed encoding in the XML declaration");
        const auto end = rest.find(rest[0], 1);
        if (end == std::string_view::npos) fail("/", "malformed encoding in the XML declaration");
        const std::string name(rest.substr(1, end - 1));
        // An encoding name (XML 1.0 §4.3.3: [A-Za-z] ([A-Za-z0-9._] | '-')*), before iconv sees it.
        const bool valid = !name.empty() && name.size() <= 40 && std::isalpha(static_cast<unsigned char>(name[0])) &&
                           std::all_of(name.begin(), name.end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                           });
        if (!valid) fail("/", "malformed encoding name in the XML declaration");
        if (same_name(name, "UTF-8") || same_name(name, "UTF8") || same_name(name, "US-ASCII") || same_name(name, "ASCII"))
            return std::nullopt;  // checked as UTF-8 below
        return name;
    }

    std::string to_utf8(std::string_view text, const std::string& encoding) {
        iconv_t cd = iconv_open("UTF-8", encoding.c_str());
        if (cd == reinterpret_cast<iconv_t>(-1)) fail("/", "unsupported encoding '" + encoding + "'");
        std::string out(text.size() * 2 + 16, '\0');  // ISO-8859-1 grows at most twofold; more is added as needed
        char* in = const_cast<char*>(text.data());
        std::size_t in_left = text.size(), done = 0;
        for (;;) {
            char* dst = out.data() + done;
            std::size_t out_left = out.size() - done;
            const std::size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
            done = out.size() - out_left;
            if (r != static_cast<std::size_t>(-1)) break;
            if (errno == E2BIG) {
                out.resize(out.size() * 2);
                continue;
            }
            iconv_close(cd);
            pos_ = static_cast<std::size_t>(in - text.data());  // a line count in ASCII-compatible encodings
            const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos_), '\n');
            throw InputError(file_, "/", "line " + std::to_string(line) + ": not valid " + encoding + " text");
        }
        iconv_close(cd);
        out.resize(done);
        pos_ = 0;
        return out;
    }

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw InputError(file_, path, "line " + std::to_string(line_at(pos_)) + ": " + what);
    }

    std::size_t line_at(std::size_t pos) const {
        // Positions only grow while parsing, so count incrementally.
        pos = std::min(pos, text_.size());
        if (pos < counted_pos_) {
            counted_pos_ = 0;
            counted_line_ = 1;
        }
        counted_line_ += static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(counted_pos_),
                                                             text_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
        counted_pos_ = pos;
        return counted_line_;
    }

    void check_utf8() {
        std::size_t i = 0;
        const auto n = text_.size();
        while (i < n) {
            const auto c = static_cast<unsigned char>(text_[i]);
            if (c >= 0x20 && c < 0x80) {  // the common case
                ++i;
                continue;
            }
            std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
            bool ok = len != 0 && i + len <= n;
            for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text_[i + k]) & 0xC0) == 0x80;
            if (ok && len == 2) ok = c >= 0xC2;
            if (ok && len == 3) {
                const auto c1 = static_cast<unsigned char>(text_[i + 1]);
                ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
            }
            if (ok && len == 4) {
                const auto c1 = static_cast<unsigned char>(text_[i + 1]);
                ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) && c <= 0xF4;
            }
            if (ok && len == 1 && c != '\t' && c != '\n') ok = false;
            if (!ok) {
                pos_ = i;
                fail("/", len == 1 ? "control character not allowed in XML" : "invalid UTF-8");
            }
            i += len;
        }
    }

    bool at(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
    bool eof() const { return pos_ >= text_.size(); }
    static bool space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
    void skip_space() {
        while (!eof() && space(text_[pos_])) ++pos_;
    }

    void skip_past(std::string_view end, const std::string& path, const char* what) {
        const auto found = text_.find(end, pos_);
        if (found == std::string_view::npos) fail(path, std::string("unterminated ") + what);
        pos_ = found + end.size();
    }

    // Whitespace, comments and processing instructions (and, in the prolog, a DOCTYPE).
    void skip_misc(bool prolog) {
        for (;;) {
            skip_space();
            if (at("<!--")) {
                skip_past("-->", "/", "comment");
            } else if (at("<?")) {
                skip_past("?>", "/", "processing instruction");
            } else if (prolog && at("<!DOCTYPE")) {
                skip_doctype();
            } else {
                return;
            }
        }
    }

    void skip_doctype() {
        int brackets = 0;
        for (pos_ += 9; !eof(); ++pos_) {
            const char c = text_[pos_];
            if (c == '[') ++brackets;
            if (c == ']') --brackets;
            if (c == '>' && brackets <= 0) {
                ++pos_;
                return;
            }
        }
        fail("/", "unterminated DOCTYPE");
    }

    static bool name_start(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' ||
               (static_cast<unsigned char>(c) >= 0x80);
    }
    static bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

    std::string read_name(const std::string& path) {
        if (eof() || !name_start(text_[pos_])) fail(path, "expected a name");
        const auto start = pos_;
        while (!eof() && name_char(text_[pos_])) ++pos_;
        return std::string(text_.substr(start, pos_ - start));
    }

    static void append_utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // At '&': appends the referenced character(s).
    void read_reference(std::string& out, const std::string& path) {
        const auto semi = text_.find(';', pos_);
        if (semi == std::string_view::npos || semi - pos_ > 12) fail(path, "malformed entity reference");
        const auto ref = text_.substr(pos_ + 1, semi - pos_ - 1);
        if (ref == "lt") out += '<';
        else if (ref == "gt") out += '>';
        else if (ref == "amp") out += '&';
        else if (ref == "quot") out += '"';
        else if (ref == "apos") out += '\'';
        else if (ref.size() >= 2 && ref[0] == '#') {
            const bool hex = ref[1] == 'x';
            const auto digits = ref.substr(hex ? 2 : 1);
            std::uint32_t cp = 0;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                                 (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || !allowed)
                fail(path, "invalid character reference '&" + std::string(ref) + ";'");
            append_utf8(out, cp);
        } else {
            fail(path, "unknown entity '&" + std::string(ref) + ";'");
        }
        pos_ = semi + 1;
    }

    std::string read_attribute_value(const std::string& path) {
        if (eof() || (text_[pos_] != '"' && text_[pos_] != '\'')) fail(path, "expected a quoted attribute value");
        const char quote = text_[pos_++];
        std::string value;
        for (;;) {
            // Plain characters in one run, up to the next that needs a look.
            auto stop = pos_;
            while (stop < text_.size()) {
                const char c = text_[stop];
                if (c == quote || c == '<' || c == '&' || c == '\t' || c == '\n') break;
                ++stop;
            }
            value.append(text_.substr(pos_, stop - pos_));
            pos_ = stop;
            if (eof()) fail(path, "unterminated attribute value");
            const char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                return value;
            }
            if (c == '<') fail(path, "'<' in an attribute value");
            if (c == '&') {
                read_reference(value, path);
            } else {
                value += ' ';  // attribute-value normalisation of tabs and newlines
                ++pos_;
            }
        }
    }

    // Children's names seen so far with their counts: few names per element.
    class SiblingCount {
    public:
        std::size_t next(std::string_view name) {
            for (auto& [n, count] : counts_)
                if (n == name) return ++count;
            counts_.emplace_back(std::string(name), 1);
            return 1;
        }

    private:
        std::vector<std::pair<std::string, std::size_t>> counts_;
    };

    // At '<' of a start tag. Paths index every element below the root among
    // its same-named siblings (XPath style, from 1): /graphml/graph[1]/node[3].
    XmlElement parse_element(const std::string& parent_path, SiblingCount* siblings, int depth,
                             std::string_view required_name = {}) {
        if (depth > max_depth) fail(parent_path, "elements nested too deeply");
        XmlElement e;
        e.line = line_at(pos_);
        ++pos_;
        e.name = read_name(parent_path);
        const std::string local(e.local());
        if (!required_name.empty() && local != required_name)
            fail("/" + local, "expected a <" + std::string(required_name) + "> root element, found <" + e.name + ">");
        if (siblings) e.index = siblings->next(local);
        e.path = parent_path + "/" + local + (siblings ? "[" + std::to_string(e.index) + "]" : "");
        for (;;) {
            const bool had_space = !eof() && space(text_[pos_]);
            skip_space();
            const char c = eof() ? '\0' : text_[pos_];
            if (c == '/' && at("/>")) {
                pos_ += 2;
                return e;
            }
            if (c == '>') {
                ++pos_;
                break;
            }
            if (!had_space) fail(e.path, "expected whitespace, '>' or '/>' in the tag of <" + e.name + ">");
            auto attr = read_name(e.path);
            skip_space();
            if (!at("=")) fail(e.path, "expected '=' after attribute '" + attr + "'");
            ++pos_;
            skip_space();
            auto value = read_attribute_value(e.path);
            if (e.attribute(attr)) fail(e.path, "duplicate attribute '" + attr + "'");
            e.attributes.emplace_back(std::move(attr), std::move(value));
        }
        SiblingCount children;
        for (;;) {
            if (eof()) fail(e.path, "missing </" + e.name + ">");
            const char c = text_[pos_], after = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
            if (c == '<' && after == '/') {
                pos_ += 2;
                const auto closing = read_name(e.path);
                if (closing != e.name) fail(e.path, "expected </" + e.name + ">, found </" + closing + ">");
                skip_space();
                if (!at(">")) fail(e.path, "expected '>'");
                ++pos_;
                return e;
            }
            if (c == '<' && after == '!') {
                if (at("<!--")) {
                    skip_past("-->", e.path, "comment");
                } else if (at("<![CDATA[")) {
                    pos_ += 9;
                    const auto end = text_.find("]]>", pos_);
                    if (end == std::string_view::npos) fail(e.path, "unterminated CDATA section");
                    e.text.append(text_.substr(pos_, end - pos_));
                    pos_ = end + 3;
                } else {
                    fail(e.path, "unexpected markup declaration");
                }
            } else if (c == '<' && after == '?') {
                skip_past("?>", e.path, "processing instruction");
            } else if (c == '<') {
                auto child = parse_element(e.path, &children, depth + 1);
                if (!(*sink_)(child, e, depth + 1)) e.children.push_back(std::move(child));
            } else if (c == '&') {
                read_reference(e.text, e.path);
            } else {
                auto next = pos_;
                while (next < text_.size() && text_[next] != '<' && text_[next] != '&') ++next;
                e.text.append(text_.substr(pos_, next - pos_));
                pos_ = next;
            }
        }
    }

    std::string_view text_;
    std::string converted_;
    std::string normalised_;
    std::string file_;
    const XmlSink* sink_ = nullptr;
    std::size_t pos_ = 0;
    mutable std::size_t counted_pos_ = 0;
    mutable std::size_t counted_line_ = 1;
};

// ---------------------------------------------------------------------------
// Writing.

struct KeyDef {
    const char* id;
    const char* domain;
    const char* name;
    const char* type;
};

// Every model field, one key each (ids are unique across domains).
constexpr KeyDef key_defs[] = {
    {"g_schema", "graph", "schema", "string"},
    {"g_name", "graph", "name", "string"},
    {"g_time_unit", "graph", "time_unit", "string"},
    {"g_source", "graph", "source", "string"},
    {"g_description", "graph", "description", "string"},
    {"n_kind", "node", "kind", "string"},
    {"n_name", "node", "name", "string"},
    // The name again, as "label": what Gephi (and yEd's properties mapper) show.
    {"n_label", "node", "label", "string"},
    {"n_name_ja", "node", "name_ja", "string"},
    {"n_output", "node", "output", "double"},
    {"n_rto_h", "node", "rto_h", "double"},
    {"n_mtpd_h", "node", "mtpd_h", "double"},
    {"n_weight", "node", "weight", "double"},
    {"n_network", "node", "network", "string"},
    {"n_repair_scale", "node", "repair_scale", "double"},
    // A population's repair_scale spread over its members: its model JSON text
    // (repair_scale above is then the mean).
    {"n_repair_scale_json", "node", "repair_scale_json", "string"},
    {"n_source", "node", "source", "string"},
    {"n_description", "node", "description", "string"},
    {"n_sector", "node", "sector", "string"},
    {"n_class", "node", "class", "string"},
    {"n_region", "node", "region", "string"},
    {"n_lat", "node", "lat", "double"},
    {"n_lon", "node", "lon", "double"},
    {"n_capacity", "node", "capacity", "double"},
    {"n_coastal", "node", "coastal", "boolean"},
    {"n_elevation_m", "node", "elevation_m", "double"},
    {"n_site_amplification", "node", "site_amplification", "double"},
    {"n_is_source", "node", "is_source", "boolean"},
    {"n_fragility_scale", "node", "fragility_scale", "double"},
    // An uncertain value ({"uncertain": …}): its model JSON text (the number
    // above is then its median, for readers of the graph); a dependency's is
    // its e_<name>_json below.
    {"n_rto_h_json", "node", "rto_h_json", "string"},
    {"n_mtpd_h_json", "node", "mtpd_h_json", "string"},
    {"n_fragility_scale_json", "node", "fragility_scale_json", "string"},
    {"n_ref", "node", "ref", "string"},
    {"n_facilities", "node", "facilities", "int"},
    {"n_rolling_group", "node", "rolling_group", "string"},
    {"n_households", "node", "households", "double"},
    {"n_population", "node", "population", "double"},
    {"e_kind", "edge", "kind", "string"},
    {"e_type", "edge", "type", "string"},
    {"e_effect", "edge", "effect", "string"},
    {"e_strength", "edge", "strength", "double"},
    {"e_buffer_h", "edge", "buffer_h", "double"},
    {"e_refill_h", "edge", "refill_h", "double"},
    {"e_delay_h", "edge", "delay_h", "double"},
    // A parameter given as a spread, by year or uncertain: its model JSON text
    // (the number above is then its mean in the latest vintage, or its median).
    {"e_strength_json", "edge", "strength_json", "string"},
    {"e_buffer_h_json", "edge", "buffer_h_json", "string"},
    {"e_refill_h_json", "edge", "refill_h_json", "string"},
    {"e_delay_h_json", "edge", "delay_h_json", "string"},
    {"e_group", "edge", "group", "string"},
    {"e_source", "edge", "source", "string"},
    {"e_note", "edge", "note", "string"},
};

constexpr const char* combination_prefix = "combination:";

// Escapes for element text; in attributes, whitespace other than ' ' is
// written as a reference so attribute normalisation keeps it.
std::string escape(std::string_view s, bool attribute, const Model& model) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\'': out += attribute ? "&apos;" : "'"; break;
            case '\r': out += "&#13;"; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\t': out += attribute ? "&#9;" : "\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20)
                    throw InputError(model.file, "", "a control character cannot be written to GraphML (XML 1.0)");
                out += c;
        }
    }
    return out;
}

std::string shortest_number(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;  // 64 bytes always hold the shortest round-trip form
    return std::string(buf, end);
}

std::string effect_name(DependencyEffect e) { return e == DependencyEffect::repair ? "repair" : "function"; }
std::string combination_name(Combination c) { return c == Combination::product ? "product" : "min"; }

class Writer {
public:
    Writer(const Model& model, std::ostream& out) : model_(model), out_(out) {
        for (const auto& p : model.uncertain)
            if (p.place == UncertainPlace::sector || p.place == UncertainPlace::node)
                uncertain_[{p.place, p.index, p.field}] = &p;
    }

    void data(const char* key, std::string_view value, const char* indent = "      ") {
        out_ << indent << "<data key=\"" << key << "\">" << escape(value, false, model_) << "</data>\n";
    }
    void text(const char* key, const std::string& value, const char* indent = "      ") {
        if (!value.empty()) data(key, value, indent);
    }
    void num(const char* key, double value) { data(key, shortest_number(value)); }
    void num(const char* key, const std::optional<double>& value) {
        if (value) num(key, *value);
    }
    void flag(const char* key, bool value) { data(key, value ? "true" : "false"); }
    std::string attr(std::string_view s) const { return escape(s, true, model_); }
    // A sector's or node's uncertain value, as <field>_json (a dependency's is in its given_as).
    void uncertain(UncertainPlace place, std::size_t index, const std::string& field) {
        if (uncertain_.empty()) return;  // the common case
        if (auto it = uncertain_.find({place, index, field}); it != uncertain_.end())
            data(("n_" + field + "_json").c_str(), uncertain_to_json(*it->second));
    }

    void write() {
        out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             << "<!-- cisim model (cisim-model/1): sectors and assets are nodes (kind), dependencies and links are edges (kind) -->\n"
             << "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
        for (const auto& k : key_defs)
            out_ << "  <key id=\"" << k.id << "\" for=\"" << k.domain << "\" attr.name=\"" << k.name
                 << "\" attr.type=\"" << k.type << "\"/>\n";
        std::vector<std::string> combination_keys;
        for (const auto& [cls, rule] : model_.combination_by_class) {
            combination_keys.push_back("g_combination_" + std::to_string(combination_keys.size()));
            out_ << "  <key id=\"" << combination_keys.back() << "\" for=\"graph\" attr.name=\""
                 << attr(combination_prefix + cls) << "\" attr.type=\"string\"/>\n";
        }
        out_ << "  <graph id=\"G\" edgedefault=\"directed\">\n";
        const char* graph_indent = "    ";
        data("g_schema", model_.schema, graph_indent);
        text("g_name", model_.name, graph_indent);
        data("g_time_unit", model_.time_unit, graph_indent);
        text("g_source", model_.source, graph_indent);
        text("g_description", model_.description, graph_indent);
        std::size_t k = 0;
        for (const auto& [cls, rule] : model_.combination_by_class)
            data(combination_keys[k++].c_str(), combination_name(rule), graph_indent);

        for (std::size_t i = 0; i < model_.sectors.size(); ++i) {
            const auto& s = model_.sectors[i];
            out_ << "    <node id=\"" << attr(s.id) << "\">\n";
            data("n_kind", "sector");
            text("n_name", s.name);
            text("n_label", s.name);
            text("n_name_ja", s.name_ja);
            num("n_output", s.output);
            num("n_rto_h", s.rto_h);
            num("n_mtpd_h", s.mtpd_h);
            uncertain(UncertainPlace::sector, i, "rto_h");
            uncertain(UncertainPlace::sector, i, "mtpd_h");
            num("n_weight", s.weight);
            data("n_network", to_string(s.network));
            num("n_repair_scale", s.repair_scale);
            if (s.repair_spread) text("n_repair_scale_json", s.repair_spread->given);
            text("n_source", s.source);
            text("n_description", s.description);
            num("n_households", s.households);
            num("n_population", s.population);
            out_ << "    </node>\n";
        }
        for (std::size_t i = 0; i < model_.nodes.size(); ++i) {
            const auto& n = model_.nodes[i];
            out_ << "    <node id=\"" << attr(n.id) << "\">\n";
            data("n_kind", "node");
            data("n_sector", n.sector);
            text("n_name", n.name);
            text("n_label", n.name);
            text("n_class", n.node_class);
            text("n_region", n.region);
            num("n_lat", n.lat);
            num("n_lon", n.lon);
            num("n_capacity", n.capacity);
            flag("n_coastal", n.coastal);
            num("n_elevation_m", n.elevation_m());
            num("n_site_amplification", n.site_amplification);
            flag("n_is_source", n.is_source);
            num("n_fragility_scale", n.fragility_scale);
            uncertain(UncertainPlace::node, i, "fragility_scale");
            num("n_repair_scale", n.repair_scale);
            if (n.repair_spread) text("n_repair_scale_json", n.repair_spread->given);
            text("n_ref", n.ref());
            if (n.facilities != 1) num("n_facilities", static_cast<double>(n.facilities));
            text("n_rolling_group", n.rolling_group());
            num("n_households", n.households());
            num("n_population", n.population());
            out_ << "    </node>\n";
        }
        for (std::size_t i = 0; i < model_.dependencies.size(); ++i) {
            const auto& d = model_.dependencies[i];
            out_ << "    <edge id=\"d" << i << "\" source=\"" << attr(d.from) << "\" target=\"" << attr(d.to) << "\">\n";
            data("e_kind", "dependency");
            data("e_type", to_string(d.type));
            data("e_effect", effect_name(d.effect));
            num("e_strength", d.strength);
            num("e_buffer_h", d.buffer_h);
            num("e_refill_h", d.refill_h);
            num("e_delay_h", d.delay_h);
            text("e_group", d.group.str());
            text("e_source", d.source());
            text("e_note", d.note());
            for (const auto& [name, json_text] : d.forms->given_as) text(("e_" + name + "_json").c_str(), json_text);
            out_ << "    </edge>\n";
        }
        for (std::size_t i = 0; i < model_.links.size(); ++i) {
            const auto& l = model_.links[i];
            // Kept directed (a → b): NetworkX rejects undirected edges in a directed graph.
            out_ << "    <edge id=\"l" << i << "\" source=\"" << attr(l.a) << "\" target=\"" << attr(l.b) << "\">\n";
            data("e_kind", "link");
            out_ << "    </edge>\n";
        }
        out_ << "  </graph>\n</graphml>\n";
    }

private:
    const Model& model_;
    std::ostream& out_;
    std::map<std::tuple<UncertainPlace, std::size_t, std::string>, const UncertainParameter*> uncertain_;
};

// ---------------------------------------------------------------------------
// Reading.

struct Key {
    std::string id;
    std::string name;            // attr.name
    std::string domain;          // node | edge | graph | all | …
    std::optional<std::string> default_value;
    bool presentation = false;   // drawn by tools, not part of the model
    std::string yfiles_type;     // yEd's graphics keys: "nodegraphics", …
    std::string path;
    std::size_t line = 0;
};

// A node's "label" is its name (read_node); an edge's is drawn only.
bool is_presentation(const std::string& name, const std::string& domain) {
    static const std::set<std::string> names{"Label", "x", "y", "z", "size", "r", "g", "b", "color"};
    return names.count(name) != 0 || (domain == "edge" && (name == "weight" || name == "label")) ||
           (domain == "graph" && name == "label");
}

// Whether cisim writes `name` as a field of elements of `domain`: given to the
// wrong kind of element (an asset's "output"), it is an error, not an extra.
// yEd declares "description" for every node, so an asset's is an extra.
bool is_model_field(const std::string& name, const std::string& domain) {
    if (name == "description" && domain == "node") return false;
    for (const auto& k : key_defs)
        if (name == k.name && (domain == k.domain || domain == "all")) return true;
    return false;
}

// Attributes that are no model field (NetworkX analysis columns such as
// "centrality", yEd's description of an asset): skipped with one warning per
// key, or errors when strict.
class Extras {
public:
    Extras(const std::string& file, const GraphMlOptions& options) : file_(file), options_(options) {}
    bool strict() const { return options_.strict; }
    void skip(const Key& key, const std::string& what) {
        if (!warned_.insert(&key).second) return;
        const auto line = file_ + ": " + key.path + ": line " + std::to_string(key.line) + ": warning: '" + key.name +
                          "' is no model attribute (first on " + what + "): skipped; --strict makes it an error";
        if (options_.warn) options_.warn(line);
        else std::cerr << line << '\n';
    }

private:
    const std::string& file_;
    const GraphMlOptions& options_;
    std::unordered_set<const Key*> warned_;
};

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\n");
    return std::string(s.substr(b, e - b + 1));
}

// The data values of one node, edge or graph element, consumed field by field.
class Fields {
public:
    struct Value {
        const Key* key;
        std::string_view text;   // into the <data> element or the key's default
        std::size_t line;
        bool from_default;
    };

    Fields(const std::string& file, std::string what, const XmlElement& owner, std::string domain, Extras& extras)
        : file_(file), what_(std::move(what)), owner_(owner), domain_(std::move(domain)), extras_(extras) {}

    /// yEd's label of the node (y:NodeLabel in its graphics), if any.
    std::optional<std::string> graphics_label;

    void add(Value v) { values_.push_back(v); }
    bool has(std::string_view name) const { return find(name) != values_.end(); }

    std::optional<std::string> text(std::string_view name) {
        auto it = find(name);
        if (it == values_.end()) return std::nullopt;
        last_ = *it;
        values_.erase(it);
        return std::string(last_.text);
    }
    /// Whether the field was given.
    bool text(std::string_view name, std::string& into) {
        auto s = text(name);
        if (s) into = std::move(*s);
        return s.has_value();
    }
    std::optional<double> number(std::string_view name) {
        auto s = text(name);
        if (!s) return std::nullopt;
        const auto t = trim(*s);
        double v = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v))
            fail(std::string(name) + ": expected a finite number, found '" + t + "'");
        return v;
    }
    void number(std::string_view name, double& into) {
        if (auto v = number(name)) into = *v;
    }
    void number(std::string_view name, std::optional<double>& into) {
        if (auto v = number(name)) into = *v;
    }
    void boolean(std::string_view name, bool& into) {
        auto s = text(name);
        if (!s) return;
        auto t = trim(*s);
        std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (t == "true" || t == "1") into = true;
        else if (t == "false" || t == "0") into = false;
        else fail(std::string(name) + ": expected true or false, found '" + t + "'");
    }
    template <class Enum>
    void choice(std::string_view name, Enum& into, std::initializer_list<std::pair<const char*, Enum>> options) {
        auto s = text(name);
        if (!s) return;
        const auto t = trim(*s);
        std::string expected;
        for (const auto& [label, value] : options) {
            if (t == label) {
                into = value;
                return;
            }
            expected += (expected.empty() ? "" : ", ") + std::string(label);
        }
        fail(std::string(name) + ": expected one of " + expected + ", found '" + t + "'");
    }
    // What is left is not a field of this kind of element: a model field
    // misplaced is an error, anything else an extra (Extras).
    void finish() {
        for (const auto& v : values_) {
            last_ = v;
            const bool field = is_model_field(v.key->name, domain_);
            if (field || extras_.strict())
                fail("unknown attribute '" + v.key->name + "' for " + what_ +
                     (field ? "" : " (not a model attribute: skipped with a warning without --strict)"));
            extras_.skip(*v.key, what_);
        }
        values_.clear();
    }
    [[noreturn]] void fail(const std::string& message) const {
        const auto path = last_.from_default ? last_.key->path : owner_.path + "/data[@key='" + last_.key->id + "']";
        throw InputError(file_, path, "line " + std::to_string(last_.line) + ": " + message);
    }
    [[noreturn]] void fail_here(const std::string& message) const {
        throw InputError(file_, owner_.path, "line " + std::to_string(owner_.line) + ": " + message);
    }

private:
    // A handful of values per element: a linear search beats a map.
    std::vector<Value>::iterator find(std::string_view name) {
        return std::find_if(values_.begin(), values_.end(), [&](const Value& v) { return v.key->name == name; });
    }
    std::vector<Value>::const_iterator find(std::string_view name) const {
        return std::find_if(values_.begin(), values_.end(), [&](const Value& v) { return v.key->name == name; });
    }

    const std::string& file_;
    std::string what_;
    const XmlElement& owner_;
    std::string domain_;
    Extras& extras_;
    std::vector<Value> values_;
    Value last_{};
};

// The first non-empty y:NodeLabel below a yEd graphics element.
std::optional<std::string> yed_label(const XmlElement& e) {
    for (const auto& c : e.children) {
        if (c.local() == "NodeLabel") {
            if (auto t = trim(c.text); !t.empty()) return t;
        } else if (auto t = yed_label(c)) {
            return t;
        }
    }
    return std::nullopt;
}

// GraphML's attribute names per element (graphml.xsd, with the parse.*
// extension and yEd's); attributes of other namespaces ("xsi:…") are free.
void check_attributes(const std::string& file, const XmlElement& e, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : e.attributes) {
        if (name == "xmlns" || name.find(':') != std::string::npos) continue;
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        throw InputError(file, e.path + "/@" + name,
                         "line " + std::to_string(e.line) + ": unknown XML attribute '" + name + "' of <" + e.name + ">");
    }
}

// Where a model element came from, for messages after parsing.
struct Origin {
    std::size_t index = 0;  // among <node> or <edge> siblings
    std::size_t line = 0;
};

// Streams <node> and <edge> elements into the model as they are parsed, so a
// large file never exists as a tree.
class GraphMlReader {
public:
    GraphMlReader(std::string file, const GraphMlOptions& options) : file_(std::move(file)), extras_(file_, options) {}

    Model read(std::string_view text) {
        Model m;
        m.file = file_;
        const XmlSink sink = [&](XmlElement& e, const XmlElement& parent, int depth) {
            if (depth == 1 && !root_checked_) {
                check_attributes(file_, parent, {});
                root_checked_ = true;
            }
            if (depth == 1 && e.local() == "key") {
                read_key(e);
                return true;
            }
            if (depth == 2 && parent.local() == "graph" && (e.local() == "node" || e.local() == "edge")) {
                enter_graph(parent);
                if (e.local() == "node") read_node(e, m);
                else read_edge(e, m);
                return true;
            }
            return false;
        };
        const XmlElement root = XmlReader(text, file_).parse_document("graphml", sink);
        const XmlElement* graph = nullptr;
        for (const auto& c : root.children) {
            if (c.local() != "graph") continue;
            if (graph) fail(c, "only one <graph> per file is supported");
            graph = &c;
        }
        check_attributes(file_, root, {});
        if (!graph) fail(root, "no <graph> element");
        enter_graph(*graph);
        read_graph_data(*graph, m);
        restore_order(m.dependencies, dependency_origins_, dependency_ids_);
        restore_order(m.links, link_origins_, link_ids_);
        list_uncertain(m);
        check_endpoints(m);
        validate(m);
        return m;
    }

private:
    [[noreturn]] void fail(const XmlElement& e, const std::string& message) const {
        throw InputError(file_, e.path, "line " + std::to_string(e.line) + ": " + message);
    }
    [[noreturn]] void fail_attribute(const XmlElement& e, const std::string& attr, const std::string& message) const {
        throw InputError(file_, e.path + "/@" + attr, "line " + std::to_string(e.line) + ": " + message);
    }

    const std::string& required(const XmlElement& e, const char* attr) const {
        const auto* v = e.attribute(attr);
        if (!v) fail(e, std::string("<") + e.name + "> needs a '" + attr + "' attribute");
        return *v;
    }

    // The first <graph> seen is the model; its attributes are known when it opens.
    void enter_graph(const XmlElement& graph) {
        if (graph_path_.empty()) {
            check_attributes(file_, graph, {"id", "edgedefault", "parse.nodeids", "parse.edgeids", "parse.order",
                                            "parse.nodes", "parse.edges", "parse.maxindegree", "parse.maxoutdegree"});
            if (graph.index > 1) fail(graph, "only one <graph> per file is supported");
            if (const auto* dir = graph.attribute("edgedefault"); dir && *dir != "directed")
                fail_attribute(graph, "edgedefault", "a model is a directed graph (edgedefault=\"directed\")");
            graph_path_ = graph.path;
        } else if (graph.path != graph_path_) {
            fail(graph, "only one <graph> per file is supported");
        }
    }

    void read_key(const XmlElement& e) {
        check_attributes(file_, e, {"id", "for", "attr.name", "attr.type", "yfiles.type"});
        Key k;
        k.id = required(e, "id");
        k.path = e.path;
        k.line = e.line;
        const auto* domain = e.attribute("for");
        k.domain = domain ? *domain : "all";
        static const std::set<std::string> domains{"all", "graphml", "graph", "node", "edge", "hyperedge", "port", "endpoint"};
        if (!domains.count(k.domain))
            fail_attribute(e, "for", "unknown for=\"" + k.domain + "\": expected graph, node, edge, all, graphml, hyperedge, port or endpoint");
        static const std::set<std::string> types{"boolean", "int", "long", "float", "double", "string"};
        if (const auto* type = e.attribute("attr.type"); type && !types.count(*type))
            fail_attribute(e, "attr.type", "unknown attr.type \"" + *type + "\": expected boolean, int, long, float, double or string");
        for (const auto& c : e.children) {
            if (c.local() != "default" && c.local() != "desc") fail(c, "unexpected <" + c.name + "> in a <key>");
            check_attributes(file_, c, {});
        }
        if (const auto* yfiles = e.attribute("yfiles.type")) {
            k.presentation = true;
            k.yfiles_type = *yfiles;
        } else {
            const auto* name = e.attribute("attr.name");
            k.name = name ? *name : k.id;  // GraphML allows keys without attr.name
            k.presentation = is_presentation(k.name, k.domain);
        }
        for (const auto& c : e.children)
            if (c.local() == "default") k.default_value = c.text;
        if (keys_.count(k.id)) fail_attribute(e, "id", "duplicate key id '" + k.id + "'");
        if (!graph_path_.empty()) fail(e, "<key> elements must come before the <graph>");
        const auto id = k.id;
        const auto& stored = keys_.emplace(id, std::move(k)).first->second;
        attr_keys_[stored.domain].emplace(stored.name, id);
        declared_.push_back(&stored);
        if (stored.default_value && !stored.presentation) defaults_.push_back(&stored);
    }

    Fields fields(const XmlElement& e, const std::string& domain, const std::string& what) {
        Fields f(file_, what, e, domain, extras_);
        for (const auto& c : e.children) {
            const auto local = c.local();
            if (local == "data") {
                check_attributes(file_, c, {"key", "id"});
                const auto& key_id = required(c, "key");
                auto k = keys_.find(key_id);
                if (k == keys_.end()) fail_attribute(c, "key", "undeclared key '" + key_id + "'");
                const Key& key = k->second;
                if (key.presentation) {
                    if (key.yfiles_type == "nodegraphics" && !f.graphics_label) f.graphics_label = yed_label(c);
                    continue;
                }
                if (key.domain != domain && key.domain != "all")
                    fail_attribute(c, "key", "key '" + key_id + "' is declared for <" + key.domain + ">, not <" + domain + ">");
                if (!c.children.empty()) fail(c, "expected a plain value for '" + key.name + "'");
                if (f.has(key.name)) fail(c, "'" + key.name + "' given twice");
                f.add({&key, c.text, c.line, false});
            } else if (local == "graph") {
                fail(c, "nested graphs are not supported");
            } else if (local == "port" || local == "hyperedge") {
                fail(c, "<" + std::string(local) + "> is not supported");
            } else if (local == "desc") {
                check_attributes(file_, c, {});
            } else {
                fail(c, "unexpected <" + c.name + ">");
            }
        }
        for (const Key* k : defaults_)
            if ((k->domain == domain || k->domain == "all") && !f.has(k->name)) f.add({k, *k->default_value, e.line, true});
        return f;
    }

    void read_graph_data(const XmlElement& g, Model& m) {
        auto f = fields(g, "graph", "the graph");
        if (auto schema = f.text("schema"); schema && trim(*schema) != m.schema)
            f.fail("schema: expected '" + m.schema + "', found '" + *schema + "'");
        f.text("name", m.name);
        if (auto unit = f.text("time_unit"); unit && trim(*unit) != m.time_unit)
            f.fail("time_unit: only 'h' (hours) is supported, found '" + *unit + "'");
        // yEd's keys: "url", and "Description" for the graph.
        if (!f.text("source", m.source)) f.text("url", m.source);
        if (!f.text("description", m.description)) f.text("Description", m.description);
        for (const Key* k : declared_) {
            if (k->presentation || (k->domain != "graph" && k->domain != "all")) continue;
            if (k->name.rfind(combination_prefix, 0) != 0 || !f.has(k->name)) continue;
            Combination rule = Combination::min;
            f.choice(k->name, rule, {{"min", Combination::min}, {"product", Combination::product}});
            m.combination_by_class[k->name.substr(std::string_view(combination_prefix).size())] = rule;
        }
        f.finish();
    }

    void read_node(const XmlElement& e, Model& m) {
        check_attributes(file_, e, {"id", "parse.indegree", "parse.outdegree", "yfiles.foldertype"});
        const auto& id = required(e, "id");
        if (!node_ids_.insert(id).second) fail_attribute(e, "id", "duplicate node id '" + id + "'");
        auto f = fields(e, "node", "node '" + id + "'");
        std::string kind = f.has("sector") ? "node" : "sector";
        if (auto k = f.text("kind")) {
            kind = trim(*k);
            if (kind != "sector" && kind != "node") f.fail("kind: expected sector or node, found '" + kind + "'");
        }
        if (kind == "sector") {
            Sector s;
            s.id = id;
            s.name = name_of(f);
            f.text("name_ja", s.name_ja);
            f.number("output", s.output);
            f.number("rto_h", s.rto_h);
            f.number("mtpd_h", s.mtpd_h);
            for (auto [field, value] : {std::pair{"rto_h", &s.rto_h}, std::pair{"mtpd_h", &s.mtpd_h}})
                if (auto text = f.text(std::string(field) + "_json"))
                    *value = read_uncertain(*text, e, id, UncertainPlace::sector, m.sectors.size(), field);
            f.number("weight", s.weight);
            f.choice("network", s.network,
                     {{"none", NetworkMode::none}, {"sources", NetworkMode::sources}, {"giant", NetworkMode::giant}});
            f.number("repair_scale", s.repair_scale);
            if (auto text = f.text("repair_scale_json"))
                repair_scale_from_json(*text, "sectors", s.repair_scale, s.repair_spread, file_,
                                       data_path(node_path({e.index, e.line}), "node", "repair_scale_json"));
            if (!f.text("source", s.source)) f.text("url", s.source);  // yEd's "url"
            f.text("description", s.description);
            f.number("households", s.households);
            f.number("population", s.population);
            f.finish();
            sector_origins_.push_back({e.index, e.line});
            m.sectors.push_back(std::move(s));
        } else {
            Node n;
            n.id = id;
            if (!f.has("sector")) f.fail_here("an asset node needs a 'sector' attribute");
            n.sector = trim(*f.text("sector"));
            n.name = name_of(f);
            f.text("class", n.node_class);
            f.text("region", n.region);
            f.number("lat", n.lat);
            f.number("lon", n.lon);
            f.number("capacity", n.capacity);
            f.boolean("coastal", n.coastal);
            NodeExtras x;
            f.number("elevation_m", x.elevation_m);
            f.number("site_amplification", n.site_amplification);
            f.boolean("is_source", n.is_source);
            f.number("fragility_scale", n.fragility_scale);
            if (auto text = f.text("fragility_scale_json"))
                n.fragility_scale = read_uncertain(*text, e, id, UncertainPlace::node, m.nodes.size(), "fragility_scale");
            f.number("repair_scale", n.repair_scale);
            if (auto text = f.text("repair_scale_json"))
                repair_scale_from_json(*text, "nodes", n.repair_scale, n.repair_spread, file_,
                                       data_path(node_path({e.index, e.line}), "node", "repair_scale_json"));
            if (!f.text("ref", x.ref)) f.text("url", x.ref);  // yEd's "url"
            if (auto facilities = f.number("facilities")) {
                if (*facilities < 1 || *facilities != std::floor(*facilities) || *facilities > 4294967295.0)
                    f.fail("facilities: expected a whole number >= 1");
                n.facilities = static_cast<std::uint32_t>(*facilities);
            }
            f.text("rolling_group", x.rolling_group);
            f.number("households", x.households);
            f.number("population", x.population);
            f.finish();
            n.set_extras(std::move(x));
            node_origins_.push_back({e.index, e.line});
            m.nodes.push_back(std::move(n));
        }
    }

    // Endpoints may name nodes declared further down; check_endpoints sees them all.
    void read_edge(const XmlElement& e, Model& m) {
        check_attributes(file_, e, {"id", "source", "target", "directed", "sourceport", "targetport"});
        const auto& from = required(e, "source");
        const auto& to = required(e, "target");
        if (const auto* directed = e.attribute("directed"); directed && *directed != "true")
            fail_attribute(e, "directed", "a model's edges are directed (directed=\"true\")");
        auto f = fields(e, "edge", "edge " + from + " -> " + to);
        // The edge's id: its attribute, or NetworkX's "id" data (a DiGraph keeps it so).
        std::string id = e.attribute("id") ? *e.attribute("id") : "";
        if (auto data = f.text("id"); data && id.empty()) id = trim(*data);
        std::string kind = "dependency";
        if (auto k = f.text("kind")) {
            kind = trim(*k);
            if (kind != "dependency" && kind != "link") f.fail("kind: expected dependency or link, found '" + kind + "'");
        }
        if (kind == "link") {
            f.finish();
            link_ids_.push_back(own_index(id, 'l'));
            link_origins_.push_back({e.index, e.line});
            m.links.push_back({from, to});
            return;
        }
        Dependency d;
        d.from = from;
        d.to = to;
        f.choice("type", d.type,
                 {{"physical", DependencyType::physical}, {"cyber", DependencyType::cyber},
                  {"geographic", DependencyType::geographic}, {"logical", DependencyType::logical}});
        f.choice("effect", d.effect, {{"function", DependencyEffect::function}, {"repair", DependencyEffect::repair}});
        f.number("strength", d.strength);
        f.number("buffer_h", d.buffer_h);
        std::optional<double> refill;
        f.number("refill_h", refill);
        d.refill_h = refill;
        f.number("delay_h", d.delay_h);
        if (std::string group; f.text("group", group)) d.group = group;
        DependencyText words;  // boxed only when there are some (Dependency::text)
        if (!f.text("source", words.source)) f.text("url", words.source);     // yEd's "url"
        if (!f.text("note", words.note)) f.text("description", words.note); // and "description"
        if (!words.empty()) d.text.edit() = std::move(words);
        for (const char* name : {"strength", "buffer_h", "refill_h", "delay_h"})
            if (auto text = f.text(std::string(name) + "_json"))
                dependency_param_from_json(*text, name, d, file_,
                                           data_path(edge_path({e.index, e.line}), "edge", std::string(name) + "_json"));
        f.finish();
        dependency_ids_.push_back(own_index(id, 'd'));
        dependency_origins_.push_back({e.index, e.line});
        m.dependencies.push_back(std::move(d));
    }

    // A sector's or node's <field>_json: an uncertain value, checked as in model
    // JSON; its median for the field.
    double read_uncertain(const std::string& text, const XmlElement& e, const std::string& id, UncertainPlace place,
                          std::size_t index, const char* field) {
        const bool sector = place == UncertainPlace::sector;
        const std::string array = sector ? "sectors" : "nodes";
        const auto path = data_path(node_path({e.index, e.line}), "node", std::string(field) + "_json");
        auto p = uncertain_from_json(text, array, field, file_, path);
        if (!p) throw InputError(file_, path, "expected an uncertain value, {\"uncertain\": …}");
        p->pointer = "/" + array + "/" + std::to_string(index) + "/" + field;  // as in the model JSON
        p->label = id + " " + field;
        p->place = place;
        p->index = index;
        (sector ? sector_uncertain_ : node_uncertain_).push_back(*p);
        return p->distribution.median();
    }

    // Model::uncertain in the order parse_model lists the model JSON written
    // from this one (nodes, dependencies, sectors), so that their pointers
    // and labels are those of the converted model. A dependency's index is
    // known once the edges are in order.
    void list_uncertain(Model& m) {
        m.uncertain = std::move(node_uncertain_);
        for (std::size_t i = 0; i < m.dependencies.size(); ++i) {
            const auto& d = m.dependencies[i];
            if (d.forms->given_as.empty()) continue;  // the common case
            for (const char* name : {"strength", "buffer_h", "refill_h", "delay_h"})
                for (const auto& [given, text] : d.forms->given_as) {
                    if (given != name) continue;
                    const auto path = data_path(edge_path(dependency_origins_[i]), "edge", given + "_json");
                    if (auto p = uncertain_from_json(text, "dependencies", name, file_, path)) {
                        p->pointer = "/dependencies/" + std::to_string(i) + "/" + name;
                        p->label = d.from + "->" + d.to + " " + name;
                        p->place = UncertainPlace::dependency;
                        p->index = i;
                        m.uncertain.push_back(std::move(*p));
                    }
                }
        }
        m.uncertain.insert(m.uncertain.end(), sector_uncertain_.begin(), sector_uncertain_.end());
    }

    // A node's name: "name", else a "label" (Gephi, NetworkX), else yEd's label.
    static std::string name_of(Fields& f) {
        std::string name;
        f.text("name", name);
        const auto label = f.text("label");
        if (name.empty() && label) name = *label;
        if (name.empty() && f.graphics_label) name = *f.graphics_label;
        return name;
    }

    static constexpr std::size_t no_index = static_cast<std::size_t>(-1);

    // i of an id cisim writes, d<i> or l<i> (Writer), else no_index.
    static std::size_t own_index(const std::string& id, char prefix) {
        if (id.size() < 2 || id[0] != prefix || (id[1] == '0' && id.size() > 2)) return no_index;
        std::size_t i = 0;
        auto [end, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), i);
        return ec == std::errc() && end == id.data() + id.size() ? i : no_index;
    }

    // Tools regroup edges (NetworkX writes them by source node): when every
    // edge of a kind has cisim's own id and they number 0..n-1, the model gets
    // them back in that order, so a round trip through the tool is exact.
    template <class T>
    static void restore_order(std::vector<T>& items, std::vector<Origin>& origins, const std::vector<std::size_t>& ids) {
        const auto n = items.size();
        std::vector<std::size_t> at(n, no_index);
        bool sorted = true;
        for (std::size_t i = 0; i < n; ++i) {
            if (ids[i] >= n || at[ids[i]] != no_index) return;
            at[ids[i]] = i;
            sorted = sorted && ids[i] == i;
        }
        if (sorted) return;
        std::vector<T> by_id;
        std::vector<Origin> origins_by_id;
        by_id.reserve(n);
        origins_by_id.reserve(n);
        for (const auto i : at) {
            by_id.push_back(std::move(items[i]));
            origins_by_id.push_back(origins[i]);
        }
        items = std::move(by_id);
        origins = std::move(origins_by_id);
    }

    std::string edge_path(const Origin& o) const { return graph_path_ + "/edge[" + std::to_string(o.index) + "]"; }
    std::string node_path(const Origin& o) const { return graph_path_ + "/node[" + std::to_string(o.index) + "]"; }

    // Edges in document order, whatever their kind.
    void check_endpoints(const Model& m) const {
        std::vector<std::tuple<std::size_t, const std::string*, const std::string*, std::size_t>> edges;
        for (std::size_t i = 0; i < m.dependencies.size(); ++i)
            edges.emplace_back(dependency_origins_[i].index, &m.dependencies[i].from, &m.dependencies[i].to, dependency_origins_[i].line);
        for (std::size_t i = 0; i < m.links.size(); ++i)
            edges.emplace_back(link_origins_[i].index, &m.links[i].a, &m.links[i].b, link_origins_[i].line);
        std::sort(edges.begin(), edges.end());
        for (const auto& [index, from, to, line] : edges) {
            for (const auto& [end, attr] : {std::pair{from, "source"}, std::pair{to, "target"}}) {
                if (node_ids_.count(*end)) continue;
                throw InputError(file_, edge_path({index, line}) + "/@" + attr,
                                 "line " + std::to_string(line) + ": unknown node '" + *end + "'");
            }
        }
    }

    // check_model speaks JSON pointers (/dependencies/3/strength); translate
    // them to the GraphML element the value came from.
    void validate(Model& m) const {
        try {
            check_and_resolve_model(m);
        } catch (const InputError& e) {
            throw InputError(file_, translate(e.pointer()), e.message());
        }
    }

    std::string translate(const std::string& pointer) const {
        std::vector<std::string> parts;
        std::stringstream ss(pointer);
        for (std::string part; std::getline(ss, part, '/');)
            if (!part.empty()) parts.push_back(part);
        const std::string& graph = graph_path_;
        if (parts.empty()) return graph;
        if (parts.size() == 1) return data_path(graph, "graph", parts[0]);
        if (parts[0] == "combination") return data_path(graph, "graph", combination_prefix + parts[1]);
        const bool is_edge = parts[0] == "dependencies" || parts[0] == "links";
        const std::vector<Origin>* origins = parts[0] == "sectors"        ? &sector_origins_
                                             : parts[0] == "nodes"        ? &node_origins_
                                             : parts[0] == "dependencies" ? &dependency_origins_
                                             : parts[0] == "links"        ? &link_origins_
                                                                          : nullptr;
        std::size_t index = 0;
        auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), index);
        if (!origins || ec != std::errc() || end != parts[1].data() + parts[1].size() || index >= origins->size())
            return graph;
        const auto element = is_edge ? edge_path((*origins)[index]) : node_path((*origins)[index]);
        if (parts.size() < 3) return element;
        const auto& field = parts[2];
        if (field == "id") return element + "/@id";
        if (field == "from" || field == "a") return element + "/@source";
        if (field == "to" || field == "b") return element + "/@target";
        return data_path(element, is_edge ? "edge" : "node", parts[0] == "nodes" && field == "source" ? "is_source" : field);
    }

    std::string data_path(const std::string& element, const std::string& domain, const std::string& name) const {
        for (const auto& d : {domain, std::string("all")}) {
            auto it = attr_keys_.find(d);
            if (it == attr_keys_.end()) continue;
            if (auto k = it->second.find(name); k != it->second.end())
                return element + "/data[@key='" + k->second + "']";
        }
        return element;
    }

    std::string file_;
    std::string graph_path_;
    std::unordered_map<std::string, Key> keys_;  // node-based: pointers to keys stay valid
    std::vector<const Key*> declared_;            // in declaration order
    std::vector<const Key*> defaults_;            // those with a <default>
    std::map<std::string, std::map<std::string, std::string>> attr_keys_;  // domain → attr.name → key id
    std::unordered_set<std::string> node_ids_;
    std::vector<Origin> sector_origins_, node_origins_, dependency_origins_, link_origins_;
    std::vector<std::size_t> dependency_ids_, link_ids_;  // own_index of each, in document order
    std::vector<UncertainParameter> sector_uncertain_, node_uncertain_;  // <field>_json values read
    Extras extras_;
    bool root_checked_ = false;
};

}  // namespace

void write_graphml(std::ostream& out, const Model& model) { Writer(model, out).write(); }

std::string model_to_graphml(const Model& model) {
    std::ostringstream out;
    write_graphml(out, model);
    return out.str();
}

Model model_from_graphml(const std::string& text, const std::string& file, const GraphMlOptions& options) {
    return GraphMlReader(file, options).read(text);
}

Model load_graphml(const std::string& path, const GraphMlOptions& options) {
    return model_from_graphml(read_file(path), input_name(path), options);
}

std::string file_extension(const std::string& path) {
    const auto dot = path.find_last_of("./");
    std::string ext = dot != std::string::npos && path[dot] == '.' ? path.substr(dot) : "";
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

bool has_graphml_extension(const std::string& path) {
    // model.graphml.gz: a big GraphML model's copy in a result directory (io/Gzip.hpp).
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    return file_extension(gz ? path.substr(0, path.size() - 3) : path) == ".graphml";
}

namespace {

Model parse_model_file(const std::string& text, const std::string& path, const GraphMlOptions& options) {
    return is_graphml_input(path, text) ? model_from_graphml(text, input_name(path), options)
                                        : io::parse_model_cached(text, input_name(path));
}

}  // namespace

// stdin ("-") has no extension: XML starts with '<', JSON never does.
bool is_graphml_input(const std::string& path, const std::string& text) {
    if (path != "-") return has_graphml_extension(path);
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && text[first] == '<';
}

Model load_model_file(const std::string& path, const GraphMlOptions& options) {
    if (!has_graphml_extension(path))
        if (auto cached = io::read_cached_model_file(path)) return std::move(cached->value);
    return parse_model_file(read_file(path), path, options);
}

HashedFile<Model> load_model_file_hashed(const std::string& path, const GraphMlOptions& options) {
    if (!has_graphml_extension(path))
        if (auto cached = io::read_cached_model_file(path)) return std::move(*cached);
    std::string text;
    return load_model_file_hashed(path, text, options);
}

HashedFile<Model> load_model_file_hashed(const std::string& path, std::string& text, const GraphMlOptions& options) {
    text = read_file(path);
    return parse_model_file_hashed(path, text, options);
}

HashedFile<Model> parse_model_file_hashed(const std::string& path, const std::string& text, const GraphMlOptions& options) {
    return parse_model_file_hashed(path, text, sha256_hex(text), options);
}

HashedFile<Model> parse_model_file_hashed(const std::string& path, const std::string& text, std::string sha256,
                                          const GraphMlOptions& options) {
    if (is_graphml_input(path, text)) return {model_from_graphml(text, input_name(path), options), std::move(sha256)};
    return {io::parse_model_cached(text, input_name(path), sha256), std::move(sha256)};
}

}  // namespace cisim
