#pragma once
// Strict JSON parsing for every cisim input (sim/io only: nlohmann stays here).
// Beyond RFC 8259 syntax it rejects what nlohmann would silently accept:
// duplicate keys (the last one would win, hiding a typo), numbers that
// overflow to infinity, and absurd nesting depth.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cisim::io {

/// Parses `text`; throws InputError(file, "line L column C", "parse error: …")
/// on a syntax error, InputError(file, pointer, …) on a duplicate key or a
/// non-finite number, InputError(file, "", "out of memory while reading").
nlohmann::json parse_json(std::string_view text, const std::string& file);

/// A scalar JSON value held without a tree node.
struct Scalar {
    nlohmann::json::value_t type = nlohmann::json::value_t::null;
    bool boolean = false;
    std::int64_t integer = 0;
    std::uint64_t unsigned_integer = 0;
    double number = 0;
    std::string string;

    bool is_number() const;
    /// The number as a double, as nlohmann's get<double>() gives it.
    double as_double() const;
    nlohmann::json to_json() const;
};

/// An object whose members are all scalars, read without building a tree:
/// streamed elements take this form in the common case (every node,
/// dependency and link of a model), and it is reused from one element to the
/// next, so reading millions of them allocates next to nothing.
class FlatObject {
public:
    struct Member {
        std::string key;
        Scalar value;
    };

    std::size_t size() const { return size_; }
    Member* begin() { return members_.data(); }
    Member* end() { return members_.data() + size_; }
    const Member* begin() const { return members_.data(); }
    const Member* end() const { return members_.data() + size_; }
    /// The value of member `key`, or null.
    const Scalar* find(std::string_view key) const;
    Scalar* find(std::string_view key);
    /// The tree parse_json builds for the same object.
    nlohmann::json to_json() const;

    /// Empties the object, keeping the members' storage for reuse.
    void clear() { size_ = 0; }
    /// Appends a member (null) under `key`.
    Scalar& add(const std::string& key);

private:
    std::vector<Member> members_;
    std::size_t size_ = 0;
};

/// What the streaming parse_json does with the members of a root object.
struct RootStream {
    /// Whether the array under root key `key` is streamed: its elements go to
    /// `element` one by one as they are read, and the document keeps an empty array.
    std::function<bool(const std::string& key)> streams;
    /// Receives each streamed element with its root key and index; may move from it.
    std::function<void(const std::string& key, std::size_t index, nlohmann::json& element)> element;
    /// If set, receives instead the streamed elements that are objects of scalars.
    std::function<void(const std::string& key, std::size_t index, FlatObject& element)> flat_element;
    /// Sees each root member once read (empty if unset); false stops reading there.
    std::function<bool(const std::string& key, const nlohmann::json& value)> member;
    /// If set, sees each key of the objects at most two levels down (at
    /// pointer tokens `at`: the root, its members, their elements) as soon as
    /// it is read, before its value is: a non-empty message rejects the key
    /// there, so nothing under an unknown key is ever built.
    std::function<std::string(const std::vector<std::string>& at, const std::string& key)> check_key;
    /// If set, sees each value at most three levels down before it is read:
    /// `value` is the scalar, or an empty container for one about to be read
    /// (scalars are shown only as root members and root array elements, objects
    /// of streamed arrays not at all: those are checked whole). A non-empty
    /// message rejects the value at its pointer `at`.
    std::function<std::string(const std::vector<std::string>& at, const nlohmann::json& value)> check_value;
};

/// parse_json for documents too big for one tree (a million-asset model): the
/// root's big arrays are handed over element by element. The same errors at
/// the same places as parse_json, unless `root.member` stopped reading early.
nlohmann::json parse_json(std::string_view text, const std::string& file, const RootStream& root);

/// Empties `j` leaf first, one element at a time. nlohmann's destructor
/// flattens a tree into a vector as long as its biggest container: out of
/// memory, that allocation would throw inside a noexcept destructor and abort.
void release_json(nlohmann::json& j) noexcept;

/// A parsed tree that is taken apart with release_json when it goes.
struct ParsedJson {
    nlohmann::json value;
    ParsedJson(nlohmann::json&& v) : value(std::move(v)) {}
    ParsedJson(const ParsedJson&) = delete;
    ParsedJson& operator=(const ParsedJson&) = delete;
    ~ParsedJson() { release_json(value); }
};

/// RFC 6901 pointer of a path of keys / array indices ("" for the root).
std::string json_pointer(const std::vector<std::string>& tokens);

}  // namespace cisim::io
