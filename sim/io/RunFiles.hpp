#pragma once
// The files of a result directory (SPEC §8, §11): summary.json, the tidy
// timeseries.csv and events.csv. Pure functions from values to text; the
// OutputDirectory writes them.
#include <ostream>
#include <string>
#include <vector>

#include "analysis/Households.hpp"
#include "analysis/Scoring.hpp"
#include "hazards/HazardReport.hpp"
#include "montecarlo/MonteCarlo.hpp"
#include "engines/Result.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// An input file as summary.json names it.
struct InputFile {
    std::string path;
    std::string sha256;
};

/// Everything a run's summary.json reports.
struct RunSummary {
    const Model& model;
    const Scenario& scenario;
    const Result& result;
    const Scores& scores;
    InputFile model_file, scenario_file;
    const HouseholdsOut* households = nullptr;  ///< when the model carries households or population
    /// Reach of each scenario event (by index), or none: the "events" entries
    /// then carry no units_reached / units_damaged.
    const std::vector<EventReach>* reach = nullptr;
};

/// summary.json of a run (kind "run"). Each "events" entry carries the
/// event's reach when known: units_reached, units_damaged, and for earthquakes
/// max_jma_intensity and max_jma_at (a unit id), for tsunamis units_inundated.
/// An event that damages nothing also gets a line in "notes" (reach_notes).
std::string summary_json(const RunSummary& run);

/// summary.json of a Monte Carlo run (kind "mc"): the run's header, the sample
/// distributions ("monte_carlo"), then the deterministic run's scores under
/// "deterministic_central_case". Holds nothing that depends on threads.
std::string mc_summary_json(const RunSummary& central, const MonteCarloResult& mc, std::uint64_t seed);

/// mc_bands.csv: `t_h,id,p10,p50,p90,mean` per sector and step.
std::string mc_bands_csv(const Model& model, const OperabilityBands& bands);

/// timeseries.csv: `t_h,level,id,operability`, sectors then (if recorded) nodes
/// per step, streamed step by step (a million nodes over a week at 1 h: 4.3 GB).
void write_timeseries_csv(std::ostream& out, const Model& model, const Network& network, const Result& result);

/// events.csv: `t_h,level,id,sector,kind,value,cause,event`.
std::string events_csv(const Model& model, const Network& network, const Scenario& scenario, const Result& result);

/// households.csv: `t_h,sector,households_out[,population_out]` per counted
/// sector and step; a column only for what the model gives, an empty cell for a
/// sector without that figure.
std::string households_csv(const Model& model, const HouseholdsOut& households);

/// Id of scenario event `i` as reports name it ("kind#n" when it has no id).
std::string event_label(const Scenario& scenario, std::size_t i);

/// One line per event that reaches units but damages none, for stdout and
/// the summary's notes; empty when every event damages something.
std::vector<std::string> reach_notes(const Scenario& scenario, const std::vector<EventReach>& reach);

/// hazard.csv: a comment line naming the damage states, then
/// `id,event,pga_g,pgv_cm_s,jma_intensity,p_slight,p_moderate,p_extensive,p_complete,inundated,repair_h`,
/// one row per exposed asset and earthquake or tsunami event. Earthquake rows
/// leave `inundated` empty; tsunami rows leave the ground-motion columns empty.
void write_hazard_csv(std::ostream& out, const Network& network, const Scenario& scenario,
                      const std::vector<AssetHazard>& rows);

/// A CSV field, quoted when it needs to be.
std::string csv_field(const std::string& s);

}  // namespace cisim
