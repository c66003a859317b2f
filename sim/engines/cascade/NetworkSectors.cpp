#include <algorithm>

#include "engines/cascade/Simulation.hpp"

namespace cisim::cascade {

// The model's network sectors, in the engine's numbering.
void Simulation::add_networks(const Model& model) {
    for (auto& g : network_sectors(model, net_)) {
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
}

// Connectivity rule (SPEC §5.5): cuts off the unfed nodes of every network
// sector whose working set changed; returns whether any node was cut off.
bool Simulation::drop_unfed() {
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
void Simulation::anchor(NetworkState& ns, std::uint32_t node) {
    std::fill(ns.anchor_graph.source.begin(), ns.anchor_graph.source.end(), 0);
    ns.anchor_graph.source[node] = 1;
    for (const auto k : ns.key) ns.state[k / 2] = static_cast<char>(k % 2);
    ns.forest.emplace(ns.anchor_graph, ns.state);
    for (const auto k : ns.key) ns.state[k / 2] = 2;
}

const CachedCut& Simulation::remember(NetworkState& ns) {
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


}  // namespace cisim::cascade
