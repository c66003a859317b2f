#pragma once
// Two value types for fields of records a model holds by the million (a
// dependency of a million-asset model): each takes half the bytes of the
// standard type it stands for, with the part of its interface the model uses.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cisim {

/// An optional number in 8 bytes (std::optional<double> takes 16): NaN means
/// "not given". A model's numbers are finite (JSON has no NaN, and the check
/// refuses what is not finite), so no given value is lost to it.
class OptionalNumber {
public:
    OptionalNumber() = default;
    OptionalNumber(std::nullopt_t) {}
    OptionalNumber(double v) : v_(v) {}
    OptionalNumber(const std::optional<double>& v) : v_(v ? *v : absent) {}

    bool has_value() const { return !std::isnan(v_); }
    explicit operator bool() const { return has_value(); }
    double operator*() const { return v_; }
    double value_or(double fallback) const { return has_value() ? v_ : fallback; }
    void reset() { v_ = absent; }
    operator std::optional<double>() const { return has_value() ? std::optional<double>(v_) : std::nullopt; }
    bool operator==(const OptionalNumber& o) const { return has_value() ? v_ == o.v_ : !o.has_value(); }

private:
    static constexpr double absent = std::numeric_limits<double>::quiet_NaN();
    double v_ = absent;
};

/// A string in 16 bytes (std::string takes 32): up to 15 characters inline,
/// longer ones on the heap. For a field that is mostly empty or short.
class ShortString {
public:
    ShortString() noexcept { set_inline(0); }
    explicit ShortString(std::string_view s) { set_inline(0); assign(s); }
    ShortString(const ShortString& o) : ShortString(o.view()) {}
    ShortString(ShortString&& o) noexcept {
        std::memcpy(bytes_, o.bytes_, sizeof bytes_);
        o.set_inline(0);
    }
    ShortString& operator=(const ShortString& o) {
        if (this != &o) assign(o.view());
        return *this;
    }
    ShortString& operator=(ShortString&& o) noexcept {
        if (this != &o) {
            release();
            std::memcpy(bytes_, o.bytes_, sizeof bytes_);
            o.set_inline(0);
        }
        return *this;
    }
    ShortString& operator=(std::string_view s) {
        assign(s);
        return *this;
    }
    ShortString& operator=(const std::string& s) { return *this = std::string_view(s); }
    ShortString& operator=(const char* s) { return *this = std::string_view(s); }
    ~ShortString() { release(); }

    std::size_t size() const noexcept { return on_heap() ? heap_size() : static_cast<unsigned char>(bytes_[tag]); }
    bool empty() const noexcept { return size() == 0; }
    const char* data() const noexcept { return on_heap() ? heap_data() : bytes_; }
    std::string_view view() const noexcept { return {data(), size()}; }
    operator std::string_view() const noexcept { return view(); }
    std::string str() const { return std::string(view()); }
    void clear() noexcept {
        release();
        set_inline(0);
    }

    bool operator==(const ShortString& o) const noexcept { return view() == o.view(); }
    bool operator==(std::string_view s) const noexcept { return view() == s; }

private:
    static constexpr std::size_t tag = 15;  // inline: the length; on the heap: heap_tag
    static constexpr unsigned char heap_tag = 0xFF;
    static constexpr std::size_t inline_max = tag;

    bool on_heap() const noexcept { return static_cast<unsigned char>(bytes_[tag]) == heap_tag; }
    char* heap_data() const noexcept {
        char* p;
        std::memcpy(&p, bytes_, sizeof p);
        return p;
    }
    std::size_t heap_size() const noexcept {
        std::uint32_t n;
        std::memcpy(&n, bytes_ + sizeof(char*), sizeof n);
        return n;
    }
    void set_inline(std::size_t n) noexcept { bytes_[tag] = static_cast<char>(n); }
    void release() noexcept {
        if (on_heap()) delete[] heap_data();
    }
    void assign(std::string_view s) {
        if (s.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("ShortString: too long");
        if (s.size() <= inline_max) {
            char copy[inline_max];  // s may point into this string
            if (!s.empty()) std::memcpy(copy, s.data(), s.size());
            release();
            if (!s.empty()) std::memcpy(bytes_, copy, s.size());
            set_inline(s.size());
            return;
        }
        char* p = new char[s.size()];
        std::memcpy(p, s.data(), s.size());
        release();
        const auto n = static_cast<std::uint32_t>(s.size());
        std::memcpy(bytes_, &p, sizeof p);
        std::memcpy(bytes_ + sizeof p, &n, sizeof n);
        bytes_[tag] = static_cast<char>(heap_tag);
    }

    alignas(8) char bytes_[16];
};
static_assert(sizeof(ShortString) == 16 && sizeof(OptionalNumber) == 8);

}  // namespace cisim
