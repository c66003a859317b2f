#include "io/JsonWriter.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cisim {
namespace {

constexpr std::size_t flush_at = 1 << 16;

// Well-formed UTF-8 (Unicode Table 3-7): what nlohmann's decoder accepts.
bool well_formed_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;  // up to U+10FFFF
        } else {
            return false;
        }
        if (static_cast<std::size_t>(end - p) < len || p[1] < lo || p[1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if (p[k] < 0x80 || p[k] > 0xBF) return false;
        p += len;
    }
    return true;
}

}  // namespace

void check_json_utf8(std::string_view s) {
    if (well_formed_utf8(s)) return;
    (void)nlohmann::ordered_json(std::string(s)).dump();  // throws type_error 316, naming the byte
    throw std::invalid_argument("invalid UTF-8 in JSON output");
}

JsonWriter::JsonWriter(std::ostream& out) : out_(out) { buffer_.reserve(flush_at + 4096); }

void JsonWriter::flush_if_full() {
    if (buffer_.size() < flush_at) return;
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
}

void JsonWriter::finish() {
    buffer_ += '\n';
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
}

void JsonWriter::element() {
    flush_if_full();
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (empty_.empty()) return;  // the top-level value
    if (!empty_.back()) buffer_ += ',';
    empty_.back() = false;
    buffer_ += '\n';
    buffer_.append(2 * empty_.size(), ' ');
}

void JsonWriter::open(char bracket) {
    element();
    buffer_ += bracket;
    empty_.push_back(true);
}

void JsonWriter::close(char bracket) {
    const bool was_empty = empty_.back();
    empty_.pop_back();
    if (!was_empty) {  // dump(2) writes an empty container as {} or []
        buffer_ += '\n';
        buffer_.append(2 * empty_.size(), ' ');
    }
    buffer_ += bracket;
}

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view name) {
    string(name);
    buffer_ += ": ";
    after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
    element();
    buffer_ += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buffer_.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': buffer_ += "\\\""; break;
            case '\\': buffer_ += "\\\\"; break;
            case '\b': buffer_ += "\\b"; break;
            case '\t': buffer_ += "\\t"; break;
            case '\n': buffer_ += "\\n"; break;
            case '\f': buffer_ += "\\f"; break;
            case '\r': buffer_ += "\\r"; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";  // lower case, as nlohmann
                buffer_ += "\\u00";
                buffer_ += hex[c >> 4];
                buffer_ += hex[c & 0xF];
            }
        }
    }
    buffer_.append(s.data() + run, s.size() - run);
    buffer_ += '"';
}

void JsonWriter::number(double x) {
    element();
    if (!std::isfinite(x)) {
        buffer_ += "null";
        return;
    }
    // nlohmann's own Grisu2 formatting (what dump() calls), so every digit is the same.
    char digits[64];
    const char* end = nlohmann::detail::to_chars(digits, digits + sizeof digits, x);
    buffer_.append(digits, static_cast<std::size_t>(end - digits));
}

void JsonWriter::number(std::uint64_t n) {
    element();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, n);
    buffer_.append(digits, static_cast<std::size_t>(result.ptr - digits));
}

void JsonWriter::boolean(bool b) {
    element();
    buffer_ += b ? "true" : "false";
}

void JsonWriter::strings(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) string(s);
    end_array();
}

}  // namespace cisim
