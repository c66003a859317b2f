// libFuzzer harness: scenario JSON through parse_scenario, then check_scenario
// against one fixed model (tests/fixtures/rich.json: sectors and nodes with
// regions, coordinates, coastal sites, classes, groups and links, so that the
// checks of every selector have something to match). Bad input is expected and
// must end in an InputError; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/ModelJson.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace {

const cisim::Model& fixed_model() {
    static const cisim::Model model = cisim::load_model(CISIM_SOURCE_DIR "/tests/fixtures/rich.json");
    return model;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)fixed_model();  // a broken fixture fails here, not as a finding
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto scenario =
            cisim::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
        cisim::check_scenario(scenario, fixed_model());
    } catch (const cisim::InputError&) {
    }
    return 0;
}
