#include "engines/CascadeEngine.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engines/Connectivity.hpp"
#include "hazards/ScenarioHazards.hpp"

namespace cisim {
namespace {

constexpr double buffer_eps = 1e-9;     // hours: a buffer at or below this is empty
constexpr double converge_eps = 1e-12;  // operability change that ends the fixed-point iteration
constexpr double shortfall_eps = 1e-12; // supply shortfall below this drains nothing
constexpr float restored_level = 0.99f;
constexpr float half_level = 0.5f;
constexpr std::size_t parallel_min = 4096;  // frontier size from which units are evaluated in parallel
constexpr std::size_t exact_sum_max = 64;   // sectors up to this size re-add their units (as the reference does)
constexpr std::size_t cache_size = 8;       // connectivity answers remembered per network sector

/// What limits a unit at a moment: a scenario event, or a supplier.
struct Cause {
    std::int32_t event = -1;
    std::int32_t unit = -1;
    std::int32_t sector = -1;
};

/// Per-thread work space for redundancy groups.
struct GroupScratch {
    std::vector<double> loss;
    std::vector<std::int64_t> edge;
};

/// One remembered connectivity answer: the sector's non-working nodes → its unfed nodes.
struct CachedCut {
    std::vector<std::uint32_t> key;    ///< 2·local (+1 when present but not working), ascending
    std::vector<std::uint32_t> unfed;  ///< local indices
};

struct NetworkState {
    SectorGraph graph;
    std::vector<char> state, fed;
    std::vector<std::uint32_t> key;
    std::vector<CachedCut> cache;
    std::size_t next_slot = 0;
};

// The rule is the one of the header; this implementation is event-driven:
// - each step's greatest fixed point is reached by Jacobi sweeps over a
//   frontier (units whose inputs changed in the last sweep), from full
//   operability: the same iterates as full sweeps, since a unit whose inputs did
//   not change evaluates to what it already holds;
// - a step whose inputs (damage, cuts, empty buffers, delayed supplies) equal the
//   previous step's has the previous step's state, and is not solved again;
// - buffers, repairs, history and logs visit only the edges and units that are
//   impaired, draining or refilling.
// Large sectors keep their aggregate as 1 − Σ w·(1 − op) over impaired units,
// updated incrementally (differences from re-adding are rounding, ~1e-15).
class Simulation {
public:
    Simulation(const Model& model, const Network& net, const Disruption& dis, const StepSettings& steps,
               const RunOptions& opt)
        : net_(net), dis_(dis), steps_(steps), opt_(opt), n_(net.size()), s_(net.sector_count()),
          e_(net.in_edges.size()) {
        sector_level_ = !model.has_nodes();
        dt_ = steps.step_h;
        step_count_ = static_cast<std::size_t>(std::floor(steps.horizon_h / dt_ + 1e-9)) + 1;
        compile_units();
        compile_edges();
        index_damages();
        index_cuts();
        for (auto& g : network_sectors(model, net)) {
            NetworkState ns;
            ns.graph = std::move(g);
            ns.state.assign(ns.graph.size(), 2);
            for (std::uint32_t i = 0; i < ns.graph.size(); ++i) {
                network_of_[ns.graph.units[i]] = static_cast<std::int32_t>(networks_.size());
                local_[ns.graph.units[i]] = i;
            }
            networks_.push_back(std::move(ns));
        }
        state_changed_.assign(step_count_, 0);
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
        if (record_units) r.unit_operability.resize(step_count_ * n_);

        tbb::task_arena arena(std::max(1, opt_.threads));
        for (std::size_t k = 0; k < step_count_; ++k) {
            const double t = static_cast<double>(k) * dt_;
            r.times[k] = t;
            const bool inputs_changed = update_damage(t, r) | update_cuts(t) | empty_changed_ | delayed_changed(k);
            empty_changed_ = false;
            const bool solved = k == 0 || inputs_changed;
            if (solved) arena.execute([&] { solve_step(k, t); });
            state_changed_[k] = solved && state_differs();
            for (std::size_t s = 0; s < s_; ++s) r.sector_operability[k * s_ + s] = static_cast<float>(agg_[s]);
            if (record_units) record_unit_row(r, k);
            log_crossings(k, t, r);
            if (ring_size_ > 1) store_history(k);
            advance_buffers(k, t, r);
            last_touched_.assign(touched_.begin(), touched_.end());
        }
        std::stable_sort(r.log.begin(), r.log.end(), [](const LogEntry& a, const LogEntry& b) {
            if (a.t_h != b.t_h) return a.t_h < b.t_h;
            if (a.level != b.level) return a.level == Level::sector && b.level == Level::unit;
            return a.index < b.index;
        });
        return r;
    }

private:
    // --- compiled layout -----------------------------------------------------

