#pragma once
// Reference implementation of the cascade rule (SPEC §5.4, §5.5), kept as the
// oracle for the optimised engine in sim/engines/cascade/: the
// straightforward version, with full Jacobi sweeps over every unit, every edge
// visited every step, a fresh breadth-first search for the connectivity rule
// and no event-driven shortcuts. Same rule, same log; tests only.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engines/BufferPhase.hpp"
#include "engines/Populations.hpp"
#include "engines/CascadeEngine.hpp"
#include "engines/Connectivity.hpp"
#include "hazards/ScenarioHazards.hpp"

namespace cisim::reference {
namespace detail {

inline constexpr double buffer_eps = 1e-9;     // hours: a buffer at or below this is empty
inline constexpr double converge_eps = 1e-12;  // operability change that ends the fixed-point iteration
inline constexpr float restored_level = 0.99f;
inline constexpr float half_level = 0.5f;

/// What limits a unit at a moment: a scenario event, or a supplier.
struct Cause {
    std::int32_t event = -1;
    std::int32_t unit = -1;
    std::int32_t sector = -1;
};

class ReferenceSimulation {
public:
    ReferenceSimulation(const Model& model, const Network& net, const Disruption& dis, const StepSettings& steps,
               const RunOptions& opt)
        : model_(model), net_(net), dis_(dis), steps_(steps), opt_(opt),
          n_(net.size()), s_(net.sector_count()), e_(net.in_edges.size()) {
        sector_level_ = !model.has_nodes();
        dt_ = steps.step_h;
        step_count_ = static_cast<std::size_t>(std::floor(steps.horizon_h / dt_ + 1e-9)) + 1;
        index_damages();
        index_cuts();
        delay_steps_.resize(e_);
        std::size_t max_delay = 0;
        for (std::size_t i = 0; i < e_; ++i) {
            delay_steps_[i] = static_cast<std::uint32_t>(std::lround(net.in_edges[i].delay_h / dt_));
            max_delay = std::max<std::size_t>(max_delay, delay_steps_[i]);
        }
        ring_size_ = max_delay + 1;
        if (max_delay > 0) ring_.assign(ring_size_ * (n_ + s_), 1.0f);
        buffer_.resize(e_);
        phase_.resize(e_);
        for (std::size_t i = 0; i < e_; ++i) phase_[i].start_level = buffer_[i] = net.in_edges[i].buffer_h;
        exhausted_.assign(e_, 0);
        losing_.assign(e_, 0);
        op_.assign(n_, 1.0);
        next_.assign(n_, 1.0);
        cut_off_.assign(n_, 0);
        agg_.assign(s_, 1.0);
        damage_.assign(n_, 0.0);
        damage_event_.assign(n_, -1);
        rate_.assign(n_, 1.0);
        prev_unit_.assign(n_, 1.0f);
        prev_sector_.assign(s_, 1.0f);
        std::size_t max_groups = 0;
        for (const auto& e : net.in_edges) max_groups = std::max<std::size_t>(max_groups, e.group + 1);
        max_groups_ = max_groups;
    }

    Result run() {
        Result r;
        r.engine = "cascade";
        r.seed = opt_.seed;
        r.horizon_h = steps_.horizon_h;
        r.step_h = dt_;
        r.service_threshold = steps_.service_threshold;
        r.unit_count = n_;
        r.sector_count = s_;
        r.times.resize(step_count_);
        r.sector_operability.resize(step_count_ * s_);
        const bool record_units = opt_.record_units && !sector_level_;
        std::vector<float> units;  // steps × units
        if (record_units) units.resize(step_count_ * n_);

        for (std::size_t k = 0; k < step_count_; ++k) {
            const double t = static_cast<double>(k) * dt_;
            r.times[k] = t;
            update_damage(k, t, r);
            solve_step(k, t);
            for (std::size_t s = 0; s < s_; ++s) r.sector_operability[k * s_ + s] = static_cast<float>(agg_[s]);
            if (record_units)
                for (std::size_t u = 0; u < n_; ++u) units[k * n_ + u] = static_cast<float>(op_[u]);
            log_crossings(k, t, r);
            if (ring_size_ > 1) store_history(k);
            advance_buffers(k, t, r);
        }
        if (record_units) r.unit_operability = UnitCurves::from_dense(units, step_count_, n_);
        std::stable_sort(r.log.begin(), r.log.end(), [](const LogEntry& a, const LogEntry& b) {
            if (a.t_h != b.t_h) return a.t_h < b.t_h;
            if (a.level != b.level) return a.level == Level::sector && b.level == Level::unit;
            return a.index < b.index;
        });
        return r;
    }

private:
    void index_damages() {
        damage_offsets_.assign(n_ + 1, 0);
        for (const auto& d : dis_.damages) ++damage_offsets_[d.unit + 1];
        for (std::size_t u = 0; u < n_; ++u) damage_offsets_[u + 1] += damage_offsets_[u];
        damages_.resize(dis_.damages.size());
        auto fill = damage_offsets_;
        for (const auto& d : dis_.damages) damages_[fill[d.unit]++] = d;
        progress_.assign(damages_.size(), 0.0);
        hit_logged_.assign(damages_.size(), 0);
        restore_at_.assign(n_, std::numeric_limits<double>::infinity());
        restore_event_.assign(n_, -1);
        for (const auto& rs : dis_.restorations)
            if (rs.at_h < restore_at_[rs.unit]) {
                restore_at_[rs.unit] = rs.at_h;
                restore_event_[rs.unit] = static_cast<std::int32_t>(rs.event);
            }
    }

