#pragma once
// The cascade engine's rule for one unit at one moment: SPEC §5.4 steps 2–4,
// as engines/CascadeEngine.hpp states it (and tests/engines/ReferenceCascade.hpp
// writes it plainly). Everything else in engines/cascade/ decides when a unit
// is evaluated and keeps up to date what this reads: the supply each edge
// delivers (its supplier `delay_h` ago, capped by supply cuts) and whether the
// edge's buffer is empty (engines/BufferPhase.hpp).
// Beyond SPEC §5.4: a third combination, `mean`, which models do not offer:
// it makes a population the mean of its classes (engines/Populations.hpp).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/Model.hpp"

namespace cisim::cascade {

/// What evaluating a unit reads of each incoming edge, in 16 bytes (the
/// network's InEdge is 32): the unit's in-edges then fit one or two cache lines.
/// A delayed edge holds its supplier's value of `delay` steps ago itself, so
/// that evaluation reads no other array for it.
struct HotEdge {
    std::uint32_t col = 0;        ///< supplier column: unit, or n + sector for an aggregate
    float strength = 0;
    float held = 1.0f;            ///< delayed edges: the supply as it was `delay` steps ago
    std::int16_t group = -1;
    std::uint8_t flags = 0;       ///< repair_flag, empty_flag, delayed_flag, full_rate_flag
};
inline constexpr std::uint8_t repair_flag = 1, empty_flag = 2, delayed_flag = 4, full_rate_flag = 8;
static_assert(sizeof(HotEdge) == 16);

/// A unit's combination rule, as the engine keeps it.
inline constexpr char min_rule = 0, product_rule = 1, mean_rule = 2;

/// Work space for redundancy groups: per group, its best member's loss and edge.
struct GroupScratch {
    std::vector<double> loss;
    std::vector<std::int64_t> edge;
};

/// What the rule reads of one unit: its in-edges [first, last) of `edges`,
/// its combination rule and its direct damage.
struct UnitView {
    const HotEdge* edges;
    std::uint32_t first, last;
    char rule;
    const double& damage;  ///< by reference: read after the edges (one register fewer in their loop)
};

/// The rule's answer for a unit, and what binds it.
struct UnitValue {
    double operability = 1;
    double direct = 1;             ///< 1 − damage (function), or 1 (repair)
    double worst_loss = 0;         ///< the largest loss taken (a group's is its best member's)
    std::int64_t worst_edge = -1;  ///< its edge, or −1
    /// Whether the unit's direct damage binds it at least as much as any edge.
    bool damage_binds(double damage) const { return direct <= 1.0 - worst_loss && damage > 0; }
};

/// Step 2: the loss an edge with an empty buffer passes on, strength × shortfall.
inline double edge_loss(float strength, double supply) {
    const double shortfall = 1.0 - supply;
    return shortfall > 0 ? static_cast<double>(strength) * shortfall : 0.0;
}

/// evaluate_unit (below) for a unit whose combination is `rule`.
template <char rule, class Empty, class Supply>
[[gnu::always_inline]] inline UnitValue evaluate_unit_by(const UnitView& unit, DependencyEffect effect, GroupScratch& g, Empty empty, Supply supply) {
    double worst_loss = 0, keep = 1, sum = 0;
    std::uint32_t count = 0;
    std::int64_t worst_edge = -1;
    // Step 4's combination, one loss at a time.
    auto take = [&](double loss, std::int64_t edge) {
        if (rule == product_rule) keep *= 1.0 - loss;
        else if (rule == mean_rule) { sum += loss; ++count; }
        if (loss > worst_loss) { worst_loss = loss; worst_edge = edge; }
    };
    // Step 2: each edge's loss; step 3: a redundancy group counts as its best
    // member (groups are numbered densely per consumer).
    std::uint32_t groups = 0;
    const std::uint8_t want = effect == DependencyEffect::repair ? repair_flag : 0;
    for (auto i = unit.first; i < unit.last; ++i) {
        const auto& e = unit.edges[i];
        if ((e.flags & repair_flag) != want) continue;
        const double loss = empty(i) ? edge_loss(e.strength, supply(i)) : 0.0;  // nothing while the buffer lasts
        if (e.group >= 0) {
            const auto gi = static_cast<std::uint32_t>(e.group);
            while (groups <= gi) { g.loss[groups] = 2.0; g.edge[groups] = -1; ++groups; }
            if (loss < g.loss[gi]) { g.loss[gi] = loss; g.edge[gi] = i; }
        } else {
            take(loss, i);
        }
    }
    for (std::uint32_t gi = 0; gi < groups; ++gi)
        if (g.edge[gi] >= 0) take(g.loss[gi], g.edge[gi]);
    // Step 4: (1 − damage) × the combination of (1 − loss).
    const double deps = rule == product_rule ? keep
                        : rule == mean_rule  ? (count ? 1.0 - sum / count : 1.0)
                                             : 1.0 - worst_loss;
    const double direct = effect == DependencyEffect::function ? 1.0 - unit.damage : 1.0;
    return {std::clamp(direct * deps, 0.0, 1.0), direct, worst_loss, worst_edge};
}

/// Steps 2–4 for one unit over its edges of one effect (`function`: its
/// operability; `repair`: the rate of its repairs, step 5). `empty(i)` says
/// whether edge i's buffer is empty, `supply(i)` the share it delivers; supply
/// is read only where the buffer is empty. Inlined into every caller: each
/// then drops what it does not ask for (the cause, repair buffers). The
/// combination is chosen once per unit, not per edge.
template <class Empty, class Supply>
[[gnu::always_inline]] inline UnitValue evaluate_unit(const UnitView& unit, DependencyEffect effect, GroupScratch& g, Empty empty, Supply supply) {
    switch (unit.rule) {
    case product_rule: return evaluate_unit_by<product_rule>(unit, effect, g, empty, supply);
    case mean_rule: return evaluate_unit_by<mean_rule>(unit, effect, g, empty, supply);
    default: return evaluate_unit_by<min_rule>(unit, effect, g, empty, supply);
    }
}

}  // namespace cisim::cascade
