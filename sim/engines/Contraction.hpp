#pragma once
// Whether one step of the cascade rule (SPEC §5.4) has a single fixed point,
// whatever the damage, supply cuts, buffer states and cut-off nodes: then any
// iteration order reaches it from any start, and the cascade engine starts each
// step from the previous one without resetting anything (engines/cascade/Scheduler.cpp).
// Method: a change Δ of the suppliers moves a unit by at most T(|Δ|), where
// T(w)_u adds (product combination) or takes the largest (min combination) of
// strength × w_supplier over the unit's zero-delay function dependencies, with
// every buffer counted as empty, a redundancy group as its strongest member and
// a sector aggregate as the capacity-weighted sum over its units. If
// ‖T^k(1)‖∞ ≤ 1/2 for some k, the rule is a contraction in the weighted maximum
// norm w = Σ_{j<k} T^j(1)·2^{j/k}, and totally asynchronous iteration (Gauss–
// Seidel in any order) converges to its only fixed point: Bertsekas &
// Tsitsiklis, Parallel and Distributed Computation: Numerical Methods, 1989,
// ch. 3 (weighted maximum norms) and ch. 6 (totally asynchronous iteration).
// Deviation: a bound, not the spectral radius itself; a model that contracts
// too slowly (more than contraction_max_powers powers to halve) counts as not
// contracting, and the engine then resets, as for loops that can hold a loss up
// by themselves. The limit also bounds the stopping error: an iteration that
// stops at changes of ε is within about ε·max(w)/((1−β)·min(w)) of the fixed
// point, β = 2^(−1/k); with ε = 1e-12 and the k ≈ 7 of `cisim generate` models,
// about 1e-10, below the engine's 1e-9 decision margins (as the reset path's
// descent stops short of slow loops' fixed points, see CascadeEngine.hpp).
// Early exit (the same answer, sooner): each unit names one supplier unit it
// depends on at full strength (its first such zero-delay function edge), if
// any. If following these names runs into a loop L, then T^k(1)_u ≥ 1 for
// every u in L and every k: T^0(1) = 1, and T^k(1)_u ≥ 1 · T^(k−1)(1)_v for
// the named v ∈ L, since a bound (a sum or a maximum of non-negative terms,
// a group counted as its strongest member) is at least each of its terms.
// So no power has ‖T^k(1)‖∞ ≤ 1/2, and the powers would end in "not
// contracting"; that answer is given at once (a mutual dependency at full
// strength, as in Buldyrev et al.'s interdependent networks, is such a loop).
// Names that miss a loop prove nothing: the powers then decide.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engines/Parallel.hpp"
#include "model/Network.hpp"

namespace cisim {

inline constexpr std::size_t contraction_max_powers = 32;

/// Whether the rule provably has one fixed point per step, at time step `step_h`
/// (a dependency whose delay rounds to zero steps acts within the step).
bool rule_contracts(const Network& net, double step_h);

/// The bound on any numbering of the model. `View` gives units(), sectors(),
/// product(u), for_units(s, f(unit, weight)) over a sector's units, and
/// for_edges(u, f(column, strength, group)) over u's zero-delay function
/// dependencies (column: a unit, or units() + sector for an aggregate).
/// `threads` bound slices of units at once (the same answer for any count).
/// `loop_exit` false runs the powers even when a full-strength loop is found
/// (the tests compare the two).
template <class View>
bool contracts(const View& view, int threads = 1, bool loop_exit = true) {
    const std::size_t n = view.units(), sectors = view.sectors();
    if (loop_exit) {
        constexpr auto none = static_cast<std::uint32_t>(-1);
        std::vector<std::uint32_t> named(n, none);  // a supplier unit at full strength
        for_slices(threads, n, [&](std::size_t, std::size_t begin, std::size_t end) {
            for (std::size_t u = begin; u < end; ++u)
                view.for_edges(u, [&](std::size_t col, double strength, std::int32_t) {
                    if (col < n && strength >= 1.0 && named[u] == none) named[u] = static_cast<std::uint32_t>(col);
                });
        });
        // Walks along the names; a walk that meets itself has found a loop.
        std::vector<char> mark(n, 0);  // 1: on the current walk, 2: walked before
        std::vector<std::uint32_t> walk;
        for (std::size_t start = 0; start < n; ++start) {
            auto v = static_cast<std::uint32_t>(start);
            while (v != none && mark[v] == 0) {
                mark[v] = 1;
                walk.push_back(v);
                v = named[v];
            }
            if (v != none && mark[v] == 1) return false;
            for (const auto w : walk) mark[w] = 2;
            walk.clear();
        }
    }
    std::vector<double> w(n + sectors, 1.0), next(n + sectors, 0.0);
    std::vector<double> sup;  // ‖T^j(1)‖∞ of the powers so far
    std::vector<double> slice_top(slice_count(threads));
    std::vector<std::vector<double>> strongest(slice_top.size());  // per slice: each group's strongest bound
    for (std::size_t k = 1; k <= contraction_max_powers; ++k) {
        for (std::size_t s = 0; s < sectors; ++s) {
            double sum = 0;
            view.for_units(s, [&](std::size_t u, double weight) { sum += weight * w[u]; });
            w[n + s] = sum;
        }
        // Each unit's bound reads only w: slices of units are independent.
        for_slices(threads, n, [&](std::size_t slice, std::size_t begin, std::size_t end) {
            auto& best = strongest[slice];
            double top = 0;
            for (std::size_t u = begin; u < end; ++u) {
                const bool product = view.product(u);
                std::size_t groups = 0;
                double bound = 0;
                view.for_edges(u, [&](std::size_t col, double strength, std::int32_t group) {
                    const double x = strength * w[col];
                    if (group < 0) {
                        bound = product ? bound + x : std::max(bound, x);
                        return;
                    }
                    const auto g = static_cast<std::size_t>(group);
                    if (best.size() <= g) best.resize(g + 1);
                    while (groups <= g) best[groups++] = 0;
                    best[g] = std::max(best[g], x);
                });
                for (std::size_t g = 0; g < groups; ++g) bound = product ? bound + best[g] : std::max(bound, best[g]);
                next[u] = bound;
                top = std::max(top, bound);
            }
            slice_top[slice] = top;
        });
        const double top = *std::max_element(slice_top.begin(), slice_top.end());
        if (top <= 0.5) return true;
        // Eight powers without a decrease: not contracting (or too slowly to matter).
        if (k > 8 && top >= sup[k - 9]) return false;
        sup.push_back(top);
        std::swap(w, next);
    }
    return false;
}

}  // namespace cisim