    void index_cuts() {
        cut_offsets_.assign(n_ + 1, 0);
        for (const auto& c : dis_.cuts) ++cut_offsets_[c.unit + 1];
        for (std::size_t u = 0; u < n_; ++u) cut_offsets_[u + 1] += cut_offsets_[u];
        cuts_.resize(dis_.cuts.size());
        auto fill = cut_offsets_;
        for (const auto& c : dis_.cuts) cuts_[fill[c.unit]++] = c;
    }

    // A restore event ends damage and cuts that began before it.
    bool restored(std::uint32_t u, double start, double t) const {
        return t >= restore_at_[u] && start <= restore_at_[u];
    }

    void update_damage(std::size_t, double t, Result& r) {
        for (std::uint32_t u = 0; u < n_; ++u) {
            double worst = 0;
            std::int32_t event = -1;
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) {
                const auto& d = damages_[i];
                if (t + 1e-9 < d.start_h || restored(u, d.start_h, t)) continue;
                const double v = d.schedule ? damage_at(d, t)
                                            : d.severity * recovery_remaining(d.recovery, d.recovery_h, progress_[i] - d.hold_h);
                if (v > 0 && !hit_logged_[i]) {
                    hit_logged_[i] = 1;
                    if (want_unit_log()) push(r, t, LogKind::direct_hit, u, {static_cast<std::int32_t>(d.event), -1, -1}, v);
                }
                if (v > worst) { worst = v; event = static_cast<std::int32_t>(d.event); }
            }
            if (damage_[u] > 0 && worst <= 0 && want_unit_log()) {
                const auto ev = t >= restore_at_[u] ? restore_event_[u] : damage_event_[u];
                push(r, t, LogKind::repaired, u, {ev, -1, -1}, 1.0);
            }
            damage_[u] = worst;
            if (worst > 0) damage_event_[u] = event;
        }
    }

    double history(SupplyRef ref, std::size_t k, std::uint32_t back) const {
        if (back == 0) return ref.is_sector() ? agg_[ref.index()] : op_[ref.index()];
        if (back > k) return 1.0;
        const std::size_t row = (k - back) % ring_size_;
        const std::size_t col = ref.is_sector() ? n_ + ref.index() : ref.index();
        return ring_[row * (n_ + s_) + col];
    }

    std::uint32_t sector_of(SupplyRef ref) const { return ref.is_sector() ? ref.index() : net_.units[ref.index()].sector; }

    // Supply share a dependency delivers at step k, given the current iterate.
    double supply(std::uint32_t u, std::size_t edge, std::size_t k, double t) const {
        const auto& e = net_.in_edges[edge];
        double v = history(e.supplier, k, delay_steps_[edge]);
        if (cut_offsets_[u] != cut_offsets_[u + 1]) {
            const auto sector = sector_of(e.supplier);
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i) {
                const auto& c = cuts_[i];
                if (c.supplier_sector != sector || restored(u, c.start_h, t)) continue;
                v = std::min(v, 1.0 - cut_at(c, t));
            }
        }
        return v;
    }

    // Loss a dependency passes on now: nothing while its buffer lasts.
    double edge_loss(std::uint32_t u, std::size_t edge, std::size_t k, double t) const {
        if (buffer_[edge] > buffer_eps) return 0.0;
        const double shortfall = 1.0 - supply(u, edge, k, t);
        return shortfall > 0 ? net_.in_edges[edge].strength * shortfall : 0.0;
    }

