#include "montecarlo/SampleExchange.hpp"

#include <charconv>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cisim {

void run_share_together(SampleExchange* exchange, const std::function<void()>& share, const std::string& what) {
    if (!exchange) return share();
    std::exception_ptr error;
    try {
        share();
    } catch (...) {
        error = std::current_exception();
    }
    const auto status = exchange->all_status(error ? 1 : 0);
    if (error) std::rethrow_exception(error);
    for (std::size_t p = 0; p < status.size(); ++p)
        if (status[p] != 0) throw PeerFailure(what + ": MPI process " + std::to_string(p) + " failed");
}

int launched_processes() {
    // Open MPI's mpirun, then MPICH's (Hydra) and other PMI launchers.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        const char* value = std::getenv(name);
        if (!value) continue;
        int size = 0;
        const std::string_view text(value);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
        if (ec == std::errc() && end == text.data() + text.size() && size >= 1) return size;
    }
    return 1;
}

}  // namespace cisim
