#include "hazards/Disruption.hpp"

namespace cisim {

double damage_at(const Damage& d, double t) {
    if (t < d.start_h) return 0.0;
    const double after = t - d.start_h - d.hold_h;
    return d.severity * recovery_remaining(d.recovery, d.recovery_h, after);
}

}  // namespace cisim