    void compile_units() {
        unit_sector_.resize(n_);
        unit_weight_.resize(n_);
        unit_product_.resize(n_);
        for (std::size_t u = 0; u < n_; ++u) {
            unit_sector_[u] = net_.units[u].sector;
            unit_weight_[u] = net_.units[u].weight;
            unit_product_[u] = net_.units[u].combination == Combination::product;
        }
        op_.assign(n_, 1.0);
        cut_off_.assign(n_, 0);
        touched_flag_.assign(n_, 0);
        stamp_.assign(n_, 0);
        network_of_.assign(n_, -1);
        local_.assign(n_, 0);
        agg_.assign(s_, 1.0);
        loss_sum_.assign(s_, 0.0);
        impaired_.assign(s_, 0);
        sector_dirty_.assign(s_, 0);
        prev_sector_.assign(s_, 1.0f);
        if (!sector_level_ && opt_.log_units) prev_unit_.assign(n_, 1.0f);
        single_.assign(s_, -1);
        for (std::size_t s = 0; s < s_; ++s)
            if (net_.sector_offsets[s + 1] - net_.sector_offsets[s] == 1)
                single_[s] = static_cast<std::int32_t>(net_.sector_units[net_.sector_offsets[s]]);
    }

    // Out-edges of every supplier (units, then sector aggregates), by delay.
    void compile_edges() {
        delay_steps_.resize(e_);
        consumer_.resize(e_);
        buffer_.resize(e_);
        std::size_t max_delay = 0, max_groups = 0;
        for (std::uint32_t u = 0; u < n_; ++u)
            for (auto i = net_.in_offsets[u]; i < net_.in_offsets[u + 1]; ++i) consumer_[i] = u;
        for (std::size_t i = 0; i < e_; ++i) {
            const auto& e = net_.in_edges[i];
            delay_steps_[i] = static_cast<std::uint32_t>(std::lround(e.delay_h / dt_));
            max_delay = std::max<std::size_t>(max_delay, delay_steps_[i]);
            max_groups = std::max<std::size_t>(max_groups, static_cast<std::size_t>(e.group + 1));
            buffer_[i] = e.buffer_h;
            if (delay_steps_[i] > 0) delays_.push_back(delay_steps_[i]);
        }
        std::sort(delays_.begin(), delays_.end());
        delays_.erase(std::unique(delays_.begin(), delays_.end()), delays_.end());
        max_groups_ = max_groups;
        scratch_.loss.resize(max_groups_);
        scratch_.edge.resize(max_groups_);
        exhausted_.assign(e_, 0);
        losing_.assign(e_, 0);
        edge_stamp_.assign(e_, 0);
        ring_size_ = max_delay + 1;
        if (max_delay > 0) {
            ring_.assign(ring_size_ * (n_ + s_), 1.0f);
            ring_lists_.resize(ring_size_);
        }
        const std::size_t cols = n_ + s_;
        out_offsets_.assign(cols + 1, 0);
        for (const auto& e : net_.in_edges) ++out_offsets_[column(e.supplier) + 1];
        for (std::size_t c = 0; c < cols; ++c) out_offsets_[c + 1] += out_offsets_[c];
        out_edges_.resize(e_);
        auto fill = out_offsets_;
        for (std::uint32_t i = 0; i < e_; ++i) out_edges_[fill[column(net_.in_edges[i].supplier)]++] = i;
        zero_end_.resize(cols);
        for (std::size_t c = 0; c < cols; ++c) {
            auto* first = out_edges_.data() + out_offsets_[c];
            auto* last = out_edges_.data() + out_offsets_[c + 1];
            std::stable_sort(first, last, [&](std::uint32_t a, std::uint32_t b) { return delay_steps_[a] < delay_steps_[b]; });
            zero_end_[c] = static_cast<std::uint32_t>(
                std::partition_point(first, last, [&](std::uint32_t i) { return delay_steps_[i] == 0; }) -
                out_edges_.data());
        }
    }

