#include "model/Network.hpp"

#include <algorithm>
#include <map>

namespace cisim {

Network build_network(const Model& model) {
    Network net;
    const auto ns = model.sectors.size();
    for (std::uint32_t s = 0; s < ns; ++s) net.sector_index.emplace(model.sectors[s].id, s);

    std::vector<std::vector<std::uint32_t>> by_sector(ns);
    for (std::size_t i = 0; i < model.nodes.size(); ++i) {
        const auto& n = model.nodes[i];
        Unit u;
        u.id = n.id;
        u.sector = net.sector_index.at(n.sector);
        u.node = static_cast<std::int32_t>(i);
        u.weight = n.capacity;
        u.population = n.facilities > 1;
        if (auto it = model.combination_by_class.find(n.node_class); it != model.combination_by_class.end())
            u.combination = it->second;
        by_sector[u.sector].push_back(static_cast<std::uint32_t>(net.units.size()));
        net.units.push_back(std::move(u));
    }
    for (std::uint32_t s = 0; s < ns; ++s) {
        if (!by_sector[s].empty()) continue;
        Unit u;
        u.id = model.sectors[s].id;
        u.sector = s;
        u.population = true;
        by_sector[s].push_back(static_cast<std::uint32_t>(net.units.size()));
        net.units.push_back(std::move(u));
    }
    net.sector_offsets.push_back(0);
    for (std::uint32_t s = 0; s < ns; ++s) {
        double total = 0;
        for (auto u : by_sector[s]) total += net.units[u].weight;
        for (auto u : by_sector[s]) {
            net.units[u].weight = total > 0 ? net.units[u].weight / total : 1.0 / by_sector[s].size();
            net.sector_units.push_back(u);
        }
        net.sector_offsets.push_back(static_cast<std::uint32_t>(net.sector_units.size()));
    }
    for (std::uint32_t u = 0; u < net.units.size(); ++u) net.unit_index.emplace(net.units[u].id, u);

    // Resolve each dependency to (consumer units, supplier reference).
    const auto n = net.units.size();
    struct Pending { std::uint32_t consumer; InEdge edge; std::string group; };
    std::vector<Pending> pending;
    pending.reserve(model.dependencies.size());
    for (std::uint32_t d = 0; d < model.dependencies.size(); ++d) {
        const auto& dep = model.dependencies[d];
        InEdge e;
        e.dependency = d;
        e.strength = static_cast<float>(dep.strength);
        e.buffer_h = static_cast<float>(dep.buffer_h);
        e.refill_h = static_cast<float>(dep.refill_h.value_or(dep.buffer_h));
        e.delay_h = static_cast<float>(dep.delay_h);
        e.effect = dep.effect;
        if (auto it = net.unit_index.find(dep.from); it != net.unit_index.end() && !net.sector_index.count(dep.from))
            e.supplier = SupplyRef::unit(it->second);
        else {
            const auto s = net.sector_index.at(dep.from);
            const auto first = net.sector_offsets[s];
            // A sector without assets is its own single unit.
            e.supplier = (net.units[net.sector_units[first]].node < 0) ? SupplyRef::unit(net.sector_units[first])
                                                                       : SupplyRef::sector(s);
        }
        if (auto it = net.sector_index.find(dep.to); it != net.sector_index.end()) {
            for (auto k = net.sector_offsets[it->second]; k < net.sector_offsets[it->second + 1]; ++k)
                pending.push_back({net.sector_units[k], e, dep.group});
        } else {
            pending.push_back({net.unit_index.at(dep.to), e, dep.group});
        }
    }
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.consumer < b.consumer; });
    net.in_offsets.assign(n + 1, 0);
    net.in_edges.reserve(pending.size());
    std::size_t i = 0;
    for (std::uint32_t u = 0; u < n; ++u) {
        net.in_offsets[u] = static_cast<std::uint32_t>(net.in_edges.size());
        std::map<std::string, std::int32_t> groups;
        for (; i < pending.size() && pending[i].consumer == u; ++i) {
            InEdge e = pending[i].edge;
            e.full_rate = net.units[u].population;
            if (!pending[i].group.empty())
                e.group = groups.emplace(pending[i].group, static_cast<std::int32_t>(groups.size())).first->second;
            net.in_edges.push_back(e);
        }
    }
    net.in_offsets[n] = static_cast<std::uint32_t>(net.in_edges.size());

    // Undirected links of network sectors.
    std::vector<std::vector<std::uint32_t>> adj(n);
    for (const auto& l : model.links) {
        const auto a = net.unit_index.at(l.a), b = net.unit_index.at(l.b);
        adj[a].push_back(b);
        adj[b].push_back(a);
    }
    net.link_offsets.assign(n + 1, 0);
    for (std::uint32_t u = 0; u < n; ++u) {
        net.link_offsets[u] = static_cast<std::uint32_t>(net.link_targets.size());
        net.link_targets.insert(net.link_targets.end(), adj[u].begin(), adj[u].end());
    }
    net.link_offsets[n] = static_cast<std::uint32_t>(net.link_targets.size());
    return net;
}

std::vector<std::uint32_t> units_of(const Model& model, const Network& net, const std::string& id) {
    (void)model;
    std::vector<std::uint32_t> out;
    if (auto s = net.sector_index.find(id); s != net.sector_index.end()) {
        for (auto k = net.sector_offsets[s->second]; k < net.sector_offsets[s->second + 1]; ++k)
            out.push_back(net.sector_units[k]);
    } else if (auto u = net.unit_index.find(id); u != net.unit_index.end()) {
        out.push_back(u->second);
    }
    return out;
}

}  // namespace cisim
