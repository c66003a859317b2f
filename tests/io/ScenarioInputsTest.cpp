// What a result directory copies of its inputs: the model's bytes as read,
// handed over only when asked for, and whether they are GraphML.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "io/GraphMl.hpp"
#include "io/Gzip.hpp"
#include "io/ModelCache.hpp"
#include "io/ScenarioInputs.hpp"
#include "io/Sha256.hpp"

using namespace cisim;

namespace {
const std::string source = CISIM_SOURCE_DIR;
}

TEST_CASE("load_scenario_inputs hands over the model's bytes, whose hash summary.json records", "[io][inputs]") {
    const auto scenario = source + "/scenarios/faxai-2019-chiba.json";
    const auto kept = load_scenario_inputs(scenario, "", true);
    CHECK(kept.model_text == read_file(source + "/models/chiba.json"));
    CHECK(sha256_hex(kept.model_text) == kept.model_file.sha256);
    CHECK_FALSE(kept.model_is_graphml);
    const auto dropped = load_scenario_inputs(scenario, "");
    CHECK(dropped.model_text.empty());
    CHECK(dropped.model_file.sha256 == kept.model_file.sha256);
}

TEST_CASE("a big model's bytes are handed over gzip'd, compressed while the model is read", "[io][inputs]") {
    // A shipped model padded with whitespace (still the same JSON) to the gzip
    // threshold; read twice through a cache of its own: the second run takes
    // the copy's bytes from it.
    namespace fs = std::filesystem;
    const auto saved = io::model_cache_settings();
    const auto dir = fs::temp_directory_path() / ("cisim-big-cache-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    io::ModelCacheSettings cache;
    cache.dir = dir.string();
    io::set_model_cache_settings(cache);
    auto text = read_file(source + "/models/japan-ci.json");
    text.append(io::compressed_copy_bytes - text.size(), ' ');
    const auto path = (fs::temp_directory_path() / ("cisim-big-" + std::to_string(::getpid()) + ".json")).string();
    std::ofstream(path, std::ios::binary) << text;
    const auto scenario = source + "/scenarios/kddi-2022-mobile-core.json";
    const auto kept = load_scenario_inputs(scenario, path, true);
    CHECK(kept.model_text_gzipped);
    CHECK(kept.model_text.size() < text.size() / 100);
    CHECK(io::gunzip(kept.model_text, "copy") == text);
    CHECK(kept.model_file.sha256 == sha256_hex(text));  // the hash is the text's
    CHECK(kept.model_file.value.sectors.size() == 16);
    CHECK(io::read_cached_copy(cache, kept.model_file.sha256) == kept.model_text);

    std::vector<std::string> trace;
    io::set_model_cache_trace([&](const std::string& line) { trace.push_back(line); });
    const auto again = load_scenario_inputs(scenario, path, true);
    io::set_model_cache_trace({});
    CHECK(std::count_if(trace.begin(), trace.end(), [](const std::string& l) {
              return l.rfind("model cache: read ", 0) == 0 && l.ends_with(".copy");
          }) == 1);
    CHECK(again.model_text_gzipped);
    CHECK(again.model_text == kept.model_text);
    CHECK(again.model_file.sha256 == kept.model_file.sha256);
    CHECK(again.model_file.value.sectors == kept.model_file.value.sectors);

    // The entry without its copy (as after `cisim validate`): the copy is made
    // from the file, the model still comes from the entry, read once.
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".copy") fs::remove(e.path());
    trace.clear();
    io::set_model_cache_trace([&](const std::string& line) { trace.push_back(line); });
    const auto third = load_scenario_inputs(scenario, path, true);
    io::set_model_cache_trace({});
    auto count = [&](const std::string& start, const std::string& end) {
        return std::count_if(trace.begin(), trace.end(),
                             [&](const std::string& l) { return l.rfind(start, 0) == 0 && l.ends_with(end); });
    };
    CHECK(count("model cache: read ", ".model") == 1);
    CHECK(count("model cache: wrote ", ".model") == 0);
    CHECK(count("model cache: wrote ", ".copy") == 1);
    CHECK(third.model_text_gzipped);
    CHECK(third.model_text == kept.model_text);  // gzip'd a slice at a time, the same bytes
    CHECK(io::read_cached_copy(cache, kept.model_file.sha256) == kept.model_text);
    CHECK(third.model_file.sha256 == kept.model_file.sha256);
    CHECK(third.model_file.value.sectors == kept.model_file.value.sectors);
    fs::remove(path);
    fs::remove_all(dir);
    io::set_model_cache_settings(saved);
}

TEST_CASE("GraphML input: by extension, or for stdin by a first '<'", "[io][inputs]") {
    CHECK(is_graphml_input("town.GraphML", "{}"));
    CHECK_FALSE(is_graphml_input("town.json", "<graphml/>"));
    CHECK(is_graphml_input("-", " \n<?xml version=\"1.0\"?>"));
    CHECK_FALSE(is_graphml_input("-", "{\"schema\": \"cisim-model/1\"}"));
    CHECK_FALSE(is_graphml_input("-", ""));
}
