// libFuzzer harness: model JSON through parse_model (parse, schema, check_model).
// Bad input is expected and must end in an InputError; any other exception
// (std::terminate), crash, leak or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/ModelJson.hpp"
#include "model/Error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)cisim::parse_model(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const cisim::InputError&) {
    }
    return 0;
}
