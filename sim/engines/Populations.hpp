#pragma once
// Populations (SPEC §3): a sector-level unit, or an asset that stands for many
// facilities (`facilities` > 1), behaves like the population it stands for.
//
// Method: stratified classes. A population whose dependency parameters (or
// repair times) are spread over its members, or whose members a scenario cuts in turns (rolling
// blackouts), is split into K classes of equal share (K = 16, or the next
// multiple of the rotation's group count). Class k takes, for each spread
// parameter, the population quantile (i + 0.5)/K of a stratified index i:
// classes are laid out group by group, each group gets every G-th quantile,
// and each (dependency, parameter) permutes quantiles within the groups with a
// fixed pseudo-random order, so parameters are independent of each other
// (a Latin hypercube with a fixed seed) and every rotation group is a fair
// sample of the population. The unit itself stays in the network as the mean
// of its classes (combination `mean`), so consumers, scores and outputs see
// the population as one unit; its classes are extra units of weight 0.
// Damage and restore events of the unit reach every class, and a population
// whose repair_scale is spread (its own, or a sector-level unit's sector's)
// repairs each class at that class's quantile of it; a supply cut of a
// rotation group reaches that group's classes only.
// Partial supply (BufferPhase.hpp): a shortfall s on a population means s of
// its members fully cut, and each cut class drains its buffer at the full rate.
// Deviations: a class is a stratum, not a sampled facility; members of one
// class share one damage state (Monte Carlo draws one per unit, not per class).
// A class drains as one: when a shortfall grows after a class's buffer
// emptied, the newly cut members pass their loss at once instead of draining
// their own buffers (exact for a cut that starts at its full share, as a
// blackout does; too quick for one that grows: 10 % for 20 h then 50 % drops
// a 20 h-buffered population to 50 % at once). Two spread parameters of one
// dependency are paired by fixed random orders, so their joint shares can be a
// class (1/16) off the product of their shares (water on the 2019 Chiba run:
// 8 of 16 classes pumped and without a generator where the data give 0.40).
#include <cstdint>
#include <optional>
#include <vector>

#include "engines/Result.hpp"
#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// Classes a population is split into when a parameter is spread over it.
inline constexpr std::uint32_t population_classes = 16;

/// The network with populations split into classes, and the disruption on it.
struct PopulationClasses {
    Network network;                   ///< units 0..n-1 as in the original, then the classes
    Disruption disruption;
    std::vector<std::uint32_t> base;   ///< class unit (index − n) → its population unit
    std::size_t base_units = 0;        ///< n
    bool sector_level = false;         ///< the model has no assets: units log as their sectors
};

/// The split, or none when no unit needs classes (nothing changes then).
std::optional<PopulationClasses> split_populations(const Model& model, const Network& network,
                                                   const Disruption& disruption);

/// The result on the original network: the classes' series dropped, their log
/// entries given to their population (one per episode), and the population's
/// own entries named after the real supplier instead of its classes.
Result merge_classes(Result result, const PopulationClasses& classes);

}  // namespace cisim
