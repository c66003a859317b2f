#include "model/Scenario.hpp"

#include <cmath>

namespace cisim {

std::string to_string(EventKind k) {
    switch (k) {
        case EventKind::it_outage: return "it_outage";
        case EventKind::blackout: return "blackout";
        case EventKind::rolling_blackout: return "rolling_blackout";
        case EventKind::earthquake: return "earthquake";
        case EventKind::tsunami: return "tsunami";
        case EventKind::restore: return "restore";
    }
    return "it_outage";
}

std::string to_string(Recovery r) {
    switch (r) {
        case Recovery::step: return "step";
        case Recovery::linear: return "linear";
        case Recovery::exponential: return "exponential";
    }
    return "step";
}

double recovery_remaining(Recovery r, double recovery_h, double t) {
    // Outages cover [start, start + duration): the tolerance absorbs step sums like 10 × 0.1.
    constexpr double eps = 1e-9;
    if (t < -eps) return 1.0;
    if (r == Recovery::step || recovery_h <= 0) return 0.0;
    if (t >= recovery_h - eps) return 0.0;
    if (t <= 0) return 1.0;
    if (r == Recovery::linear) return 1.0 - t / recovery_h;
    // Exponential: 99 % recovered at recovery_h, then snapped to zero.
    return std::exp(-std::log(100.0) * t / recovery_h);
}

bool glob_match(std::string_view p, std::string_view s) {
    std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) { ++pi; ++si; }
        else if (pi < p.size() && p[pi] == '*') { star = pi++; mark = si; }
        else if (star != std::string_view::npos) { pi = star + 1; si = ++mark; }
        else return false;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

}  // namespace cisim
