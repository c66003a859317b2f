#include "io/GeoJson.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace cisim {
namespace {

using nlohmann::ordered_json;

constexpr double impaired_below = 0.99;
constexpr double tolerance = 1e-6;  // operability is stored in single precision

// Six decimals are plenty for operability and hours, and keep floats readable.
double rounded(double x) { return std::round(x * 1e6) / 1e6; }

}  // namespace

std::string affected_geojson(const Model& model, const Network& network, const Result& result,
                             const std::vector<AssetHazard>* hazards) {
    // Per unit: the highest intensity, and the row with the highest PGA.
    std::vector<const SiteShaking*> strongest;
    std::vector<double> intensity;
    if (hazards) {
        strongest.assign(network.size(), nullptr);
        intensity.assign(network.size(), 0.0);
        for (const auto& row : *hazards) {
            if (!row.shaking || row.unit >= network.size()) continue;
            auto& s = strongest[row.unit];
            if (!s || row.shaking->motion.pga_gal > s->motion.pga_gal) s = &*row.shaking;
            intensity[row.unit] = std::max(intensity[row.unit], row.shaking->intensity);
        }
    }
    ordered_json features = ordered_json::array();
    const auto steps = result.times.size();
    if (result.has_units() && steps > 0) {
        for (std::uint32_t u = 0; u < network.size() && u < result.unit_count; ++u) {
            const auto n = network.units[u].node;
            if (n < 0) continue;
            const auto& node = model.nodes[static_cast<std::size_t>(n)];
            if (!node.lat || !node.lon) continue;
            double worst = 1.0;
            std::ptrdiff_t first = -1, last = -1;
            for (std::size_t i = 0; i < steps; ++i) {
                const double o = result.unit_at(i, u);
                worst = std::min(worst, o);
                if (o < impaired_below - tolerance) {
                    if (first < 0) first = static_cast<std::ptrdiff_t>(i);
                    last = static_cast<std::ptrdiff_t>(i);
                }
            }
            if (first < 0) continue;
            ordered_json recover = nullptr;
            if (static_cast<std::size_t>(last) + 1 < steps) recover = rounded(result.times[static_cast<std::size_t>(last) + 1]);
            ordered_json properties = {
                {"id", node.id},
                {"name", node.name},
                {"sector", node.sector},
                {"class", node.node_class},
                {"region", node.region},
                {"worst_operability", rounded(worst)},
                {"first_impact_h", rounded(result.times[static_cast<std::size_t>(first)])},
                {"time_to_recover_h", recover},
            };
            if (hazards) {
                const auto* s = strongest[u];
                properties["jma_intensity"] = s ? ordered_json(rounded(intensity[u])) : ordered_json(nullptr);
                static constexpr const char* states[] = {"p_slight", "p_moderate", "p_extensive", "p_complete"};
                for (std::size_t k = 0; k < 4; ++k)
                    properties[states[k]] = s ? ordered_json(rounded(s->probabilities[k + 1])) : ordered_json(nullptr);
            }
            features.push_back({{"type", "Feature"},
                                {"geometry", {{"type", "Point"}, {"coordinates", {*node.lon, *node.lat}}}},
                                {"properties", std::move(properties)}});
        }
    }
    const ordered_json collection = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
    return collection.dump(2) + "\n";
}

}  // namespace cisim
