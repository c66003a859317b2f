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

/// How unit-level series are written (docs/formats.md, timeseries.csv):
/// `full`: a node row per unit and step in timeseries.csv; `changes`:
/// timeseries.csv holds sector rows only and unit_changes.csv the changes;
/// `automatic`: full up to full_unit_rows_limit node rows, else changes.
enum class UnitSeries { automatic, full, changes };

/// Most node rows (units × steps) `automatic` writes in full: 5 M rows, about
/// 120 MB; a million assets over a week would be 169 M rows, 4.3 GB.
inline constexpr std::size_t full_unit_rows_limit = 5'000'000;

/// The form `requested` gives for `result`: full or changes (`automatic`
/// resolved by size); full when the result has no unit curves.
UnitSeries unit_series_form(const Result& result, UnitSeries requested);

/// timeseries.csv: `t_h,level,id,operability`, sectors then (if recorded and
/// `with_units`) nodes per step, streamed step by step (a million nodes over a
/// week at 1 h: 4.3 GB).
void write_timeseries_csv(std::ostream& out, const Model& model, const Network& network, const Result& result,
                          bool with_units = true);

/// unit_changes.csv: `t_h,id,operability`; every unit at the first step, then
/// only the units whose printed value (6 decimals) differs from their
/// previous row's. Expanding it (a unit absent keeps its value) gives exactly
/// the node rows of the full timeseries.csv. Needs unit curves.
void write_unit_changes_csv(std::ostream& out, const Network& network, const Result& result);

/// events.csv: `t_h,level,id,sector,kind,value,cause,event`.
std::string events_csv(const Model& model, const Network& network, const Scenario& scenario, const Result& result);
/// The same, streamed (a million assets log millions of rows).
void write_events_csv(std::ostream& out, const Model& model, const Network& network, const Scenario& scenario,
                      const Result& result);

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

/// A CSV text field: model/Text.hpp csv_text (quoted when it needs to be,
/// a leading ' against formula injection).
std::string csv_field(const std::string& s);

}  // namespace cisim
