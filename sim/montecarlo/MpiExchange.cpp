// SampleExchange over MPI: the one file that includes <mpi.h>. Built when
// CMake finds MPI (CISIM_HAVE_MPI); otherwise mpi_exchange() says so.
#include "montecarlo/SampleExchange.hpp"

#include <stdexcept>
#include <string>

#if CISIM_HAVE_MPI
#include <mpi.h>

#include <climits>
#include <numeric>
#endif

namespace cisim {

#if CISIM_HAVE_MPI
namespace {

void check(int code, const char* what) {
    if (code == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(std::string("MPI ") + what + ": " + std::string(text, static_cast<std::size_t>(length)));
}

int count_of(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("Monte Carlo: a process's share is too large for one MPI message");
    return static_cast<int>(n);
}

class MpiExchange final : public SampleExchange {
public:
    MpiExchange() {
        // Only the calling thread talks to MPI (the samples run on TBB workers).
        int provided = 0;
        check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
    }
    ~MpiExchange() override { MPI_Finalize(); }
    MpiExchange(const MpiExchange&) = delete;
    MpiExchange& operator=(const MpiExchange&) = delete;

    int rank() const override { return rank_; }
    int size() const override { return size_; }

    std::vector<int> all_status(int status) override {
        std::vector<int> all(static_cast<std::size_t>(size_));
        check(MPI_Allgather(&status, 1, MPI_INT, all.data(), 1, MPI_INT, MPI_COMM_WORLD), "allgather");
        return all;
    }

    std::vector<char> gather(std::span<const char> mine) override {
        const auto counts = counts_at_root(rank_ == 0 ? 0 : mine.size());
        if (rank_ != 0) {
            check(MPI_Gatherv(mine.data(), count_of(mine.size()), MPI_CHAR, nullptr, nullptr, nullptr, MPI_CHAR, 0,
                              MPI_COMM_WORLD),
                  "gatherv");
            return {};
        }
        const auto offsets = offsets_of(counts);
        std::vector<char> all(static_cast<std::size_t>(offsets.back()) + static_cast<std::size_t>(counts.back()));
        check(MPI_Gatherv(MPI_IN_PLACE, 0, MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR, 0,
                          MPI_COMM_WORLD),
              "gatherv");
        return all;
    }

private:
    // Each process's count, on process 0 (its own comes first, already in place).
    std::vector<int> counts_at_root(std::size_t mine) {
        int n = count_of(mine);
        std::vector<int> counts(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
        check(MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "gather");
        return counts;
    }

    static std::vector<int> offsets_of(const std::vector<int>& counts) {
        std::vector<int> offsets(counts.size(), 0);
        long long at = 0;
        for (std::size_t r = 0; r < counts.size(); ++r) {
            if (at > INT_MAX) throw std::runtime_error("Monte Carlo: gathered results too large for one MPI message");
            offsets[r] = static_cast<int>(at);
            at += counts[r];
        }
        return offsets;
    }

    int rank_ = 0, size_ = 1;
};

}  // namespace

std::unique_ptr<SampleExchange> mpi_exchange() { return std::make_unique<MpiExchange>(); }

#else

std::unique_ptr<SampleExchange> mpi_exchange() {
    throw std::runtime_error("started by mpirun with several processes, but this cisim was built without MPI "
                             "(install libopenmpi-dev and rebuild)");
}

#endif

}  // namespace cisim