    std::size_t column(SupplyRef ref) const { return ref.is_sector() ? n_ + ref.index() : ref.index(); }

    void index_damages() {
        damage_offsets_.assign(n_ + 1, 0);
        for (const auto& d : dis_.damages) ++damage_offsets_[d.unit + 1];
        for (std::size_t u = 0; u < n_; ++u) damage_offsets_[u + 1] += damage_offsets_[u];
        damages_.resize(dis_.damages.size());
        auto fill = damage_offsets_;
        for (const auto& d : dis_.damages) damages_[fill[d.unit]++] = d;
        for (std::uint32_t u = 0; u < n_; ++u)
            if (damage_offsets_[u] != damage_offsets_[u + 1]) damaged_units_.push_back(u);
        progress_.assign(damages_.size(), 0.0);
        hit_logged_.assign(damages_.size(), 0);
        damage_.assign(n_, 0.0);
        damage_event_.assign(n_, -1);
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
        for (std::uint32_t u = 0; u < n_; ++u)
            if (cut_offsets_[u] != cut_offsets_[u + 1]) cut_units_.push_back(u);
        cut_cap_.assign(cuts_.size(), 2.0);
    }

    // --- scenario inputs -----------------------------------------------------

    // A restore event ends damage and cuts that began before it.
    bool restored(std::uint32_t u, double start, double t) const {
        return t >= restore_at_[u] && start <= restore_at_[u];
    }

    // Direct damage now; returns whether any unit's damage changed.
    bool update_damage(double t, Result& r) {
        bool changed = false;
        for (const auto u : damaged_units_) {
            double worst = 0;
            std::int32_t event = -1;
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) {
                const auto& d = damages_[i];
                if (t + 1e-9 < d.start_h || restored(u, d.start_h, t)) continue;
                const double v = d.severity * recovery_remaining(d.recovery, d.recovery_h, progress_[i] - d.hold_h);
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
            changed |= damage_[u] != worst;
            damage_[u] = worst;
            if (worst > 0) damage_event_[u] = event;
        }
        return changed;
    }

    // Supply caps of blackout cuts now; returns whether any changed.
    bool update_cuts(double t) {
        bool changed = false;
        for (std::size_t i = 0; i < cuts_.size(); ++i) {
            const auto& c = cuts_[i];
            const double cap = restored(c.unit, c.start_h, t) ? 2.0 : 1.0 - cut_at(c, t);
            changed |= cap != cut_cap_[i];
            cut_cap_[i] = cap;
        }
        return changed;
    }

    // Whether a delayed supply differs from what it was one step earlier.
    bool delayed_changed(std::size_t k) const {
        for (const auto d : delays_)
            if (k >= d && state_changed_[k - d]) return true;
        return false;
    }

    // --- the rule ------------------------------------------------------------

    double current(std::size_t col) const { return col < n_ ? op_[col] : agg_[col - n_]; }

    double history(std::size_t col, std::size_t k, std::uint32_t back) const {
        if (back == 0) return current(col);
        if (back > k) return 1.0;
        return ring_[((k - back) % ring_size_) * (n_ + s_) + col];
    }

    std::uint32_t sector_of(SupplyRef ref) const { return ref.is_sector() ? ref.index() : unit_sector_[ref.index()]; }

    // Supply share a dependency delivers at step k, given the current iterate.
    double supply(std::uint32_t u, std::size_t edge, std::size_t k) const {
        const auto& e = net_.in_edges[edge];
        double v = history(column(e.supplier), k, delay_steps_[edge]);
        if (cut_offsets_[u] != cut_offsets_[u + 1]) {
            const auto sector = sector_of(e.supplier);
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i)
                if (cuts_[i].supplier_sector == sector) v = std::min(v, cut_cap_[i]);
        }
        return v;
    }

