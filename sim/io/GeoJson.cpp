#include "io/GeoJson.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>
#include <nlohmann/json.hpp>

namespace cisim {
namespace {

using nlohmann::ordered_json;

constexpr double impaired_below = 0.99;
constexpr double tolerance = 1e-6;  // operability is stored in single precision
constexpr std::size_t indent_features_limit = 10'000;

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
    // Worst value and first and last impaired step per unit, from its changes
    // (a value holds from its change to the next).
    const auto steps = result.times.size();
    const std::size_t units = result.has_units() && steps > 0 ? std::min<std::size_t>(network.size(), result.unit_count) : 0;
    std::vector<float> worst(units, 1.0f);
    std::vector<std::int32_t> first(units, -1), last(units, -1);
    for (std::size_t u = 0; u < units; ++u) {
        const auto changes = result.unit_operability.changes(u);
        for (std::size_t j = 0; j < changes.size(); ++j) {
            const auto [step, value] = changes[j];
            worst[u] = std::min(worst[u], value);
            if (static_cast<double>(value) < impaired_below - tolerance) {
                if (first[u] < 0) first[u] = static_cast<std::int32_t>(step);
                const auto end = j + 1 < changes.size() ? changes[j + 1].step : steps;
                last[u] = static_cast<std::int32_t>(end - 1);
            }
        }
    }
    auto located = [&](std::size_t u) -> const Node* {
        const auto n = network.units[u].node;
        if (n < 0) return nullptr;
        const auto& node = model.nodes[static_cast<std::size_t>(n)];
        return node.lat && node.lon ? &node : nullptr;
    };
    std::size_t affected = 0;
    for (std::size_t u = 0; u < units; ++u) affected += first[u] >= 0 && located(u);
    // Indented while a person might read it; one line for big models (the
    // indentation alone was 60 % of the file).
    const bool indent = affected <= indent_features_limit;
    std::string text = indent ? "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [" : "{\"type\":\"FeatureCollection\",\"features\":[";
    bool any = false;
    // One feature at a time: a tree of all of them took gigabytes at a million assets.
    for (std::uint32_t u = 0; u < units; ++u) {
        const Node* located_node = first[u] >= 0 ? located(u) : nullptr;
        if (!located_node) continue;
        const auto& node = *located_node;
        const auto end = static_cast<std::size_t>(last[u]) + 1;
        ordered_json recover = nullptr;
        if (end < steps) recover = rounded(result.times[end]);
        ordered_json properties = {
            {"id", node.id},
            {"name", node.name},
            {"sector", node.sector},
            {"class", node.node_class},
            {"region", node.region},
            {"worst_operability", rounded(worst[u])},
            {"first_impact_h", rounded(result.times[static_cast<std::size_t>(first[u])])},
            {"time_to_recover_h", recover},
        };
        if (hazards) {
            const auto* s = strongest[u];
            properties["jma_intensity"] = s ? ordered_json(rounded(intensity[u])) : ordered_json(nullptr);
            static constexpr const char* states[] = {"p_slight", "p_moderate", "p_extensive", "p_complete"};
            for (std::size_t k = 0; k < 4; ++k)
                properties[states[k]] = s ? ordered_json(rounded(s->probabilities[k + 1])) : ordered_json(nullptr);
        }
        const ordered_json feature = {{"type", "Feature"},
                                      {"geometry", {{"type", "Point"}, {"coordinates", {*node.lon, *node.lat}}}},
                                      {"properties", std::move(properties)}};
        text += any ? "," : "";
        if (indent) {
            // As the whole collection's dump(2) nests it: four more spaces a line
            // (JSON strings hold no raw line breaks).
            text += "\n    ";
            for (const char c : feature.dump(2)) {
                text += c;
                if (c == '\n') text += "    ";
            }
        } else {
            text += feature.dump();
        }
        any = true;
    }
    if (indent) text += any ? "\n  ]\n}\n" : "]\n}\n";
    else text += "]}\n";
    return text;
}

}  // namespace cisim
