#include "engines/CascadeEngine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "engines/BufferPhase.hpp"
#include "engines/Connectivity.hpp"
#include "engines/Contraction.hpp"
#include "engines/IndexSet.hpp"
#include "engines/Parallel.hpp"
#include "engines/Populations.hpp"
#include "hazards/ScenarioHazards.hpp"

namespace cisim {
namespace {

constexpr double converge_eps = 1e-12;  // operability change that ends the fixed-point iteration
constexpr float restored_level = 0.99f;
constexpr float half_level = 0.5f;
constexpr std::size_t exact_sum_max = 64;   // sectors up to this size re-add their units (as the reference does)
constexpr std::size_t cache_size = 8;       // connectivity answers remembered per network sector
constexpr std::size_t settle_block = 4096;  // units settled together (their arrays fit in a core's L2)
constexpr std::size_t part_units = 4 * settle_block;  // units of one settling part (see settle)
constexpr std::size_t parallel_visits = 8192;  // buffer passes this big run in slices (with threads > 1)
constexpr double loss_scale = 4503599627370496.0;  // 2^52: sector losses are summed as exact integers
constexpr std::uint32_t never = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t no_bound = std::numeric_limits<std::size_t>::max();  // a part bound that owns every unit

/// What limits a unit at a moment: a scenario event, or a supplier.
struct Cause {
    std::int32_t event = -1;
    std::int32_t unit = -1;
    std::int32_t sector = -1;
};

/// What evaluating a unit reads of each incoming edge, in 16 bytes (the
/// network's InEdge is 32): the unit's in-edges then fit one or two cache lines.
/// A delayed edge holds its supplier's value of `delay` steps ago itself, so
/// that evaluation reads no other array for it.
struct HotEdge {
    std::uint32_t col = 0;        ///< supplier column: unit, or n + sector for an aggregate
    float strength = 0;
    float held = 1.0f;            ///< delayed edges: the supply as it was `delay` steps ago
    std::int16_t group = -1;
    std::uint8_t flags = 0;       ///< repair_flag, empty_flag, delayed_flag, full_rate_flag
};
constexpr std::uint8_t repair_flag = 1, empty_flag = 2, delayed_flag = 4, full_rate_flag = 8;
/// A unit's combination rule, as the engine keeps it.
constexpr char min_rule = 0, product_rule = 1, mean_rule = 2;
static_assert(sizeof(HotEdge) == 16);

/// Calls work(items[i]) in order, having called far(items[i + 16]) and
/// near(items[i + 8]) before. The engine's per-step lists (changed units,
/// visited edges, due supplies and buffer events) lie at random in its arrays:
/// `far` prefetches what an item's index locates, `near` what those lines in
/// turn point to, so the misses of later items overlap the work on this one.
template <class T, class Far, class Near, class Work>
void with_lookahead(const T* items, std::size_t count, Far far, Near near, Work work) {
    constexpr std::size_t far_ahead = 16, near_ahead = 8;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + far_ahead < count) far(items[i + far_ahead]);
        if (i + near_ahead < count) near(items[i + near_ahead]);
        work(items[i]);
    }
}

/// Work space for redundancy groups.
struct GroupScratch {
    std::vector<double> loss;
    std::vector<std::int64_t> edge;
};

/// One remembered connectivity answer: the sector's non-working nodes → its unfed nodes.
struct CachedCut {
    std::vector<std::uint32_t> key;    ///< 2·local (+1 when present but not working), ascending
    std::vector<std::uint32_t> unfed;  ///< local indices
    std::size_t giant = 0;             ///< nodes in the giant component (not its fed neighbours)
    std::uint32_t anchor = 0;          ///< a node of the giant, when there is one
};

/// A list of indices with a membership flag; members that left are dropped lazily.
struct LazyList {
    std::vector<std::uint32_t> items;
    void add(std::uint32_t i, std::vector<char>& listed) {
        if (listed[i]) return;
        listed[i] = 1;
        items.push_back(i);
    }
    // Keeps the members for which `keep` holds (and unlists the others).
    template <class Keep>
    void compact(std::vector<char>& listed, Keep keep) {
        std::size_t w = 0;
        for (const auto i : items) {
            if (keep(i)) items[w++] = i;
            else listed[i] = 0;
        }
        items.resize(w);
    }
};

struct NetworkState {
    SectorGraph graph;
    /// The fed set, kept up to date: in "sources" mode always, in giant mode
    /// while the giant holds most of the sector (anchored in anchor_graph)
    std::optional<FeedForest> forest;
    SectorGraph anchor_graph;          ///< giant mode: the graph with one source, a node of the giant
    std::vector<char> state, fed;      ///< giant mode: searched again, answers remembered
    std::vector<std::uint32_t> key;
    std::vector<CachedCut> cache;
    std::size_t next_slot = 0;
    LazyList impaired;   ///< units of this sector that may be impaired
    std::size_t cut = 0; ///< nodes cut off now
    std::size_t giant = 0;  ///< giant mode: nodes in the giant component of the last answer
    bool dirty = true;   ///< some node's working state changed since the last answer
    bool reset = false;  ///< its cut-off nodes are already in this step's set C
};

/// What a unit's change means for the shared bookkeeping (Simulation::describe).
struct Move {
    std::uint32_t unit = 0, sector = 0;
    std::int32_t network = -1;  ///< network sector of the unit, or −1
    std::int8_t impaired = 0;   ///< +1 became impaired, −1 no longer, 0 neither
    std::int8_t cut = 0;        ///< +1 cut off, −1 no longer, 0 neither
    std::int8_t relay = -1;     ///< network node whose state changed: the new state (0, 1, 2)
    std::int64_t loss = 0;      ///< change of the sector's quantized loss
};

/// A settling part (Simulation::settle): its units' queue, and what a round books after it.
struct Part {
    std::uint32_t begin = 0, end = 0;
    IndexSet queue;  ///< local indices (unit − begin)
    GroupScratch scratch;
    std::size_t budget = 0;
    std::vector<std::uint32_t> dirty;    ///< units first changed in this step
    std::vector<std::uint32_t> moved;    ///< units that moved in this round
    std::vector<Move> moves;             ///< their moves, described after the round
    std::vector<std::uint32_t> foreign;  ///< consumers in other parts to queue
};

