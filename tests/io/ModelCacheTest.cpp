// The cache of checked models (io/ModelCache.hpp): a faithful round trip, and
// any damaged, stale or foreign entry read as a miss, never as a model.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <unistd.h>

#include "io/Gzip.hpp"
#include "io/ModelCache.hpp"
#include "io/ModelJson.hpp"
#include "io/Sha256.hpp"
#include "model/Validate.hpp"

using namespace cisim;
namespace fs = std::filesystem;

namespace {

std::string shipped(const std::string& name) { return std::string(CISIM_SOURCE_DIR) + "/models/" + name; }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

/// A model with every member away from its default, so that a member the
/// encoding forgot cannot come back equal.
Model every_member() {
    Model m;
    m.schema = "cisim-model/1";
    m.name = "all";
    m.source = "src";
    m.description = "desc";
    m.file = "all.json";
    Sector s;
    s.id = "power";
    s.name = "Power";
    s.name_ja = "電力";
    s.output = 1e6;
    s.rto_h = 4;
    s.mtpd_h = 24;
    s.weight = 2;
    s.network = NetworkMode::giant;
    s.repair_scale = 0.5;
    s.repair_spread.edit() = {Spread{{0, 1}, {0.5, 2}}, "{\"spread\": 1}"};
    s.source = "METI";
    s.description = "grid";
    s.households = 10;
    s.population = 25;
    m.sectors.push_back(s);
    Node n;
    n.id = "n1";
    n.sector = "power";
    n.name = "Plant";
    n.node_class = "substation";
    n.region = "Chiba";
    n.lat = 35.6;
    n.lon = 140.1;
    n.capacity = 3;
    n.coastal = true;
    n.set_elevation_m(4.5);
    n.site_amplification = 1.4;
    n.is_source = true;
    n.fragility_scale = 1.2;
    n.repair_scale = 0.8;
    n.repair_spread.edit() = {Spread{{0, 0.5, 1}, {1, 1, 3}}, "given"};
    n.facilities = 12;
    n.set_rolling_group("3");
    n.set_ref("ref");
    n.set_households(100);
    n.set_population(230);
    m.nodes.push_back(n);
    Dependency d;
    d.from = "power";
    d.to = "n1";
    d.type = DependencyType::cyber;
    d.effect = DependencyEffect::repair;
    d.strength = 0.7;
    d.buffer_h = 3;
    d.refill_h = 9;
    d.delay_h = 1.5;
    d.group = "g";
    d.set_source("s");
    d.set_note("note");
    auto& f = d.forms.edit();
    f.spread.strength = Spread{{0, 1}, {0.2, 0.9}};
    f.spread.delay_h = Spread{{0, 1}, {1, 2}};
    f.by_year = {{"buffer_h", {{2011, 3, Spread{{0, 1}, {1, 5}}, "a"}, {2019, 6, std::nullopt, "b"}}}};
    f.given_as = {{"buffer_h", "[…]"}};
    m.dependencies.push_back(d);
    m.links.push_back({"n1", "n1"});
    m.combination_by_class = {{"substation", Combination::product}, {"exchange", Combination::min}};
    UncertainParameter u;
    u.pointer = "/dependencies/0/strength";
    u.label = "power->n1 strength";
    u.distribution = {Distribution::Kind::triangular, 0.1, 0.5, 0.9, 0.45, 0.3};
    u.place = UncertainPlace::node;
    u.index = 7;
    u.field = "strength";
    u.source = "guess";
    m.uncertain.push_back(u);
    m.dependency_ends = {{0, DependencyEnds::node_flag | 0}};
    return m;
}

/// A fresh directory for one test's entries, removed at the end.
struct TempCache {
    fs::path dir;
    io::ModelCacheSettings settings;
    explicit TempCache(const std::string& name) {
        dir = fs::temp_directory_path() / ("cisim-cache-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        settings.dir = dir.string();
        settings.min_bytes = 0;
    }
    ~TempCache() { fs::remove_all(dir); }
    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        if (fs::exists(dir))
            for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
        return out;
    }
};

}  // namespace

TEST_CASE("every member of a model survives the cache's encoding", "[io][cache]") {
    const auto m = every_member();
    auto back = io::decode_model(io::encode_model(m));
    REQUIRE(back);
    CHECK(back->file.empty());  // where it is read from is the reader's
    back->file = m.file;
    CHECK(*back == m);
    // The comparison itself sees a change of any kind (a sanity check of operator==).
    auto other = m;
    other.dependencies[0].forms.edit().by_year[0].second[1].source = "c";
    CHECK_FALSE(other == m);
}

