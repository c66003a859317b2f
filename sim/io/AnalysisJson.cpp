#include "io/AnalysisJson.hpp"

#include <nlohmann/json.hpp>

namespace cisim {

std::string analysis_to_json(const StaticAnalysis& a) {
    using Json = nlohmann::ordered_json;  // keys in the order SPEC §11 lists them
    Json out;
    out["model"] = a.model;
    Json sectors = Json::array();
    for (const auto& s : a.sectors) {
        Json row{{"id", s.id}, {"name", s.name}, {"name_ja", s.name_ja},
                 {"direct_suppliers", s.direct_suppliers}, {"direct_dependents", s.direct_dependents}};
        // Summarised (large models): the count stands for the list, which grows with n².
        if (a.summarised) row["transitive_dependents_count"] = s.transitive_count;
        else row["transitive_dependents"] = s.transitive_dependents;
        row["interdependent_with"] = s.interdependent_with;
        row["self_dependent"] = s.self_dependent;
        sectors.push_back(std::move(row));
    }
    out["sectors"] = std::move(sectors);
    out["loops"] = a.loops;
    Json keys = Json::array();
    for (const auto& k : a.key_sectors) keys.push_back({{"id", k.id}, {"total_inoperability", k.total_inoperability}});
    out["key_sectors"] = std::move(keys);
    if (a.key_sectors_error) out["key_sectors_error"] = *a.key_sectors_error;
    Json criticality = Json::array();
    for (const auto& c : a.criticality)
        criticality.push_back({{"id", c.id}, {"reach", c.reach}, {"outgoing_strength", c.outgoing_strength}});
    out["criticality"] = std::move(criticality);
    if (a.summarised) {
        // [consumer index, supplier index, strength] per nonzero entry.
        Json entries = Json::array();
        for (const auto& e : a.matrix.entries) entries.push_back(Json::array({e.consumer, e.supplier, e.strength}));
        out["matrix"] = {{"ids", a.matrix.ids}, {"rows", "consumer"}, {"columns", "supplier"}, {"entries", std::move(entries)}};
        out["summarised"] = true;
    } else {
        out["matrix"] = {{"ids", a.matrix.ids}, {"rows", "consumer"}, {"columns", "supplier"}, {"strength", a.matrix.strength}};
    }
    if (a.cascade) {
        out["cascade"] = {{"threshold", a.cascade->threshold},
                          {"waves", a.cascade->waves},
                          {"sector_waves", a.cascade->sector_waves},
                          {"causes", a.cascade->causes}};
    }
    return out.dump(2) + "\n";
}

}  // namespace cisim