    // Loss a dependency passes on now: nothing while its buffer lasts.
    double edge_loss(std::uint32_t u, std::size_t edge, std::size_t k) const {
        if (buffer_[edge] > buffer_eps) return 0.0;
        const double shortfall = 1.0 - supply(u, edge, k);
        return shortfall > 0 ? net_.in_edges[edge].strength * shortfall : 0.0;
    }

    // The rule of SPEC §5.4 step 4 for one unit, optionally naming what binds it.
    double evaluate(std::uint32_t u, std::size_t k, DependencyEffect effect, Cause* cause, GroupScratch& g) const {
        const auto first = net_.in_offsets[u], last = net_.in_offsets[u + 1];
        const bool product = unit_product_[u];
        std::uint32_t groups = 0;  // groups are numbered densely per consumer
        double worst_loss = 0, keep = 1;
        std::int64_t worst_edge = -1;
        auto take = [&](double loss, std::int64_t edge) {
            if (product) keep *= 1.0 - loss;
            if (loss > worst_loss) { worst_loss = loss; worst_edge = edge; }
        };
        for (auto i = first; i < last; ++i) {
            const auto& e = net_.in_edges[i];
            if (e.effect != effect) continue;
            const double loss = edge_loss(u, i, k);
            if (e.group >= 0) {
                const auto gi = static_cast<std::uint32_t>(e.group);
                while (groups <= gi) { g.loss[groups] = 2.0; g.edge[groups] = -1; ++groups; }
                if (loss < g.loss[gi]) { g.loss[gi] = loss; g.edge[gi] = i; }
            } else {
                take(loss, i);
            }
        }
        for (std::uint32_t gi = 0; gi < groups; ++gi)
            if (g.edge[gi] >= 0) take(g.loss[gi], g.edge[gi]);
        const double deps = product ? keep : 1.0 - worst_loss;
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

    // --- one step's fixed point ----------------------------------------------

    void enqueue(std::uint32_t u) {
        if (stamp_[u] == epoch_) return;
        stamp_[u] = epoch_;
        frontier_.push_back(u);
    }

    void new_frontier() {
        frontier_.clear();
        if (++epoch_ == 0) {  // wrapped: clear the stamps once in 2^32 sweeps
            std::fill(stamp_.begin(), stamp_.end(), 0);
            epoch_ = 1;
        }
    }

    // Sets a unit's operability, keeping its sector's aggregate bookkeeping.
    void assign(std::uint32_t u, double v) {
        const double old = op_[u];
        if (!touched_flag_[u]) {
            touched_flag_[u] = 1;
            touched_.push_back(u);
            ++impaired_[unit_sector_[u]];
        }
        const auto s = unit_sector_[u];
        loss_sum_[s] += unit_weight_[u] * (old - v);
        op_[u] = v;
        if (!sector_dirty_[s]) {
            sector_dirty_[s] = 1;
            dirty_sectors_.push_back(s);
        }
        changed_.push_back(u);
    }

    // Refreshes the aggregates of sectors whose units changed; queues the
    // consumers of changed units and aggregates over zero-delay, empty-buffer edges.
    void propagate() {
        for (const auto s : dirty_sectors_) {
            sector_dirty_[s] = 0;
            const double before = agg_[s];
            agg_[s] = aggregate(s);
            if (agg_[s] != before) changed_columns_.push_back(n_ + s);
        }
        dirty_sectors_.clear();
        new_frontier();
        auto fan_out = [&](std::size_t col) {
            for (auto j = out_offsets_[col]; j < zero_end_[col]; ++j) {
                const auto e = out_edges_[j];
                if (buffer_[e] <= buffer_eps && net_.in_edges[e].effect == DependencyEffect::function) enqueue(consumer_[e]);
            }
        };
        for (const auto u : changed_) fan_out(u);
        for (const auto c : changed_columns_) fan_out(c);
        changed_.clear();
        changed_columns_.clear();
    }

    double aggregate(std::size_t s) const {
        if (single_[s] >= 0) return std::clamp(op_[static_cast<std::size_t>(single_[s])], 0.0, 1.0);
        if (impaired_[s] == 0) return 1.0;
        const auto first = net_.sector_offsets[s], last = net_.sector_offsets[s + 1];
        if (last - first <= exact_sum_max) {
            double sum = 0;
            for (auto i = first; i < last; ++i) sum += unit_weight_[net_.sector_units[i]] * op_[net_.sector_units[i]];
            return std::clamp(sum, 0.0, 1.0);
        }
        return std::clamp(1.0 - loss_sum_[s], 0.0, 1.0);
    }

    // Back to full operability: only what the last solve touched.
    void reset_state() {
        previous_.clear();
        for (const auto u : touched_) {
            previous_.push_back({u, op_[u]});
            op_[u] = 1.0;
            cut_off_[u] = 0;
            touched_flag_[u] = 0;
            const auto s = unit_sector_[u];
            impaired_[s] = 0;
            loss_sum_[s] = 0;
            agg_[s] = 1.0;
        }
        touched_.clear();
    }

    bool state_differs() const {
        if (previous_.size() != touched_.size()) return true;
        for (const auto& [u, v] : previous_)
            if (op_[u] != v) return true;
        return false;
    }

    // Jacobi sweeps over the frontier until no unit moves by more than converge_eps.
    void sweep(std::size_t k) {
        const std::size_t cap = std::max<std::size_t>(n_ + 2, 64);
        for (std::size_t sweep = 0; sweep < cap && !frontier_.empty(); ++sweep) {
            const auto m = frontier_.size();
            next_.resize(m);
            auto body = [&](std::size_t lo, std::size_t hi, GroupScratch& g) {
                for (auto i = lo; i < hi; ++i) {
                    const auto u = frontier_[i];
                    next_[i] = cut_off_[u] ? 0.0 : evaluate(u, k, DependencyEffect::function, nullptr, g);
                }
            };
            if (opt_.threads > 1 && m >= parallel_min) {
                tbb::parallel_for(tbb::blocked_range<std::size_t>(0, m, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
                    auto& g = thread_scratch_.local();
                    if (g.loss.size() < max_groups_) { g.loss.resize(max_groups_); g.edge.resize(max_groups_); }
                    body(r.begin(), r.end(), g);
                });
            } else {
                body(0, m, scratch_);
            }
            double change = 0;
            for (std::size_t i = 0; i < m; ++i) {
                const auto u = frontier_[i];
                if (next_[i] == op_[u]) continue;
                change = std::max(change, std::abs(next_[i] - op_[u]));
                assign(u, next_[i]);
            }
            propagate();
            if (change <= converge_eps) break;
        }
        new_frontier();
    }

    void solve_step(std::size_t k, double) {
        reset_state();
        new_frontier();
        for (const auto u : damaged_units_)
            if (damage_[u] > 0) enqueue(u);
        for (const auto u : cut_units_)
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i)
                if (cut_cap_[i] < 1.0) { enqueue(u); break; }
        // Consumers behind a delay see the supplier as it was d steps ago.
        for (const auto d : delays_) {
            if (d > k) break;
            for (const auto col : ring_lists_[(k - d) % ring_size_])
                for (auto j = zero_end_[col]; j < out_offsets_[col + 1]; ++j) {
                    const auto e = out_edges_[j];
                    if (delay_steps_[e] == d && buffer_[e] <= buffer_eps) enqueue(consumer_[e]);
                }
        }
        for (;;) {
            sweep(k);
            if (!drop_unfed()) break;
            propagate();
        }
        new_frontier();
    }

