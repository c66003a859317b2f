#include "graph/DependencyGraph.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

#include "model/Error.hpp"
#include "model/Network.hpp"

namespace cisim {

namespace {

struct EdgeData {
    double strength = 0;
    std::size_t count = 0;
};

// bidirectionalS: suppliers are in-edges, dependents out-edges.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

using EdgeKey = std::pair<std::size_t, std::size_t>;

// Parallel edges are collected, then merged (largest strength, summed count)
// once sorted, so edge order is deterministic: supplier, then consumer, in
// vertex order.
using EdgeList = std::vector<std::pair<EdgeKey, EdgeData>>;

void merge_edge(EdgeList& edges, std::size_t from, std::size_t to, double strength, std::size_t count) {
    edges.push_back({{from, to}, EdgeData{strength, count}});
}

EdgeList merged(EdgeList edges) {
    std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    EdgeList out;
    for (const auto& [key, data] : edges) {
        if (!out.empty() && out.back().first == key) {
            out.back().second.strength = std::max(out.back().second.strength, data.strength);
            out.back().second.count += data.count;
        } else {
            out.push_back({key, data});
        }
    }
    return out;
}

bool counts(const Dependency& d, const GraphOptions& options) {
    return options.include_repair || d.effect == DependencyEffect::function;
}

}  // namespace

struct DependencyGraph::Impl {
    Graph graph;
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::size_t> component;       // component number of each vertex
    std::size_t component_count = 0;
    std::vector<bool> self_loop;

    Impl(std::vector<std::string> vertex_ids, const EdgeList& unmerged)
        : graph(vertex_ids.size()), ids(std::move(vertex_ids)), self_loop(ids.size(), false) {
        index.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
        for (const auto& [key, data] : merged(unmerged)) {
            boost::add_edge(key.first, key.second, data, graph);
            if (key.first == key.second) self_loop[key.first] = true;
        }
        component.assign(ids.size(), 0);
        if (!ids.empty())
            component_count = boost::strong_components(
                graph, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph)));
    }

    std::size_t at(const std::string& id) const {
        auto it = index.find(id);
        if (it == index.end()) throw std::invalid_argument("DependencyGraph: unknown id '" + id + "'");
        return it->second;
    }

    std::vector<std::string> names(std::vector<std::size_t> vs) const {
        std::sort(vs.begin(), vs.end());
        std::vector<std::string> out;
        out.reserve(vs.size());
        for (auto v : vs) out.push_back(ids[v]);
        return out;
    }

    // Vertices reachable from `start` along edges (forward) or against them,
    // excluding `start` itself.
    std::vector<std::size_t> reachable(std::size_t start, bool forward, std::vector<std::size_t>& stamp,
                                       std::size_t mark) const {
        std::vector<std::size_t> found, stack{start};
        stamp[start] = mark;
        while (!stack.empty()) {
            const auto v = stack.back();
            stack.pop_back();
            auto visit = [&](std::size_t w) {
                if (stamp[w] == mark) return;
                stamp[w] = mark;
                found.push_back(w);
                stack.push_back(w);
            };
            if (forward) {
                for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e) visit(boost::target(*e, graph));
            } else {
                for (auto [e, end] = boost::in_edges(v, graph); e != end; ++e) visit(boost::source(*e, graph));
            }
        }
        return found;
    }

    std::vector<std::size_t> reachable(std::size_t start, bool forward) const {
        std::vector<std::size_t> stamp(ids.size(), 0);
        return reachable(start, forward, stamp, 1);
    }
};

DependencyGraph::DependencyGraph(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

DependencyGraph::DependencyGraph(std::vector<std::string> ids, const std::vector<GraphEdge>& edges) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (!index.emplace(ids[i], i).second) throw std::invalid_argument("DependencyGraph: duplicate id '" + ids[i] + "'");
    auto at = [&](const std::string& id) {
        auto it = index.find(id);
        if (it == index.end()) throw std::invalid_argument("DependencyGraph: edge to unknown id '" + id + "'");
        return it->second;
    };
    EdgeList collected;
    for (const auto& e : edges) merge_edge(collected, at(e.from), at(e.to), e.strength, e.count);
    impl_ = std::make_shared<const Impl>(std::move(ids), collected);
}

