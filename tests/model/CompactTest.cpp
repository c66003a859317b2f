// OptionalNumber and ShortString (model/Compact.hpp): half the bytes of
// std::optional<double> and std::string, the same answers.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "model/Compact.hpp"

using namespace cisim;

TEST_CASE("OptionalNumber answers as std::optional<double>", "[model]") {
    OptionalNumber none;
    CHECK_FALSE(none);
    CHECK(none.value_or(4.5) == 4.5);
    CHECK_FALSE(std::optional<double>(none).has_value());

    // Zero, negative zero and negative values are given values, not "absent".
    for (double v : {0.0, -0.0, -3.0, 1e300}) {
        OptionalNumber x = v;
        REQUIRE(x);
        CHECK(*x == v);
        CHECK(x.value_or(7) == v);
        CHECK(std::optional<double>(x) == std::optional<double>(v));
        CHECK(x == OptionalNumber(v));
        CHECK_FALSE(x == none);
    }
    OptionalNumber from_optional = std::optional<double>(2.0);
    CHECK(*from_optional == 2.0);
    from_optional = std::nullopt;
    CHECK_FALSE(from_optional);
    OptionalNumber y = 1.0;
    y.reset();
    CHECK(y == none);
}

TEST_CASE("ShortString holds any text, inline up to 15 characters", "[model]") {
    // Lengths around the inline limit, and one far beyond it.
    for (std::size_t n : {0u, 1u, 4u, 14u, 15u, 16u, 17u, 200u}) {
        std::string text;
        for (std::size_t i = 0; i < n; ++i) text.push_back(static_cast<char>('a' + i % 26));
        ShortString s;
        s = text;
        CHECK(s.size() == n);
        CHECK(s.empty() == (n == 0));
        CHECK(s.view() == text);
        CHECK(s.str() == text);
        CHECK(s == std::string_view(text));

        ShortString copy(s);
        CHECK(copy == s);
        ShortString moved(std::move(copy));
        CHECK(moved.view() == text);
        CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from string is empty

        ShortString assigned;
        assigned = "x";
        assigned = s;
        CHECK(assigned.view() == text);
        assigned = std::move(moved);
        CHECK(assigned.view() == text);
        const ShortString& same = assigned;  // through a reference: clang warns of `x = x`
        assigned = same;                     // self-assignment keeps the text
        CHECK(assigned.view() == text);

        // Assigning a part of its own text, inline and on the heap.
        ShortString part(text);
        part = part.view().substr(n / 2);
        CHECK(part.view() == std::string_view(text).substr(n / 2));

        s.clear();
        CHECK(s.empty());
        CHECK(s.view().empty());
    }
}

TEST_CASE("ShortString compares by text and survives a vector's moves", "[model]") {
    CHECK(ShortString(std::string_view("grid")) == ShortString(std::string_view("grid")));
    CHECK_FALSE(ShortString(std::string_view("grid")) == ShortString(std::string_view("grid2")));
    CHECK(ShortString() == std::string_view());
    std::vector<ShortString> v;
    for (int i = 0; i < 100; ++i) v.emplace_back(std::string(static_cast<std::size_t>(i % 40), 'g'));
    for (int i = 0; i < 100; ++i) CHECK(v[static_cast<std::size_t>(i)].size() == static_cast<std::size_t>(i % 40));
}
