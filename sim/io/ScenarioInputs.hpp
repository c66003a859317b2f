#pragma once
// What `cisim run` and `cisim mc` (and the Python package) read: a scenario and
// its model, each with the SHA-256 of the very bytes parsed (the run summary
// records them).
#include <string>

#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"

namespace cisim {

struct ScenarioInputs {
    std::string scenario_path;
    HashedFile<Scenario> scenario_file;
    std::string model_path;  ///< `model` when given, else the scenario's own
    HashedFile<Model> model_file;
    /// The model's bytes as read (a result directory's copy), only when asked
    /// for: a big model's text is hundreds of MB, to be freed once copied.
    std::string model_text;
    /// model_text is the text gzip'd (io::compressed_copy_bytes and up).
    bool model_text_gzipped = false;
    bool model_is_graphml = false;
};

/// Loads both and checks the scenario against the model (InputError otherwise);
/// with `keep_model_text`, also hands over the model's bytes (gzip'd from
/// io::compressed_copy_bytes on, compressed while the model is read).
ScenarioInputs load_scenario_inputs(const std::string& scenario, const std::string& model,
                                    bool keep_model_text = false);

/// Pairs a parsed scenario with a parsed model as load_scenario_inputs does:
/// the model at the scenario's vintage ("as_of"), checked against the scenario.
ScenarioInputs pair_scenario_inputs(std::string scenario_path, HashedFile<Scenario> scenario_file,
                                    std::string model_path, HashedFile<Model> model_file);

}  // namespace cisim
