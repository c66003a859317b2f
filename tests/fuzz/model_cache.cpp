// libFuzzer harness: the model cache's decoder (io/ModelCache.hpp) on any bytes.
// A damaged entry is decoded in full before its digest is compared, so no
// bytes may crash, leak or trip a sanitizer; what decodes must encode back to
// the same bytes (the encoding has one form per model).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/ModelCache.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (const auto model = cisim::io::decode_model(bytes))
        if (cisim::io::encode_model(*model) != bytes) std::abort();
    return 0;
}