    // Connectivity rule (SPEC §5.5): cuts off the unfed nodes of every network
    // sector; returns whether any node was cut off.
    bool drop_unfed() {
        if (networks_.empty()) return false;
        for (auto& ns : networks_) ns.key.clear();
        for (const auto u : touched_) {
            const auto w = network_of_[u];
            if (w < 0) continue;
            if (cut_off_[u]) networks_[static_cast<std::size_t>(w)].key.push_back(2 * local_[u]);
            else if (op_[u] < working_threshold) networks_[static_cast<std::size_t>(w)].key.push_back(2 * local_[u] + 1);
        }
        bool dropped = false;
        for (auto& ns : networks_) {
            std::sort(ns.key.begin(), ns.key.end());
            const CachedCut* hit = nullptr;
            for (const auto& c : ns.cache)
                if (c.key == ns.key) { hit = &c; break; }
            if (!hit) hit = &remember(ns);
            for (const auto i : hit->unfed) {
                const auto u = ns.graph.units[i];
                if (cut_off_[u]) continue;
                cut_off_[u] = 1;
                if (op_[u] != 0.0) assign(u, 0.0);
                else if (!touched_flag_[u]) assign(u, 0.0);
                dropped = true;
            }
        }
        return dropped;
    }

    const CachedCut& remember(NetworkState& ns) {
        for (const auto k : ns.key) ns.state[k / 2] = static_cast<char>(k % 2);
        fed_nodes(ns.graph, ns.state, ns.fed, connectivity_scratch_);
        CachedCut entry;
        entry.key = ns.key;
        for (std::uint32_t i = 0; i < ns.graph.size(); ++i)
            if (ns.state[i] != 0 && !ns.fed[i]) entry.unfed.push_back(i);
        for (const auto k : ns.key) ns.state[k / 2] = 2;
        if (ns.cache.size() < cache_size) {
            ns.cache.push_back(std::move(entry));
            return ns.cache.back();
        }
        auto& slot = ns.cache[ns.next_slot];
        ns.next_slot = (ns.next_slot + 1) % cache_size;
        slot = std::move(entry);
        return slot;
    }

