#pragma once
// SHA-256 (FIPS 180-4), for the input hashes recorded in summary.json.
#include <string>
#include <string_view>

namespace cisim {

/// Lower-case hex SHA-256 digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace cisim
