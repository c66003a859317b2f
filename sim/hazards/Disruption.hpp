#pragma once
// What hazards produce and engines consume: direct damage to units and cuts
// of a supplier sector's service to units, each tagged with the scenario
// event that caused it. Hazards know geography and fragility; engines only
// see these values.
#include <cstdint>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// A utility's restoration schedule: (hours from the start, share restored),
/// piecewise linear from (0, 0); shared by every unit an event reaches.
using RestorationSchedule = std::vector<std::pair<double, double>>;

/// Share restored `t` hours after the start (0 before, the last share after the end).
double restored_share(const RestorationSchedule& schedule, double t);

/// Direct damage to one unit: `severity` from `start_h` for `hold_h` hours of
/// repair work, then recovery over `recovery_h` following `recovery`.
struct Damage {
    std::uint32_t unit = 0;
    std::uint32_t event = 0;         ///< index into Scenario::events
    double start_h = 0;
    double severity = 1;
    double hold_h = 0;
    Recovery recovery = Recovery::step;
    double recovery_h = 0;
    /// If set, severity × (1 − restored share) at wall-clock time, as reported
    /// (an observed restoration is not slowed again by repair dependencies).
    std::shared_ptr<const RestorationSchedule> schedule;
};

/// Loss of a supplier sector's service to one unit (blackouts): the unit's
/// supply from `supplier_sector` is at most 1 − share during [start_h, end_h),
/// then the cut fades out over `recovery_h` following `recovery`, or follows
/// `schedule`. On a population it may reach one rotation group of its members
/// only: group `group` of `groups` (engines/Populations.hpp).
struct SupplyCut {
    std::uint32_t unit = 0;
    std::uint32_t event = 0;
    std::uint32_t supplier_sector = 0;
    double start_h = 0, end_h = 0;
    double share = 1;
    Recovery recovery = Recovery::step;
    double recovery_h = 0;
    std::shared_ptr<const RestorationSchedule> schedule;
    std::uint16_t groups = 1, group = 0;
};

/// A `restore` event: all damage and cuts of a unit end at `at_h`.
struct Restoration {
    std::uint32_t unit = 0;
    std::uint32_t event = 0;
    double at_h = 0;
};

struct Disruption {
    std::vector<Damage> damages;
    std::vector<SupplyCut> cuts;
    std::vector<Restoration> restorations;
};

/// Direct damage of `d` at time `t`, ignoring repair gating (repairs at full speed).
double damage_at(const Damage& d, double t);

/// Share of supply cut by `c` at time `t`.
double cut_at(const SupplyCut& c, double t);

/// How stochastic parts are treated: the central case, or one Monte Carlo draw.
struct HazardOptions {
    bool sample = false;
    std::uint64_t seed = 1;
    std::uint32_t realisation = 0;   ///< central case: which of `realisations` (hazards/CentralCase.hpp)
    std::uint32_t realisations = 1;
};

/// The random engine every hazard draws from (fixed algorithm: portable results).
using Rng = std::mt19937_64;

}  // namespace cisim