    // --- after the step --------------------------------------------------------

    void store_history(std::size_t k) {
        const auto row = k % ring_size_;
        float* values = &ring_[row * (n_ + s_)];
        auto& list = ring_lists_[row];
        for (const auto c : list) values[c] = 1.0f;
        list.clear();
        for (const auto u : touched_) {
            const auto v = static_cast<float>(op_[u]);
            if (v != 1.0f) { values[u] = v; list.push_back(u); }
        }
        for (std::size_t s = 0; s < s_; ++s) {
            const auto v = static_cast<float>(agg_[s]);
            if (v != 1.0f) { values[n_ + s] = v; list.push_back(static_cast<std::uint32_t>(n_ + s)); }
        }
    }

    void record_unit_row(Result& r, std::size_t k) const {
        float* row = r.unit_operability.data() + k * n_;
        if (k == 0) std::fill(row, row + n_, 1.0f);
        else std::copy(row - n_, row, row);
        for (const auto u : last_touched_) row[u] = static_cast<float>(op_[u]);
        for (const auto u : touched_) row[u] = static_cast<float>(op_[u]);
    }

    // Buffers drain under shortfall and refill under full supply; repairs progress.
    // Visits only edges with a shortfall now, or that are draining, refilling or losing.
    void advance_buffers(std::size_t k, double t, Result& r) {
        const double t_next = t + dt_;
        const bool log_next = t_next <= steps_.horizon_h + 1e-9;
        if (++edge_epoch_ == 0) {
            std::fill(edge_stamp_.begin(), edge_stamp_.end(), 0);
            edge_epoch_ = 1;
        }
        active_.clear();
        auto add = [&](std::uint32_t e) {
            if (edge_stamp_[e] == edge_epoch_) return;
            edge_stamp_[e] = edge_epoch_;
            active_.push_back(e);
        };
        for (const auto e : pending_) add(e);
        auto add_out = [&](std::size_t col, std::uint32_t d) {
            const auto first = d == 0 ? out_offsets_[col] : zero_end_[col];
            const auto last = d == 0 ? zero_end_[col] : out_offsets_[col + 1];
            for (auto j = first; j < last; ++j)
                if (delay_steps_[out_edges_[j]] == d) add(out_edges_[j]);
        };
        for (const auto u : touched_) add_out(u, 0);
        for (std::size_t s = 0; s < s_; ++s)
            if (agg_[s] < 1.0) add_out(n_ + s, 0);
        for (const auto d : delays_) {
            if (d > k) break;
            for (const auto col : ring_lists_[(k - d) % ring_size_]) add_out(col, d);
        }
        for (const auto u : cut_units_)
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i)
                if (cut_cap_[i] < 1.0) {
                    for (auto e = net_.in_offsets[u]; e < net_.in_offsets[u + 1]; ++e) add(e);
                    break;
                }

