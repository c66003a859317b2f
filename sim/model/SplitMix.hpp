#pragma once
// splitmix64 (Steele, Lea & Flood 2014, as in Vigna's reference code): a fixed,
// portable mixing of 64-bit seeds, so derived streams (per event, per sample,
// per attribute) are decorrelated and the same on every platform.
#include <cstdint>

namespace cisim {

/// One splitmix64 step of `x`.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace cisim
