#pragma once
// Work split into contiguous slices that run at once. Each slice's result
// depends only on its own range, and callers combine slices in range order, so
// the answer is the same for any number of threads.
//
// Two backends, chosen at configure time by CISIM_PARALLEL_BACKEND: oneTBB
// (`tbb`, the default) or plain std::thread (`std`). ThreadSanitizer sees only
// synchronisation in instrumented code or in the libc calls it intercepts;
// Debian's libtbb is neither (its scheduler hands tasks over through its own
// uninstrumented atomics), so under TSan every task looks like a race with
// its spawner. The `tsan` preset therefore builds the `std` backend, whose
// mutex and condition variable TSan understands. Every parallel loop of cisim
// goes through this header, so the same code runs on either backend.
#include <cstddef>
#include <functional>
#include <memory>

namespace cisim {

/// Number of slices for_slices uses: max(1, threads).
std::size_t slice_count(int threads);

/// Threads a pool of `threads` gets: no more than the CPUs this process may run
/// on (taskset, cgroups, mpirun's binding), where TBB would not start more
/// workers anyway and warns on stderr. Only the pool shrinks, never the slices
/// or parts that results depend on.
int usable_threads(int threads);

/// Below this many items per slice a thread costs more than it saves.
inline constexpr std::size_t min_slice = 4096;

/// Runs f(slice, begin, end) for every slice on worker threads (engines/Parallel.cpp).
void run_slices_in_parallel(std::size_t slices, std::size_t n,
                            const std::function<void(std::size_t, std::size_t, std::size_t)>& f);

/// Calls f(slice, begin, end) on slice_count(threads) contiguous slices of
/// [0, n) (the slice-th of them from begin to end) and returns when all are
/// done. On the calling thread alone, with no allocation, when threads ≤ 1 or
/// n is small (the cascade engine calls it on every step of every Monte Carlo sample).
template <class F>
void for_slices(int threads, std::size_t n, F&& f) {
    const auto slices = slice_count(threads);
    if (slices == 1 || n < slices * min_slice) {
        for (std::size_t k = 0; k < slices; ++k) f(k, n * k / slices, n * (k + 1) / slices);
        return;
    }
    run_slices_in_parallel(slices, n, std::ref(f));
}

/// Threads kept for many short rounds of tasks (the cascade engine's settling
/// rounds: thousands per run, too short to set up threads for each).
class Workers {
public:
    explicit Workers(int threads);
    ~Workers();
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    /// Runs f(k) for every k in [0, count), each task on whichever thread is
    /// free (tasks may differ much in size), and returns when all are done.
    /// If a task throws, tasks not yet started are skipped and the caller gets
    /// the exception (one of them, if several threw).
    void run(std::size_t count, const std::function<void(std::size_t)>& f);

private:
    struct Arena;
    std::unique_ptr<Arena> arena_;
};

}  // namespace cisim
