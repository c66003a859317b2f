#include "app/ProcessGroup.hpp"

#include <algorithm>
#include <iostream>
#include <span>
#include <string>
#include <string_view>

#include "app/Commands.hpp"
#include "model/Error.hpp"

namespace cisim::app {

std::optional<int> stop_on_failure(SampleExchange& exchange, const std::exception_ptr& error, const char* command) {
    const int mine = error ? exit_status_of(error) : ok;
    const auto all = exchange.all_status(mine);
    if (std::all_of(all.begin(), all.end(), [](int s) { return s == ok; })) return std::nullopt;
    const bool root = exchange.rank() == 0;
    if (mine != ok && (root || all[0] == ok)) report_error(error);
    if (!root) return ok;
    if (mine == ok) {
        std::string failed;
        for (std::size_t r = 0; r < all.size(); ++r)
            if (all[r] != ok) failed += (failed.empty() ? "" : ", ") + std::to_string(r);
        std::cerr << "cisim " << command << ": MPI process " << failed << " failed (see its message)\n";
    }
    return *std::max_element(all.begin(), all.end());
}

std::exception_ptr check_same_inputs(SampleExchange& exchange, const ScenarioInputs& inputs) {
    const auto mine = inputs.model_file.sha256 + inputs.scenario_file.sha256;
    const auto others = exchange.gather(std::span<const char>(mine.data(), mine.size()));
    for (std::size_t at = 0, r = 1; at + mine.size() <= others.size(); at += mine.size(), ++r) {
        const std::string_view theirs(others.data() + at, mine.size());
        const auto process = "MPI process " + std::to_string(r);
        if (theirs.substr(0, 64) != std::string_view(mine).substr(0, 64))
            return std::make_exception_ptr(
                InputError(inputs.model_path, "", process + " read another version of this model file"));
        if (theirs.substr(64) != std::string_view(mine).substr(64))
            return std::make_exception_ptr(
                InputError(inputs.scenario_path, "", process + " read another version of this scenario file"));
    }
    return nullptr;
}

}  // namespace cisim::app
