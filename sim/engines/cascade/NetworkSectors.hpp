#pragma once
// The cascade engine's side of the connectivity rule (SPEC §5.5, Buldyrev et
// al., Nature 2010; the searches are engines/Connectivity.hpp): per network
// sector, its fed set kept up to date (FeedForest) or searched again with the
// answers remembered, and what it has cut off. Simulation::drop_unfed in
// NetworkSectors.cpp applies it after each settling.
#include <cstdint>
#include <optional>
#include <vector>

#include "engines/Connectivity.hpp"
#include "engines/cascade/LazyList.hpp"

namespace cisim::cascade {

inline constexpr std::size_t cache_size = 8;  ///< connectivity answers remembered per network sector

/// One remembered connectivity answer: the sector's non-working nodes → its unfed nodes.
struct CachedCut {
    std::vector<std::uint32_t> key;    ///< 2·local (+1 when present but not working), ascending
    std::vector<std::uint32_t> unfed;  ///< local indices
    std::size_t giant = 0;             ///< nodes in the giant component (not its fed neighbours)
    std::uint32_t anchor = 0;          ///< a node of the giant, when there is one
};

struct NetworkState {
    SectorGraph graph;
    /// The fed set, kept up to date: in "sources" mode always, in giant mode
    /// while the giant holds most of the sector (anchored in anchor_graph)
    std::optional<FeedForest> forest;
    SectorGraph anchor_graph;          ///< giant mode: the graph with one source, a node of the giant
    std::vector<char> state, fed;      ///< giant mode: searched again, answers remembered
    std::vector<std::uint32_t> key;
    std::vector<CachedCut> cache;
    std::size_t next_slot = 0;
    LazyList impaired;   ///< units of this sector that may be impaired
    std::size_t cut = 0; ///< nodes cut off now
    std::size_t giant = 0;  ///< giant mode: nodes in the giant component of the last answer
    bool dirty = true;   ///< some node's working state changed since the last answer
    bool reset = false;  ///< its cut-off nodes are already in this step's set C
};

}  // namespace cisim::cascade
