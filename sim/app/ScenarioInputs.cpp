#include "app/ScenarioInputs.hpp"

#include <utility>

#include "model/Validate.hpp"

namespace cisim::app {

ScenarioInputs load_scenario_inputs(const std::string& scenario, const std::string& model) {
    auto scenario_file = load_scenario_hashed(scenario);
    auto model_path = model.empty() ? resolve_model_path(scenario_file.value) : model;
    auto model_file = load_model_file_hashed(model_path);
    model_file.value = at_vintage(std::move(model_file.value), scenario_file.value.as_of);
    check_scenario(scenario_file.value, model_file.value);
    return {input_name(scenario), std::move(scenario_file), input_name(model_path), std::move(model_file)};
}

}  // namespace cisim::app