DependencyGraph DependencyGraph::of_sectors(const Model& model, const GraphOptions& options) {
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::size_t> sector_of;  // sector or node id → sector index
    for (std::size_t s = 0; s < model.sectors.size(); ++s) {
        ids.push_back(model.sectors[s].id);
        sector_of.emplace(model.sectors[s].id, s);
    }
    for (const auto& n : model.nodes)
        if (auto it = sector_of.find(n.sector); it != sector_of.end()) sector_of.emplace(n.id, it->second);
    EdgeList collected;
    collected.reserve(model.dependencies.size());
    auto last_to = sector_of.end();
    for (std::size_t d = 0; d < model.dependencies.size(); ++d) {
        const auto& dep = model.dependencies[d];
        if (!counts(dep, options)) continue;
        auto from = sector_of.find(dep.from);
        // Dependencies usually come grouped by consumer: reuse the last lookup.
        auto to = d > 0 && last_to != sector_of.end() && dep.to == model.dependencies[d - 1].to ? last_to
                                                                                                : sector_of.find(dep.to);
        last_to = to;
        if (from == sector_of.end())
            throw InputError(model.file, "/dependencies/" + std::to_string(d) + "/from", "unknown id '" + dep.from + "'");
        if (to == sector_of.end())
            throw InputError(model.file, "/dependencies/" + std::to_string(d) + "/to", "unknown id '" + dep.to + "'");
        merge_edge(collected, from->second, to->second, dep.strength, 1);
    }
    return DependencyGraph(std::make_shared<const Impl>(std::move(ids), collected));
}

DependencyGraph DependencyGraph::of_units(const Model& model, const GraphOptions& options) {
    const Network net = build_network(model);
    std::vector<std::string> ids;
    ids.reserve(net.size());
    for (const auto& u : net.units) ids.push_back(u.id);
    EdgeList collected;
    for (std::uint32_t u = 0; u < net.size(); ++u) {
        for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
            const auto& e = net.in_edges[k];
            if (!counts(model.dependencies[e.dependency], options)) continue;
            const double strength = model.dependencies[e.dependency].strength;
            if (!e.supplier.is_sector()) {
                merge_edge(collected, e.supplier.index(), u, strength, 1);
                continue;
            }
            const auto s = e.supplier.index();
            for (auto j = net.sector_offsets[s]; j < net.sector_offsets[s + 1]; ++j)
                merge_edge(collected, net.sector_units[j], u, strength, 1);
        }
    }
    return DependencyGraph(std::make_shared<const Impl>(std::move(ids), collected));
}

std::size_t DependencyGraph::size() const { return impl_->ids.size(); }

const std::vector<std::string>& DependencyGraph::ids() const { return impl_->ids; }

bool DependencyGraph::contains(const std::string& id) const { return impl_->index.count(id) != 0; }

std::size_t DependencyGraph::index_of(const std::string& id) const { return impl_->at(id); }

std::vector<GraphEdge> DependencyGraph::edges() const {
    const auto& g = impl_->graph;
    std::vector<GraphEdge> out;
    out.reserve(boost::num_edges(g));
    for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
            const auto& d = g[*e];
            out.push_back({impl_->ids[v], impl_->ids[boost::target(*e, g)], d.strength, d.count});
        }
    }
    // vecS out-edge lists keep insertion order, which was consumer order.
    return out;
}

std::vector<DependencyGraph::IndexedEdge> DependencyGraph::indexed_edges() const {
    const auto& g = impl_->graph;
    std::vector<IndexedEdge> out;
    out.reserve(boost::num_edges(g));
    for (Vertex v = 0; v < boost::num_vertices(g); ++v)
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) out.push_back({v, boost::target(*e, g), g[*e].strength});
    return out;
}

std::optional<GraphEdge> DependencyGraph::edge(const std::string& from, const std::string& to) const {
    const auto u = impl_->at(from), v = impl_->at(to);
    auto [e, found] = boost::edge(u, v, impl_->graph);
    if (!found) return std::nullopt;
    const auto& d = impl_->graph[e];
    return GraphEdge{from, to, d.strength, d.count};
}

bool DependencyGraph::has_self_loop(const std::string& id) const { return impl_->self_loop[impl_->at(id)]; }

std::vector<std::string> DependencyGraph::suppliers(const std::string& id) const {
    const auto v = impl_->at(id);
    std::vector<std::size_t> out;
    for (auto [e, end] = boost::in_edges(v, impl_->graph); e != end; ++e)
        if (boost::source(*e, impl_->graph) != v) out.push_back(boost::source(*e, impl_->graph));
    return impl_->names(std::move(out));
}

