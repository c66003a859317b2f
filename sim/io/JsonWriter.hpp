#pragma once
// A streaming JSON writer for outputs too large to build as a document first
// (`cisim analyze --json` at 100,000 sectors: 106 MB of text, 823 MB as a
// DOM). It writes the bytes `nlohmann::ordered_json::dump(2)` writes for the
// same values: the same indentation, string escaping (UTF-8 kept as is,
// control characters escaped) and number formatting (Grisu2; NaN and
// infinities as null), so outputs can move to it without changing.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cisim {

/// Throws nlohmann's own error (type_error 316, the one dump() throws) when
/// `s` is not well-formed UTF-8. A writer's caller checks its strings first,
/// so that nothing is written when one is bad.
void check_json_utf8(std::string_view s);

/// Writes one JSON value, pretty-printed with an indent of 2, to a stream
/// through a buffer of its own. Strings must be well-formed UTF-8
/// (check_json_utf8). Call finish() at the end.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out);
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    /// The key of the next member of the current object.
    void key(std::string_view name);

    void string(std::string_view s);
    void number(double x);
    void number(std::uint64_t n);
    void boolean(bool b);
    /// An array of strings.
    void strings(const std::vector<std::string>& list);

    /// Ends the document with a newline (as cisim's JSON files) and writes
    /// what is buffered to the stream.
    void finish();

private:
    void element();  // before a value or key: separator, newline and indent
    void open(char bracket);
    void close(char bracket);
    void flush_if_full();

    std::ostream& out_;
    std::string buffer_;
    std::vector<bool> empty_;  ///< per open container: nothing in it yet
    bool after_key_ = false;
};

}  // namespace cisim
