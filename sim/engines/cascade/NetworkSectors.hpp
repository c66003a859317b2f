#pragma once
// The cascade engine's side of the connectivity rule (SPEC §5.5, Buldyrev et
// al., Nature 2010; the searches are engines/Connectivity.hpp): per network
// sector, its fed set or components kept up to date (FeedForest), and what it
// has cut off. Simulation::drop_unfed in
// NetworkSectors.cpp applies it after each settling.
#include <cstdint>
#include <optional>
#include <vector>

#include "engines/Connectivity.hpp"
#include "engines/cascade/LazyList.hpp"

namespace cisim::cascade {

struct NetworkState {
    SectorGraph graph;
    /// The fed set (sources mode) or the components (giant mode), kept up to
    /// date; made once the state sits in networks_ (it keeps graph's address).
    std::optional<FeedForest> forest;
    LazyList impaired;   ///< units of this sector that may be impaired
    std::size_t cut = 0; ///< nodes cut off now
    std::size_t giant = 0;  ///< giant mode: nodes in the giant component of the last answer
    bool dirty = true;   ///< some node's working state changed since the last answer
    bool reset = false;  ///< its cut-off nodes are already in this step's set C
};

}  // namespace cisim::cascade
