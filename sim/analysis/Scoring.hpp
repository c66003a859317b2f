#pragma once
// IT-BCP impact scoring (SPEC §6): per sector and per node class, from the
// operability curves of any engine's Result; overall RTO compliance graded on
// NISC's implementation-rate scale (A = 100 %, B ≥ 80 %, C ≥ 60 %, D < 60 %).
//
// Definitions, for a curve o(t₀..tₙ₋₁) sampled at Result::times (sample i
// stands for the interval [tᵢ, tᵢ₊₁); the last sample closes the horizon):
// - impaired = o < 0.99, below service = o < Result::service_threshold
//   (default 0.9); a value within 1e-6 of a threshold counts as at it, since
//   engines store operability in single precision;
// - min operability = min o; peak inoperability = 1 − min o;
// - first impact = first tᵢ that is impaired;
// - downtime = Σ (tᵢ₊₁ − tᵢ) over samples below service (each counts its step);
// - outage = from the first sample below service to the sample after the last
//   one below service (or to the horizon if the curve ends below service) — it
//   spans short returns in between; equals downtime for one continuous outage;
// - time to recover = time of the sample after the last impaired one; 0 if
//   never impaired; none if still impaired at the horizon;
// - longest outage = the longest continuous run below service (each sample its step);
// - inoperability-hours = ∫ (1 − o) dt with each sample holding over its step,
//   as downtime does (the cascade engine's state is piecewise constant: a full
//   loss for 8 h is 8 inoperability-hours at any step);
// - RTO met ⇔ longest outage ≤ rto_h (+1e-9): each interruption must be
//   recovered within the RTO, so rolling blackouts' daily 3 h cuts are judged one
//   by one, not as one long outage. A sector still down at the horizon is judged
//   on the outage observed so far: breached only once it exceeds the RTO (the
//   horizon cuts the observation; we do not extrapolate);
// - MTPD breached ⇔ longest outage > mtpd_h (+1e-9); false without an MTPD;
// - loss = output / 8760 × inoperability-hours (output is annual), when given.
// Node classes: the curve is the capacity-weighted mean (Node::capacity, not the
// per-sector share, as a class spans sectors) of the class's units; scored only
// when the Result holds unit series; nodes without a class are not scored by class.
// Overall: rto_compliance = Σ weight of sectors with an RTO that meet it ÷ Σ
// weight of sectors with an RTO (1 when none has one or their weights sum to 0);
// inoperability-hours = the unweighted sum over sectors (weights express
// importance for compliance, not a unit of service); loss = Σ sector losses,
// none when no sector has an output.
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
    double longest_outage_h = 0;             ///< longest continuous period below the threshold
    std::optional<double> time_to_recover_h; ///< last return to ≥ 0.99; 0 if never impacted; none if not by the horizon
    double inoperability_hours = 0;          ///< ∫ (1 − operability) dt
    std::optional<double> rto_h, mtpd_h;
    std::optional<bool> rto_met;             ///< none when the sector has no RTO
    bool mtpd_breached = false;
    std::optional<double> loss;              ///< output per hour × inoperability-hours, when output is given
    std::optional<double> outage_start_h;    ///< first drop below the service threshold; none if never
    bool recovered = true;                   ///< at or above the service threshold at the horizon
    bool operator==(const ImpactScore&) const = default;
};

struct OverallScore {
    double rto_compliance = 1;               ///< weighted share of sectors with an RTO that meet it
    std::string grade = "A";
    double inoperability_hours = 0;
    std::optional<double> loss;
    bool operator==(const OverallScore&) const = default;
};

struct Scores {
    std::vector<ImpactScore> sectors;        ///< in model order
    std::vector<ImpactScore> classes;        ///< node classes, sorted by name (asset-level models only)
    OverallScore overall;
    bool operator==(const Scores&) const = default;
};

/// NISC grade of an RTO compliance share in [0, 1] (1e-12 tolerance at the boundaries).
std::string nisc_grade(double compliance);

/// Scores every sector and node class of a run.
Scores score(const Model& model, const Network& network, const Result& result);

/// Scores one operability curve sampled at `times` (no RTO, MTPD or loss: the caller adds them).
ImpactScore score_curve(const std::string& id, const std::vector<double>& times,
                        const std::vector<double>& operability, double service_threshold);

/// Overall figures of sector scores (compliance, grade, totals).
OverallScore overall_score(const std::vector<ImpactScore>& sectors);

}  // namespace cisim
