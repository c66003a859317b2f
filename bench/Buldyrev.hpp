#pragma once
// The cascade of Buldyrev, Parshani, Paul, Stanley & Havlin, "Catastrophic
// cascade of failures in interdependent networks", Nature 464:1025–1028
// (2010), as a benchmark of the engine's giant mode (issue 23, point 5): two
// Erdős–Rényi networks A and B of `nodes` nodes each and mean degree
// `degree`, node aᵢ and bᵢ depending on each other (strength 1, one to one),
// and a random share 1 − p of A removed at the start. Here as a cisim model
// (two "giant"-mode sectors) and scenario, and as a plain breadth-first
// implementation that the engine is measured against.
#include <cstdint>
#include <vector>

#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim::bench {

struct BuldyrevOptions {
    std::size_t nodes = 100'000;  ///< per network
    double degree = 4;            ///< mean degree of each network
    double p = 0.65;              ///< share of A kept at the start
    std::uint64_t seed = 1;
};

/// Undirected graph on 0..n-1 as CSR.
struct Csr {
    std::vector<std::uint32_t> offsets, targets;
    std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

struct BuldyrevInput {
    Model model;        ///< sectors "a", "b" (giant mode); nodes a0…, then b0…; links; aᵢ ↔ bᵢ
    Scenario scenario;  ///< the removed A nodes out (severity 1) over the whole horizon (1 h)
    Csr a, b;
    std::vector<char> removed;  ///< per A node
};

/// Draws the two networks (each a G(n, m) graph with m = round(n·degree/2)
/// distinct links) and the removed nodes from splitmix64 streams of the seed.
BuldyrevInput buldyrev_input(const BuldyrevOptions& options);

struct PlainBuldyrevResult {
    std::vector<char> alive_a, alive_b;
    std::size_t rounds = 0;  ///< rounds of pruning until nothing changed
};

/// The cascade, plainly: each round the dependencies (aᵢ and bᵢ each live only
/// while both do), then in both networks every live node outside the largest
/// live component dies (ties to the component with the lowest index), found by
/// breadth-first search from scratch; until a round changes nothing. The
/// engine's order: dependencies settled, then both networks pruned at once.
PlainBuldyrevResult plain_buldyrev(const Csr& a, const Csr& b, const std::vector<char>& removed);

}  // namespace cisim::bench
