#pragma once
// The cascade engine's scheduler: how one step reaches the fixed point of
// SPEC §5.4 (zero-delay dependencies act within the step). Simulation's
// members in Scheduler.cpp: solve_step picks the units to reset (the set C
// of its proof) and settle evaluates queued units, Gauss–Seidel in index order,
// block by block, and on models of more than part_units units in parts that
// run on any number of threads with the same result (block Gauss–Seidel–Jacobi:
// parts read each other as the round began). The connectivity rule
// (NetworkSectors.hpp) may then cut nodes off, and settling resumes.
// Under a contraction, one part's sweep moves a unit whose changes shrink by
// a steady ratio to the limit of that geometric series (Aitken's Δ²,
// Extrapolation.hpp): a loop settles in about four sweeps instead of
// log(1e-12)/log(ratio).
// Deviation: converged to converge_eps, not exactly; loops of partial
// dependencies stop after cascade_max_sweeps evaluations per unit.
#include <cstdint>
#include <vector>

#include "engines/IndexSet.hpp"
#include "engines/cascade/UnitRule.hpp"

namespace cisim::cascade {

inline constexpr double converge_eps = 1e-12;  ///< operability change that ends the fixed-point iteration
inline constexpr std::size_t settle_block = 4096;  ///< units settled together (their arrays fit in a core's L2)
inline constexpr std::size_t part_units = 4 * settle_block;  ///< units of one settling part (see settle)

/// What a unit's change means for the shared bookkeeping (Simulation::describe).
struct Move {
    std::uint32_t unit = 0, sector = 0;
    std::int32_t network = -1;  ///< network sector of the unit, or −1
    std::int8_t impaired = 0;   ///< +1 became impaired, −1 no longer, 0 neither
    std::int8_t cut = 0;        ///< +1 cut off, −1 no longer, 0 neither
    std::int8_t relay = -1;     ///< network node whose state changed: the new state (0, 1, 2)
    std::int64_t loss = 0;      ///< change of the sector's quantized loss
};

/// A settling part (Simulation::settle): its units' queue, and what a round books after it.
struct Part {
    std::uint32_t begin = 0, end = 0;
    IndexSet queue;  ///< local indices (unit − begin)
    GroupScratch scratch;
    std::size_t budget = 0;
    std::vector<std::uint32_t> dirty;    ///< units first changed in this step
    std::vector<std::uint32_t> moved;    ///< units that moved in this round
    std::vector<Move> moves;             ///< their moves, described after the round
    std::vector<std::uint32_t> foreign;  ///< consumers in other parts to queue
};

}  // namespace cisim::cascade