std::vector<std::string> DependencyGraph::dependents(const std::string& id) const {
    const auto v = impl_->at(id);
    std::vector<std::size_t> out;
    for (auto [e, end] = boost::out_edges(v, impl_->graph); e != end; ++e)
        if (boost::target(*e, impl_->graph) != v) out.push_back(boost::target(*e, impl_->graph));
    return impl_->names(std::move(out));
}

std::vector<std::string> DependencyGraph::transitive_dependents(const std::string& id) const {
    return impl_->names(impl_->reachable(impl_->at(id), true));
}

std::vector<std::string> DependencyGraph::transitive_suppliers(const std::string& id) const {
    return impl_->names(impl_->reachable(impl_->at(id), false));
}

std::size_t DependencyGraph::reach(const std::string& id) const { return impl_->reachable(impl_->at(id), true).size(); }

std::vector<std::size_t> DependencyGraph::reach_counts() const {
    // Members of one strongly connected component reach the same set: the
    // other members and every component downstream. So one search per
    // component over the condensation (components and their deduplicated
    // edges), which is far smaller than the graph when a few large components
    // hold most vertices. Worst case (an acyclic graph) O(V · E) as before.
    const auto n = size();
    const auto nc = impl_->component_count;
    const auto& g = impl_->graph;
    std::vector<std::size_t> comp_size(nc, 0), offsets(nc + 1, 0), targets;
    std::vector<std::pair<std::size_t, std::size_t>> links;
    for (std::size_t v = 0; v < n; ++v) {
        ++comp_size[impl_->component[v]];
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
            const auto a = impl_->component[v], b = impl_->component[boost::target(*e, g)];
            if (a != b) links.emplace_back(a, b);
        }
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    for (const auto& l : links) ++offsets[l.first + 1];
    for (std::size_t c = 0; c < nc; ++c) offsets[c + 1] += offsets[c];
    targets.reserve(links.size());
    for (const auto& l : links) targets.push_back(l.second);  // sorted by source: already in CSR order

    std::vector<std::size_t> per_component(nc, 0), stamp(nc, 0), stack;
    for (std::size_t c = 0; c < nc; ++c) {
        std::size_t total = comp_size[c] - 1;
        stamp[c] = c + 1;
        stack.assign(1, c);
        while (!stack.empty()) {
            const auto x = stack.back();
            stack.pop_back();
            for (auto k = offsets[x]; k < offsets[x + 1]; ++k) {
                const auto y = targets[k];
                if (stamp[y] == c + 1) continue;
                stamp[y] = c + 1;
                total += comp_size[y];
                stack.push_back(y);
            }
        }
        per_component[c] = total;
    }
    std::vector<std::size_t> out(n);
    for (std::size_t v = 0; v < n; ++v) out[v] = per_component[impl_->component[v]];
    return out;
}

double DependencyGraph::outgoing_strength(const std::string& id) const {
    const auto v = impl_->at(id);
    double total = 0;
    for (auto [e, end] = boost::out_edges(v, impl_->graph); e != end; ++e)
        if (boost::target(*e, impl_->graph) != v) total += impl_->graph[*e].strength;
    return total;
}

std::vector<std::vector<std::string>> DependencyGraph::strongly_connected_components() const {
    std::vector<std::vector<std::size_t>> members(impl_->component_count);
    for (std::size_t v = 0; v < size(); ++v) members[impl_->component[v]].push_back(v);
    std::sort(members.begin(), members.end(),
              [](const auto& a, const auto& b) { return a.front() < b.front(); });
    std::vector<std::vector<std::string>> out;
    out.reserve(members.size());
    for (auto& m : members) out.push_back(impl_->names(std::move(m)));
    return out;
}

std::vector<std::vector<std::string>> DependencyGraph::feedback_loops() const {
    std::vector<std::vector<std::string>> out;
    for (auto& c : strongly_connected_components())
        if (c.size() >= 2 || impl_->self_loop[impl_->at(c.front())]) out.push_back(std::move(c));
    return out;
}

bool DependencyGraph::is_acyclic() const {
    return impl_->component_count == size() &&
           std::none_of(impl_->self_loop.begin(), impl_->self_loop.end(), [](bool b) { return b; });
}

std::optional<std::vector<std::string>> DependencyGraph::topological_order() const {
    if (!is_acyclic()) return std::nullopt;
    std::vector<Vertex> reversed;
    reversed.reserve(size());
    boost::topological_sort(impl_->graph, std::back_inserter(reversed));
    std::vector<std::string> out;
    out.reserve(size());
    for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) out.push_back(impl_->ids[*it]);
    return out;
}

}  // namespace cisim