    // The rule of SPEC §5.4 step 4 for one unit, optionally naming what binds it.
    double evaluate(std::uint32_t u, std::size_t k, double t, DependencyEffect effect, Cause* cause) const {
        const auto& unit = net_.units[u];
        const auto first = net_.in_offsets[u], last = net_.in_offsets[u + 1];
        // Redundant groups: the best member (smallest loss) counts.
        thread_local std::vector<double> group_loss;
        thread_local std::vector<std::int64_t> group_edge;
        group_loss.assign(max_groups_, 2.0);
        group_edge.assign(max_groups_, -1);
        double worst_loss = 0, keep = 1, sum = 0;
        std::size_t count = 0;
        std::int64_t worst_edge = -1;
        auto take = [&](double loss, std::int64_t edge) {
            if (unit.combination == Combination::product) keep *= 1.0 - loss;
            if (unit.combination == Combination::mean) { sum += loss; ++count; }
            if (loss > worst_loss) { worst_loss = loss; worst_edge = edge; }
        };
        for (auto i = first; i < last; ++i) {
            const auto& e = net_.in_edges[i];
            if (e.effect != effect) continue;
            const double loss = edge_loss(u, i, k, t);
            if (e.group >= 0) {
                if (loss < group_loss[e.group]) { group_loss[e.group] = loss; group_edge[e.group] = i; }
            } else {
                take(loss, i);
            }
        }
        for (std::size_t g = 0; g < max_groups_; ++g)
            if (group_edge[g] >= 0) take(group_loss[g], group_edge[g]);
        const double deps = unit.combination == Combination::product ? keep
                            : unit.combination == Combination::mean  ? (count ? 1.0 - sum / static_cast<double>(count) : 1.0)
                                                                     : 1.0 - worst_loss;
        const double direct = effect == DependencyEffect::function ? 1.0 - damage_[u] : 1.0;
        if (cause) {
            if (direct <= 1.0 - worst_loss && damage_[u] > 0) {
                cause->event = damage_event_[u];
            } else if (worst_edge >= 0) {
                const auto ref = net_.in_edges[static_cast<std::size_t>(worst_edge)].supplier;
                if (ref.is_sector()) cause->sector = static_cast<std::int32_t>(ref.index());
                else cause->unit = static_cast<std::int32_t>(ref.index());
            }
        }
        return std::clamp(direct * deps, 0.0, 1.0);
    }

    void recompute_aggregates() {
        for (std::size_t s = 0; s < s_; ++s) {
            double sum = 0;
            for (auto i = net_.sector_offsets[s]; i < net_.sector_offsets[s + 1]; ++i) {
                const auto u = net_.sector_units[i];
                sum += net_.units[u].weight * op_[u];
            }
            agg_[s] = std::clamp(sum, 0.0, 1.0);
        }
    }

    // Greatest fixed point of the step's rule, by Jacobi sweeps from full
    // operability; then network sectors drop their unfed nodes (SPEC §5.5) and
    // the sweeps resume, until no node is dropped.
    void solve_step(std::size_t k, double t) {
        std::fill(op_.begin(), op_.end(), 1.0);
        std::fill(cut_off_.begin(), cut_off_.end(), 0);
        recompute_aggregates();
        for (;;) {
            sweep(k, t);
            if (!drop_unfed()) break;
            recompute_aggregates();
        }
    }

    void sweep(std::size_t k, double t) {
        for (std::size_t sweep = 0; sweep < cascade_max_sweeps; ++sweep) {
            for (std::size_t u = 0; u < n_; ++u)
                next_[u] = cut_off_[u] ? 0.0 : evaluate(static_cast<std::uint32_t>(u), k, t, DependencyEffect::function, nullptr);
            double change = 0;
            for (std::size_t u = 0; u < n_; ++u) change = std::max(change, std::abs(next_[u] - op_[u]));
            op_.swap(next_);
            recompute_aggregates();
            if (change <= converge_eps) break;
        }
    }

