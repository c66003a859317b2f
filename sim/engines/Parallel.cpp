#include "engines/Parallel.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace cisim {

std::size_t slice_count(int threads) { return static_cast<std::size_t>(std::max(1, threads)); }

void run_slices_in_parallel(std::size_t slices, std::size_t n,
                            const std::function<void(std::size_t, std::size_t, std::size_t)>& f) {
    tbb::task_arena arena(static_cast<int>(slices));
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, slices, [&](std::size_t k) { f(k, n * k / slices, n * (k + 1) / slices); });
    });
}

}  // namespace cisim
