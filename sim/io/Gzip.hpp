#pragma once
// gzip (RFC 1952) for the copies of big models that result directories keep,
// and for models given compressed. zlib stays inside io/Gzip.cpp.
#include <cstddef>
#include <string>
#include <string_view>

namespace cisim::io {

/// A model's text this big or bigger is kept in a result directory as
/// model.json.gz: a million-asset model's 556 MB copy shrinks about 8 times.
inline constexpr std::size_t compressed_copy_bytes = std::size_t{64} << 20;

/// Input bytes per member of gzip() (enough work per thread): a text cut
/// into slices of a multiple of this, each gzip'd, gives the same bytes as
/// gzip() of the whole.
inline constexpr std::size_t gzip_member_bytes = std::size_t{8} << 20;

/// Largest text gunzip gives (a small file may claim terabytes).
inline constexpr std::size_t gunzip_limit = std::size_t{16} << 30;

/// Whether `bytes` start as gzip data does (magic 1f 8b).
bool is_gzip(std::string_view bytes);

/// `text` as gzip at level 1, in independent members of a few MiB compressed
/// on up to `threads` threads (`gzip -d`, zcat and Python read the whole).
/// The same bytes for any thread count.
std::string gzip(std::string_view text, int threads);

/// The text of gzip data of one or more members. Throws InputError(file, "",
/// …) on corrupt or truncated data or beyond gunzip_limit.
std::string gunzip(std::string_view bytes, const std::string& file);

}  // namespace cisim::io
