#include "engines/Connectivity.hpp"

#include <algorithm>

namespace cisim {

std::vector<SectorGraph> network_sectors(const Model& model, const Network& net) {
    std::vector<SectorGraph> out;
    std::vector<std::uint32_t> local(net.size(), 0);
    for (std::uint32_t s = 0; s < net.sector_count(); ++s) {
        if (model.sectors[s].network == NetworkMode::none) continue;
        SectorGraph g;
        g.sector = s;
        g.mode = model.sectors[s].network;
        for (auto k = net.sector_offsets[s]; k < net.sector_offsets[s + 1]; ++k)
            if (net.units[net.sector_units[k]].node >= 0) g.units.push_back(net.sector_units[k]);
        if (g.units.empty()) continue;  // a sector without assets has nothing to percolate
        std::sort(g.units.begin(), g.units.end());
        for (std::uint32_t i = 0; i < g.units.size(); ++i) local[g.units[i]] = i;
        g.offsets.assign(g.units.size() + 1, 0);
        g.source.assign(g.units.size(), 0);
        for (std::uint32_t i = 0; i < g.units.size(); ++i) {
            const auto u = g.units[i];
            g.offsets[i] = static_cast<std::uint32_t>(g.targets.size());
            for (auto l = net.link_offsets[u]; l < net.link_offsets[u + 1]; ++l) {
                const auto v = net.link_targets[l];
                if (net.units[v].sector == s) g.targets.push_back(local[v]);
            }
            g.source[i] = model.nodes[static_cast<std::size_t>(net.units[u].node)].is_source ? 1 : 0;
        }
        g.offsets[g.units.size()] = static_cast<std::uint32_t>(g.targets.size());
        out.push_back(std::move(g));
    }
    return out;
}

void fed_nodes(const SectorGraph& g, const std::vector<char>& state, std::vector<char>& fed,
               ConnectivityScratch& scratch) {
    const auto n = static_cast<std::uint32_t>(g.size());
    fed.assign(n, 0);
    auto& queue = scratch.queue;
    queue.clear();
    // Seeds: the sources, or the giant component of the working nodes.
    if (g.mode == NetworkMode::giant) {
        auto& label = scratch.label;
        label.assign(n, 0);
        std::uint32_t best = 0, best_size = 0, next_label = 0;
        for (std::uint32_t i = 0; i < n; ++i) {
            if (state[i] != 2 || label[i] != 0) continue;
            const auto id = ++next_label;
            std::uint32_t size = 0;
            queue.clear();
            queue.push_back(i);
            label[i] = id;
            for (std::size_t h = 0; h < queue.size(); ++h) {
                const auto a = queue[h];
                ++size;
                for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
                    const auto b = g.targets[l];
                    if (state[b] == 2 && label[b] == 0) {
                        label[b] = id;
                        queue.push_back(b);
                    }
                }
            }
            // Scanning in index order, the first of equal size holds the lowest index.
            if (size > best_size) {
                best_size = size;
                best = id;
            }
        }
        queue.clear();
        for (std::uint32_t i = 0; i < n; ++i)
            if (best != 0 && label[i] == best) {
                fed[i] = 1;
                queue.push_back(i);
            }
    } else {
        for (std::uint32_t i = 0; i < n; ++i)
            if (g.source[i] && state[i] != 0) {
                fed[i] = 1;
                if (state[i] == 2) queue.push_back(i);
            }
    }
    // Working fed nodes pass service on to every present neighbour.
    for (std::size_t h = 0; h < queue.size(); ++h) {
        const auto a = queue[h];
        for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
            const auto b = g.targets[l];
            if (state[b] == 0 || fed[b]) continue;
            fed[b] = 1;
            if (state[b] == 2) queue.push_back(b);
        }
    }
}

FeedForest::FeedForest(const SectorGraph& graph) : FeedForest(graph, std::vector<char>(graph.size(), 2)) {}

