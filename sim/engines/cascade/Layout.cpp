#include "engines/cascade/Layout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "engines/Parallel.hpp"

namespace cisim::cascade {

Layout::Layout(const Model& model, const Network& net, double step_h, int threads)
    : net_(net), n_(net.size()), s_(net.sector_count()), e_(net.in_edges.size()), dt_(step_h) {
    order_units(model, threads);
    compile_units();
    compile_edges(threads);
}

// Units are renumbered so that suppliers come before their consumers and sit
// near them in memory. Assets are grouped by region (infrastructure depends
// mostly on what is near it), regions in order of their first asset; within
// a region, units come in the order a depth-first search over zero-delay
// function dependencies on the region's assets finishes them. A sweep in
// index order is then nearly one pass outside loops, and the arrays stream
// through the cache. Results and logs are given back in the network's numbering.
void Layout::order_units(const Model& model, int threads) {
    std::vector<std::uint32_t> cluster(n_);
    std::unordered_map<std::string_view, std::uint32_t> ids;
    // Nodes are large records read once each: fetched ahead, and a region
    // like the last one's is not hashed again.
    constexpr std::uint32_t ahead = 16;
    std::string_view last;
    std::uint32_t last_id = never;
    for (std::uint32_t u = 0; u < n_; ++u) {
        if (u + ahead < n_)
            if (const auto next = net_.units[u + ahead].node; next >= 0)
                __builtin_prefetch(&model.nodes[static_cast<std::size_t>(next)].region);
        const auto node = net_.units[u].node;
        const std::string_view region = node >= 0 ? std::string_view(model.nodes[static_cast<std::size_t>(node)].region) : "";
        if (last_id == never || region != last) {
            last = region;
            last_id = ids.try_emplace(region, static_cast<std::uint32_t>(ids.size())).first->second;
        }
        cluster[u] = last_id;
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
    for_slices(threads, n_, [&](std::size_t, std::size_t begin, std::size_t end) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
        // The regions that start in [begin, end).
        auto c = static_cast<std::size_t>(std::lower_bound(offsets.begin(), offsets.end() - 1, begin) - offsets.begin());
        for (; c < ids.size() && offsets[c] < end; ++c) order_region(c, stack);
    });
    to_new_.resize(n_);
    for (std::uint32_t u = 0; u < n_; ++u) to_new_[to_old_[u]] = u;
}

void Layout::compile_units() {
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
void Layout::compile_edges(int threads) {
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
        std::vector<Most> most(slice_count(threads));
        for_slices(threads, n_, [&](std::size_t slice, std::size_t begin, std::size_t end) {
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
    max_delay_ = max_delay;
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


}  // namespace cisim::cascade
