#include "io/ScenarioInputs.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>
#include <utility>

#include "io/Gzip.hpp"
#include "io/ModelCache.hpp"
#include "io/Sha256.hpp"

#include "model/Validate.hpp"

namespace cisim {
namespace {

int gzip_threads() { return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u)); }

// A file's gzip'd copy (the bytes io::gzip gives for its whole text) and the
// text's SHA-256, read a slice at a time: the text is never held whole.
// nullopt if it cannot be read (the caller reads it as usual, and says why).
std::optional<std::pair<std::string, std::string>> gzip_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    constexpr std::size_t slice = 8 * io::gzip_member_bytes;
    std::string text(slice, '\0'), gzipped;
    Sha256 digest;
    for (;;) {
        in.read(text.data(), static_cast<std::streamsize>(slice));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        const std::string_view part(text.data(), got);
        digest.update(part);
        gzipped += io::gzip(part, gzip_threads());
        if (got < slice) break;
    }
    if (in.bad() || gzipped.empty()) return std::nullopt;
    return std::pair{std::move(gzipped), digest.hex()};
}

}  // namespace

ScenarioInputs load_scenario_inputs(const std::string& scenario, const std::string& model, bool keep_model_text) {
    auto scenario_file = load_scenario_hashed(scenario);
    auto model_path = model.empty() ? resolve_model_path(scenario_file.value) : model;
    const auto& cache = io::model_cache_settings();
    // A model the cache holds (and its gzip'd copy, when one is asked for) is
    // read without its text: a million assets' is 0.5 GB beside the model.
    std::optional<HashedFile<Model>> held;
    if (!has_graphml_extension(model_path)) held = io::read_cached_model_file(model_path);
    if (held) {
        std::optional<std::string> copy;
        if (keep_model_text) copy = io::read_cached_copy(cache, held->sha256);
        // A big model without a copy yet (the first run after `cisim
        // validate`): gzip'd from the file, not read whole beside the model.
        std::error_code error;
        const auto bytes = std::filesystem::file_size(model_path, error);
        if (keep_model_text && !copy && !error && bytes >= io::compressed_copy_bytes)
            if (auto made = gzip_file(model_path); made && made->second == held->sha256) {
                io::write_cached_copy(cache, held->sha256, made->first);
                copy = std::move(made->first);
            }
        if (!keep_model_text || copy) {
            auto inputs = pair_scenario_inputs(input_name(scenario), std::move(scenario_file), input_name(model_path),
                                               std::move(*held));
            inputs.model_text = copy ? std::move(*copy) : std::string();
            inputs.model_text_gzipped = copy.has_value();
            return inputs;
        }
    }
    // Else the text is read: for the copy alone if the cache held the model.
    std::string text = read_file(model_path);
    const auto sha256 = sha256_hex(text);
    const bool graphml = is_graphml_input(model_path, text);
    const bool big_copy = keep_model_text && text.size() >= io::compressed_copy_bytes;
    // A big JSON model's gzip'd copy is kept beside its cache entry, so that a
    // second run does not compress it again.
    const bool cached = big_copy && !graphml && cache.takes(text.size());
    std::optional<std::string> copy;
    if (cached) copy = io::read_cached_copy(cache, sha256);
    // Else it is gzip'd while the model is parsed or read from the cache
    // (both only read the text; declared after it, the future is joined first).
    std::future<std::string> gzipped;
    if (big_copy && !copy)
        gzipped = std::async(std::launch::async, [&text] { return io::gzip(text, gzip_threads()); });
    auto model_file = held && held->sha256 == sha256 ? std::move(*held) : parse_model_file_hashed(model_path, text, sha256);
    if (copy) {
        text = std::move(*copy);
    } else if (gzipped.valid()) {
        text = gzipped.get();
        if (cached) io::write_cached_copy(cache, sha256, text);
    }
    if (!keep_model_text) std::string().swap(text);  // before the vintage copy and checks
    auto inputs = pair_scenario_inputs(input_name(scenario), std::move(scenario_file), input_name(model_path),
                                       std::move(model_file));
    inputs.model_text = std::move(text);
    inputs.model_text_gzipped = big_copy;
    inputs.model_is_graphml = graphml;
    return inputs;
}

ScenarioInputs pair_scenario_inputs(std::string scenario_path, HashedFile<Scenario> scenario_file,
                                    std::string model_path, HashedFile<Model> model_file) {
    model_file.value = at_vintage(std::move(model_file.value), scenario_file.value.as_of);
    check_scenario(scenario_file.value, model_file.value);
    return {std::move(scenario_path), std::move(scenario_file), std::move(model_path), std::move(model_file), {}, false};
}

}  // namespace cisim
