#pragma once
// What `cisim run`, `mc` and `sensitivity` write alike into a result
// directory: the copy of the model's bytes and the operability series.
#include <CLI/CLI.hpp>

#include <map>
#include <string>

#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "io/RunFiles.hpp"
#include "io/ScenarioInputs.hpp"

namespace cisim::app {

/// --unit-series auto|full|changes (docs/formats.md, timeseries.csv).
inline void add_unit_series_option(CLI::App* cmd, UnitSeries& form) {
    const std::map<std::string, UnitSeries> forms{
        {"auto", UnitSeries::automatic}, {"full", UnitSeries::full}, {"changes", UnitSeries::changes}};
    cmd->add_option("--unit-series", form,
                    "Unit-level curves: full (a row per unit and step in timeseries.csv), changes (unit_changes.csv: "
                    "the first step, then only values that change), or auto (full up to 5 M rows; the default)")
        ->transform(CLI::CheckedTransformer(forms, CLI::ignore_case).description(""))
        ->option_text("auto|full|changes");
}

/// The model as read, byte for byte (model.json, or model.graphml for GraphML
/// input; summary.json gives its SHA-256), written as soon as DIR is staged so
/// that a big model's text is freed before the engine runs. From
/// io::compressed_copy_bytes on, load_scenario_inputs hands it over gzip'd
/// (model.json.gz): the copy of a million assets would otherwise be most of
/// what a run writes.
inline void write_model_copy(OutputDirectory& out, ScenarioInputs& inputs) {
    std::string name = inputs.model_is_graphml ? "model.graphml" : "model.json";
    if (inputs.model_text_gzipped) name += ".gz";
    out.write(name, inputs.model_text);
    std::string().swap(inputs.model_text);
}

/// For GraphML input, model.json as well: the canonical JSON the report and
/// other readers of model.json take.
inline void write_model_json_for_readers(OutputDirectory& out, const ScenarioInputs& inputs) {
    if (inputs.model_is_graphml)
        out.write("model.json", [&](std::ostream& os) { write_model_json(os, inputs.model_file.value); });
}

/// timeseries.csv, and unit_changes.csv when the form is `changes`.
inline void write_series(OutputDirectory& out, const Model& model, const Network& network, const Result& result,
                         UnitSeries requested) {
    const auto form = unit_series_form(result, requested);
    out.write("timeseries.csv",
              [&](std::ostream& os) { write_timeseries_csv(os, model, network, result, form == UnitSeries::full); });
    if (form == UnitSeries::changes)
        out.write("unit_changes.csv", [&](std::ostream& os) { write_unit_changes_csv(os, network, result); });
}

}  // namespace cisim::app
