#pragma once
// What `cisim run` and `cisim mc` read: a scenario and its model, each with the
// SHA-256 of the very bytes parsed (the run summary records them).
#include <string>

#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"

namespace cisim::app {

struct ScenarioInputs {
    std::string scenario_path;
    HashedFile<Scenario> scenario_file;
    std::string model_path;  ///< `model` when given, else the scenario's own
    HashedFile<Model> model_file;
};

/// Loads both and checks the scenario against the model (InputError otherwise).
ScenarioInputs load_scenario_inputs(const std::string& scenario, const std::string& model);

}  // namespace cisim::app
