#pragma once
// Whether one step of the cascade rule (SPEC §5.4) has a single fixed point,
// whatever the damage, supply cuts, buffer states and cut-off nodes: then any
// iteration order reaches it from any start, and the cascade engine starts each
// step from the previous one without resetting anything (CascadeEngine.cpp).
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
// too slowly (more than contraction_max_powers powers) counts as not contracting,
// and the engine then resets, as for loops that can hold a loss up by themselves.
#include <cstddef>

#include "model/Network.hpp"

namespace cisim {

inline constexpr std::size_t contraction_max_powers = 64;

/// Whether the rule provably has one fixed point per step, at time step `step_h`
/// (a dependency whose delay rounds to zero steps acts within the step).
bool rule_contracts(const Network& net, double step_h);

}  // namespace cisim
