#pragma once
// Software prefetching for the cascade engine's per-step lists (issue 23:
// overlap the misses of serialised memory reads).
#include <cstddef>

namespace cisim::cascade {

/// Calls work(items[i]) in order, having called far(items[i + 16]) and
/// near(items[i + 8]) before. The engine's per-step lists (changed units,
/// visited edges, due supplies and buffer events) lie at random in its arrays:
/// `far` prefetches what an item's index locates, `near` what those lines in
/// turn point to, so the misses of later items overlap the work on this one.
template <class T, class Far, class Near, class Work>
void with_lookahead(const T* items, std::size_t count, Far far, Near near, Work work) {
    constexpr std::size_t far_ahead = 16, near_ahead = 8;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + far_ahead < count) far(items[i + far_ahead]);
        if (i + near_ahead < count) near(items[i + near_ahead]);
        work(items[i]);
    }
}

}  // namespace cisim::cascade
