#pragma once
// The one result contract of every engine (SPEC §5): a time axis, operability
// per unit and per sector over time, an event log, and run metadata. Scoring,
// plots, injects and exports read only this.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engines/UnitCurves.hpp"

namespace cisim {

enum class Level { unit, sector };

enum class LogKind {
    direct_hit,        ///< a scenario event damaged the unit directly
    supply_lost,       ///< a dependency's effective loss first became positive (cause = supplier)
    buffer_exhausted,  ///< a dependency's buffer ran dry (logged as its level reaches zero, before that
                       ///< step's supply is known: supply_lost at the same time says the shortfall reaches
                       ///< the consumer; without it the supply returned at that instant)
    buffer_refilled,   ///< a drained buffer is full again
    below_service,     ///< operability fell below the service threshold (default 0.9)
    below_half,        ///< operability fell below 0.5
    recovered_service, ///< operability back at or above the service threshold
    restored,          ///< operability back at or above 0.99
    repaired,          ///< direct damage fully repaired
};

std::string to_string(LogKind k);
std::string to_string(Level l);

struct LogEntry {
    double t_h = 0;
    LogKind kind = LogKind::direct_hit;
    Level level = Level::unit;
    std::uint32_t index = 0;         ///< unit or sector index
    std::int32_t cause_unit = -1;    ///< supplier unit that caused it, or -1
    std::int32_t cause_sector = -1;  ///< supplier sector (aggregate supply) that caused it, or -1
    std::int32_t event = -1;         ///< scenario event that caused it, or -1
    double value = 0;                ///< operability (or buffer hours) at that moment
};

struct Result {
    std::string engine;
    std::uint64_t seed = 0;
    double horizon_h = 0;
    double step_h = 0;
    double service_threshold = 0.9;
    std::vector<double> times;       ///< t_h of each recorded step, from 0 to horizon
    std::size_t unit_count = 0;
    std::size_t sector_count = 0;
    UnitCurves unit_operability;     ///< each unit's curve, as its changes; empty if not recorded
    std::vector<float> sector_operability;  ///< times × sectors, row-major
    std::vector<LogEntry> log;       ///< sorted by time, then level, then index
    std::vector<std::string> notes;  ///< engine remarks (e.g. deviations, saturation)
    std::uint64_t evaluations = 0;   ///< rule evaluations while settling: the engine's work, not an output
    /// A deterministic run that combines K stratified realisations (engines/CentralEnsemble.hpp):
    /// K, the realisation its log follows, and that realisation's whole result (injects, whose
    /// timeline must be one coherent story, read it). realisations == 1: no combination.
    std::uint32_t realisations = 1;
    std::uint32_t representative = 0;
    std::shared_ptr<const Result> representative_run;

    float sector_at(std::size_t step, std::size_t sector) const { return sector_operability[step * sector_count + sector]; }
    float unit_at(std::size_t step, std::size_t unit) const { return unit_operability.at(step, unit); }
    bool has_units() const { return !unit_operability.empty(); }
};

}  // namespace cisim
