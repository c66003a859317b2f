#pragma once
// The deterministic run as the central case of the Monte Carlo (SPEC §5.7;
// docs/central-case.md). Where hazards damage assets at random (earthquakes,
// tsunamis), one realisation cannot stand for the samples: which assets take
// the heavy states decides a sector, and the best of 200 Tokyo samples still
// misses one sector's median by 24 %. So the deterministic run is K stratified
// realisations (hazards/CentralCase.hpp: each asset's quantile takes K evenly
// spaced values, the strata a Latin hypercube over them; Cranley & Patterson
// 1976, McKay et al. 1979) combined:
//   - sector curves: at each step, each sector's operability is the median over
//     the K realisations (for an even K, the mean of the two middle values).
//     For curves that only recover, the time a median curve spends below a
//     level is the median of the times the realisations spend there.
//   - asset (unit) curves: the mean over the K, each asset's expected
//     operability (a median would hide an asset damaged in 40 % of them; the
//     households counted from these curves are expected counts).
//   - log: the realisation nearest the median curves (smallest sum over sectors
//     of |IH_r − IH_median| / max(1 h, IH_median), IH the inoperability-hours),
//     the representative. events.csv and the injects follow it, whole: an
//     exercise timeline must be one coherent story, which a median is not.
// K is fixed (no draws): results depend on neither seeds nor threads, and every
// variant `measures` compares meets the same K realisations (common random
// numbers). Scenarios whose hazards draw nothing per asset run once.
// Deviation: the median curve is no realisation; a sector's median curve and
// the mean curves of its units need not aggregate to one another.
#include <cstdint>
#include <vector>

#include "engines/Engine.hpp"
#include "engines/Result.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// K when none is asked for: 32 stratified realisations bring every Tokyo M7.3
/// sector's inoperability-hours within 11 % of the median of 200 samples.
inline constexpr std::uint32_t default_central_realisations = 32;

/// Realisations the deterministic run of `scenario` combines: options.realisations
/// when set; else default_central_realisations when an earthquake or tsunami
/// damages assets at random, else 1 (nothing to stratify).
std::uint32_t central_realisations(const Scenario& scenario, const RunOptions& options);

/// The central case of K realisations of engine.run_once, as described above
/// (K + 1 runs: the representative runs again with its log; memory does not grow with K).
Result run_central_case(const Engine& engine, const Model& model, const Network& network, const Scenario& scenario,
                        const RunOptions& options, std::uint32_t k);

}  // namespace cisim