    // Plain breadth-first searches over each network sector, written
    // independently of engines/Connectivity.cpp. Returns whether a node was dropped.
    bool drop_unfed() {
        bool dropped = false;
        for (std::uint32_t s = 0; s < s_; ++s) {
            const auto mode = model_.sectors[s].network;
            if (mode == NetworkMode::none) continue;
            std::vector<std::uint32_t> members;
            for (auto i = net_.sector_offsets[s]; i < net_.sector_offsets[s + 1]; ++i)
                if (net_.units[net_.sector_units[i]].node >= 0) members.push_back(net_.sector_units[i]);
            if (members.empty()) continue;
            std::sort(members.begin(), members.end());
            auto working = [&](std::uint32_t u) { return !cut_off_[u] && op_[u] >= working_threshold; };
            std::vector<char> fed(n_, 0);
            std::vector<std::uint32_t> queue;
            if (mode == NetworkMode::giant) {
                std::vector<int> comp(n_, -1);
                std::vector<std::uint32_t> best;
                int id = 0;
                for (auto u : members) {
                    if (!working(u) || comp[u] >= 0) continue;
                    std::vector<std::uint32_t> c{u};
                    comp[u] = id;
                    for (std::size_t h = 0; h < c.size(); ++h)
                        for (auto l = net_.link_offsets[c[h]]; l < net_.link_offsets[c[h] + 1]; ++l) {
                            const auto v = net_.link_targets[l];
                            if (working(v) && comp[v] < 0) { comp[v] = id; c.push_back(v); }
                        }
                    if (c.size() > best.size()) best = c;
                    ++id;
                }
                for (auto u : best) { fed[u] = 1; queue.push_back(u); }
            } else {
                for (auto u : members)
                    if (!cut_off_[u] && model_.nodes[static_cast<std::size_t>(net_.units[u].node)].is_source) {
                        fed[u] = 1;
                        if (working(u)) queue.push_back(u);
                    }
            }
            for (std::size_t h = 0; h < queue.size(); ++h)
                for (auto l = net_.link_offsets[queue[h]]; l < net_.link_offsets[queue[h] + 1]; ++l) {
                    const auto v = net_.link_targets[l];
                    if (cut_off_[v] || fed[v]) continue;
                    fed[v] = 1;
                    if (working(v)) queue.push_back(v);
                }
            for (auto u : members)
                if (!cut_off_[u] && !fed[u]) { cut_off_[u] = 1; op_[u] = 0.0; dropped = true; }
        }
        return dropped;
    }

    void store_history(std::size_t k) {
        float* row = &ring_[(k % ring_size_) * (n_ + s_)];
        for (std::size_t u = 0; u < n_; ++u) row[u] = static_cast<float>(op_[u]);
        for (std::size_t s = 0; s < s_; ++s) row[n_ + s] = static_cast<float>(agg_[s]);
    }

