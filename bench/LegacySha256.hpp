#pragma once
// The hand-written SHA-256 (FIPS 180-4) that sim/io used until OpenSSL's
// libcrypto replaced it (io/Sha256.hpp): kept here only so that bench/Micro.cpp
// can time both side by side (bench/README.md).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cisim::bench {

/// Incremental SHA-256: a model file of hundreds of MB is hashed in chunks.
/// On x86-64 CPUs with the SHA extensions the blocks are compressed by them
/// (six times the speed of the portable code, which is used otherwise).
class LegacySha256 {
public:
    /// `hardware` false keeps to the portable code (tests check both).
    explicit LegacySha256(bool hardware = true);
    /// Whether this CPU has the SHA extensions.
    static bool hardware_available();

    LegacySha256& update(std::string_view bytes);
    /// Lower-case hex digest of everything given to update(); ends the hash.
    std::string hex();

private:
    std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t used_ = 0;        ///< bytes waiting in block_
    std::uint64_t length_ = 0;    ///< bytes given so far
    bool hardware_ = false;

    void compress_blocks(const unsigned char* data, std::size_t blocks);
};

}  // namespace cisim::bench
