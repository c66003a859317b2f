// engines/Parallel.hpp: slices cover their range once and in order, pools run
// every task once and pass a task's exception on, and a pool never asks for more
// threads than the process has CPUs.
#include <catch2/catch.hpp>

#include <sched.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "engines/Parallel.hpp"

using namespace cisim;

TEST_CASE("a pool gets at least one thread and no more than the process's CPUs", "[engines][parallel]") {
    cpu_set_t set;
    CPU_ZERO(&set);
    REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
    const int cpus = CPU_COUNT(&set);
    CHECK(usable_threads(0) == 1);
    CHECK(usable_threads(-4) == 1);
    CHECK(usable_threads(1) == 1);
    const int most = usable_threads(1 << 20);
    CHECK(most >= 1);
    CHECK(most <= cpus);
    CHECK(usable_threads(most) == most);
}

TEST_CASE("for_slices covers [0, n) once, in contiguous slices in order", "[engines][parallel]") {
    for (const int threads : {1, 2, 3, 8})
        for (const std::size_t n : {std::size_t{0}, std::size_t{5}, std::size_t{100003}}) {
            INFO(threads << " threads, n = " << n);
            std::vector<std::atomic<int>> seen(n);
            std::vector<std::pair<std::size_t, std::size_t>> ranges(slice_count(threads));
            for_slices(threads, n, [&](std::size_t slice, std::size_t begin, std::size_t end) {
                ranges[slice] = {begin, end};
                for (auto i = begin; i < end; ++i) ++seen[i];
            });
            for (const auto& s : seen) REQUIRE(s == 1);
            REQUIRE(ranges.front().first == 0);
            REQUIRE(ranges.back().second == n);
            for (std::size_t k = 1; k < ranges.size(); ++k) REQUIRE(ranges[k].first == ranges[k - 1].second);
        }
}

TEST_CASE("Workers run every task once, whatever the thread count", "[engines][parallel]") {
    for (const int threads : {1, 2, 64}) {
        Workers workers(threads);
        for (int round = 0; round < 3; ++round) {
            std::vector<std::atomic<int>> runs(1000);
            workers.run(runs.size(), [&](std::size_t k) { ++runs[k]; });
            for (const auto& r : runs) REQUIRE(r == 1);
        }
    }
}

TEST_CASE("Workers hand a task's exception to the caller and stay usable", "[engines][parallel]") {
    for (const int threads : {1, 2}) {
        INFO(threads << " threads");
        Workers workers(threads);
        CHECK_THROWS_WITH(workers.run(1000, [](std::size_t k) {
            if (k == 3) throw std::runtime_error("task 3 failed");
        }),
                          "task 3 failed");
        std::vector<std::atomic<int>> runs(1000);
        workers.run(runs.size(), [&](std::size_t k) { ++runs[k]; });
        for (const auto& r : runs) REQUIRE(r == 1);
    }
}
