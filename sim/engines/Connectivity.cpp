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

}  // namespace cisim
