#pragma once
// The dependency structure of a model as a directed graph, supplier → consumer,
// at sector level or at unit level (model/Network.hpp), queried by id.
// Boost.Graph (adjacency_list, strong_components, topological_sort) stays
// inside DependencyGraph.cpp; callers see ids and plain values only.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/Model.hpp"

namespace cisim {

/// One edge of the graph: every model dependency of `to` on `from`, aggregated.
struct GraphEdge {
    std::string from;        ///< supplier id
    std::string to;          ///< consumer id
    double strength = 0;     ///< the largest strength among the aggregated dependencies
    std::size_t count = 1;   ///< how many model dependencies it aggregates
};

/// Which dependencies make edges.
struct GraphOptions {
    /// Dependencies with effect "repair" only slow repairs and transmit no loss
    /// of function, so they are left out unless asked for.
    bool include_repair = false;
};

/// An immutable directed graph over string ids (cheap to copy: shared state).
class DependencyGraph {
public:
    /// Sector level: a dependency between nodes (or a node and a sector) lifts
    /// to the two sectors; parallel edges merge, keeping the largest strength.
    static DependencyGraph of_sectors(const Model& model, const GraphOptions& options = {});

    /// Unit level (build_network's units): supply by a sector's aggregate
    /// service becomes an edge from each unit of that sector.
    static DependencyGraph of_units(const Model& model, const GraphOptions& options = {});

    /// From explicit vertices and edges; parallel edges merge as above.
    /// Throws std::invalid_argument on a duplicate id or an edge to an unknown id.
    DependencyGraph(std::vector<std::string> ids, const std::vector<GraphEdge>& edges);

    std::size_t size() const;                          ///< number of vertices
    const std::vector<std::string>& ids() const;       ///< vertex ids, in construction order ("vertex order")
    bool contains(const std::string& id) const;
    std::size_t index_of(const std::string& id) const; ///< position in ids(); std::invalid_argument if unknown

    /// Every edge, ordered by supplier then consumer (vertex order).
    std::vector<GraphEdge> edges() const;
    /// The same as positions in ids(), without copying ids.
    struct IndexedEdge {
        std::size_t from, to;
        double strength;
    };
    std::vector<IndexedEdge> indexed_edges() const;
    /// The edge from → to, if any.
    std::optional<GraphEdge> edge(const std::string& from, const std::string& to) const;
    bool has_self_loop(const std::string& id) const;

    // Neighbourhoods exclude the vertex itself (a self-loop shows up in
    // feedback_loops instead) and are listed in vertex order.
    std::vector<std::string> suppliers(const std::string& id) const;              ///< direct suppliers
    std::vector<std::string> dependents(const std::string& id) const;             ///< direct consumers
    std::vector<std::string> transitive_dependents(const std::string& id) const;  ///< reachable from id
    std::vector<std::string> transitive_suppliers(const std::string& id) const;   ///< reach id
    std::size_t reach(const std::string& id) const;   ///< number of transitive dependents
    std::vector<std::size_t> reach_counts() const;    ///< reach of every vertex, in vertex order
    double outgoing_strength(const std::string& id) const;  ///< sum of strengths to other vertices

    /// Strongly connected components, singletons included; members in vertex
    /// order, components ordered by their first member.
    std::vector<std::vector<std::string>> strongly_connected_components() const;
    /// Feedback loops: components of two or more vertices, and vertices with a
    /// self-loop (as one-element loops); same order as above.
    std::vector<std::vector<std::string>> feedback_loops() const;
    /// True when there is no feedback loop (self-loops count as loops).
    bool is_acyclic() const;
    /// Suppliers before consumers; none when the graph has a feedback loop.
    std::optional<std::vector<std::string>> topological_order() const;

private:
    struct Impl;
    explicit DependencyGraph(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> impl_;
};

}  // namespace cisim
