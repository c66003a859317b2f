#pragma once
// Repair times of the exposed assets over a Monte Carlo run: each sample's
// Disruption is compiled again as the engines compile it (seed
// sample_seed(seed, i), options.sample), which is cheap next to running it.
// Ground motion, intensity, damage-state probabilities and inundation do not
// depend on the sample; the repair time does.
#include <cstdint>
#include <vector>

#include "hazards/HazardReport.hpp"

namespace cisim {

/// Sets each row's repair_h to its median over `samples` samples of the run
/// seeded `seed`; a sample that left the asset undamaged counts as 0 h. The
/// median of an even count is the mean of the middle two.
void set_median_repair_h(const Model& model, const Network& network, const Scenario& scenario, int samples,
                         std::uint64_t seed, std::vector<AssetHazard>& rows);

}  // namespace cisim
