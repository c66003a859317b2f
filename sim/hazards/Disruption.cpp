#include "hazards/Disruption.hpp"

namespace cisim {

double restored_share(const RestorationSchedule& schedule, double t) {
    if (t <= 0 || schedule.empty()) return 0.0;
    double t0 = 0, r0 = 0;
    for (const auto& [t1, r1] : schedule) {
        if (t < t1) return t1 > t0 ? r0 + (r1 - r0) * (t - t0) / (t1 - t0) : r1;
        t0 = t1;
        r0 = r1;
    }
    return r0;
}

double damage_at(const Damage& d, double t) {
    if (t < d.start_h) return 0.0;
    if (d.schedule) return d.severity * (1.0 - restored_share(*d.schedule, t - d.start_h));
    const double after = t - d.start_h - d.hold_h;
    return d.severity * recovery_remaining(d.recovery, d.recovery_h, after);
}

double cut_at(const SupplyCut& c, double t) {
    if (t < c.start_h) return 0.0;
    // A cut of one rotation group of a population reaches 1/groups of it.
    const double share = c.share / c.groups;
    if (c.schedule) return share * (1.0 - restored_share(*c.schedule, t - c.start_h));
    return share * recovery_remaining(c.recovery, c.recovery_h, t - c.end_h);
}

}  // namespace cisim
