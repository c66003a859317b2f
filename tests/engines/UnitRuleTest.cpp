// The cascade rule for one unit (engines/cascade/UnitRule.hpp, SPEC §5.4
// steps 2–4) on hand-made edges, with values worked out by hand.
#include <catch2/catch.hpp>

#include <vector>

#include "engines/cascade/UnitRule.hpp"

using namespace cisim;
using namespace cisim::cascade;

namespace {

HotEdge edge(float strength, std::int16_t group = -1, std::uint8_t flags = empty_flag) {
    HotEdge e;
    e.strength = strength;
    e.group = group;
    e.flags = flags;
    return e;
}

// Evaluates a unit over `edges` whose suppliers deliver `supply[i]`.
UnitValue rule(const std::vector<HotEdge>& edges, const std::vector<double>& supply, char combination,
               double damage = 0, DependencyEffect effect = DependencyEffect::function) {
    GroupScratch g;
    g.loss.resize(edges.size());
    g.edge.resize(edges.size());
    const UnitView unit{edges.data(), 0, static_cast<std::uint32_t>(edges.size()), combination, damage};
    auto empty = [&](std::uint32_t i) { return (edges[i].flags & empty_flag) != 0; };
    auto supplied = [&](std::uint32_t i) { return supply[i]; };
    return evaluate_unit(unit, effect, g, empty, supplied);
}

}  // namespace

TEST_CASE("unit rule: a loss is strength × shortfall, none while the buffer lasts", "[engine][cascade][rule]") {
    CHECK(edge_loss(0.5f, 0.4) == Approx(0.3));
    CHECK(edge_loss(0.5f, 1.0) == 0.0);
    CHECK(edge_loss(0.5f, 1.2) == 0.0);  // more than full supply is no gain
    // The same edge with its buffer not yet empty passes nothing on.
    CHECK(rule({edge(0.5f, -1, 0)}, {0.0}, min_rule).operability == 1.0);
    CHECK(rule({edge(0.5f)}, {0.0}, min_rule).operability == Approx(0.5));
}

TEST_CASE("unit rule: min, product and mean combine the losses", "[engine][cascade][rule]") {
    const std::vector<HotEdge> edges = {edge(0.5f), edge(0.25f)};
    const std::vector<double> supply = {0.0, 0.0};  // losses 0.5 and 0.25
    CHECK(rule(edges, supply, min_rule).operability == Approx(0.5));
    CHECK(rule(edges, supply, product_rule).operability == Approx(0.5 * 0.75));
    CHECK(rule(edges, supply, mean_rule).operability == Approx(1.0 - 0.375));
    CHECK(rule(edges, supply, min_rule).worst_edge == 0);
}

TEST_CASE("unit rule: a redundancy group counts as its best member", "[engine][cascade][rule]") {
    // Group 0: losses 0.6 and 0.2 -> 0.2; the ungrouped edge loses 0.1.
    const std::vector<HotEdge> edges = {edge(0.6f, 0), edge(0.4f, 0), edge(0.1f)};
    const std::vector<double> supply = {0.0, 0.5, 0.0};
    const auto v = rule(edges, supply, product_rule);
    CHECK(v.operability == Approx(0.8 * 0.9));
    CHECK(v.worst_edge == 1);  // the group's best member, whose loss binds
}

TEST_CASE("unit rule: direct damage multiplies, and binds when it is the larger loss", "[engine][cascade][rule]") {
    const std::vector<HotEdge> edges = {edge(0.5f)};
    const auto small = rule(edges, {0.8}, min_rule, 0.3);  // edge loss 0.1
    CHECK(small.operability == Approx(0.7 * 0.9));
    CHECK(small.damage_binds(0.3));
    const auto large = rule(edges, {0.0}, min_rule, 0.3);  // edge loss 0.5
    CHECK(large.operability == Approx(0.7 * 0.5));
    CHECK_FALSE(large.damage_binds(0.3));
    // Repairs read only repair edges, and damage does not slow them.
    std::vector<HotEdge> mixed = {edge(0.5f), edge(0.4f, -1, empty_flag | repair_flag)};
    CHECK(rule(mixed, {0.0, 0.0}, min_rule, 0.3, DependencyEffect::repair).operability == Approx(0.6));
}
