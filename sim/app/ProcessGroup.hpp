#pragma once
// What a command shared by MPI processes (`mpirun -n P cisim mc|sensitivity …`)
// does around its runs: stop every process together when one failed, and check
// that every process read the same input files.
#include <exception>
#include <optional>

#include "app/ScenarioInputs.hpp"
#include "montecarlo/SampleExchange.hpp"

namespace cisim::app {

/// Processes sharing a run stop together when a step failed on any of them
/// (none may wait forever at the next collective call). A failing process
/// reports its error unless process 0 failed as well (one message, not one per
/// process); process 0 names the others that failed ("cisim COMMAND: MPI
/// process …"). Process 0 then exits with the failure's status and the others
/// with 0: mpirun ends the whole job at the first non-zero exit, which could
/// cut process 0 short before it reports. Returns the exit status to stop
/// with, or none when all went well (collective).
std::optional<int> stop_on_failure(SampleExchange& exchange, const std::exception_ptr& error, const char* command);

/// On other machines the processes read other copies of the files: process 0
/// checks that every process read the same bytes (InputError naming the file
/// and the process otherwise; collective).
std::exception_ptr check_same_inputs(SampleExchange& exchange, const ScenarioInputs& inputs);

}  // namespace cisim::app
