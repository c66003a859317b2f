#include "engines/Parallel.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace cisim {

std::size_t slice_count(int threads) { return static_cast<std::size_t>(std::max(1, threads)); }

void for_slices(int threads, std::size_t n, const std::function<void(std::size_t, std::size_t, std::size_t)>& f) {
    constexpr std::size_t min_slice = 4096;  // below this a thread costs more than it saves
    const auto slices = slice_count(threads);
    auto run = [&](std::size_t k) { f(k, n * k / slices, n * (k + 1) / slices); };
    if (slices == 1 || n < slices * min_slice) {
        for (std::size_t k = 0; k < slices; ++k) run(k);
        return;
    }
    tbb::task_arena arena(static_cast<int>(slices));
    arena.execute([&] { tbb::parallel_for(std::size_t{0}, slices, run); });
}

}  // namespace cisim
