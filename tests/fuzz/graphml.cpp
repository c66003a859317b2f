// libFuzzer harness: a GraphML model through model_from_graphml (the XML
// reader, then check_model), leniently and strictly (the first byte decides).
// Bad input is expected and must end in an InputError; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/GraphMl.hpp"
#include "model/Error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cisim::GraphMlOptions options;
    options.strict = size > 0 && (data[0] & 1) != 0;
    options.warn = [](const std::string&) {};  // warnings are expected; stderr stays quiet
    try {
        (void)cisim::model_from_graphml(std::string(reinterpret_cast<const char*>(data), size), "fuzz.graphml", options);
    } catch (const cisim::InputError&) {
    }
    return 0;
}
