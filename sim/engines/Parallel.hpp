#pragma once
// Work split into contiguous slices that run at once. Each slice's result
// depends only on its own range, and callers combine slices in range order, so
// the answer is the same for any number of threads.
#include <cstddef>
#include <functional>

namespace cisim {

/// Number of slices for_slices uses: max(1, threads).
std::size_t slice_count(int threads);

/// Calls f(slice, begin, end) on slice_count(threads) contiguous slices of
/// [0, n) (the slice-th of them from begin to end) and returns when all are
/// done. On the calling thread alone when threads ≤ 1 or n is small.
void for_slices(int threads, std::size_t n, const std::function<void(std::size_t, std::size_t, std::size_t)>& f);

}  // namespace cisim
