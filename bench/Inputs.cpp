#include "Inputs.hpp"

#include <malloc.h>

#include <fstream>
#include <sstream>

#include "hazards/ScenarioHazards.hpp"
#include "io/ModelJson.hpp"

namespace cisim::bench {

CascadeInput cascade_input(const GenerateOptions& options, const std::string& scenario_file,
                           const std::string& model_file) {
    CascadeInput in;
    in.model = model_file.empty() ? generate_model(options) : load_model(model_file);
    const auto scenario = load_scenario(scenario_file);
    in.network = build_network(in.model);
    in.dependencies = in.model.dependencies.size();
    // The engine reads a generated model's dependencies through the network only;
    // a model file's populations with spread parameters are split from them
    // (engines/Populations.cpp), so those stay.
    if (model_file.empty()) std::vector<Dependency>().swap(in.model.dependencies);
    in.disruption = compile_disruption(in.model, in.network, scenario, {false, 1});
    in.steps = {scenario.horizon_h, scenario.step_h, scenario.service_threshold};
    // Ids are needed to compile the scenario, not to run it; links live on in the network.
    decltype(in.network.unit_index)().swap(in.network.unit_index);
    std::vector<Link>().swap(in.model.links);
    malloc_trim(0);  // give the freed heap back, so that RSS shows what the engine holds
    return in;
}

std::string source_path(const std::string& relative) { return std::string(CISIM_SOURCE_DIR) + "/" + relative; }

namespace {
double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0) {
            std::istringstream fields(line.substr(key.size() + 1));
            double kib = 0;
            fields >> kib;
            return kib / 1024.0;
        }
    return -1;
}
}  // namespace

double peak_rss_mib() { return status_mib("VmHWM"); }
double rss_mib() { return status_mib("VmRSS"); }

bool reset_peak_rss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace cisim::bench
