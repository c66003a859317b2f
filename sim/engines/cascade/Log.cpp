#include <algorithm>

#include "engines/cascade/Simulation.hpp"

// What the cascade engine records: the unit curves, and the event log (threshold
// crossings with what limits the unit or sector, buffer and supply events), in
// the network's numbering.
namespace cisim::cascade {

inline constexpr float restored_level = 0.99f;
inline constexpr float half_level = 0.5f;

void Simulation::record_unit_row(UnitCurves::Recorder& rows, std::size_t k) const {
    rows.begin_step(k);  // every unit starts at 1
    for (const auto u : dirty_units_) rows.set(to_old_[u], static_cast<float>(op_[u]));
}

LogEntry Simulation::entry(double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
    LogEntry e;
    e.t_h = t;
    e.kind = kind;
    // On a sector-level model every unit is its sector, but for the classes of
    // a population, which merge_classes gives back to it (Populations.hpp).
    const bool as_sector = sector_level_ && net_.units[to_old_[u]].class_of < 0;
    e.level = as_sector ? Level::sector : Level::unit;
    e.index = as_sector ? unit_sector_[u] : to_old_[u];
    e.cause_unit = c.unit;
    e.cause_sector = c.sector;
    e.event = c.event;
    e.value = value;
    return e;
}

// Edge entries in edge order, as the reference logs them.
void Simulation::flush_edge_log(Result& r) {
    std::stable_sort(edge_log_.begin(), edge_log_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [edge, log] : edge_log_) r.log.push_back(log);
    edge_log_.clear();
}

void Simulation::log_crossings(double t, Result& r) {
    const double service = steps_.service_threshold;
    auto check = [&](float before, float now, auto&& emit) {
        auto fell = [&](double level) { return before >= level && now < level; };
        auto rose = [&](double level) { return before < level && now >= level; };
        if (fell(service)) emit(LogKind::below_service);
        if (rose(service)) emit(LogKind::recovered_service);
        if (fell(half_level)) emit(LogKind::below_half);
        if (rose(restored_level)) emit(LogKind::restored);
    };
    if (!sector_level_ && opt_.log_units) {
        for (const auto u : dirty_units_) {
            const auto now = static_cast<float>(op_[u]);
            check(prev_unit_[u], now, [&](LogKind kind) {
                Cause c;
                if (kind == LogKind::below_service || kind == LogKind::below_half)
                    evaluate(u, DependencyEffect::function, &c, scratch_);
                push(r, t, kind, u, c, now);
            });
            prev_unit_[u] = now;
        }
    }
    for (std::uint32_t s = 0; s < s_ && opt_.log_sectors; ++s) {
        const auto now = static_cast<float>(agg_[s]);
        check(prev_sector_[s], now, [&](LogKind kind) {
            Cause c;
            if (kind == LogKind::below_service || kind == LogKind::below_half) c = sector_cause(s);
            LogEntry e;
            e.t_h = t;
            e.kind = kind;
            e.level = Level::sector;
            e.index = s;
            e.cause_unit = c.unit;
            e.cause_sector = c.sector;
            e.event = c.event;
            e.value = now;
            r.log.push_back(e);
        });
        prev_sector_[s] = now;
    }
}

// A sector is limited by whatever limits its most impaired unit (by lost capacity).
Cause Simulation::sector_cause(std::uint32_t s) {
    std::uint32_t pick = sector_units_[net_.sector_offsets[s]];
    double worst = -1;
    for (auto i = net_.sector_offsets[s]; i < net_.sector_offsets[s + 1]; ++i) {
        const auto u = sector_units_[i];
        const double lost = unit_weight_[u] * (1.0 - op_[u]);
        if (lost > worst) { worst = lost; pick = u; }
    }
    Cause c;
    evaluate(pick, DependencyEffect::function, &c, scratch_);
    return c;
}


}  // namespace cisim::cascade
