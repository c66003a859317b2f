#pragma once
// --seed values (SPEC §11, the schemas' "seed"): integers in [0, 2^53 - 1].
// CLI11 would turn "-5" into 2^64 - 5 and saturate 1e23, so two different
// seeds could silently give the same run; the string is checked before conversion.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace cisim::app {

inline constexpr std::uint64_t max_seed = (std::uint64_t{1} << 53) - 1;

/// The check every --seed option carries: an empty string when `text` is a valid seed.
inline CLI::Validator seed_check() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const std::string expected = "expected an integer in [0, 9007199254740991] (2^53 - 1), got \"" + text + "\"";
            if (text.empty() || text.size() > 16) return expected;
            std::uint64_t v = 0;
            for (char c : text) {
                if (c < '0' || c > '9') return expected;
                v = v * 10 + static_cast<std::uint64_t>(c - '0');
            }
            return v <= max_seed ? std::string() : expected;
        },
        "SEED", "seed");
}

}  // namespace cisim::app