    // Buffers drain under shortfall and refill under full supply; repairs progress.
    void advance_buffers(std::size_t k, double t, Result& r) {
        const double t_next = t + dt_;
        const bool log_next = t_next <= steps_.horizon_h + 1e-9;
        for (std::uint32_t u = 0; u < n_; ++u) {
            for (auto i = net_.in_offsets[u]; i < net_.in_offsets[u + 1]; ++i) {
                const auto& e = net_.in_edges[i];
                const double shortfall = 1.0 - supply(u, i, k, t);
                const bool losing = buffer_[i] <= buffer_eps && shortfall > shortfall_min && e.strength > 0;
                if (losing && !losing_[i] && want_unit_log()) push(r, t, LogKind::supply_lost, u, supplier_cause(e), e.strength * shortfall);
                losing_[i] = losing;
                if (e.buffer_h <= 0) continue;
                // Closed form over stretches of constant change (engines/BufferPhase.hpp).
                const auto step = static_cast<std::uint32_t>(k);
                const double before = buffer_[i];
                phase_[i] = phase_from(phase_[i], e.buffer_h, e.refill_h, shortfall, dt_, step, e.full_rate);
                buffer_[i] = buffer_level(phase_[i], e.buffer_h, step + 1);
                if (phase_[i].mode == BufferMode::drain && before > buffer_eps && buffer_[i] <= buffer_eps) {
                    exhausted_[i] = 1;
                    if (log_next && want_unit_log()) push(r, t_next, LogKind::buffer_exhausted, u, supplier_cause(e), 0.0);
                }
                if (phase_[i].mode == BufferMode::refill && before < e.buffer_h && buffer_[i] >= e.buffer_h && exhausted_[i]) {
                    exhausted_[i] = 0;
                    if (log_next && want_unit_log()) push(r, t_next, LogKind::buffer_refilled, u, supplier_cause(e), e.buffer_h);
                }
            }
            rate_[u] = evaluate(u, k, t, DependencyEffect::repair, nullptr);
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i)
                if (t + 1e-9 >= damages_[i].start_h) progress_[i] += dt_ * rate_[u];
        }
    }

    Cause supplier_cause(const InEdge& e) const {
        Cause c;
        if (e.supplier.is_sector()) c.sector = static_cast<std::int32_t>(e.supplier.index());
        else c.unit = static_cast<std::int32_t>(e.supplier.index());
        return c;
    }

    bool want_unit_log() const { return sector_level_ ? opt_.log_sectors : opt_.log_units; }

    void push(Result& r, double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
        LogEntry e;
        e.t_h = t;
        e.kind = kind;
        // On a sector-level model every unit is its sector.
        // A population's classes log as units, for merge_classes (engines/Populations.hpp).
        const bool as_sector = sector_level_ && net_.units[u].class_of < 0;
        e.level = as_sector ? Level::sector : Level::unit;
        e.index = as_sector ? net_.units[u].sector : u;
        e.cause_unit = c.unit;
        e.cause_sector = c.sector;
        e.event = c.event;
        e.value = value;
        r.log.push_back(e);
    }

    void log_crossings(std::size_t k, double t, Result& r) {
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
            for (std::uint32_t u = 0; u < n_; ++u) {
                const auto now = static_cast<float>(op_[u]);
                check(prev_unit_[u], now, [&](LogKind kind) {
                    Cause c;
                    if (kind == LogKind::below_service || kind == LogKind::below_half) evaluate(u, k, t, DependencyEffect::function, &c);
                    push(r, t, kind, u, c, now);
                });
                prev_unit_[u] = now;
            }
        }
        for (std::uint32_t s = 0; s < s_ && opt_.log_sectors; ++s) {
            const auto now = static_cast<float>(agg_[s]);
            check(prev_sector_[s], now, [&](LogKind kind) {
                Cause c;
                if (kind == LogKind::below_service || kind == LogKind::below_half) c = sector_cause(s, k, t);
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
    Cause sector_cause(std::uint32_t s, std::size_t k, double t) const {
        std::uint32_t pick = net_.sector_units[net_.sector_offsets[s]];
        double worst = -1;
        for (auto i = net_.sector_offsets[s]; i < net_.sector_offsets[s + 1]; ++i) {
            const auto u = net_.sector_units[i];
            const double lost = net_.units[u].weight * (1.0 - op_[u]);
            if (lost > worst) { worst = lost; pick = u; }
        }
        Cause c;
        evaluate(pick, k, t, DependencyEffect::function, &c);
        return c;
    }

    const Model& model_;
    const Network& net_;
    const Disruption& dis_;
    StepSettings steps_;
    RunOptions opt_;
    std::size_t n_, s_, e_;
    bool sector_level_ = false;
    double dt_ = 1;
    std::size_t step_count_ = 0;
    std::size_t ring_size_ = 1;
    std::size_t max_groups_ = 0;

    std::vector<std::uint32_t> damage_offsets_, cut_offsets_, delay_steps_;
    std::vector<Damage> damages_;
    std::vector<SupplyCut> cuts_;
    std::vector<double> progress_;
    std::vector<char> hit_logged_;
    std::vector<double> restore_at_;
    std::vector<std::int32_t> restore_event_;
    std::vector<float> ring_;
    std::vector<double> buffer_;
    std::vector<BufferPhase> phase_;
    std::vector<char> exhausted_, losing_;
    std::vector<double> op_, next_, agg_, damage_, rate_;
    std::vector<std::int32_t> damage_event_;
    std::vector<char> cut_off_;
    std::vector<float> prev_unit_, prev_sector_;
};

}  // namespace detail

/// The cascade rule, computed the slow and obvious way.
inline Result reference_cascade(const Model& model, const Network& network, const Disruption& disruption,
                                const StepSettings& steps, const RunOptions& options) {
    // Populations split into classes as the engine splits them: the classes are
    // a transformation of the model, the rule is what this reference checks.
    if (auto classes = split_populations(model, network, disruption))
        return merge_classes(detail::ReferenceSimulation(model, classes->network, classes->disruption, steps, options).run(),
                             *classes);
    return detail::ReferenceSimulation(model, network, disruption, steps, options).run();
}

/// Same, from a scenario (expected values, or the draw of options.seed when options.sample).
inline Result reference_cascade(const Model& model, const Scenario& scenario, const RunOptions& options) {
    const auto network = build_network(model);
    const auto disruption = compile_disruption(model, network, scenario, {options.sample, options.seed});
    return reference_cascade(model, network, disruption,
                             {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, options);
}

}  // namespace cisim::reference
