#pragma once
// Threshold crossings read back from an operability time series, for engines
// that do not track causes while they step (iim, diim). The cascade engine
// logs its own crossings with their supplier causes.
#include "engines/Result.hpp"
#include "hazards/Disruption.hpp"
#include "model/Network.hpp"

namespace cisim {

/// What append_crossings may use beyond the series.
struct CrossingContext {
    const Disruption* disruption = nullptr;  ///< to name the event active on a crossing's unit or sector
    bool units = true;                       ///< also scan the unit series (when recorded)
};

/// Appends below_service, below_half (falling), recovered_service and
/// restored (≥ 0.99, rising) entries for every sector, and every unit when
/// the result has unit series, comparing each step with the one before (the
/// state before t = 0 is fully operable). `event` is the scenario event whose
/// damage or supply cut is largest on that unit or sector at that moment, if
/// any. Then sorts the whole log by time, sector before unit, index (stable).
void append_crossings(Result& result, const Network& network, double service_threshold,
                      const CrossingContext& context = {});

}  // namespace cisim
