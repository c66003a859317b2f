#include "engines/Parallel.hpp"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

namespace cisim {

std::size_t slice_count(int threads) { return static_cast<std::size_t>(std::max(1, threads)); }

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

void run_slices_in_parallel(std::size_t slices, std::size_t n,
                            const std::function<void(std::size_t, std::size_t, std::size_t)>& f) {
    Workers(static_cast<int>(slices)).run(slices, [&](std::size_t k) { f(k, n * k / slices, n * (k + 1) / slices); });
}

}  // namespace cisim
