#include "hazards/Disruption.hpp"

namespace cisim {

double damage_at(const Damage& d, double t) {
    if (t < d.start_h) return 0.0;
    const double after = t - d.start_h - d.hold_h;
    return d.severity * recovery_remaining(d.recovery, d.recovery_h, after);
}

double cut_at(const SupplyCut& c, double t) {
    if (t < c.start_h) return 0.0;
    return c.share * recovery_remaining(c.recovery, c.recovery_h, t - c.end_h);
}

}  // namespace cisim
