// Unit curves kept as their changes (engines/UnitCurves.hpp): what is kept for
// hand-made curves, and that every way of reading them gives the dense matrix
// back bit for bit.
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <random>

#include "engines/UnitCurves.hpp"

using namespace cisim;

namespace {

using Change = UnitCurves::Change;

std::vector<Change> changes_of(const UnitCurves& c, std::size_t u) {
    const auto s = c.changes(u);
    return {s.begin(), s.end()};
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
    return true;
}

}  // namespace

TEST_CASE("unit curves keep each unit's value at step 0 and where it changes", "[engines][curves]") {
    // Three units over five steps, row-major (steps × units).
    const std::vector<float> dense = {
        1.0f, 1.0f, 0.5f,   //
        0.2f, 1.0f, 0.5f,   //
        0.2f, 1.0f, 0.25f,  //
        1.0f, 1.0f, 0.25f,  //
        1.0f, 1.0f, 0.5f,
    };
    const auto c = UnitCurves::from_dense(dense, 5, 3);
    CHECK(c.unit_count() == 3);
    CHECK(c.step_count() == 5);
    CHECK(c.change_count() == 3 + 2 + 0 + 2);
    CHECK(changes_of(c, 0) == std::vector<Change>{{0, 1.0f}, {1, 0.2f}, {3, 1.0f}});
    CHECK(changes_of(c, 1) == std::vector<Change>{{0, 1.0f}});
    CHECK(changes_of(c, 2) == std::vector<Change>{{0, 0.5f}, {2, 0.25f}, {4, 0.5f}});
    CHECK(c.at(2, 0) == 0.2f);
    CHECK(c.at(3, 0) == 1.0f);
    CHECK(c.at(4, 2) == 0.5f);
    std::vector<float> curve(5);
    c.curve(2, curve);
    CHECK(curve == std::vector<float>{0.5f, 0.5f, 0.25f, 0.25f, 0.5f});
    CHECK(c.dense() == dense);
}

TEST_CASE("unit curves compare bit for bit: 0 then -0 is a change", "[engines][curves]") {
    const auto c = UnitCurves::from_dense(std::vector<float>{0.0f, -0.0f, -0.0f}, 3, 1);
    CHECK(c.change_count() == 2);
    CHECK(std::signbit(c.at(1, 0)));
    CHECK(same_bits(c.dense(), {0.0f, -0.0f, -0.0f}));
}

TEST_CASE("the recorder keeps what a step ends with", "[engines][curves]") {
    UnitCurves::Recorder rec(2, 6);
    rec.set(1, 0.5f);  // step 0: unit 0 keeps the initial 1
    rec.begin_step(1);
    rec.set(0, 0.3f);
    rec.set(0, 1.0f);  // back where it was: no change at step 1
    rec.set(1, 0.4f);
    rec.begin_step(4);  // steps 2 and 3 hold step 1's values
    rec.set(0, 0.0f);
    rec.begin_step(4);  // the same step again: nothing moves
    rec.set(0, 0.1f);
    CHECK_THROWS_AS(rec.begin_step(3), std::logic_error);
    CHECK_THROWS_AS(rec.begin_step(6), std::logic_error);
    const auto c = std::move(rec).finish();
    CHECK(changes_of(c, 0) == std::vector<Change>{{0, 1.0f}, {4, 0.1f}});
    CHECK(changes_of(c, 1) == std::vector<Change>{{0, 0.5f}, {1, 0.4f}});
    CHECK(c.dense() == std::vector<float>{1.0f, 0.5f, 1.0f, 0.4f, 1.0f, 0.4f, 1.0f, 0.4f, 0.1f, 0.4f, 0.1f, 0.4f});
}

TEST_CASE("nothing recorded without steps or units", "[engines][curves]") {
    CHECK(UnitCurves::from_dense({}, 0, 5).empty());
    CHECK(UnitCurves::from_dense({}, 7, 0).empty());
    CHECK(UnitCurves{}.unit_count() == 0);
    CHECK_THROWS_AS(UnitCurves::from_dense(std::vector<float>(5), 2, 3), std::invalid_argument);
}

TEST_CASE("keeping the first units drops the others' curves", "[engines][curves]") {
    auto c = UnitCurves::from_dense(std::vector<float>{1.0f, 0.5f, 0.2f, 0.5f, 0.7f, 0.1f}, 2, 3);
    c.keep_first_units(2);
    CHECK(c == UnitCurves::from_dense(std::vector<float>{1.0f, 0.5f, 0.5f, 0.7f}, 2, 2));
    c.keep_first_units(5);  // more than it has: unchanged
    CHECK(c.unit_count() == 2);
    c.keep_first_units(0);
    CHECK(c.empty());
}

TEST_CASE("random curves read back alike by unit, by cell and by row", "[engines][curves]") {
    std::mt19937 rng(20261207);
    const float levels[] = {1.0f, 0.0f, -0.0f, 0.5f, 0.25f, 0.999f};
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t steps = 1 + rng() % 12, units = 1 + rng() % 9;
        std::vector<float> dense(steps * units);
        // Mostly flat curves, as engines record them.
        for (std::size_t u = 0; u < units; ++u)
            for (std::size_t k = 0; k < steps; ++k)
                dense[k * units + u] = k > 0 && rng() % 3 != 0 ? dense[(k - 1) * units + u] : levels[rng() % 6];
        const auto c = UnitCurves::from_dense(dense, steps, units);
        REQUIRE(same_bits(c.dense(), dense));
        std::size_t expected_changes = 0;
        for (std::size_t u = 0; u < units; ++u)
            for (std::size_t k = 0; k < steps; ++k) {
                REQUIRE(std::bit_cast<std::uint32_t>(c.at(k, u)) == std::bit_cast<std::uint32_t>(dense[k * units + u]));
                expected_changes += k == 0 || std::bit_cast<std::uint32_t>(dense[k * units + u]) !=
                                                  std::bit_cast<std::uint32_t>(dense[(k - 1) * units + u]);
            }
        REQUIRE(c.change_count() == expected_changes);
        UnitCurves::Rows rows(c);
        for (std::size_t k = 0; k < steps; ++k) {
            const auto row = rows.next();
            const std::vector<float> want(dense.begin() + static_cast<std::ptrdiff_t>(k * units),
                                          dense.begin() + static_cast<std::ptrdiff_t>((k + 1) * units));
            REQUIRE(same_bits({row.begin(), row.end()}, want));
            std::vector<std::uint32_t> moved_units;
            for (const auto& m : rows.moved()) {
                moved_units.push_back(m.unit);
                const float before = k == 0 ? want[m.unit] : dense[(k - 1) * units + m.unit];
                REQUIRE(std::bit_cast<std::uint32_t>(m.before) == std::bit_cast<std::uint32_t>(before));
            }
            std::vector<std::uint32_t> expected_units;
            for (std::uint32_t u = 0; u < units; ++u)
                if (k == 0 || std::bit_cast<std::uint32_t>(want[u]) != std::bit_cast<std::uint32_t>(dense[(k - 1) * units + u]))
                    expected_units.push_back(u);
            REQUIRE(moved_units == expected_units);
        }
        CHECK_THROWS_AS(rows.next(), std::logic_error);
    }
}
