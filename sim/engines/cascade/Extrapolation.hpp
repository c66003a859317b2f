#pragma once
// Aitken's Δ² extrapolation of a unit's iterates within one settle (A. C.
// Aitken, "On Bernoulli's numerical solution of algebraic equations", Proc.
// Roy. Soc. Edinburgh 46, 1926), used only when the rule is a contraction
// (engines/Contraction.hpp) and the model settles in one part (up to
// part_units units, Scheduler.hpp).
// Why: a loop of partial zero-delay dependencies converges geometrically,
// each sweep multiplying the distance to the fixed point by the loop's ratio
// r; to 1e-12 that takes log(1e-12)/log(r) sweeps (the Japan model's power ↔
// telecom-population loop: 11 sweeps of 100 classes at r ≈ 0.08). Once a
// unit's last two changes shrink by the same ratio, it is moved to the
// limit of that geometric series, d·r/(1 − r) beyond its new value.
// Why it is safe: under a contraction the fixed point is the only one and
// Gauss–Seidel reaches it from any state, so a jump that misses (a kink of
// the rule ahead, a ratio not yet settled) costs sweeps, never the answer;
// the iteration still ends only when no unit changes by more than
// converge_eps, the stopping rule (and error bound) of plain iteration. A
// jumped unit is evaluated again (Scheduler.cpp), so none ends on a jump: a
// jump anticipates changes of its inputs, which may not come.
// Without a contraction the engine descends from above to the greatest fixed
// point, which a jump below it could miss: there it is off.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace cisim::cascade {

class Extrapolation {
public:
    static constexpr double max_ratio = 0.99;        ///< slower series: left to plain sweeps
    static constexpr double ratio_tolerance = 1e-3;  ///< relative agreement of the last two ratios
    static constexpr double min_change = 1e-9;       ///< smaller changes end in a sweep or two anyway

    void resize(std::size_t units) { trend_.assign(units, Trend{}); }

    /// A new settle: every unit's series starts again.
    void begin() { ++epoch_; }

    /// The value to give a unit whose evaluation moved it from `old` to `v`:
    /// `v`, or the limit of its geometric series once the series is steady.
    double next(std::uint32_t u, double old, double v) {
        auto& t = trend_[u];
        const double d = v - old;
        if (t.epoch != epoch_ || t.delta == 0) {
            t = {d, 0, epoch_};
            return v;
        }
        const double r = d / t.delta;
        const bool steady = r > 0 && r <= max_ratio && std::abs(r - t.ratio) <= ratio_tolerance * r &&
                            std::abs(d) > min_change;
        t.delta = d;
        t.ratio = r;
        if (!steady) return v;
        t.epoch = 0;  // the next change starts a new series
        return std::clamp(v + d * r / (1 - r), 0.0, 1.0);
    }

private:
    struct Trend {
        double delta = 0;  ///< the last change
        double ratio = 0;  ///< the last change over the one before
        std::uint32_t epoch = 0;
    };
    std::vector<Trend> trend_;
    std::uint32_t epoch_ = 1;
};

}  // namespace cisim::cascade
