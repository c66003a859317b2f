#include "model/Network.hpp"

#include <algorithm>
#include <map>

namespace cisim {

Network build_network(const Model& model) {
    Network net;
    const auto ns = model.sectors.size();
    for (std::uint32_t s = 0; s < ns; ++s) net.sector_index.emplace(model.sectors[s].id, s);

    std::vector<std::vector<std::uint32_t>> by_sector(ns);
    net.units.reserve(model.nodes.size() + ns);
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
    net.unit_index.reserve(net.units.size());
    for (std::uint32_t u = 0; u < net.units.size(); ++u) net.unit_index.emplace(net.units[u].id, u);

    // Resolve each dependency to its supplier and its consumers: from the
    // check's hint where it still names the same ids (a million-asset model
    // would otherwise take ten million string lookups), else by id.
    const auto n = net.units.size();
    const bool hinted = model.dependency_ends.size() == model.dependencies.size();
    // Where a dependency's end is: a sector, or a unit (units 0..nodes-1 are the nodes, in order).
    struct End {
        bool is_sector;
        std::uint32_t index;
    };
    auto end_of = [&](std::uint32_t hint, const std::string& id) -> End {
        if (hint < ns && model.sectors[hint].id == id) return {true, hint};
        if (hint != DependencyEnds::no_sector && (hint & DependencyEnds::node_flag)) {
            const auto i = hint & ~DependencyEnds::node_flag;
            if (i < model.nodes.size() && net.units[i].id == id) return {false, i};
        }
        if (auto it = net.sector_index.find(id); it != net.sector_index.end()) return {true, it->second};
        return {false, net.unit_index.at(id)};
    };
    auto supplier_of = [&](End from) {
        if (!from.is_sector) return SupplyRef::unit(from.index);
        // A sector without assets is its own single unit.
        const auto first = net.sector_units[net.sector_offsets[from.index]];
        return net.units[first].node < 0 ? SupplyRef::unit(first) : SupplyRef::sector(from.index);
    };
    // The consumers: units [first, last) of sector_units when `fan_out`, else the one unit `first`.
    struct Consumers {
        std::uint32_t first, last;
        bool fan_out;
    };
    auto consumers_of = [&](End to) -> Consumers {
        if (!to.is_sector) return {to.index, to.index + 1, false};
        return {net.sector_offsets[to.index], net.sector_offsets[to.index + 1], true};
    };

    // A counting sort by consumer, in dependency order within each (as a
    // stable sort would leave them).
    const auto nd = model.dependencies.size();
    std::vector<SupplyRef> suppliers(nd);
    std::vector<Consumers> consumers(nd);
    net.in_offsets.assign(n + 1, 0);
    for (std::size_t d = 0; d < nd; ++d) {
        const auto& dep = model.dependencies[d];
        const auto hint = hinted ? model.dependency_ends[d] : DependencyEnds{};
        suppliers[d] = supplier_of(end_of(hint.from, dep.from));
        consumers[d] = consumers_of(end_of(hint.to, dep.to));
        const auto& c = consumers[d];
        for (auto k = c.first; k < c.last; ++k) ++net.in_offsets[(c.fan_out ? net.sector_units[k] : k) + 1];
    }
    for (std::size_t u = 0; u < n; ++u) net.in_offsets[u + 1] += net.in_offsets[u];
    net.in_edges.resize(net.in_offsets[n]);
    std::vector<std::uint32_t> next(net.in_offsets.begin(), net.in_offsets.end() - 1);
    constexpr std::int32_t grouped = -2;  // numbered per consumer below
    for (std::size_t d = 0; d < nd; ++d) {
        const auto& dep = model.dependencies[d];
        InEdge e;
        e.supplier = suppliers[d];
        e.dependency = static_cast<std::uint32_t>(d);
        e.strength = static_cast<float>(dep.strength);
        e.buffer_h = static_cast<float>(dep.buffer_h);
        e.refill_h = static_cast<float>(dep.refill_h.value_or(dep.buffer_h));
        e.delay_h = static_cast<float>(dep.delay_h);
        e.effect = dep.effect;
        if (!dep.group.empty()) e.group = grouped;
        const auto& c = consumers[d];
        for (auto k = c.first; k < c.last; ++k) {
            const auto u = c.fan_out ? net.sector_units[k] : k;
            e.full_rate = net.units[u].population;
            net.in_edges[next[u]++] = e;
        }
    }
    std::vector<SupplyRef>().swap(suppliers);
    std::vector<Consumers>().swap(consumers);
    // Redundancy groups numbered per consumer in the order of its edges.
    std::map<std::string, std::int32_t> groups;
    for (std::uint32_t u = 0; u < n; ++u) {
        groups.clear();
        for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
            auto& e = net.in_edges[k];
            if (e.group == grouped)
                e.group = groups.emplace(model.dependencies[e.dependency].group, static_cast<std::int32_t>(groups.size()))
                              .first->second;
        }
    }

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
