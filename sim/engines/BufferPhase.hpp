#pragma once
// Dependency buffers (SPEC §5.4 step 2) in closed form. A buffer changes by the
// same amount every step while its supply stays the same, so its level is kept
// as a "phase": a start level, a start step and a per-step change. The engine
// then touches a buffer only when its supply changes or it empties or fills,
// not every step. This equals step-by-step draining up to rounding; the
// reference (tests/engines/ReferenceCascade.hpp) and the Python benchmark
// implementation (bench/python/cisim_py.py) use the same closed form.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cisim {

inline constexpr double buffer_empty_h = 1e-9;  ///< a buffer at or below this many hours is empty
/// A shortfall at or below this drains nothing and passes no loss on to logs:
/// well above the 1e-12 to which fixed points converge, so the order in which
/// a fixed point is reached cannot flip it.
inline constexpr double shortfall_min = 1e-9;

enum class BufferMode : std::uint8_t { hold, drain, refill };

/// A stretch of constant per-step change of one buffer.
struct BufferPhase {
    double start_level = 0;      ///< hours held at start_step
    double per_step = 0;         ///< hours drained or refilled per step (+inf: full one step later)
    std::uint32_t start_step = 0;
    BufferMode mode = BufferMode::hold;
};

/// Hours held at `step` (≥ the phase's start step) by a buffer of `capacity_h`.
[[gnu::always_inline]] inline double buffer_level(const BufferPhase& p, double capacity_h, std::uint32_t step) {
    const double m = static_cast<double>(step - p.start_step);
    switch (p.mode) {
    case BufferMode::drain: return std::max(0.0, p.start_level - m * p.per_step);
    case BufferMode::refill:
        if (std::isinf(p.per_step)) return step > p.start_step ? capacity_h : p.start_level;
        return std::min(capacity_h, p.start_level + m * p.per_step);
    case BufferMode::hold: break;
    }
    return p.start_level;
}

/// The phase followed from `step` on, given that step's shortfall: drain under
/// shortfall, refill at full supply (over refill_h hours from empty), else hold.
/// A single facility drains in proportion to its shortfall; a population
/// (`full_rate`) reads a shortfall s as s of its members fully cut, and those
/// drain their buffers at the full rate (SPEC §3).
/// Unchanged (the same object) when the per-step change is the same.
inline BufferPhase phase_from(const BufferPhase& current, double capacity_h, double refill_h, double shortfall,
                              double dt, std::uint32_t step, bool full_rate = false) {
    BufferPhase next;
    next.start_step = step;
    next.start_level = buffer_level(current, capacity_h, step);
    if (shortfall > shortfall_min) {
        next.mode = BufferMode::drain;
        next.per_step = full_rate ? dt : shortfall * dt;
    } else if (next.start_level < capacity_h) {
        next.mode = BufferMode::refill;
        next.per_step = refill_h > 0 ? dt * capacity_h / refill_h : std::numeric_limits<double>::infinity();
    }
    if (next.mode == current.mode && next.per_step == current.per_step) return current;
    return next;
}

/// First step after the phase's start at which `reached(level)` holds, or
/// `never` if not before `limit`. `reached` must hold monotonically once it holds.
template <class Reached>
std::uint32_t first_step_where(const BufferPhase& p, double capacity_h, std::uint32_t limit, double guess,
                               Reached reached, std::uint32_t never) {
    auto at = [&](std::uint64_t m) { return reached(buffer_level(p, capacity_h, static_cast<std::uint32_t>(p.start_step + m))); };
    const double room = static_cast<double>(limit) - p.start_step;
    if (!(guess <= room + 2)) guess = room + 2;  // also catches NaN
    auto m = static_cast<std::uint64_t>(std::max(1.0, guess));
    if (p.start_step + m >= limit + 2ull) m = limit + 1ull - p.start_step;
    while (m > 1 && at(m - 1)) --m;
    while (!at(m)) {
        if (p.start_step + m >= limit) return never;
        ++m;
    }
    return p.start_step + m < limit ? static_cast<std::uint32_t>(p.start_step + m) : never;
}

}  // namespace cisim
