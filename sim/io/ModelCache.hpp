#pragma once
// A cache of checked models, keyed by the SHA-256 of the model's text (issue
// 23 point 2: a second run of a million-asset model skips parsing and
// checking its 556 MB of JSON). Each entry is the Model as parse_model gives
// it, in a binary form that only the very build that wrote it reads: the
// entry names the build's GNU build ID, and a rebuilt cisim misses and
// writes a new one. An entry that is missing, stale, truncated or corrupt
// (its SHA-256 is checked) is a miss, never an error: the text is parsed as
// without a cache. Only texts from `min_bytes` up are cached (small models
// parse in milliseconds).
//
// Where: $CISIM_CACHE_DIR, else $XDG_CACHE_HOME/cisim, else ~/.cache/cisim;
// CISIM_CACHE_DIR=off turns it off. The newest `kept` entries stay.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "io/ModelJson.hpp"
#include "model/Model.hpp"

namespace cisim::io {

struct ModelCacheSettings {
    std::string dir;                              ///< empty: no cache
    std::size_t min_bytes = std::size_t{64} << 20;  ///< smaller texts are parsed
    std::size_t kept = 4;                         ///< entries kept, most recently used first

    /// Whether a model text of this size is cached.
    bool takes(std::size_t text_bytes) const { return !dir.empty() && text_bytes >= min_bytes; }

    /// From the environment (above); CISIM_CACHE_MIN_BYTES overrides min_bytes.
    static ModelCacheSettings from_environment();
};

/// The settings every loader uses: from the environment when first asked.
const ModelCacheSettings& model_cache_settings();
/// Replaces them (tests), not while a model is being loaded.
void set_model_cache_settings(ModelCacheSettings settings);
/// Receives one line per cache hit, miss or write ("model cache: …"); the CLI
/// sends them to its -v trace.
void set_model_cache_trace(std::function<void(const std::string&)> trace);

/// This build's GNU build ID in hex, or "" when the binary has none (no cache then).
const std::string& build_id();

/// The entry for a model text with this hash, if the cache holds a good one;
/// its Model::file is set to `file`.
std::optional<Model> read_cached_model(const ModelCacheSettings& settings, const std::string& text_sha256,
                                       const std::string& file);
/// Stores `model` (as parse_model gave it) for a text with this hash; a
/// failure (full disk, no permission) only skips the cache.
void write_cached_model(const ModelCacheSettings& settings, const std::string& text_sha256, const Model& model);

/// The gzip'd copy of a model text that a result directory keeps (from
/// io::compressed_copy_bytes on), kept beside the text's entry: a second run
/// neither reads the text nor compresses it again. Same keys, checks and
/// pruning as the entries; a miss is nullopt.
std::optional<std::string> read_cached_copy(const ModelCacheSettings& settings, const std::string& text_sha256);
void write_cached_copy(const ModelCacheSettings& settings, const std::string& text_sha256, std::string_view gzipped);

/// parse_model (io/ModelJson.hpp) through the cache: a hit is returned as is,
/// a miss is parsed, checked and stored. `text_sha256` is the text's hash.
Model parse_model_cached(std::string_view text, const std::string& file, const std::string& text_sha256);
/// The same, hashing the text only when it is big enough to be cached.
Model parse_model_cached(std::string_view text, const std::string& file);

/// A model file's cache entry, found without keeping its text: the file is
/// hashed in chunks. nullopt on a miss (then read and parse it), and for what
/// the cache does not take this way: stdin, gzip'd files, files under min_bytes.
/// The caller keeps GraphML away.
std::optional<HashedFile<Model>> read_cached_model_file(const std::string& path);

/// The binary form itself (tests): encode, and decode (nullopt on any fault).
std::string encode_model(const Model& model);
std::optional<Model> decode_model(std::string_view bytes);

}  // namespace cisim::io
