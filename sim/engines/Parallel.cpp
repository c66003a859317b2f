#include "engines/Parallel.hpp"

#include <algorithm>

#if CISIM_PARALLEL_STD
#include <sched.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>
#else
#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#endif

namespace cisim {

std::size_t slice_count(int threads) { return static_cast<std::size_t>(std::max(1, threads)); }

#if CISIM_PARALLEL_STD

int usable_threads(int threads) {
    // The CPUs this process may run on, as TBB counts them.
    cpu_set_t set;
    CPU_ZERO(&set);
    const int cpus = sched_getaffinity(0, sizeof set, &set) == 0
                         ? CPU_COUNT(&set)
                         : static_cast<int>(std::thread::hardware_concurrency());
    return std::clamp(threads, 1, std::max(1, cpus));
}

// A pool of threads - 1 helpers; the calling thread works too, as in a TBB arena.
// Each round every helper wakes, takes tasks from a shared counter until none
// is left, and reports back, so no helper can miss a round or run into the next.
struct Workers::Arena {
    std::mutex mutex;
    std::condition_variable start, finished;
    std::vector<std::thread> helpers;
    // The round, written under `mutex` before `round` is advanced.
    const std::function<void(std::size_t)>* task = nullptr;
    std::size_t count = 0;
    std::uint64_t round = 0;
    std::size_t busy = 0;  // helpers not yet done with the round
    bool stop = false;
    std::exception_ptr error;
    std::atomic<std::size_t> next{0};

    void take_tasks() {
        for (auto k = next.fetch_add(1); k < count; k = next.fetch_add(1)) {
            try {
                (*task)(k);
            } catch (...) {
                const std::lock_guard lock(mutex);
                if (!error) error = std::current_exception();
                next = count;  // the tasks not yet started are skipped
            }
        }
    }

    void help() {
        std::uint64_t seen = 0;
        std::unique_lock lock(mutex);
        for (;;) {
            start.wait(lock, [&] { return stop || round != seen; });
            if (stop) return;
            seen = round;
            lock.unlock();
            take_tasks();
            lock.lock();
            if (--busy == 0) finished.notify_one();
        }
    }
};

Workers::Workers(int threads) : arena_(std::make_unique<Arena>()) {
    const int helpers = usable_threads(threads) - 1;
    for (int i = 0; i < helpers; ++i) arena_->helpers.emplace_back([a = arena_.get()] { a->help(); });
}

Workers::~Workers() {
    {
        const std::lock_guard lock(arena_->mutex);
        arena_->stop = true;
    }
    arena_->start.notify_all();
    for (auto& t : arena_->helpers) t.join();
}

void Workers::run(std::size_t count, const std::function<void(std::size_t)>& f) {
    auto& a = *arena_;
    if (a.helpers.empty() || count <= 1) {
        for (std::size_t k = 0; k < count; ++k) f(k);
        return;
    }
    {
        const std::lock_guard lock(a.mutex);
        a.task = &f;
        a.count = count;
        a.next = 0;
        a.error = nullptr;
        a.busy = a.helpers.size();
        ++a.round;
    }
    a.start.notify_all();
    a.take_tasks();
    std::unique_lock lock(a.mutex);
    a.finished.wait(lock, [&] { return a.busy == 0; });
    a.task = nullptr;
    if (a.error) std::rethrow_exception(std::exchange(a.error, nullptr));
}

#else

int usable_threads(int threads) { return std::clamp(threads, 1, std::max(1, tbb::info::default_concurrency())); }

struct Workers::Arena {
    tbb::task_arena arena;
};

Workers::Workers(int threads) : arena_(std::make_unique<Arena>()) {
    arena_->arena.initialize(usable_threads(threads));
}

Workers::~Workers() = default;

void Workers::run(std::size_t count, const std::function<void(std::size_t)>& f) {
    arena_->arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1), [&](const tbb::blocked_range<std::size_t>& r) {
            for (auto k = r.begin(); k != r.end(); ++k) f(k);
        }, tbb::simple_partitioner());
    });
}

#endif

void run_slices_in_parallel(std::size_t slices, std::size_t n,
                            const std::function<void(std::size_t, std::size_t, std::size_t)>& f) {
    Workers(static_cast<int>(slices)).run(slices, [&](std::size_t k) { f(k, n * k / slices, n * (k + 1) / slices); });
}

}  // namespace cisim
