// The cascade engine's worklist: a two-level bitset visited in ascending order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

#include "engines/IndexSet.hpp"

using namespace cisim;

TEST_CASE("index set: next() finds members across words and summary words", "[indexset]") {
    IndexSet s;
    s.resize(10000);
    CHECK(s.empty());
    CHECK(s.next(0) == IndexSet::none);
    // 63 and 64 straddle a word; 4095 and 4096 straddle a summary word.
    for (std::size_t i : {0u, 63u, 64u, 4095u, 4096u, 9999u}) CHECK(s.insert(i));
    CHECK_FALSE(s.insert(64));
    CHECK(s.size() == 6);
    CHECK(s.next(0) == 0);
    CHECK(s.next(1) == 63);
    CHECK(s.next(64) == 64);
    CHECK(s.next(65) == 4095);
    CHECK(s.next(4096) == 4096);
    CHECK(s.next(4097) == 9999);
    CHECK(s.next(10000) == IndexSet::none);
    s.erase(4095);
    s.erase(4095);  // erasing a non-member changes nothing
    CHECK(s.size() == 5);
    CHECK(s.next(65) == 4096);
    CHECK_FALSE(s.contains(4095));
    CHECK(s.contains(9999));
    s.clear();
    CHECK(s.empty());
    CHECK(s.next(0) == IndexSet::none);
}

TEST_CASE("index set: agrees with std::set on random inserts, erases and drains", "[indexset]") {
    std::mt19937 rng(7);
    for (const std::size_t n : {1u, 64u, 65u, 5000u, 300000u}) {
        IndexSet s;
        s.resize(n);
        std::set<std::size_t> ref;
        std::uniform_int_distribution<std::size_t> pick(0, n - 1);
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 2000; ++i) {
                const auto x = pick(rng);
                if (rng() % 3 == 0) {
                    s.erase(x);
                    ref.erase(x);
                } else {
                    CHECK(s.insert(x) == ref.insert(x).second);
                }
            }
            REQUIRE(s.size() == ref.size());
            for (int i = 0; i < 200; ++i) {
                const auto from = pick(rng);
                const auto it = ref.lower_bound(from);
                CHECK(s.next(from) == (it == ref.end() ? IndexSet::none : *it));
            }
        }
        std::vector<std::size_t> drained;
        s.drain([&](std::size_t i) { drained.push_back(i); });
        CHECK(drained == std::vector<std::size_t>(ref.begin(), ref.end()));
        CHECK(s.empty());
        CHECK(s.next(0) == IndexSet::none);
    }
}