TEST_CASE("the shipped models come back from the cache as they were parsed", "[io][cache]") {
    for (const auto* name : {"japan-ci.json", "japan-ci-2007.json", "japan-ci-uncertain.json", "tokyo.json",
                             "east-japan.json", "noto.json", "chiba.json"}) {
        INFO(name);
        const auto parsed = load_model(shipped(name));
        CHECK_FALSE(parsed.dependency_ends.empty());
        auto back = io::decode_model(io::encode_model(parsed));
        REQUIRE(back);
        back->file = parsed.file;
        CHECK(*back == parsed);
    }
}

TEST_CASE("damaged encodings decode to nothing, never to a model or a crash", "[io][cache]") {
    const auto bytes = io::encode_model(every_member());
    for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(io::decode_model(std::string_view(bytes).substr(0, n)));
    CHECK_FALSE(io::decode_model(bytes + "x"));
    // Flipped bytes may still decode (a flipped digit is a valid number); what
    // matters is that nothing reads out of bounds or asks for absurd memory.
    std::mt19937 rng(11);
    for (int trial = 0; trial < 2000; ++trial) {
        auto b = bytes;
        b[rng() % b.size()] ^= static_cast<char>(1 + rng() % 255);
        (void)io::decode_model(b);
    }
    // A count claiming more elements than bytes left is refused before any allocation.
    const std::string huge_count = std::string(5, '\0') + "\xff\xff\xff\xff\xff\xff\xff\xff\x7f";
    CHECK_FALSE(io::decode_model(huge_count));
}

TEST_CASE("the encoding has one form per model: what decodes encodes back to the same bytes", "[io][cache]") {
    // An empty model: five empty strings, then seven empty lists.
    const std::string empty(12, '\0');
    REQUIRE(io::decode_model(empty));
    CHECK(io::encode_model(*io::decode_model(empty)) == empty);
    // A count of zero in two bytes (LEB128 with a redundant group) is refused.
    CHECK_FALSE(io::decode_model(std::string(5, '\0') + "\x80" + std::string(7, '\0')));
    // Node classes in the map's order only (libFuzzer found both: tests/fuzz/regressions/model_cache).
    const auto classes = [](const std::string& first, const std::string& second) {  // one-letter classes
        std::string b(9, '\0');
        for (char c : {'\x02', '\x01', first[0], '\x00', '\x01', second[0], '\x01', '\x00', '\x00'}) b += c;
        return b;
    };
    const auto sorted = io::decode_model(classes("a", "b"));
    REQUIRE(sorted);
    CHECK(sorted->combination_by_class.size() == 2);
    CHECK(io::encode_model(*sorted) == classes("a", "b"));
    CHECK_FALSE(io::decode_model(classes("b", "a")));
    CHECK_FALSE(io::decode_model(classes("a", "a")));
}

TEST_CASE("a cached model is read back, and a damaged or foreign entry is a miss", "[io][cache]") {
    TempCache cache("entries");
    const auto model = load_model(shipped("tokyo.json"));
    const std::string sha(64, 'a');
    CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));
    io::write_cached_model(cache.settings, sha, model);
    const auto entries = cache.entries();
    REQUIRE(entries.size() == 1);
    CHECK((fs::status(entries[0]).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    CHECK((fs::status(cache.dir).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);

    auto hit = io::read_cached_model(cache.settings, sha, "elsewhere.json");
    REQUIRE(hit);
    CHECK(hit->file == "elsewhere.json");
    hit->file = model.file;
    CHECK(*hit == model);
    CHECK_FALSE(io::read_cached_model(cache.settings, std::string(64, 'b'), "x.json"));  // another text

    const auto good = slurp(entries[0]);
    SECTION("a flipped byte in the payload") {
        auto bad = good;
        bad[bad.size() / 2] ^= 0x20;
        spit(entries[0], bad);
        CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));
    }
    SECTION("a truncated entry, at every length near its ends") {
        for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{40}, std::size_t{100}, good.size() - 65,
                                good.size() - 64, good.size() - 1}) {
            spit(entries[0], good.substr(0, cut));
            CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));
        }
    }
    SECTION("another build's entry under this name") {
        auto bad = good;
        const auto at = bad.find(io::build_id());
        REQUIRE(at != std::string::npos);
        bad[at] = bad[at] == '0' ? '1' : '0';
        spit(entries[0], bad);
        CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));
    }
    SECTION("bytes after the digest") {
        spit(entries[0], good + "\n");
        CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));
    }
}

