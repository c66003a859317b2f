#include "montecarlo/HazardSamples.hpp"

#include <algorithm>

#include "hazards/ScenarioHazards.hpp"
#include "montecarlo/MonteCarlo.hpp"

namespace cisim {

void set_median_repair_h(const Model& model, const Network& network, const Scenario& scenario, int samples,
                         std::uint64_t seed, std::vector<AssetHazard>& rows) {
    if (samples < 1 || rows.empty()) return;
    // Only the non-zero repair times are kept: most assets are undamaged in most samples.
    std::vector<std::vector<double>> repaired(rows.size());
    for (int i = 0; i < samples; ++i) {
        const auto disruption =
            compile_disruption(model, network, scenario, {true, sample_seed(seed, static_cast<std::uint64_t>(i))});
        const auto hours = repair_hours(rows, disruption);
        for (std::size_t k = 0; k < rows.size(); ++k)
            if (hours[k] > 0) repaired[k].push_back(hours[k]);
    }
    const auto n = static_cast<std::size_t>(samples);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        auto& v = repaired[k];
        std::sort(v.begin(), v.end());
        const std::size_t zeros = n - v.size();
        auto at = [&](std::size_t i) { return i < zeros ? 0.0 : v[i - zeros]; };
        rows[k].repair_h = n % 2 ? at(n / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
    }
}

}  // namespace cisim
