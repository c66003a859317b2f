// gzip copies of big models and models given compressed (io/Gzip.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

#include "io/GraphMl.hpp"
#include "io/Gzip.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "model/Error.hpp"

using namespace cisim;

namespace {

// 20 MB of JSON-like text with some randomness: several members of 8 MiB.
std::string sample_text() {
    std::mt19937 rng(5);
    std::string s;
    while (s.size() < (20u << 20))
        s += "{\"from\": \"n" + std::to_string(rng() % 100000) + "\", \"to\": \"n" + std::to_string(rng() % 100000) +
             "\", \"strength\": 0." + std::to_string(rng() % 1000) + "},\n";
    return s;
}

std::string error_of(std::string_view bytes) {
    try {
        io::gunzip(bytes, "m.json.gz");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("gzip: members compressed on threads give the same bytes, and gunzip the text", "[io][gzip]") {
    const auto text = sample_text();
    const auto one = io::gzip(text, 1);
    CHECK(io::is_gzip(one));
    CHECK(io::gzip(text, 3) == one);
    CHECK(one.size() < text.size() / 2);
    CHECK(io::gunzip(one, "m.json.gz") == text);
    // An empty text is one empty member.
    CHECK(io::gunzip(io::gzip("", 2), "e.gz").empty());
    // Concatenated gzip files are one file (as gzip -d reads them).
    CHECK(io::gunzip(io::gzip("abc", 1) + io::gzip("def", 1), "c.gz") == "abcdef");
    // Slices of whole members gzip'd one by one (a big model's copy, read
    // from its file a slice at a time) give the bytes of the whole.
    const std::string_view all(text);
    const auto cut = 2 * io::gzip_member_bytes;
    CHECK(io::gzip(all.substr(0, cut), 2) + io::gzip(all.substr(cut), 2) == one);
    CHECK(io::gzip(all.substr(0, cut - 1), 2) + io::gzip(all.substr(cut - 1), 2) != one);
}

TEST_CASE("gzip: corrupt, truncated or trailing data is an input error", "[io][gzip]") {
    const auto packed = io::gzip(std::string(100000, 'x') + "tail", 1);
    CHECK_THAT(error_of(packed.substr(0, packed.size() / 2)), Catch::Contains("m.json.gz") && Catch::Contains("ends early"));
    CHECK_THAT(error_of(packed + "junk"), Catch::Contains("data after the end of the stream"));
    auto flipped = packed;
    flipped[packed.size() / 2] = static_cast<char>(flipped[packed.size() / 2] ^ 0x55);
    flipped[packed.size() - 6] = static_cast<char>(flipped[packed.size() - 6] ^ 0x55);  // the CRC, if the data still inflates
    CHECK_THAT(error_of(flipped), Catch::Contains("cannot read gzip data"));
    CHECK_FALSE(io::is_gzip("{\"schema\""));
    CHECK_FALSE(io::is_gzip("\x1f"));
}

TEST_CASE("gzip: a model given as .json.gz reads as the same model", "[io][gzip]") {
    const std::string json = R"({"schema": "cisim-model/1", "name": "two",
      "sectors": [{"id": "power"}, {"id": "telecom"}],
      "dependencies": [{"from": "power", "to": "telecom", "strength": 0.7, "buffer_h": 3}]})";
    const auto path = (std::filesystem::temp_directory_path() / ("cisim-gzip-" + std::to_string(::getpid()) + ".json.gz")).string();
    {
        std::ofstream out(path, std::ios::binary);
        out << io::gzip(json, 1);
    }
    CHECK(read_file(path) == json);
    const auto m = load_model(path);
    std::filesystem::remove(path);
    REQUIRE(m.dependencies.size() == 1);
    CHECK(m.dependencies[0].strength == 0.7);
    CHECK(m.dependencies[0].buffer_h == 3);
}

TEST_CASE("gzip: a GraphML copy keeps its format through .graphml.gz", "[io][gzip]") {
    CHECK(has_graphml_extension("DIR/model.graphml.gz"));
    CHECK(has_graphml_extension("m.GraphML"));
    CHECK_FALSE(has_graphml_extension("DIR/model.json.gz"));
    CHECK_FALSE(has_graphml_extension("x.gz"));
}
