#pragma once
// Tsunami hazard: coastal assets below the run-up height in the affected
// regions are destroyed, with long repair times.
//
// Selection: nodes with `coastal: true`, a region matching the event's region
// glob, and elevation_m < height_m (a coastal node without an elevation counts
// as at sea level). Damage: severity 1 from start_h. Repair time T: the event's
// repair_h if > 0, else the class default below, × repair_scale_of().
// Repair ends in one step after a time uniform on [T/2, 3T/2] (mean T):
// Monte Carlo draws it; the deterministic central case (CentralCase.hpp) gives
// the n inundated assets of a class the spread quantiles of n, so a lone asset
// takes T and several spread evenly over the range (mean T). Class defaults, from 2011 restoration evidence
// (japan-reference.md; MIC, Tohoku Electric, MHLW figures):
//   water (treatment, pumping, distribution) 180 d — ~45 k households in the
//     tsunami areas still without water on 9/9, six months after;
//   substation 90 d — Tohoku Electric's last restorable customers back 6/18;
//   base_station 30 d — Docomo: ~570 stations still down on 4/2 (3 weeks);
//   telecom_office 45 d; power_plant 365 d (coastal thermal plants returned
//   after months to over a year); others 60 d (assumption). Roads 14 d
//   (debris clearing, the "comb" operation opened the coastal routes in ~1 week).
#include <cstdint>
#include <string_view>

#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Adds the damage of tsunami `event` (index `event_index`) to `out`.
void add_tsunami(const Model& model, const Network& network, const Event& event, std::uint32_t event_index,
                 const HazardOptions& options, Rng& rng, Disruption& out);

/// Default repair time (days) of a node class destroyed by a tsunami.
double tsunami_repair_days(std::string_view node_class);

/// Whether a node is inundated by a run-up of `height_m` (coastal and below it).
bool tsunami_inundates(const Node& node, double height_m);

}  // namespace cisim