FeedForest::FeedForest(const SectorGraph& graph, const std::vector<char>& states) : graph_(&graph) {
    const auto n = graph.size();
    state_ = states;
    target_ = states;
    fed_.assign(n, 0);
    changed_flag_.assign(n, 0);
    parent_.assign(n, none);
    first_child_.assign(n, none);
    next_.assign(n, none);
    prev_.assign(n, none);
    for (std::uint32_t i = 0; i < n; ++i)
        if (graph.source[i] && state_[i] != 0) {
            attach(i, none);
            if (state_[i] == 2) queue_.push_back(i);
        }
    spread();
    update();  // lists the nodes no source reaches
}

void FeedForest::set_state(std::uint32_t i, char state) {
    target_[i] = state;
    if (changed_flag_[i]) return;
    changed_flag_[i] = 1;
    changed_.push_back(i);
}

void FeedForest::attach(std::uint32_t i, std::uint32_t parent) {
    fed_[i] = 1;
    if (state_[i] == 2) ++fed_working_;
    parent_[i] = parent;
    if (parent == none) return;
    prev_[i] = none;
    next_[i] = first_child_[parent];
    if (next_[i] != none) prev_[next_[i]] = i;
    first_child_[parent] = i;
}

void FeedForest::detach(std::uint32_t i) {
    if (const auto p = parent_[i]; p != none) {
        if (prev_[i] != none) next_[prev_[i]] = next_[i];
        else first_child_[p] = next_[i];
        if (next_[i] != none) prev_[next_[i]] = prev_[i];
    }
    stack_.assign(1, i);
    while (!stack_.empty()) {
        const auto a = stack_.back();
        stack_.pop_back();
        fed_[a] = 0;
        if (state_[a] == 2) --fed_working_;
        parent_[a] = none;
        loose_.push_back(a);
        for (auto c = first_child_[a]; c != none; c = next_[c]) stack_.push_back(c);
        first_child_[a] = none;
    }
}

void FeedForest::spread() {
    const auto& g = *graph_;
    for (std::size_t h = 0; h < queue_.size(); ++h) {
        const auto a = queue_[h];
        for (auto l = g.offsets[a]; l < g.offsets[a + 1]; ++l) {
            const auto b = g.targets[l];
            if (state_[b] == 0 || fed_[b]) continue;
            attach(b, a);
            if (state_[b] == 2) queue_.push_back(b);
        }
    }
    queue_.clear();
}

// Why the fed set comes out as fed_nodes' (given that it was before): a fed
// node outside the taken-apart subtrees still has its path, since every node
// on it kept working (one that got worse took its subtree with it). A node
// that should be fed has a path from a source; the first node on it not fed
// here would follow a fed working node that either kept its state (then the
// node was fed before and not taken apart, or is examined below with that
// neighbour) or was queued (then the search reached the node).
void FeedForest::update() {
    const auto& g = *graph_;
    loose_.clear();
    for (const auto i : changed_)
        if (target_[i] < state_[i] && fed_[i]) detach(i);
    for (const auto i : changed_) {
        changed_flag_[i] = 0;
        const bool better = target_[i] > state_[i];
        if (fed_[i] && (state_[i] == 2) != (target_[i] == 2)) {
            // Only a fed node that got better is still fed here: it starts to work.
            if (target_[i] == 2) ++fed_working_;
            else --fed_working_;
        }
        state_[i] = target_[i];
        if (better) loose_.push_back(i);
    }
    changed_.clear();
    for (const auto i : loose_) {
        if (state_[i] == 0) continue;
        if (!fed_[i]) {
            if (g.source[i]) {
                attach(i, none);
            } else {
                for (auto l = g.offsets[i]; l < g.offsets[i + 1]; ++l) {
                    const auto b = g.targets[l];
                    if (fed_[b] && state_[b] == 2) {
                        attach(i, b);
                        break;
                    }
                }
            }
        }
        if (fed_[i] && state_[i] == 2) queue_.push_back(i);
    }
    spread();
    unfed_.clear();
    for (std::uint32_t i = 0; i < g.size(); ++i)
        if (state_[i] != 0 && !fed_[i]) unfed_.push_back(i);
}

}  // namespace cisim
