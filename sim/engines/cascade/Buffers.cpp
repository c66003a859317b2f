#include <algorithm>
#include <cmath>

#include "engines/BufferPhase.hpp"
#include "engines/cascade/Lookahead.hpp"
#include "engines/cascade/Simulation.hpp"

// Between steps: the buffers (SPEC §5.4 step 2, in the closed form of
// engines/BufferPhase.hpp) and the delayed supplies. A buffer is touched only
// when its supply changes or it empties or fills.
namespace cisim::cascade {

// Buffers that empty, start refilling or fill up at this step.
void Simulation::fire_buffer_events(std::size_t k, double t, Result& r) {
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

// Delayed supplies: each delayed edge takes what its column held d steps ago
// (collect_changes filed it under this step).
void Simulation::apply_delays(std::size_t k) {
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

// What changed since the previous step: supplies to visit in the buffer
// pass, and new values for delayed edges, filed under the step they arrive.
// A large step's units are read in slices at once, and what the slices
// found is filed in slice order, as one thread would have filed it.
void Simulation::collect_changes(std::size_t k) {
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

// Adds (step, e) to `due` for each step at which e's buffer empties or fills.
[[gnu::always_inline]] inline void Simulation::schedule(std::uint32_t e, std::vector<std::pair<std::uint32_t, std::uint32_t>>& due) const {
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

// Buffers of the edges whose supply changed, or that emptied or filled, start
// a new phase; the next step at which each empties or fills is scheduled.
// Each edge's update reads the settled state and writes only that edge, so
// slices of edges run at once; what they schedule and log is merged in edge
// order, as one thread would have made it.
void Simulation::advance_buffers(std::size_t k, double t, Result& r) {
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

}  // namespace cisim::cascade
