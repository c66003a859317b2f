#pragma once
// Cross-sector exercise injects (SPEC §7): a Master Scenario Events List (MSEL)
// read from a run's event log, one row per inject — when (T+hh:mm), which
// sector (and asset), what happens, the cause chain back to the initiating
// scenario event, and the players who receive it.
//
// Rows: every scenario event at its start; per sector, service degraded
// (operability below 99 %, read from the sector curve, when it does not fall
// below the service threshold at the same step), below the service threshold
// and below 50 %, a backup (buffer) exhausted — naming the
// supply, for asset models the first asset of the sector whose buffer for that
// supply runs dry; only when the shortfall then reaches the consumer (the
// engine logs supply_lost for it at that time), not for a buffer that runs dry
// at the instant its supply returns —, direct hits of multi-sector events, RTO breached (at the
// first drop below the threshold + rto_h, when the scores say it was
// breached), MTPD exceeded, service back above the threshold, fully restored
// (≥ 99 %). Asset-level rows (one per asset crossing) only on request, capped
// (the earliest max_node_rows; InjectList says how many were left out).
//
// Cause chain: from the row's entry follow its supplier (cause_unit /
// cause_sector) to that supplier's earliest impairment entry of the current
// episode (since its last return to ≥ 99 %) at or before that time, and so on
// until a direct hit names the scenario event; a supplier that is not impaired
// itself but was cut by a blackout ends at that blackout. Where the log names
// no supplier (engines that only read crossings off the curves: iim, diim),
// the supplier sector whose loss weighs most by the model at that moment
// (strength × its inoperability) is taken. Cycles stop the chain.
//
// Recipients: "<sector name> operators", the sector's regulator (competent
// ministry, see regulators_of) and the national centre. NISC became the
// National Cybersecurity Office (国家サイバー統括室, NCO) in July 2025 under the
// Active Cyber Defence legislation and now runs the cross-sector exercises; the
// default label "NCO (ex-NISC)" names it so that planners who know NISC
// recognise it (InjectOptions::national_centre changes it).
//
// Order: stable, by time, then sector order in the model (events that span
// sectors first), then sector rows before asset rows, then asset (model
// order), then row kind (as listed in InjectKind). Same input, same list.
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/Scoring.hpp"
#include "engines/Result.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

enum class InjectKind {
    initiating_event,   ///< a scenario event starts
    direct_hit,         ///< a scenario event damages the sector (events that span sectors)
    backup_exhausted,   ///< a buffer ran dry: the supply's loss now reaches the sector
    degraded,           ///< operability fell below 99 % (without crossing the service threshold then)
    below_service,      ///< operability below the service threshold
    below_half,         ///< operability below 50 %
    rto_breached,       ///< still below the service threshold rto_h after the first drop
    mtpd_breached,      ///< still below the service threshold mtpd_h after the first drop
    service_recovered,  ///< back at or above the service threshold
    restored,           ///< back at or above 99 %
};

std::string to_string(InjectKind k);

struct Inject {
    double t_h = 0;
    std::string time;                        ///< "T+hh:mm"
    InjectKind kind = InjectKind::initiating_event;
    std::string sector;                      ///< sector id; empty for an event that spans sectors
    std::string sector_name;
    std::string node;                        ///< asset id for asset-level rows, else empty
    std::string what;                        ///< what happens, for the players
    std::vector<std::string> cause_chain;    ///< ids from this row back to the initiating event
    std::vector<std::string> recipients;
};

struct InjectOptions {
    bool node_rows = false;                  ///< also one row per asset crossing (asset models)
    std::size_t max_node_rows = 200;         ///< keep the earliest asset rows only (the rest are counted)
    std::string national_centre = "NCO (ex-NISC)";
};

/// The competent ministries of a Japanese critical-infrastructure sector id
/// (empty for an unknown id). Water supply: MLIT since 2024-04-01 (moved from
/// MHLW by Act No. 36 of 2023, drinking-water quality standards to MOE).
std::vector<std::string> regulators_of(const std::string& sector_id);

/// "T+hh:mm" of a time in hours (minutes rounded; hours may exceed 99).
std::string inject_time(double t_h);

/// The list, and how many asset rows the cap (max_node_rows) left out.
struct InjectList {
    std::vector<Inject> injects;
    std::size_t node_rows_left_out = 0;
};

/// The Master Scenario Events List of a run, with what the cap left out.
InjectList build_inject_list(const Model& model, const Network& network, const Scenario& scenario,
                             const Result& result, const Scores& scores, const InjectOptions& options = {});

/// The Master Scenario Events List of a run (build_inject_list's rows).
std::vector<Inject> build_injects(const Model& model, const Network& network, const Scenario& scenario,
                                  const Result& result, const Scores& scores, const InjectOptions& options = {});

}  // namespace cisim
