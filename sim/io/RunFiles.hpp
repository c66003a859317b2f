#pragma once
// The files of a result directory (SPEC §8, §11): summary.json, the tidy
// timeseries.csv and events.csv. Pure functions from values to text; the
// OutputDirectory writes them.
#include <ostream>
#include <string>

#include "analysis/Scoring.hpp"
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
};

/// summary.json of a run (kind "run").
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

/// Id of scenario event `i` as reports name it ("kind#n" when it has no id).
std::string event_label(const Scenario& scenario, std::size_t i);

/// A CSV field, quoted when it needs to be.
std::string csv_field(const std::string& s);

}  // namespace cisim
