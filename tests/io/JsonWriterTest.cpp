// io/JsonWriter.hpp: the streaming writer writes what nlohmann's dump(2)
// writes for the same values (layout, escaping, numbers), and the UTF-8 check
// refuses exactly what dump() refuses.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "io/JsonWriter.hpp"

using namespace cisim;
using ojson = nlohmann::ordered_json;

namespace {

std::string dump(const ojson& j) { return j.dump(2) + "\n"; }

// One value (a number or a string) written on its own.
template <typename Write>
std::string write_one(Write write) {
    std::ostringstream text;
    JsonWriter out(text);
    write(out);
    out.finish();
    return text.str();
}

}  // namespace

TEST_CASE("JsonWriter lays out objects and arrays as dump(2)", "[io][json]") {
    std::ostringstream text;
    JsonWriter out(text);
    out.begin_object();
    out.key("a");
    out.begin_array();
    out.number(std::uint64_t{1});
    out.number(0.5);
    out.string("x\n");
    out.end_array();
    out.key("b");
    out.begin_object();
    out.end_object();
    out.key("c");
    out.strings({});
    out.key("d");
    out.begin_array();
    out.strings({"p", "q"});
    out.boolean(false);
    out.end_array();
    out.end_object();
    out.finish();
    const std::string expected =
        "{\n  \"a\": [\n    1,\n    0.5,\n    \"x\\n\"\n  ],\n  \"b\": {},\n  \"c\": [],\n"
        "  \"d\": [\n    [\n      \"p\",\n      \"q\"\n    ],\n    false\n  ]\n}\n";
    CHECK(text.str() == expected);
    const ojson same = {{"a", ojson::array({1u, 0.5, "x\n"})}, {"b", ojson::object()}, {"c", ojson::array()},
                        {"d", ojson::array({ojson::array({"p", "q"}), false})}};
    CHECK(dump(same) == expected);
}

TEST_CASE("JsonWriter escapes strings as dump()", "[io][json]") {
    // Every control character, quote, backslash, DEL and multi-byte UTF-8 (kept as is).
    std::string all;
    for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
    all += "\"\\/\x7f \xc2\x85 \xc2\xa0 \xe9\x9b\xbb\xe5\x8a\x9b \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf end";
    const auto written = write_one([&](JsonWriter& out) { out.string(all); });
    CHECK(written == dump(ojson(all)));
    CHECK(written.substr(0, 14) == "\"\\u0000\\u0001\\");
    CHECK(write_one([](JsonWriter& out) { out.string("tab\there \"q\" \\"); }) == "\"tab\\there \\\"q\\\" \\\\\"\n");
}

TEST_CASE("JsonWriter formats numbers as dump()", "[io][json]") {
    CHECK(write_one([](JsonWriter& out) { out.number(1.0); }) == "1.0\n");
    CHECK(write_one([](JsonWriter& out) { out.number(-0.0); }) == "-0.0\n");
    CHECK(write_one([](JsonWriter& out) { out.number(1e-5); }) == "1e-05\n");
    CHECK(write_one([](JsonWriter& out) { out.number(std::nan("")); }) == "null\n");
    CHECK(write_one([](JsonWriter& out) { out.number(-std::numeric_limits<double>::infinity()); }) == "null\n");
    CHECK(write_one([](JsonWriter& out) { out.number(std::uint64_t{18446744073709551615u}); }) ==
          "18446744073709551615\n");
    const double edges[] = {0.0, 0.1, 1.0 / 3, 100.0, 1e15, 1e16, 1e21, 1e-4, 1e-7, 123456789.125,
                            std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(),
                            std::numeric_limits<double>::min(), -2.5e-300};
    for (const double x : edges) CHECK(write_one([&](JsonWriter& out) { out.number(x); }) == dump(ojson(x)));
    // Any bit pattern (fixed seed): the same digits as dump().
    std::mt19937_64 bits(23);
    int differ = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::uint64_t b = bits();
        double x;
        std::memcpy(&x, &b, sizeof x);
        if (write_one([&](JsonWriter& out) { out.number(x); }) != dump(ojson(x))) ++differ;
    }
    CHECK(differ == 0);
}

TEST_CASE("check_json_utf8 refuses what dump() refuses, with its error", "[io][json]") {
    const auto dump_throws = [](const std::string& s) {
        try {
            (void)ojson(s).dump();
            return false;
        } catch (const nlohmann::json::type_error&) {
            return true;
        }
    };
    const auto check_throws = [](const std::string& s) {
        try {
            check_json_utf8(s);
            return false;
        } catch (const nlohmann::json::type_error&) {
            return true;
        }
    };
    // Every byte alone, every lead byte (0xC0 up) with every second byte, then
    // three- and four-byte strings around the edges of Unicode Table 3-7.
    int differ = 0;
    for (int a = 0; a < 256; ++a) {
        const std::string one(1, static_cast<char>(a));
        if (dump_throws(one) != check_throws(one)) ++differ;
        for (int b = 0; b < 256 && a >= 0xC0; ++b) {
            const std::string two{static_cast<char>(a), static_cast<char>(b)};
            if (dump_throws(two) != check_throws(two)) ++differ;
        }
    }
    for (int a : {0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5})
        for (int b : {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0})
            for (int c : {0x3F, 0x80, 0xBF, 0xC0})
                for (int d : {-1, 0x41, 0x80, 0xBF, 0xC0}) {
                    std::string s{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                    if (d >= 0) s += static_cast<char>(d);
                    if (dump_throws(s) != check_throws(s)) ++differ;
                }
    CHECK(differ == 0);
    CHECK_NOTHROW(check_json_utf8("\xe9\x9b\xbb\xe5\x8a\x9b"));
    CHECK_THROWS_WITH(check_json_utf8("ok \xed\xa0\x80"), Catch::Contains("invalid UTF-8 byte at index 4: 0xA0"));
}