// The rule is the one of the header. This implementation is incremental in time:
// a step starts from the previous step's state and visits only what the step's
// changed inputs reach, with a proof that it reaches the same greatest fixed
// point as a solve from full operability (see solve_step).
class Simulation {
public:
    Simulation(const Model& model, const Network& net, const Disruption& dis, const StepSettings& steps,
               const RunOptions& opt)
        : net_(net), dis_(dis), steps_(steps), opt_(opt), n_(net.size()), s_(net.sector_count()),
          e_(net.in_edges.size()) {
        sector_level_ = !model.has_nodes();
        log_edges_ = want_unit_log();
        dt_ = steps.step_h;
        step_count_ = static_cast<std::size_t>(std::floor(steps.horizon_h / dt_ + 1e-9)) + 1;
        order_units(model);
        compile_units();
        compile_edges();
        index_damages();
        index_cuts();
        for (auto& g : network_sectors(model, net)) {
            NetworkState ns;
            ns.graph = std::move(g);
            for (auto& u : ns.graph.units) u = to_new_[u];
            ns.state.assign(ns.graph.size(), 2);
            if (ns.graph.mode == NetworkMode::giant) {
                has_giant_ = true;
                ns.anchor_graph = ns.graph;
                ns.anchor_graph.mode = NetworkMode::sources;
                ns.anchor_graph.source.assign(ns.graph.size(), 0);
            }
            for (std::uint32_t i = 0; i < ns.graph.size(); ++i) {
                network_of_[ns.graph.units[i]] = static_cast<std::int32_t>(networks_.size());
                local_[ns.graph.units[i]] = i;
            }
            networks_.push_back(std::move(ns));
        }
        for (auto& ns : networks_)  // once networks_ holds them: a forest keeps its graph's address
            ns.forest.emplace(ns.graph);
        unique_ = contracts(BoundView{*this}, opt_.threads);
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

        for (std::size_t k = 0; k < step_count_; ++k) {
            const double t = static_cast<double>(k) * dt_;
            r.times[k] = t;
            begin_step(k);
            fire_buffer_events(k, t, r);
            update_damage(t, r);
            update_cuts(t);
            apply_delays(k);
            if (k == 0 || !improve_.empty() || !worsen_.empty()) solve_step(k);
            for (std::size_t s = 0; s < s_; ++s) r.sector_operability[k * s_ + s] = static_cast<float>(agg_[s]);
            collect_changes(k);
            if (record_units) record_unit_row(r, k);
            if (opt_.log_sectors || want_unit_log()) log_crossings(t, r);
            advance_buffers(k, t, r);
            advance_repairs(k, t);
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

    // Units are renumbered so that suppliers come before their consumers and sit
    // near them in memory. Assets are grouped by region (infrastructure depends
    // mostly on what is near it), regions in order of their first asset; within
    // a region, units come in the order a depth-first search over zero-delay
    // function dependencies on the region's assets finishes them. A sweep in
    // index order is then nearly one pass outside loops, and the arrays stream
    // through the cache. Results and logs are given back in the network's numbering.
    void order_units(const Model& model) {
        std::vector<std::uint32_t> cluster(n_);
        std::unordered_map<std::string_view, std::uint32_t> ids;
        for (std::uint32_t u = 0; u < n_; ++u) {
            const auto node = net_.units[u].node;
            const std::string_view region = node >= 0 ? std::string_view(model.nodes[static_cast<std::size_t>(node)].region) : "";
            cluster[u] = ids.try_emplace(region, static_cast<std::uint32_t>(ids.size())).first->second;
        }
        std::vector<std::uint32_t> offsets(ids.size() + 1, 0), members(n_);
        for (const auto c : cluster) ++offsets[c + 1];
        for (std::size_t c = 0; c < ids.size(); ++c) offsets[c + 1] += offsets[c];
        {
            auto fill = offsets;
            for (std::uint32_t u = 0; u < n_; ++u) members[fill[cluster[u]]++] = u;
        }
        // Regions are independent (the search stays in its region) and each
        // fills its own stretch of to_old_: slices of regions can run at once.
        to_old_.assign(n_, 0);
        std::vector<char> seen(n_, 0);
        // Region c's units in the order a depth-first search from its members finishes them.
        auto order_region = [&](std::size_t c, std::vector<std::pair<std::uint32_t, std::uint32_t>>& stack) {
            auto out = offsets[c];
            for (auto m = offsets[c]; m < offsets[c + 1]; ++m) {
                if (seen[members[m]]) continue;
                seen[members[m]] = 1;
                stack.push_back({members[m], net_.in_offsets[members[m]]});  // unit, next in-edge
                while (!stack.empty()) {
                    auto& [u, i] = stack.back();
                    if (i == net_.in_offsets[u + 1]) {
                        to_old_[out++] = u;
                        stack.pop_back();
                        continue;
                    }
                    const auto& e = net_.in_edges[i++];
                    if (e.supplier.is_sector() || e.delay_h > 0 || e.effect != DependencyEffect::function) continue;
                    const auto v = e.supplier.index();
                    if (cluster[v] != c || seen[v]) continue;  // another region's seen[] belongs to another slice
                    seen[v] = 1;
                    stack.push_back({v, net_.in_offsets[v]});
                }
            }
        };
        for_slices(opt_.threads, n_, [&](std::size_t, std::size_t begin, std::size_t end) {
            std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
            // The regions that start in [begin, end).
            auto c = static_cast<std::size_t>(std::lower_bound(offsets.begin(), offsets.end() - 1, begin) - offsets.begin());
            for (; c < ids.size() && offsets[c] < end; ++c) order_region(c, stack);
        });
        to_new_.resize(n_);
        for (std::uint32_t u = 0; u < n_; ++u) to_new_[to_old_[u]] = u;
    }

    void compile_units() {
        unit_sector_.resize(n_);
        unit_weight_.resize(n_);
        unit_product_.resize(n_);
        for (std::size_t u = 0; u < n_; ++u) {
            const auto& unit = net_.units[to_old_[u]];
            unit_sector_[u] = unit.sector;
            unit_weight_[u] = unit.weight;
            unit_product_[u] = static_cast<char>(unit.combination == Combination::product ? product_rule
                                                 : unit.combination == Combination::mean  ? mean_rule
                                                                                          : min_rule);
        }
        sector_units_.resize(net_.sector_units.size());
        for (std::size_t i = 0; i < sector_units_.size(); ++i) sector_units_[i] = to_new_[net_.sector_units[i]];
        op_.assign(n_, 1.0);
        cut_off_.assign(n_, 0);
        listed_.assign(n_, 0);
        net_listed_.assign(n_, 0);
        const std::size_t part_count = n_ <= part_units ? 1 : (n_ + part_units - 1) / part_units;
        parts_.resize(part_count);
        for (std::size_t k = 0; k < part_count; ++k) {
            auto& p = parts_[k];
            p.begin = static_cast<std::uint32_t>(part_count == 1 ? 0 : k * part_units);
            p.end = static_cast<std::uint32_t>(part_count == 1 ? n_ : std::min(n_, (k + 1) * part_units));
            p.queue.resize(p.end - p.begin);
        }
        if (part_count > 1) {
            snap_.assign(n_, 1.0);
            if (opt_.threads > 1) workers_ = std::make_unique<Workers>(opt_.threads);
        }
        step_stamp_.assign(n_, 0);
        source_stamp_.assign(n_, 0);
        source_kind_.assign(n_, 0);
        reset_.resize(n_);
        pending_.resize(n_);
        old_op_.assign(n_, 1.0);
        network_of_.assign(n_, -1);
        local_.assign(n_, 0);
        agg_.assign(s_, 1.0);
        prev_agg_.assign(s_, 1.0);
        loss_q_.assign(s_, 0);
        impaired_count_.assign(s_, 0);
        column_stamp_.assign(s_, 0);
        sector_round_.assign(s_, 0);
        prev_sector_.assign(s_, 1.0f);
        if (!sector_level_ && opt_.log_units) prev_unit_.assign(n_, 1.0f);
        // A population's classes weigh 0: the exact sum skips them (adding +0
        // changes no bit), and a sector that is one unit and its classes reads
        // that unit as a sector of one does.
        weighted_offsets_.assign(s_ + 1, 0);
        weighted_units_.clear();
        single_.assign(s_, -1);
        for (std::size_t s = 0; s < s_; ++s) {
            const auto first = net_.sector_offsets[s], last = net_.sector_offsets[s + 1];
            for (auto i = first; i < last; ++i)
                if (unit_weight_[sector_units_[i]] != 0) weighted_units_.push_back(sector_units_[i]);
            weighted_offsets_[s + 1] = static_cast<std::uint32_t>(weighted_units_.size());
            const auto weighted = weighted_offsets_[s + 1] - weighted_offsets_[s];
            if (last - first == 1)
                single_[s] = static_cast<std::int32_t>(sector_units_[first]);
            else if (weighted == 1 && last - first <= exact_sum_max && unit_weight_[weighted_units_.back()] == 1.0)
                single_[s] = static_cast<std::int32_t>(weighted_units_.back());
        }
    }

    // Edges in the engine's numbering (a unit's in-edges keep their order), and
    // out-edges of every supplier column (units, then sector aggregates), by delay.
    void compile_edges() {
        in_offsets_.assign(n_ + 1, 0);
        consumer_.resize(e_);
        for (std::uint32_t u = 0, i = 0; u < n_; ++u) {
            const auto v = to_old_[u];
            const auto count = net_.in_offsets[v + 1] - net_.in_offsets[v];
            for (std::uint32_t c = 0; c < count; ++c) consumer_[i++] = u;
            in_offsets_[u + 1] = in_offsets_[u] + count;
        }
        std::vector<std::uint32_t> delay_steps(e_);
        std::size_t max_delay = 0, max_groups = 0;
        has_repair_.assign(n_, 0);
        hot_.resize(e_);
        buffer_slot_.assign(e_, never);
        {
            // One pass over the network's edges, read unit by unit in the engine's
            // order; slices of units write only their own edges. A buffered edge's
            // capacity waits in `held`, and its refill time in `refill`, until
            // slots are given out in the engine's order below.
            std::vector<float> refill(e_);
            struct Most { std::size_t delay = 0, groups = 0, buffers = 0; };
            std::vector<Most> most(slice_count(opt_.threads));
            for_slices(opt_.threads, n_, [&](std::size_t slice, std::size_t begin, std::size_t end) {
                Most m;
                for (auto u = static_cast<std::uint32_t>(begin); u < end; ++u) {
                    const auto v = to_old_[u];
                    const auto first = net_.in_offsets[v];
                    // The next units' edges, fetched ahead: they lie at random in the network's order.
                    if (u + 4 < end) __builtin_prefetch(net_.in_edges.data() + net_.in_offsets[to_old_[u + 4]]);
                    for (auto i = in_offsets_[u]; i < in_offsets_[u + 1]; ++i) {
                        const auto& e = net_.in_edges[first + (i - in_offsets_[u])];
                        // Most dependencies have no delay: no rounding call for them.
                        const auto d = e.delay_h == 0 ? 0u : static_cast<std::uint32_t>(std::lround(e.delay_h / dt_));
                        delay_steps[i] = d;
                        m.delay = std::max<std::size_t>(m.delay, d);
                        m.groups = std::max<std::size_t>(m.groups, static_cast<std::size_t>(e.group + 1));
                        if (e.effect == DependencyEffect::repair) has_repair_[u] = 1;
                        auto& h = hot_[i];
                        h.col = static_cast<std::uint32_t>(column(e.supplier));
                        h.strength = e.strength;
                        h.group = static_cast<std::int16_t>(e.group);
                        h.flags = static_cast<std::uint8_t>((e.effect == DependencyEffect::repair ? repair_flag : 0) |
                                                            (e.buffer_h <= buffer_empty_h ? empty_flag : 0) |
                                                            (d > 0 ? delayed_flag : 0) |
                                                            (e.full_rate ? full_rate_flag : 0));
                        if (e.buffer_h > 0) {
                            buffer_slot_[i] = 0;
                            h.held = e.buffer_h;
                            refill[i] = e.refill_h;
                            ++m.buffers;
                        }
                    }
                }
                most[slice] = m;
            });
            std::size_t buffers = 0;
            for (const auto& m : most) {
                max_delay = std::max(max_delay, m.delay);
                max_groups = std::max(max_groups, m.groups);
                buffers += m.buffers;
            }
            phases_.resize(buffers);
            buffer_size_.resize(buffers);
            for (std::uint32_t i = 0, slot = 0; i < e_; ++i) {  // phases and sizes only for edges that have a buffer
                if (buffer_slot_[i] == never) continue;
                auto& h = hot_[i];
                buffer_slot_[i] = slot;
                phases_[slot].start_level = h.held;
                buffer_size_[slot++] = {h.held, refill[i]};
                h.held = 1.0f;
            }
        }
        if (max_groups > 0x7fff) throw std::length_error("cascade engine: more than 32767 redundancy groups on one unit");
        {
            std::vector<char> used(max_delay + 1, 0);
            for (const auto d : delay_steps) used[d] = 1;
            for (std::uint32_t d = 1; d <= max_delay; ++d)
                if (used[d]) delays_.push_back(d);
        }
        if (delays_.size() >= 0xffff) throw std::length_error("cascade engine: more than 65534 distinct dependency delays");
        max_groups_ = max_groups;
        scratch_.loss.resize(max_groups_);
        scratch_.edge.resize(max_groups_);
        for (auto& p : parts_) p.scratch = scratch_;
        exhausted_.assign(e_, 0);
        losing_.assign(e_, 0);
        visits_.resize(e_);
        fired_.resize(e_);
        calendar_.resize(step_count_);
        ring_size_ = max_delay + 1;
        if (max_delay > 0) ring_.resize(ring_size_);
        const std::size_t cols = n_ + s_;
        delay_slot_.assign(max_delay + 1, -1);
        for (std::size_t d = 0; d < delays_.size(); ++d) delay_slot_[delays_[d]] = static_cast<std::int32_t>(d);
        // Out-edges of each column, zero-delay ones first. The hot loops read
        // them in order: consumer, delay, whether the edge passes a loss on now
        // (function effect, empty buffer), whether it has a buffer.
        out_offsets_.assign(cols + 1, 0);
        zero_end_.assign(cols, 0);
        for (std::size_t i = 0; i < e_; ++i) {
            ++out_offsets_[hot_[i].col + 1];
            if (delay_steps[i] == 0) ++zero_end_[hot_[i].col];
        }
        for (std::size_t c = 0; c < cols; ++c) {
            out_offsets_[c + 1] += out_offsets_[c];
            zero_end_[c] += out_offsets_[c];
        }
        out_edges_.resize(e_);
        out_consumer_.resize(e_);
        out_delay_.resize(e_);
        out_live_.resize(e_);
        out_buffered_.resize(e_);
        std::vector<std::uint32_t> zero_fill(out_offsets_.begin(), out_offsets_.end() - 1), delayed_fill(zero_end_);
        for (std::uint32_t i = 0; i < e_; ++i) {
            const auto col = hot_[i].col;
            const auto j = delay_steps[i] == 0 ? zero_fill[col]++ : delayed_fill[col]++;
            out_edges_[j] = i;
            out_consumer_[j] = consumer_[i];
            out_delay_[j] = static_cast<std::uint16_t>(delay_steps[i] == 0 ? 0 : delay_slot_[delay_steps[i]] + 1);
            out_live_[j] = is_empty(i) && is_function(i);
            out_buffered_[j] = buffered(i);
        }
    }

    std::size_t column(SupplyRef ref) const { return ref.is_sector() ? n_ + ref.index() : to_new_[ref.index()]; }

    // Where an edge sits among its supplier's out-edges (a supplier has a handful).
    std::uint32_t out_slot(std::uint32_t edge) const {
        const auto col = hot_[edge].col;
        auto j = out_offsets_[col];
        while (out_edges_[j] != edge) ++j;
        return j;
    }

    bool is_function(std::size_t edge) const { return (hot_[edge].flags & repair_flag) == 0; }
    bool buffered(std::size_t edge) const { return buffer_slot_[edge] != never; }
    double capacity(std::size_t edge) const { return buffered(edge) ? buffer_size_[buffer_slot_[edge]].first : 0.0; }
    std::uint32_t col_sector(std::uint32_t col) const { return col < n_ ? unit_sector_[col] : col - static_cast<std::uint32_t>(n_); }

    // engines/Contraction.hpp on the compiled edges: in the engine's numbering
    // the suppliers' bounds are mostly read near each other.
    struct BoundView {
        const Simulation& sim;
        std::size_t units() const { return sim.n_; }
        std::size_t sectors() const { return sim.s_; }
        // The mean of classes is no steeper than their min: it contracts as min does.
        bool product(std::size_t u) const { return sim.unit_product_[u] == product_rule; }
        template <class F>
        void for_units(std::size_t s, F f) const {
            for (auto i = sim.net_.sector_offsets[s]; i < sim.net_.sector_offsets[s + 1]; ++i)
                f(sim.sector_units_[i], sim.unit_weight_[sim.sector_units_[i]]);
        }
        template <class F>
        void for_edges(std::size_t u, F f) const {
            for (auto i = sim.in_offsets_[u]; i < sim.in_offsets_[u + 1]; ++i) {
                const auto& h = sim.hot_[i];
                if ((h.flags & (delayed_flag | repair_flag)) == 0) f(h.col, static_cast<double>(h.strength), h.group);
            }
        }
    };

    void index_damages() {
        damage_offsets_.assign(n_ + 1, 0);
        for (const auto& d : dis_.damages) ++damage_offsets_[to_new_[d.unit] + 1];
        for (std::size_t u = 0; u < n_; ++u) damage_offsets_[u + 1] += damage_offsets_[u];
        damages_.resize(dis_.damages.size());
        auto fill = damage_offsets_;
        for (const auto& d : dis_.damages) {
            auto& x = damages_[fill[to_new_[d.unit]]++];
            x = d;
            x.unit = to_new_[d.unit];
        }
        for (std::uint32_t u = 0; u < n_; ++u)
            if (damage_offsets_[u] != damage_offsets_[u + 1]) damaged_units_.push_back(u);
        progress_.assign(damages_.size(), 0.0);
        hit_logged_.assign(damages_.size(), 0);
        damage_.assign(n_, 0.0);
        damage_event_.assign(n_, -1);
        restore_at_.assign(n_, std::numeric_limits<double>::infinity());
        restore_event_.assign(n_, -1);
        for (const auto& rs : dis_.restorations) {
            const auto u = to_new_[rs.unit];
            if (rs.at_h < restore_at_[u]) {
                restore_at_[u] = rs.at_h;
                restore_event_[u] = static_cast<std::int32_t>(rs.event);
            }
        }
    }

    void index_cuts() {
        cut_offsets_.assign(n_ + 1, 0);
        for (const auto& c : dis_.cuts) ++cut_offsets_[to_new_[c.unit] + 1];
        for (std::size_t u = 0; u < n_; ++u) cut_offsets_[u + 1] += cut_offsets_[u];
        cuts_.resize(dis_.cuts.size());
        auto fill = cut_offsets_;
        for (const auto& c : dis_.cuts) {
            auto& x = cuts_[fill[to_new_[c.unit]]++];
            x = c;
            x.unit = to_new_[c.unit];
        }
        cut_cap_.assign(cuts_.size(), 2.0);
    }

    // --- this step's inputs ----------------------------------------------------
    // Each input that changed marks its unit as a source that got better or
    // worse (the solve starts there), and its edges for the buffer pass.

    void begin_step(std::size_t k) {
        step_epoch_ = static_cast<std::uint32_t>(k + 1);
        improve_.clear();
        worsen_.clear();
        fired_.clear();
        dirty_units_.clear();
        for (auto& ns : networks_) ns.reset = false;
    }

    void mark_source(std::uint32_t u, bool better) {
        if (source_stamp_[u] != step_epoch_) {
            source_stamp_[u] = step_epoch_;
            source_kind_[u] = 0;
        }
        const char bit = better ? 1 : 2;
        if (source_kind_[u] & bit) return;
        source_kind_[u] = static_cast<char>(source_kind_[u] | bit);
        (better ? improve_ : worsen_).push_back(u);
    }

    void visit(std::uint32_t e) { visits_.insert(e); }

    // Buffers that empty, start refilling or fill up at this step.
    void fire_buffer_events(std::size_t k, double t, Result& r) {
        auto& due = calendar_[k];
        if (due.empty()) return;
        const auto step = static_cast<std::uint32_t>(k);
        edge_log_.clear();
        auto far = [&](std::uint32_t e) { __builtin_prefetch(&buffer_slot_[e]); };
        auto near = [&](std::uint32_t e) {
            __builtin_prefetch(&phases_[buffer_slot_[e]]);
            __builtin_prefetch(&buffer_size_[buffer_slot_[e]]);
        };
        with_lookahead(due.data(), due.size(), far, near, [&](std::uint32_t e) {
            if (!fired_.insert(e)) return;
            const auto& p = phase(e);
            if (step <= p.start_step) return;  // scheduled by a phase since replaced
            const double cap = capacity(e);
            const double before = buffer_level(p, cap, step - 1), now = buffer_level(p, cap, step);
            const bool now_empty = now <= buffer_empty_h;
            if ((before <= buffer_empty_h) != now_empty) {
                hot_[e].flags = static_cast<std::uint8_t>(now_empty ? hot_[e].flags | empty_flag : hot_[e].flags & ~empty_flag);
                out_live_[out_slot(e)] = now_empty && is_function(e);
                if (is_function(e)) mark_source(consumer_[e], !now_empty);
                if (now_empty && p.mode == BufferMode::drain) {
                    exhausted_[e] = 1;
                    if (want_unit_log()) edge_log_.push_back({e, entry(t, LogKind::buffer_exhausted, consumer_[e], supplier_cause(e), 0.0)});
                }
                visit(e);
            }
            if (p.mode == BufferMode::refill && before < cap && now >= cap && exhausted_[e]) {
                exhausted_[e] = 0;
                if (want_unit_log()) edge_log_.push_back({e, entry(t, LogKind::buffer_refilled, consumer_[e], supplier_cause(e), cap)});
                visit(e);
            }
        });
        due.clear();
        due.shrink_to_fit();
        flush_edge_log(r);
    }

    // A restore event ends damage and cuts that began before it.
    bool restored(std::uint32_t u, double start, double t) const {
        return t >= restore_at_[u] && start <= restore_at_[u];
    }

    void update_damage(double t, Result& r) {
        for (const auto u : damaged_units_) {
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
            if (worst != damage_[u]) mark_source(u, worst < damage_[u]);
            damage_[u] = worst;
            if (worst > 0) damage_event_[u] = event;
        }
    }

    void update_cuts(double t) {
        for (std::size_t i = 0; i < cuts_.size(); ++i) {
            const auto& c = cuts_[i];
            const double cap = restored(c.unit, c.start_h, t) ? 2.0 : 1.0 - cut_at(c, t);
            if (cap == cut_cap_[i]) continue;
            mark_source(c.unit, cap > cut_cap_[i]);
            cut_cap_[i] = cap;
            for (auto e = in_offsets_[c.unit]; e < in_offsets_[c.unit + 1]; ++e)
                if (col_sector(hot_[e].col) == c.supplier_sector && (log_edges_ || buffered(e))) visit(e);
        }
    }

    // Delayed supplies: each delayed edge takes what its column held d steps ago
    // (collect_changes filed it under this step).
    void apply_delays(std::size_t k) {
        if (ring_.empty()) return;
        auto& due = ring_[k % ring_size_];
        using Supply = std::pair<std::uint32_t, float>;  // out-edge slot, value
        auto far = [&](const Supply& d) { __builtin_prefetch(&out_edges_[d.first]); };
        auto near = [&](const Supply& d) {
            __builtin_prefetch(&hot_[out_edges_[d.first]]);
            __builtin_prefetch(&out_live_[d.first]);
        };
        with_lookahead(due.data(), due.size(), far, near, [&](const Supply& d) {
            const auto [j, value] = d;
            auto& held = hot_[out_edges_[j]].held;
            const float old = held;
            if (old == value) return;
            held = value;
            if (log_edges_ || out_buffered_[j]) visit(out_edges_[j]);
            if (out_live_[j]) mark_source(out_consumer_[j], value > old);
        });
        due.clear();
    }

    // --- the rule ------------------------------------------------------------

    bool is_empty(std::size_t edge) const { return (hot_[edge].flags & empty_flag) != 0; }

    BufferPhase& phase(std::size_t edge) { return phases_[buffer_slot_[edge]]; }
    const BufferPhase& phase(std::size_t edge) const { return phases_[buffer_slot_[edge]]; }

    // A column as a settling part sees it: units in [lo, hi) at their newest
    // value, other units as the round began (see settle).
    double seen(std::size_t col, std::size_t lo, std::size_t hi) const {
        if (col >= n_) return agg_[col - n_];
        return col - lo < hi - lo ? op_[col] : snap_[col];
    }

    // Supply share a dependency delivers now, given the current iterate.
    double supply(std::uint32_t u, std::size_t edge, std::size_t lo = 0, std::size_t hi = no_bound) const {
        const auto& h = hot_[edge];
        double v = (h.flags & delayed_flag) ? h.held : seen(h.col, lo, hi);
        if (cut_offsets_[u] != cut_offsets_[u + 1]) {
            const auto sector = col_sector(h.col);
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i)
                if (cuts_[i].supplier_sector == sector) v = std::min(v, cut_cap_[i]);
        }
        return v;
    }

    // Whether the buffer is empty at the next step (repairs use the updated buffers).
    bool empty_next(std::size_t edge, std::size_t k) const {
        const double cap = capacity(edge);
        return cap <= buffer_empty_h || buffer_level(phase(edge), cap, static_cast<std::uint32_t>(k + 1)) <= buffer_empty_h;
    }

    // Loss a dependency passes on: nothing while its buffer lasts.
    double edge_loss(std::uint32_t u, std::size_t edge, bool empty, std::size_t lo, std::size_t hi) const {
        if (!empty) return 0.0;
        const double shortfall = 1.0 - supply(u, edge, lo, hi);
        return shortfall > 0 ? static_cast<double>(hot_[edge].strength) * shortfall : 0.0;
    }

    // The rule of SPEC §5.4 step 4 for one unit, optionally naming what binds it.
    // `repair_k` ≥ 0 evaluates repair dependencies with the buffers of step repair_k + 1.
    // Units outside [lo, hi) are read as the settling round began.
    double evaluate(std::uint32_t u, DependencyEffect effect, Cause* cause, GroupScratch& g,
                    std::int64_t repair_k = -1, std::size_t lo = 0, std::size_t hi = no_bound) const {
        const auto first = in_offsets_[u], last = in_offsets_[u + 1];
        const char rule = unit_product_[u];
        std::uint32_t groups = 0;  // groups are numbered densely per consumer
        double worst_loss = 0, keep = 1, sum = 0;
        std::uint32_t count = 0;
        std::int64_t worst_edge = -1;
        auto take = [&](double loss, std::int64_t edge) {
            if (rule == product_rule) keep *= 1.0 - loss;
            else if (rule == mean_rule) { sum += loss; ++count; }
            if (loss > worst_loss) { worst_loss = loss; worst_edge = edge; }
        };
        const std::uint8_t want = effect == DependencyEffect::repair ? repair_flag : 0;
        for (auto i = first; i < last; ++i) {
            const auto& e = hot_[i];
            if ((e.flags & repair_flag) != want) continue;
            const bool empty = repair_k >= 0 ? empty_next(i, static_cast<std::size_t>(repair_k)) : (e.flags & empty_flag) != 0;
            const double loss = edge_loss(u, i, empty, lo, hi);
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
        const double deps = rule == product_rule ? keep
                            : rule == mean_rule  ? (count ? 1.0 - sum / count : 1.0)
                                                 : 1.0 - worst_loss;
        const double direct = effect == DependencyEffect::function ? 1.0 - damage_[u] : 1.0;
        if (cause) {
            if (direct <= 1.0 - worst_loss && damage_[u] > 0) {
                cause->event = damage_event_[u];
            } else if (worst_edge >= 0) {
                *cause = supplier_cause(static_cast<std::size_t>(worst_edge));
            }
        }
        return std::clamp(direct * deps, 0.0, 1.0);
    }

    // --- state -----------------------------------------------------------------

    bool impaired(std::uint32_t u) const { return op_[u] < 1.0 || cut_off_[u]; }

    std::int64_t quantized_loss(std::uint32_t u, double v) const {
        return static_cast<std::int64_t>(unit_weight_[u] * (1.0 - v) * loss_scale + 0.5);  // ≥ 0: rounds to nearest
    }

    // Sets a unit's operability and cut-off flag, keeping the bookkeeping: the
    // step's dirty list with the old value, impaired lists, sector losses, and
    // network sectors whose working set changed (not for the connectivity rule's
    // own cut-offs: cutting an unfed node changes no other node's feed).
    // `pass_on` false keeps consumers unqueued (resets: see solve_step).
    void set_unit(std::uint32_t u, double v, bool cut, bool by_connectivity = false, bool pass_on = true) {
        const double old = op_[u];
        const bool old_cut = cut_off_[u] != 0;
        if (old == v && old_cut == cut) return;
        if (step_stamp_[u] != step_epoch_) {
            step_stamp_[u] = step_epoch_;
            old_op_[u] = old;
            dirty_units_.push_back(u);
        }
        op_[u] = v;
        cut_off_[u] = cut;
        if (!snap_.empty()) snap_[u] = v;
        book(describe(u, old, old_cut, v, cut), by_connectivity);
        if (old == v) return;
        // Consumers see the change at once (changes within the tolerance are not
        // passed on, or loops of partial dependencies would never settle).
        if (pass_on && std::abs(v - old) > converge_eps) fan_out(u);
        const auto s = unit_sector_[u];
        const double before = agg_[s];
        agg_[s] = aggregate(s);
        if (pass_on && std::abs(agg_[s] - before) > converge_eps) fan_out(n_ + s);
    }

    // What a unit's move from (old, old_cut) to (v, cut) changes in the shared
    // bookkeeping: reads only the unit's own entries, so the parts of a round
    // describe their moves at once.
    Move describe(std::uint32_t u, double old, bool old_cut, double v, bool cut) const {
        Move m;
        m.unit = u;
        m.sector = unit_sector_[u];
        m.network = network_of_[u];
        const bool was = old < 1.0 || old_cut, now = v < 1.0 || cut;
        if (was != now) m.impaired = now ? 1 : -1;
        if (m.network >= 0) {
            if (old_cut != cut) m.cut = cut ? 1 : -1;
            const bool worked = !old_cut && old >= working_threshold, works = !cut && v >= working_threshold;
            if (worked != works || old_cut != cut) m.relay = static_cast<std::int8_t>(cut ? 0 : works ? 2 : 1);
        }
        if (old != v) m.loss = quantized_loss(u, v) - quantized_loss(u, old);
        return m;
    }

    // The shared half of set_unit's bookkeeping (impaired lists, network
    // sectors, sector losses), one unit at a time.
    void book(const Move& m, bool by_connectivity) {
        const auto u = m.unit;
        const auto s = m.sector;
        NetworkState* ns = m.network >= 0 ? &networks_[static_cast<std::size_t>(m.network)] : nullptr;
        if (m.impaired != 0) {
            impaired_count_[s] += m.impaired;
            if (m.impaired > 0) {
                impaired_.add(u, listed_);
                if (ns) ns->impaired.add(u, net_listed_);
            }
        }
        if (ns) {
            if (m.cut != 0) ns->cut = m.cut > 0 ? ns->cut + 1 : ns->cut - 1;
            if (m.relay >= 0) {
                if (ns->forest) ns->forest->set_state(local_[u], static_cast<char>(m.relay));
                if (!by_connectivity) ns->dirty = true;
            }
        }
        loss_q_[s] += m.loss;
    }

    double aggregate(std::size_t s) const {
        if (single_[s] >= 0) return std::clamp(op_[static_cast<std::size_t>(single_[s])], 0.0, 1.0);
        if (impaired_count_[s] == 0) return 1.0;
        if (net_.sector_offsets[s + 1] - net_.sector_offsets[s] <= exact_sum_max) {
            double sum = 0;
            for (auto i = weighted_offsets_[s]; i < weighted_offsets_[s + 1]; ++i)
                sum += unit_weight_[weighted_units_[i]] * op_[weighted_units_[i]];
            return std::clamp(sum, 0.0, 1.0);
        }
        return std::clamp(1.0 - static_cast<double>(loss_q_[s]) / loss_scale, 0.0, 1.0);
    }

    void enqueue(std::uint32_t u) {
        auto& p = parts_[parts_.size() == 1 ? 0 : u / part_units];
        p.queue.insert(u - p.begin);
    }

    // Queues the consumers of a column over zero-delay function edges with an empty buffer.
    void fan_out(std::size_t col) {
        for (auto j = out_offsets_[col]; j < zero_end_[col]; ++j)
            if (out_live_[j]) enqueue(out_consumer_[j]);
    }

    // --- one step's fixed point ----------------------------------------------
    //
    // Why starting from the previous step gives the greatest fixed point G of
    // this step (the state a solve from full operability reaches): let C be the
    // units that got better (`improve_`) and every impaired unit they reach over
    // zero-delay function edges that are empty now or were a step ago, closed
    // over sector aggregates and over network sectors: a member in C puts the
    // sector's cut-off nodes in C (in "sources" mode the fed set only grows with
    // the working set, so a node fed a step ago is fed from the reset state).
    // Outside C, each impaired unit depends only on units outside C and on
    // inputs that stayed or got worse; so the previous state, with C reset to
    // full operability, is ≥ G and is not raised by the rule: the decreasing
    // iteration from there ends at G. "giant" mode is not monotone (the giant
    // may move when it shrinks): see the last paragraph for when it is.
    // When the rule is a contraction (engines/Contraction.hpp), no value needs a
    // reset: for a given set K of cut-off nodes the fixed point F(K) is the only
    // one, reached from the previous state. Only cut-off nodes are restored,
    // those of the sectors C reaches: outside C the previous state is ≥ G, so a
    // node still cut off is unfed in G too, and the kept cuts K₀ are within G's
    // cuts K*. Then F(K₀) ≥ F(K*) = G, the connectivity rule only adds cuts that
    // G has, and the sequence stops at a K with unfed(F(K)) ⊆ K ⊆ K*; the solve
    // from full operability passes through cut sets that all stay within such a
    // K, so K = K*.
    // A giant-mode sector obeys the same steps while its giants hold more than
    // half of its nodes: when the giant of a working set W does, the giant of
    // any W' ⊇ W contains it (its component outnumbers all others), so the fed
    // set grows with the working set as in "sources" mode. So the step resets
    // and keeps as above and checks the giants it ends with. If each holds most
    // of its sector, the solve from full operability, whose states stay above
    // the one reached (whose cut sets stay within its K), met giants that
    // contain these and hold most of the sector too: the steps above hold, and
    // the two agree. If one does not, the step is solved again from full
    // operability: every impaired unit reset, or, with a contraction, every
    // cut-off node restored (the solve from full operability starts with none
    // cut off, and with one fixed point per cut set the two then pass through
    // the same cut sets).
    // C is built in index order (units reached behind the cursor wait for the
    // next pass), so that the out-edge arrays are read in memory order.
    void solve_step(std::size_t k) {
        ++column_epoch_;
        if (unique_) {
            restore_cut_off();
        } else {
            for (const auto u : improve_)
                if (impaired(u)) add_reset(u);
            follow_closure([] { return false; });
        }
        apply_resets();
        for (const auto u : improve_) enqueue(u);
        for (const auto u : worsen_) enqueue(u);
        if (k == 0)  // the connectivity rule may cut nodes off before anything happens
            for (auto& ns : networks_) ns.dirty = true;
        do settle();
        while (drop_unfed());
        // (Not at step 0: it started from full operability, nothing kept.)
        if (has_giant_ && k > 0 && !giants_hold_most()) {
            // Solved again from full operability (every impaired unit), or with
            // a contraction from no cut at all.
            if (unique_) {
                for (auto& ns : networks_) restore(ns);
            } else {
                for (const auto u : impaired_.items)
                    if (impaired(u)) reset_.insert(u);
                apply_resets();
            }
            do settle();
            while (drop_unfed());
        }
    }

    // A reset need not queue consumers: those it can affect are impaired and
    // reached over live edges, so they are in C and queued here.
    void apply_resets() {
        reset_.drain([&](std::size_t u) {
            set_unit(static_cast<std::uint32_t>(u), 1.0, false, false, false);
            enqueue(static_cast<std::uint32_t>(u));
        });
    }

    // Whether the giant of every giant-mode sector holds more than half of its nodes.
    bool giants_hold_most() const {
        for (const auto& ns : networks_)
            if (ns.graph.mode == NetworkMode::giant && ns.graph.size() > 0 && 2 * ns.giant <= ns.graph.size())
                return false;
        return true;
    }

    // Brings the sector's cut-off nodes back at full operability.
    void restore(NetworkState& ns) {
        if (ns.cut == 0) return;
        for (const auto v : ns.impaired.items) {
            if (!cut_off_[v]) continue;
            set_unit(v, 1.0, false);
            enqueue(v);
        }
    }

    // Builds C from its members not yet followed (pending_), until `done`.
    template <class Done>
    void follow_closure(Done done) {
        for (std::size_t cursor = 0; !pending_.empty() && !done();) {
            const auto next = pending_.next(cursor);
            if (next == IndexSet::none) {
                cursor = 0;
                continue;
            }
            pending_.erase(next);
            cursor = next + 1;
            const auto u = static_cast<std::uint32_t>(next);
            const auto w = network_of_[u];
            if (w >= 0 && !networks_[static_cast<std::size_t>(w)].reset) {
                auto& ns = networks_[static_cast<std::size_t>(w)];
                ns.reset = true;
                for (const auto v : ns.impaired.items)
                    if (cut_off_[v]) add_reset(v);
            }
            reach(u);
            const auto s = unit_sector_[u];
            if (column_stamp_[s] != column_epoch_ && agg_[s] < 1.0) {
                column_stamp_[s] = column_epoch_;
                reach(n_ + s);
            }
        }
    }

    // Contraction: restores the cut-off nodes of the network sectors that C
    // reaches (C is followed only until it reaches every sector with cut-off nodes).
    void restore_cut_off() {
        std::size_t waiting = 0;  // sectors with cut-off nodes that C has not reached
        for (auto& ns : networks_)
            if (ns.cut > 0) ++waiting;
        if (waiting > 0) {
            for (const auto u : improve_)
                if (impaired(u)) add_reset(u);
            follow_closure([&] {
                waiting = 0;
                for (const auto& ns : networks_) waiting += ns.cut > 0 && !ns.reset;
                return waiting == 0;
            });
        }
        reset_.clear();
        pending_.clear();
        for (auto& ns : networks_)
            if (ns.reset) restore(ns);
    }

    void add_reset(std::uint32_t u) {
        if (reset_.insert(u)) pending_.insert(u);
    }

    // Impaired consumers over zero-delay function edges empty now or a step ago.
    void reach(std::size_t col) {
        for (auto j = out_offsets_[col]; j < zero_end_[col]; ++j) {
            if (!out_live_[j]) {
                const auto e = out_edges_[j];
                if (!fired_.contains(e) || !is_function(e)) continue;
            }
            if (impaired(out_consumer_[j])) add_reset(out_consumer_[j]);
        }
    }

    // Evaluates queued units in ascending index order (Gauss–Seidel: each sees
    // its inputs' newest values), until none changes by more than converge_eps.
    // The sweep settles one block of settle_block units before it moves on: a
    // unit queued behind the cursor in its own block goes next, one in an
    // earlier block waits for the next pass. Loops mostly close within a region,
    // so they settle while the block's arrays are in cache, and later blocks see
    // settled values (at 1 M assets 12 % fewer evaluations, a fifth less time).
    // Models of more than part_units units settle in parts of part_units, in
    // rounds: in a round every part sweeps its own queue as above, seeing other
    // parts' units (and the sector aggregates) as they were when the round began;
    // between rounds the changes are booked in part order and passed on across
    // parts. Parts are independent within a round, so they run on any number of
    // threads with the same result; the parts depend on the model's size only.
    // From a state ≥ the fixed point that the rule does not raise, or under a
    // contraction, any such order reaches the same fixed point (to converge_eps),
    // also when a part reads others' values of the round's start: in the first
    // case those are higher and still ≥ the fixed point, so every value only
    // falls toward it; a contraction converges under bounded delays.
    void settle() {
        if (parts_.size() == 1) {
            auto& p = parts_[0];
            p.budget = cascade_max_sweeps * std::max<std::size_t>(n_, 64);
            sweep(p, [&](std::uint32_t u, double v) { set_unit(u, v, cut_off_[u] != 0); });
            p.queue.clear();
            return;
        }
        for (auto& p : parts_) p.budget = cascade_max_sweeps * std::max<std::size_t>(p.end - p.begin, 64);
        for (;;) {
            active_.clear();
            for (std::uint32_t k = 0; k < parts_.size(); ++k) {
                if (parts_[k].queue.empty()) continue;
                if (parts_[k].budget > 0) active_.push_back(k);
                else parts_[k].queue.clear();
            }
            if (active_.empty()) break;
            auto round = [&](std::size_t i) {
                auto& p = parts_[active_[i]];
                sweep(p, [&](std::uint32_t u, double v) { move_in_part(p, u, v); });
            };
            if (workers_ && active_.size() > 1) workers_->run(active_.size(), round);
            else for (std::size_t i = 0; i < active_.size(); ++i) round(i);
            book_round();
        }
    }

    // One part's Gauss–Seidel sweep over its queue, in blocks (see settle).
    template <class Apply>
    void sweep(Part& p, Apply apply) {
        std::size_t cursor = 0, block = 0;  // block: first local index of the block being settled
        while (!p.queue.empty() && p.budget > 0) {
            auto next = p.queue.next(cursor);
            if (next == IndexSet::none || next >= block + settle_block) {
                const auto behind = p.queue.next(block);
                if (behind < cursor) next = behind;
            }
            if (next == IndexSet::none) {
                cursor = block = 0;
                continue;
            }
            block = next / settle_block * settle_block;
            p.queue.erase(next);  // may be queued again by its own inputs
            cursor = next + 1;
            const auto u = static_cast<std::uint32_t>(p.begin + next);
            const double v = cut_off_[u] ? 0.0 : evaluate(u, DependencyEffect::function, nullptr, p.scratch, -1, p.begin, p.end);
            if (v != op_[u]) apply(u, v);
            --p.budget;
        }
    }

    // A unit's new value within a round: its own part's consumers see it at
    // once, the rest is booked after the round (book_round).
    void move_in_part(Part& p, std::uint32_t u, double v) {
        const double old = op_[u];
        if (step_stamp_[u] != step_epoch_) {
            step_stamp_[u] = step_epoch_;
            old_op_[u] = old;
            p.dirty.push_back(u);
        }
        if (old == snap_[u]) p.moved.push_back(u);  // its first move this round (a repeat is harmless)
        op_[u] = v;
        if (std::abs(v - old) <= converge_eps) return;
        for (auto j = out_offsets_[u]; j < zero_end_[u]; ++j) {
            if (!out_live_[j]) continue;
            const auto c = out_consumer_[j];
            if (c - p.begin < p.end - p.begin) p.queue.insert(c - p.begin);
            else p.foreign.push_back(c);
        }
    }

    // After a round: the parts at once take their units' new values into the
    // snapshot and describe the moves; then, in part order, the step's dirty
    // list, set_unit's bookkeeping of every move, the consumers in other
    // parts, and the sector aggregates with their consumers.
    void book_round() {
        auto describe_part = [&](std::size_t i) {
            auto& p = parts_[active_[i]];
            for (const auto u : p.moved) {
                const double old = snap_[u], v = op_[u];
                if (old == v) continue;  // moved back, or listed twice
                snap_[u] = v;
                const bool cut = cut_off_[u] != 0;
                p.moves.push_back(describe(u, old, cut, v, cut));
            }
            p.moved.clear();
        };
        if (workers_ && active_.size() > 1) workers_->run(active_.size(), describe_part);
        else for (std::size_t i = 0; i < active_.size(); ++i) describe_part(i);
        ++round_epoch_;
        touched_.clear();
        for (auto& p : parts_) {
            dirty_units_.insert(dirty_units_.end(), p.dirty.begin(), p.dirty.end());
            p.dirty.clear();
            for (const auto& m : p.moves) {
                book(m, false);
                if (sector_round_[m.sector] != round_epoch_) {
                    sector_round_[m.sector] = round_epoch_;
                    touched_.push_back(m.sector);
                }
            }
            p.moves.clear();
        }
        for (auto& p : parts_) {
            for (const auto c : p.foreign) enqueue(c);
            p.foreign.clear();
        }
        for (const auto s : touched_) {
            const double before = agg_[s];
            agg_[s] = aggregate(s);
            if (std::abs(agg_[s] - before) > converge_eps) fan_out(n_ + s);
        }
    }

    // Connectivity rule (SPEC §5.5): cuts off the unfed nodes of every network
    // sector whose working set changed; returns whether any node was cut off.
    bool drop_unfed() {
        bool dropped = false;
        for (auto& ns : networks_) {
            if (!ns.dirty) continue;
            ns.dirty = false;
            auto cut = [&](const std::vector<std::uint32_t>& unfed) {
                for (const auto i : unfed) {
                    const auto u = ns.graph.units[i];
                    if (cut_off_[u]) continue;
                    set_unit(u, 0.0, true, true);
                    dropped = true;
                }
            };
            if (ns.forest) {
                ns.forest->update();  // in giant mode it keeps the components (Connectivity.hpp)
                ns.giant = ns.forest->fed_working();
                cut(ns.forest->unfed());
                continue;
            }
            ns.key.clear();
            for (const auto u : ns.impaired.items) {
                if (cut_off_[u]) ns.key.push_back(2 * local_[u]);
                else if (op_[u] < working_threshold) ns.key.push_back(2 * local_[u] + 1);
            }
            std::sort(ns.key.begin(), ns.key.end());
            const CachedCut* hit = nullptr;
            for (const auto& c : ns.cache)
                if (c.key == ns.key) { hit = &c; break; }
            if (!hit) hit = &remember(ns);
            ns.giant = hit->giant;
            if (2 * hit->giant > ns.graph.size()) anchor(ns, hit->anchor);  // before the cuts, which it follows
            cut(hit->unfed);
        }
        return dropped;
    }

    // Giant mode: a forest whose only source is `node`, of a giant that holds
    // most of the sector, in the working states of ns.key.
    void anchor(NetworkState& ns, std::uint32_t node) {
        std::fill(ns.anchor_graph.source.begin(), ns.anchor_graph.source.end(), 0);
        ns.anchor_graph.source[node] = 1;
        for (const auto k : ns.key) ns.state[k / 2] = static_cast<char>(k % 2);
        ns.forest.emplace(ns.anchor_graph, ns.state);
        for (const auto k : ns.key) ns.state[k / 2] = 2;
    }

    const CachedCut& remember(NetworkState& ns) {
        for (const auto k : ns.key) ns.state[k / 2] = static_cast<char>(k % 2);
        fed_nodes(ns.graph, ns.state, ns.fed, connectivity_scratch_);
        CachedCut entry;
        entry.key = ns.key;
        for (std::uint32_t i = 0; i < ns.graph.size(); ++i) {
            if (ns.state[i] != 0 && !ns.fed[i]) entry.unfed.push_back(i);
            if (!ns.fed[i] || ns.state[i] != 2) continue;  // fed and working: the giant itself
            if (entry.giant++ == 0) entry.anchor = i;
        }
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

    // What changed since the previous step: supplies to visit in the buffer
    // pass, and new values for delayed edges, filed under the step they arrive.
    // A large step's units are read in slices at once, and what the slices
    // found is filed in slice order, as one thread would have filed it.
    void collect_changes(std::size_t k) {
        // Calls visit(edge) and file(bucket, slot, value) for a column that changed.
        auto changed = [&](std::size_t col, double before, double now, auto&& visit, auto&& file) {
            if (now == before) return;
            // A supply within shortfall_min of full, before and now, drains no
            // buffer and logs no loss (a cut cap below it stays the shortfall).
            if (1.0 - before > shortfall_min || 1.0 - now > shortfall_min)
                for (auto j = out_offsets_[col]; j < zero_end_[col]; ++j)
                    if (log_edges_ || out_buffered_[j]) visit(out_edges_[j]);
            if (!ring_.empty() && static_cast<float>(now) != static_cast<float>(before))
                for (auto j = zero_end_[col]; j < out_offsets_[col + 1]; ++j)
                    file((k + delays_[out_delay_[j] - 1u]) % ring_size_, j, static_cast<float>(now));
        };
        auto visit_now = [&](std::uint32_t e) { visit(e); };
        auto file_now = [&](std::size_t bucket, std::uint32_t j, float v) { ring_[bucket].push_back({j, v}); };
        if (opt_.threads > 1 && dirty_units_.size() >= parallel_visits) {
            change_out_.resize(slice_count(opt_.threads));
            for_slices(opt_.threads, dirty_units_.size(), [&](std::size_t slice, std::size_t begin, std::size_t end) {
                auto& out = change_out_[slice];
                out.visits.clear();
                out.due.clear();
                auto keep_visit = [&](std::uint32_t e) { out.visits.push_back(e); };
                auto keep_due = [&](std::size_t bucket, std::uint32_t j, float v) {
                    out.due.push_back({static_cast<std::uint32_t>(bucket), j, v});
                };
                auto far = [&](std::uint32_t u) {
                    __builtin_prefetch(&old_op_[u]);
                    __builtin_prefetch(&op_[u]);
                    __builtin_prefetch(&out_offsets_[u]);
                    __builtin_prefetch(&zero_end_[u]);
                };
                auto near = [&](std::uint32_t u) {
                    __builtin_prefetch(out_buffered_.data() + out_offsets_[u]);  // may be the end: no out-edges
                    __builtin_prefetch(out_edges_.data() + out_offsets_[u]);
                };
                with_lookahead(dirty_units_.data() + begin, end - begin, far, near,
                               [&](std::uint32_t u) { changed(u, old_op_[u], op_[u], keep_visit, keep_due); });
            });
            for (const auto& out : change_out_) {
                for (const auto e : out.visits) visit(e);
                for (const auto& d : out.due) ring_[d.bucket].push_back({d.slot, d.value});
            }
        } else {
            for (const auto u : dirty_units_) changed(u, old_op_[u], op_[u], visit_now, file_now);
        }
        for (std::size_t s = 0; s < s_; ++s) {
            changed(n_ + s, prev_agg_[s], agg_[s], visit_now, file_now);
            prev_agg_[s] = agg_[s];
        }
        // Drop units that are no longer impaired from the lists now and then.
        std::size_t live = 0;
        for (std::size_t s = 0; s < s_; ++s) live += impaired_count_[s];
        auto keep = [&](std::uint32_t u) { return impaired(u); };
        if (impaired_.items.size() > 2 * live + 1024) impaired_.compact(listed_, keep);
        for (auto& ns : networks_)
            if (ns.impaired.items.size() > 2 * impaired_count_[ns.graph.sector] + 1024) ns.impaired.compact(net_listed_, keep);
    }

    void record_unit_row(Result& r, std::size_t k) const {
        float* row = r.unit_operability.data() + k * n_;
        if (k == 0) std::fill(row, row + n_, 1.0f);
        else std::copy(row - n_, row, row);
        for (const auto u : dirty_units_) row[to_old_[u]] = static_cast<float>(op_[u]);
    }

    // Buffers of the edges whose supply changed, or that emptied or filled, start
    // a new phase; the next step at which each empties or fills is scheduled.
    // Each edge's update reads the settled state and writes only that edge, so
    // slices of edges run at once; what they schedule and log is merged in edge
    // order, as one thread would have made it.
    void advance_buffers(std::size_t k, double t, Result& r) {
        const auto step = static_cast<std::uint32_t>(k);
        auto update = [&](std::uint32_t i, BufferOut& out) {
            const auto u = consumer_[i];
            const float strength = hot_[i].strength;
            const double shortfall = 1.0 - supply(u, i);
            const bool losing = is_empty(i) && shortfall > shortfall_min && strength > 0;
            if (losing && !losing_[i] && want_unit_log())
                out.log.push_back({i, entry(t, LogKind::supply_lost, u, supplier_cause(i), strength * shortfall)});
            losing_[i] = losing;
            if (!buffered(i)) return;
            const auto [cap, refill] = buffer_size_[buffer_slot_[i]];
            const auto& old = phase(i);
            const auto next = phase_from(old, cap, refill, shortfall, dt_, step, (hot_[i].flags & full_rate_flag) != 0);
            if (next.start_step == old.start_step && next.mode == old.mode && next.per_step == old.per_step) return;
            phase(i) = next;
            schedule(i, out.due);
        };
        const bool large = visits_.size() >= parallel_visits;
        const int threads = large ? opt_.threads : 1;
        buffer_out_.resize(slice_count(threads));
        for (auto& out : buffer_out_) {
            out.due.clear();
            out.log.clear();
        }
        if (!large) {
            visits_.drain([&](std::size_t edge) { update(static_cast<std::uint32_t>(edge), buffer_out_[0]); });
        } else {
            // A large pass's edges are sparse among all (on a big model): each slice
            // lists its own, then works through them with what they read fetched ahead.
            auto far = [&](std::uint32_t e) {
                __builtin_prefetch(&hot_[e]);
                __builtin_prefetch(&buffer_slot_[e]);
                __builtin_prefetch(&consumer_[e]);
            };
            auto near = [&](std::uint32_t e) {
                const auto col = hot_[e].col;
                __builtin_prefetch(col < n_ ? &op_[col] : &agg_[col - n_]);
                if (const auto slot = buffer_slot_[e]; slot != never) {
                    __builtin_prefetch(&phases_[slot]);
                    __builtin_prefetch(&buffer_size_[slot]);
                }
            };
            for_slices(threads, e_, [&](std::size_t slice, std::size_t begin, std::size_t end) {
                auto& out = buffer_out_[slice];
                out.edges.clear();
                for (auto edge = visits_.next(begin); edge < end; edge = visits_.next(edge + 1))
                    out.edges.push_back(static_cast<std::uint32_t>(edge));
                with_lookahead(out.edges.data(), out.edges.size(), far, near, [&](std::uint32_t e) { update(e, out); });
            });
            visits_.clear();
        }
        edge_log_.clear();
        for (const auto& out : buffer_out_) {
            for (const auto& [at, edge] : out.due) calendar_[at].push_back(edge);
            edge_log_.insert(edge_log_.end(), out.log.begin(), out.log.end());
        }
        flush_edge_log(r);
    }

    // Adds (step, e) to `due` for each step at which e's buffer empties or fills.
    void schedule(std::uint32_t e, std::vector<std::pair<std::uint32_t, std::uint32_t>>& due) const {
        const auto& p = phase(e);
        const double cap = capacity(e);
        const auto limit = static_cast<std::uint32_t>(step_count_);
        const double level = p.start_level;
        auto at = [&](std::uint32_t step) {
            if (step != never) due.push_back({step, e});
        };
        if (p.mode == BufferMode::drain && level > buffer_empty_h) {
            at(first_step_where(p, cap, limit, std::ceil((level - buffer_empty_h) / p.per_step),
                                [](double l) { return l <= buffer_empty_h; }, never));
        } else if (p.mode == BufferMode::refill) {
            if (level <= buffer_empty_h)
                at(first_step_where(p, cap, limit, 1.0, [](double l) { return l > buffer_empty_h; }, never));
            if (exhausted_[e])
                at(first_step_where(p, cap, limit, std::ceil((cap - level) / p.per_step),
                                    [cap](double l) { return l >= cap; }, never));
        }
    }

    // Repairs progress at the rate their repair dependencies allow.
    void advance_repairs(std::size_t k, double t) {
        for (const auto u : damaged_units_) {
            bool started = false;
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) started |= t + 1e-9 >= damages_[i].start_h;
            if (!started) continue;
            const double rate = has_repair_[u] ? evaluate(u, DependencyEffect::repair, nullptr, scratch_, static_cast<std::int64_t>(k)) : 1.0;
            for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i)
                if (t + 1e-9 >= damages_[i].start_h) progress_[i] += dt_ * rate;
        }
    }

    // --- the log ----------------------------------------------------------------

    // The supplier of an edge, in the network's numbering.
    Cause supplier_cause(std::size_t edge) const {
        Cause c;
        const auto col = hot_[edge].col;
        if (col >= n_) c.sector = static_cast<std::int32_t>(col - n_);
        else c.unit = static_cast<std::int32_t>(to_old_[col]);
        return c;
    }

    // On a sector-level model the units are the sectors.
    bool want_unit_log() const { return sector_level_ ? opt_.log_sectors : opt_.log_units; }

    LogEntry entry(double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
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

    void push(Result& r, double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
        r.log.push_back(entry(t, kind, u, c, value));
    }

    // Edge entries in edge order, as the reference logs them.
    void flush_edge_log(Result& r) {
        std::stable_sort(edge_log_.begin(), edge_log_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [edge, log] : edge_log_) r.log.push_back(log);
        edge_log_.clear();
    }

    void log_crossings(double t, Result& r) {
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
    Cause sector_cause(std::uint32_t s) {
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

    const Network& net_;
    const Disruption& dis_;
    StepSettings steps_;
    RunOptions opt_;
    std::size_t n_, s_, e_;
    bool sector_level_ = false;
    bool has_giant_ = false;  // a giant-mode network sector: a step whose giant holds half of it or less is solved again
    bool unique_ = false;      // the rule is a contraction: no step resets values (engines/Contraction.hpp)
    double dt_ = 1;
    std::size_t step_count_ = 0;
    std::size_t ring_size_ = 1;
    std::size_t max_groups_ = 0;

    // units (struct of arrays, in the engine's numbering) and sectors
    std::vector<std::uint32_t> to_old_, to_new_;  // engine unit → network unit, and back
    std::vector<std::uint32_t> sector_units_;     // the network's list, renumbered
    std::vector<std::uint32_t> unit_sector_;
    std::vector<double> unit_weight_;
    std::vector<char> unit_product_, has_repair_;
    std::vector<std::int32_t> single_;
    std::vector<std::uint32_t> weighted_offsets_, weighted_units_;  // per sector, its units of weight > 0
    // edges
    std::vector<std::uint32_t> in_offsets_, consumer_, delays_;
    std::vector<std::int32_t> delay_slot_;
    std::vector<std::uint32_t> out_offsets_, out_edges_, zero_end_, out_consumer_;
    std::vector<std::uint16_t> out_delay_;  // per out-edge: 0 without delay, else 1 + its index in delays_
    std::vector<char> out_live_, out_buffered_;
    bool log_edges_ = false;  // unbuffered edges are visited only to log lost supplies
    std::vector<HotEdge> hot_;
    std::vector<BufferPhase> phases_;        // of the edges with a buffer
    std::vector<std::pair<float, float>> buffer_size_;  // their capacity and refill hours
    std::vector<std::uint32_t> buffer_slot_;  // edge → its phase, `never` without a buffer
    std::vector<char> exhausted_, losing_;
    IndexSet fired_;   // edges whose buffer emptied, refilled or filled at this step
    IndexSet visits_;  // edges to bring up to date in the buffer pass
    std::vector<std::vector<std::uint32_t>> calendar_;  // edges whose buffer may empty or fill at each step
    std::vector<std::pair<std::uint32_t, LogEntry>> edge_log_;
    struct BufferOut {  // what one slice of the buffer pass schedules and logs
        std::vector<std::pair<std::uint32_t, std::uint32_t>> due;  // step, edge
        std::vector<std::pair<std::uint32_t, LogEntry>> log;
        std::vector<std::uint32_t> edges;  // the slice's visited edges, in order
    };
    std::vector<BufferOut> buffer_out_;
    struct ChangeOut {  // what one slice of collect_changes found
        struct Due { std::uint32_t bucket, slot; float value; };
        std::vector<std::uint32_t> visits;
        std::vector<Due> due;
    };
    std::vector<ChangeOut> change_out_;
    // scenario
    std::vector<std::uint32_t> damage_offsets_, cut_offsets_, damaged_units_;
    std::vector<Damage> damages_;
    std::vector<SupplyCut> cuts_;
    std::vector<double> progress_, cut_cap_, damage_;
    std::vector<char> hit_logged_;
    std::vector<double> restore_at_;
    std::vector<std::int32_t> restore_event_, damage_event_;
    // state, and what this step changed
    std::vector<double> op_, agg_, prev_agg_, old_op_;
    std::vector<std::int64_t> loss_q_;
    std::vector<std::uint32_t> impaired_count_;
    std::vector<char> cut_off_, listed_, net_listed_;
    LazyList impaired_;
    std::uint32_t step_epoch_ = 0;
    std::vector<std::uint32_t> step_stamp_, dirty_units_;
    std::vector<std::uint32_t> source_stamp_, improve_, worsen_;
    std::vector<char> source_kind_;
    IndexSet reset_, pending_;  // this step's C, and its members not yet followed
    std::vector<std::uint32_t> column_stamp_;
    std::uint32_t column_epoch_ = 0;
    std::vector<Part> parts_;
    std::vector<double> snap_;  // with several parts: every unit as the round began
    std::vector<std::uint32_t> active_, touched_, sector_round_;
    std::uint32_t round_epoch_ = 0;
    std::unique_ptr<Workers> workers_;
    // delayed supplies (held in the edges): per step of the next max-delay, the
    // out-edges (slots j) whose held value changes then, and to what
    std::vector<std::vector<std::pair<std::uint32_t, float>>> ring_;
    // logs
    std::vector<float> prev_unit_, prev_sector_;
    // connectivity
    std::vector<NetworkState> networks_;
    std::vector<std::int32_t> network_of_;
    std::vector<std::uint32_t> local_;
    ConnectivityScratch connectivity_scratch_;
    // work space
    GroupScratch scratch_;
};

}  // namespace

Result simulate_cascade(const Model& model, const Network& network, const Disruption& disruption,
                        const StepSettings& steps, const RunOptions& options) {
    // Populations with spread parameters or cut in turns run as their classes.
    if (auto classes = split_populations(model, network, disruption))
        return merge_classes(Simulation(model, classes->network, classes->disruption, steps, options).run(), *classes);
    return Simulation(model, network, disruption, steps, options).run();
}

Result CascadeEngine::run_once(const Model& model, const Network& network, const Scenario& scenario,
                               const RunOptions& options) const {
    const auto disruption = compile_disruption(model, network, scenario, hazard_options(options));
    return simulate_cascade(model, network, disruption,
                            {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, options);
}

}  // namespace cisim
