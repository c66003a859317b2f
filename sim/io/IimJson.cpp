#include "io/IimJson.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cisim {
namespace {

using Json = nlohmann::ordered_json;  // sectors in model order

// Appended without lookup (ordered_json's operator[] searches linearly, which
// made 100,000 sectors take a minute): sector ids are unique.
Json by_sector(const std::vector<std::string>& ids, const std::vector<double>& values) {
    Json out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    const auto n = std::min(ids.size(), values.size());
    members.reserve(n);
    for (std::size_t i = 0; i < n; ++i) members.emplace_back(ids[i], values[i]);
    return out;
}

}  // namespace

std::string iim_to_json(const IimSolution& s) {
    Json out;
    out["q"] = by_sector(s.ids, s.q);
    out["loss"] = s.loss ? Json(*s.loss) : Json(nullptr);
    out["spectral_radius"] = s.spectral_radius;
    out["saturated"] = s.saturated;
    out["c_star"] = by_sector(s.ids, s.c_star);
    out["dependency_index"] = by_sector(s.ids, s.dependency_index);
    out["influence_index"] = by_sector(s.ids, s.influence_index);
    if (!s.overall_dependency_index.empty()) {
        out["overall_dependency_index"] = by_sector(s.ids, s.overall_dependency_index);
        out["overall_influence_index"] = by_sector(s.ids, s.overall_influence_index);
    }
    out["row_sums"] = by_sector(s.ids, s.row_sums);
    out["row_sums_at_least_one"] = s.row_sums_at_least_one;
    out["saturated_sectors"] = s.saturated_sectors;
    out["notes"] = s.notes;
    return out.dump(2) + "\n";
}

}  // namespace cisim
