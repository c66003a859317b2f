#pragma once
// Processes that share one Monte Carlo run (SPEC §5.7: `mpirun -n P cisim mc …`
// when one machine is not enough). Each process runs a contiguous share of the
// samples; process 0 gathers their score figures in sample order and merges
// their band histograms, and summarises them exactly as one process would
// (MonteCarlo.hpp). The MPI
// implementation lives in MpiExchange.cpp, the only file that sees MPI.
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>


namespace cisim {

class SampleExchange {
public:
    virtual ~SampleExchange() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// Every process's `status` (0 for success), by rank, on every process (collective).
    virtual std::vector<int> all_status(int status) = 0;
    /// Every other process's `mine`, concatenated in rank order, on process 0;
    /// empty elsewhere (collective).
    virtual std::vector<char> gather(std::span<const char> mine) = 0;
};

/// What the other processes of a shared run throw when one of them failed (that
/// one throws its own error).
struct PeerFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Runs this process's `share`, then tells every process whether all succeeded
/// (collective when `exchange` is set): rethrows this process's own failure, or
/// throws PeerFailure naming the first process that failed (`what`: the run's
/// name in that message). So a failing process stops every process before the
/// gather that follows, and none waits forever.
void run_share_together(SampleExchange* exchange, const std::function<void()>& share, const std::string& what);

/// How many processes an MPI launcher (Open MPI's or MPICH's mpirun) started
/// this one with, from its environment; 1 outside a launcher.
int launched_processes();

/// The processes of this MPI launch (MPI_Init now, MPI_Finalize when it is
/// destroyed). Throws std::runtime_error when cisim was built without MPI.
std::unique_ptr<SampleExchange> mpi_exchange();

}  // namespace cisim