TEST_CASE("a model text's gzip'd copy is kept beside its entry, and a damaged one is a miss", "[io][cache]") {
    TempCache cache("copies");
    const std::string sha(64, 'c');
    std::string gz;
    for (int i = 0; i < 200'000; ++i) gz += static_cast<char>(i * 7 % 251);  // over several 64 KiB writes
    CHECK_FALSE(io::read_cached_copy(cache.settings, sha));
    io::write_cached_copy(cache.settings, sha, gz);
    const auto entries = cache.entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].extension() == ".copy");
    CHECK(io::read_cached_copy(cache.settings, sha) == gz);
    CHECK_FALSE(io::read_cached_copy(cache.settings, std::string(64, 'd')));  // another text
    CHECK_FALSE(io::read_cached_model(cache.settings, sha, "x.json"));         // a copy is not a model

    const auto good = slurp(entries[0]);
    for (std::size_t at : {std::size_t{3}, std::size_t{60}, good.size() / 2, good.size() - 1}) {
        auto bad = good;
        bad[at] ^= 0x01;
        spit(entries[0], bad);
        CHECK_FALSE(io::read_cached_copy(cache.settings, sha));
    }
    for (std::size_t cut : {std::size_t{0}, std::size_t{7}, good.size() - 65, good.size() - 1}) {
        spit(entries[0], good.substr(0, cut));
        CHECK_FALSE(io::read_cached_copy(cache.settings, sha));
    }
    spit(entries[0], good + "x");
    CHECK_FALSE(io::read_cached_copy(cache.settings, sha));

    // Models and copies are pruned each among their own kind.
    cache.settings.kept = 1;
    io::write_cached_copy(cache.settings, std::string(64, 'e'), "e");
    io::write_cached_model(cache.settings, std::string(64, 'e'), load_model(shipped("japan-ci-2007.json")));
    CHECK(cache.entries().size() == 2);
}

TEST_CASE("the cache keeps its newest entries only", "[io][cache]") {
    TempCache cache("prune");
    cache.settings.kept = 2;
    const auto model = load_model(shipped("japan-ci-2007.json"));
    for (char c : {'a', 'b', 'c'}) {
        io::write_cached_model(cache.settings, std::string(64, c), model);
        // Modification times a second apart order the entries whatever the file system's resolution.
        for (const auto& e : cache.entries())
            fs::last_write_time(e, fs::last_write_time(e) - std::chrono::seconds(1));
    }
    CHECK(cache.entries().size() == 2);
    CHECK_FALSE(io::read_cached_model(cache.settings, std::string(64, 'a'), "x.json"));
    CHECK(io::read_cached_model(cache.settings, std::string(64, 'c'), "x.json"));
}

TEST_CASE("a model file is parsed once, then read from the cache", "[io][cache]") {
    TempCache cache("files");
    const auto saved = io::model_cache_settings();
    io::set_model_cache_settings(cache.settings);
    const auto text = read_file(shipped("japan-ci.json"));
    const auto parsed = parse_model(text, "m.json");

    const auto path = cache.dir.string() + "-model.json";
    spit(path, text);
    CHECK_FALSE(io::read_cached_model_file(path));  // nothing cached yet
    CHECK(io::parse_model_cached(text, "m.json") == parsed);
    CHECK(cache.entries().size() == 1);
    const auto hit = io::read_cached_model_file(path);
    REQUIRE(hit);
    CHECK(hit->sha256 == sha256_hex(text));
    CHECK(hit->value.file == path);
    CHECK(io::parse_model_cached(text, "m.json") == parsed);

    // Below the size threshold, and gzip'd (its hash is the inflated text's), the file is not looked up.
    auto small = cache.settings;
    small.min_bytes = text.size() + 1;
    io::set_model_cache_settings(small);
    CHECK_FALSE(io::read_cached_model_file(path));
    io::set_model_cache_settings(cache.settings);
    spit(path, io::gzip(text, 1));
    CHECK_FALSE(io::read_cached_model_file(path));
    fs::remove(path);
    io::set_model_cache_settings(saved);
}

TEST_CASE("the build is named by its GNU build ID", "[io][cache]") {
    // The cache would be off without one: Debian's toolchain always writes it.
    CHECK(io::build_id().size() >= 16);
    CHECK(io::build_id().find_first_not_of("0123456789abcdef") == std::string::npos);
}
