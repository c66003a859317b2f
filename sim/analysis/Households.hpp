#pragma once
// Households and people without service over time (SPEC §3, §8), counted as
// official outage reports do ("N households without power"), from the
// operability curves of any engine's Result.
//
// Counting rule, for a sector at sample time t:
// - when any of its nodes carries `households`:
//     households_out(t) = Σ over its units u of households_u × (1 − o_u(t))
//   (nodes without the figure count 0);
// - else, when the sector carries `households`:
//     households_out(t) = households × (1 − o_sector(t));
// - else the sector is not counted.
// Why 1 − o: a unit that stands for many facilities is a population, and a
// shortfall of a share s cuts a share s of its members fully (SPEC §3), so
// 1 − operability is the share of its customers without service. For a single
// facility it is the expected share. `population` (people out) is counted the
// same way. Validation forbids giving a figure both on a sector and on its nodes.
// When the Result holds no unit curves, node figures are summed and counted
// against the sector curve (`by_nodes` stays true; a note says so).
// Peak = max over samples, at the first sample that reaches it (none when never
// out); household-hours = ∫ out dt with each sample holding over its step, as
// Scoring's inoperability-hours (the last sample closes the horizon).
#include <optional>
#include <string>
#include <vector>

#include "engines/Result.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// Households (or people) of one sector without its service.
struct CountOut {
    std::vector<double> out;          ///< per Result::times
    double peak = 0;
    std::optional<double> peak_t_h;   ///< first time at the peak; none if never out
    double hours = 0;                 ///< ∫ out dt: household-hours (person-hours)
    bool by_nodes = false;            ///< summed over the sector's nodes, not the sector's own figure
};

struct SectorCountOut {
    std::size_t sector = 0;                      ///< index into Model::sectors
    std::optional<CountOut> households, population;
};

struct HouseholdsOut {
    std::vector<double> times;                   ///< Result::times
    std::vector<SectorCountOut> sectors;         ///< counted sectors only, in model order
    bool has_households = false;                 ///< some sector counts households
    bool has_population = false;                 ///< some sector counts people
    std::vector<std::string> notes;              ///< e.g. node figures counted against sector curves
};

/// True when some sector or node carries households or population.
bool carries_households(const Model& model);

/// Households and people without each service over the run.
HouseholdsOut households_out(const Model& model, const Network& network, const Result& result);

/// Peak, time of peak and integral of one count curve sampled at `times`.
CountOut summarise_count(const std::vector<double>& times, std::vector<double> out);

}  // namespace cisim
