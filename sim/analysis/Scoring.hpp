#pragma once
// IT-BCP impact scoring (SPEC §6): per sector and per node class, from the
// operability curves of any engine's Result; overall RTO compliance graded on
// NISC's implementation-rate scale (A = 100 %, B ≥ 80 %, C ≥ 60 %, D < 60 %).
#include <optional>
#include <string>
#include <vector>

#include "engines/Result.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

struct ImpactScore {
    std::string id;                          ///< sector id, or node class
    double weight = 1;                       ///< sector weight (1 for classes)
    double min_operability = 1;
    double peak_inoperability = 0;           ///< 1 − min_operability
    std::optional<double> first_impact_h;    ///< first time below 0.99; none if never impacted
    double downtime_h = 0;                   ///< total time below the service threshold
    double outage_h = 0;                     ///< first drop below the threshold → last return above it
    std::optional<double> time_to_recover_h; ///< last return to ≥ 0.99; 0 if never impacted; none if not by the horizon
    double inoperability_hours = 0;          ///< ∫ (1 − operability) dt
    std::optional<double> rto_h, mtpd_h;
    std::optional<bool> rto_met;             ///< none when the sector has no RTO
    bool mtpd_breached = false;
    std::optional<double> loss;              ///< output per hour × inoperability-hours, when output is given
};

struct OverallScore {
    double rto_compliance = 1;               ///< weighted share of sectors with an RTO that meet it
    std::string grade = "A";
    double inoperability_hours = 0;
    std::optional<double> loss;
};

struct Scores {
    std::vector<ImpactScore> sectors;        ///< in model order
    std::vector<ImpactScore> classes;        ///< node classes, sorted by name (asset-level models only)
    OverallScore overall;
};

/// NISC grade of an RTO compliance share in [0, 1].
std::string nisc_grade(double compliance);

/// Scores every sector and node class of a run.
Scores score(const Model& model, const Network& network, const Result& result);

}  // namespace cisim