        pending_.clear();
        edge_log_.clear();
        for (const auto i : active_) {
            const auto u = consumer_[i];
            const auto& e = net_.in_edges[i];
            const double shortfall = 1.0 - supply(u, i, k);
            const bool losing = buffer_[i] <= buffer_eps && shortfall > shortfall_eps && e.strength > 0;
            if (losing && !losing_[i] && want_unit_log())
                edge_log_.push_back({i, entry(t, LogKind::supply_lost, u, supplier_cause(e), e.strength * shortfall)});
            losing_[i] = losing;
            if (e.buffer_h > 0) {
                const bool was_empty = buffer_[i] <= buffer_eps;
                if (shortfall > shortfall_eps) {
                    const bool had = buffer_[i] > buffer_eps;
                    buffer_[i] = std::max(0.0, buffer_[i] - shortfall * dt_);
                    if (had && buffer_[i] <= buffer_eps) {
                        exhausted_[i] = 1;
                        if (log_next && want_unit_log())
                            edge_log_.push_back({i, entry(t_next, LogKind::buffer_exhausted, u, supplier_cause(e), 0.0)});
                    }
                } else if (buffer_[i] < e.buffer_h) {
                    buffer_[i] = e.refill_h > 0 ? std::min<double>(e.buffer_h, buffer_[i] + dt_ * e.buffer_h / e.refill_h)
                                                : e.buffer_h;
                    if (buffer_[i] >= e.buffer_h && exhausted_[i]) {
                        exhausted_[i] = 0;
                        if (log_next && want_unit_log())
                            edge_log_.push_back({i, entry(t_next, LogKind::buffer_refilled, u, supplier_cause(e), e.buffer_h)});
                    }
                }
                empty_changed_ |= was_empty != (buffer_[i] <= buffer_eps);
            }
            if (losing || (e.buffer_h > 0 && buffer_[i] < e.buffer_h)) pending_.push_back(i);
        }
        // The reference logs unit by unit, edge by edge.
        std::stable_sort(edge_log_.begin(), edge_log_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [edge, log] : edge_log_) r.log.push_back(log);

