#pragma once
// Seeded synthetic models of any size for benchmarks and scaling tests
// (SPEC §10, `cisim generate`). Not a model of any real country: eight
// sector types, assets scattered over a grid of regions, dependencies drawn
// mostly within a region, and two network sectors whose links form one
// connected mesh each: power (plants are its sources) and telecom (exchanges
// are its sources; or, with telecom_network = giant, Buldyrev et al.'s giant
// component rule).
//
// Every draw comes from splitmix64 of (seed, stream, index) — a counter-based
// generator, so a given asset's attributes do not depend on how many others
// were drawn before it and the output is the same on every platform.
#include <cstdint>

#include "model/Model.hpp"

namespace cisim {

struct GenerateOptions {
    std::size_t nodes = 1000;    ///< assets (or sectors, with sector_level)
    double degree = 5;           ///< mean incoming dependencies per asset (or sector)
    std::uint64_t seed = 1;
    bool sector_level = false;   ///< `nodes` sectors and no assets (an IIM-sized sector model)
    NetworkMode telecom_network = NetworkMode::sources;  ///< connectivity rule of the telecom sector
};

/// A valid model (check_model passes) with exactly round(nodes × degree)
/// dependencies when nodes > 1: asset ids "n<i>", sector ids as listed in
/// generate.cpp (or "s<i>" with sector_level). Sector-level models keep every
/// row sum of strengths below 0.9, so the IIM's spectral radius is below 0.9.
Model generate_model(const GenerateOptions& options);

}  // namespace cisim