        for (const auto u : damaged_units_) {
            bool started = false;
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) started |= t + 1e-9 >= damages_[i].start_h;
            if (!started) continue;
            const double rate = evaluate(u, k, DependencyEffect::repair, nullptr, scratch_);
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i)
                if (t + 1e-9 >= damages_[i].start_h) progress_[i] += dt_ * rate;
        }
    }

    // --- the log ----------------------------------------------------------------

    Cause supplier_cause(const InEdge& e) const {
        Cause c;
        if (e.supplier.is_sector()) c.sector = static_cast<std::int32_t>(e.supplier.index());
        else c.unit = static_cast<std::int32_t>(e.supplier.index());
        return c;
    }

    bool want_unit_log() const { return sector_level_ || opt_.log_units; }

    LogEntry entry(double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
        LogEntry e;
        e.t_h = t;
        e.kind = kind;
        // On a sector-level model every unit is its sector.
        e.level = sector_level_ ? Level::sector : Level::unit;
        e.index = sector_level_ ? unit_sector_[u] : u;
        e.cause_unit = c.unit;
        e.cause_sector = c.sector;
        e.event = c.event;
        e.value = value;
        return e;
    }

    void push(Result& r, double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
        r.log.push_back(entry(t, kind, u, c, value));
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
            new_frontier();  // the stamps mark units already checked
            auto visit = [&](std::uint32_t u) {
                if (stamp_[u] == epoch_) return;
                stamp_[u] = epoch_;
                const auto now = static_cast<float>(op_[u]);
                check(prev_unit_[u], now, [&](LogKind kind) {
                    Cause c;
                    if (kind == LogKind::below_service || kind == LogKind::below_half)
                        evaluate(u, k, DependencyEffect::function, &c, scratch_);
                    push(r, t, kind, u, c, now);
                });
                prev_unit_[u] = now;
            };
            for (const auto u : last_touched_) visit(u);
            for (const auto u : touched_) visit(u);
            new_frontier();
        }
        for (std::uint32_t s = 0; s < s_; ++s) {
            const auto now = static_cast<float>(agg_[s]);
            check(prev_sector_[s], now, [&](LogKind kind) {
                Cause c;
                if (kind == LogKind::below_service || kind == LogKind::below_half) c = sector_cause(s, k);
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
    Cause sector_cause(std::uint32_t s, std::size_t k) {
        std::uint32_t pick = net_.sector_units[net_.sector_offsets[s]];
        double worst = -1;
        for (auto i = net_.sector_offsets[s]; i < net_.sector_offsets[s + 1]; ++i) {
            const auto u = net_.sector_units[i];
            const double lost = unit_weight_[u] * (1.0 - op_[u]);
            if (lost > worst) { worst = lost; pick = u; }
        }
        Cause c;
        evaluate(pick, k, DependencyEffect::function, &c, scratch_);
        return c;
    }

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

    // units (struct of arrays) and sectors
    std::vector<std::uint32_t> unit_sector_;
    std::vector<double> unit_weight_;
    std::vector<char> unit_product_;
    std::vector<std::int32_t> single_;
    // edges
    std::vector<std::uint32_t> delay_steps_, consumer_, delays_;
    std::vector<std::uint32_t> out_offsets_, out_edges_, zero_end_;
    std::vector<double> buffer_;
    std::vector<char> exhausted_, losing_;
    std::vector<std::uint32_t> edge_stamp_, active_, pending_;
    std::uint32_t edge_epoch_ = 0;
    std::vector<std::pair<std::uint32_t, LogEntry>> edge_log_;
    // scenario
    std::vector<std::uint32_t> damage_offsets_, cut_offsets_, damaged_units_, cut_units_;
    std::vector<Damage> damages_;
    std::vector<SupplyCut> cuts_;
    std::vector<double> progress_, cut_cap_, damage_;
    std::vector<char> hit_logged_;
    std::vector<double> restore_at_;
    std::vector<std::int32_t> restore_event_, damage_event_;
    // state
    std::vector<double> op_, agg_, loss_sum_, next_;
    std::vector<std::uint32_t> impaired_;
    std::vector<char> cut_off_, touched_flag_, sector_dirty_;
    std::vector<std::uint32_t> touched_, last_touched_, changed_, changed_columns_, dirty_sectors_;
    std::vector<std::pair<std::uint32_t, double>> previous_;
    std::vector<std::uint32_t> frontier_, stamp_;
    std::uint32_t epoch_ = 0;
    std::vector<char> state_changed_;
    bool empty_changed_ = false;
    // history of the last max-delay steps: full rows, and which entries are not 1
    std::vector<float> ring_;
    std::vector<std::vector<std::uint32_t>> ring_lists_;
    // logs
    std::vector<float> prev_unit_, prev_sector_;
    // connectivity
    std::vector<NetworkState> networks_;
    std::vector<std::int32_t> network_of_;
    std::vector<std::uint32_t> local_;
    ConnectivityScratch connectivity_scratch_;
    // work space
    GroupScratch scratch_;
    tbb::enumerable_thread_specific<GroupScratch> thread_scratch_;
};

}  // namespace

Result simulate_cascade(const Model& model, const Network& network, const Disruption& disruption,
                        const StepSettings& steps, const RunOptions& options) {
    return Simulation(model, network, disruption, steps, options).run();
}

Result CascadeEngine::run(const Model& model, const Scenario& scenario, const RunOptions& options) const {
    const auto network = build_network(model);
    const auto disruption = compile_disruption(model, network, scenario, {options.sample, options.seed});
    return simulate_cascade(model, network, disruption,
                            {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, options);
}

}  // namespace cisim
