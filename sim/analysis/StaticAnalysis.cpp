#include "analysis/StaticAnalysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>

#include "engines/Connectivity.hpp"
#include "engines/Iim.hpp"
#include "graph/DependencyGraph.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"

namespace cisim {

namespace {

DependencyMatrix dependency_matrix(const DependencyGraph& graph, bool dense) {
    DependencyMatrix m;
    m.ids = graph.ids();
    for (const auto& e : graph.indexed_edges())
        m.entries.push_back({static_cast<std::uint32_t>(e.to), static_cast<std::uint32_t>(e.from), e.strength});
    std::sort(m.entries.begin(), m.entries.end(), [](const auto& a, const auto& b) {
        return a.consumer != b.consumer ? a.consumer < b.consumer : a.supplier < b.supplier;
    });
    if (dense) {
        m.strength.assign(m.ids.size(), std::vector<double>(m.ids.size(), 0.0));
        for (const auto& e : m.entries) m.strength[e.consumer][e.supplier] = e.strength;
    }
    return m;
}

std::vector<Criticality> criticality_ranking(const DependencyGraph& graph, const std::vector<std::size_t>& reach,
                                             const std::vector<double>& outgoing) {
    std::vector<Criticality> out;
    for (std::size_t i = 0; i < graph.size(); ++i) out.push_back({graph.ids()[i], reach[i], outgoing[i]});
    // stable_sort keeps model order among full ties.
    std::stable_sort(out.begin(), out.end(), [](const Criticality& a, const Criticality& b) {
        if (a.reach != b.reach) return a.reach > b.reach;
        return a.outgoing_strength > b.outgoing_strength;
    });
    return out;
}

// The loss a unit suffers from its failed suppliers (see CascadeClosure).
double unit_loss(const Model& model, const Network& net, std::uint32_t u, const std::vector<char>& failed,
                 const std::vector<double>& failed_share) {
    std::map<std::int32_t, double> group_loss;  // best (smallest) member loss of each group
    std::vector<double> terms;
    for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
        const auto& e = net.in_edges[k];
        if (e.effect != DependencyEffect::function) continue;
        const double supply_lost = e.supplier.is_sector() ? failed_share[e.supplier.index()]
                                                          : (failed[e.supplier.index()] ? 1.0 : 0.0);
        // The model's double, not the network's float: a loss equal to the
        // threshold must compare equal.
        const double loss = model.dependencies[e.dependency].strength * supply_lost;
        if (e.group < 0) {
            terms.push_back(loss);
        } else if (auto [it, inserted] = group_loss.try_emplace(e.group, loss); !inserted) {
            it->second = std::min(it->second, loss);
        }
    }
    for (const auto& [group, loss] : group_loss) terms.push_back(loss);
    if (net.units[u].combination == Combination::product) {
        double kept = 1.0;
        for (double t : terms) kept *= 1.0 - t;
        return 1.0 - kept;
    }
    return terms.empty() ? 0.0 : *std::max_element(terms.begin(), terms.end());
}

constexpr char by_dependencies = 1, by_connectivity = 2;  // why a unit failed (bits)

std::string cause_text(const Model& model, const Network& net, std::uint32_t u, char cause) {
    std::string out;
    if (cause & by_dependencies) out = closure_cause_dependencies;
    if (cause & by_connectivity) {
        const bool giant = model.sectors[net.units[u].sector].network == NetworkMode::giant;
        out += (out.empty() ? "" : "; ") + std::string(giant ? closure_cause_giant : closure_cause_sources);
    }
    return out;
}

}  // namespace

std::size_t CascadeClosure::failed_units() const {
    return std::accumulate(waves.begin(), waves.end(), std::size_t{0},
                           [](std::size_t n, const auto& w) { return n + w.size(); });
}

CascadeClosure cascade_closure(const Model& model, const std::vector<std::string>& initial, double threshold) {
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw InputError("--threshold", "", std::to_string(threshold) + " is outside [0, 1]");
    const Network net = build_network(model);
    const auto n = static_cast<std::uint32_t>(net.size());
    const auto ns = net.sector_count();

    // Who consumes what: unit → consumers, and sector aggregate → consumers.
    std::vector<std::vector<std::uint32_t>> unit_consumers(n), sector_consumers(ns);
    for (std::uint32_t u = 0; u < n; ++u) {
        for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
            const auto& e = net.in_edges[k];
            if (e.effect != DependencyEffect::function) continue;
            (e.supplier.is_sector() ? sector_consumers : unit_consumers)[e.supplier.index()].push_back(u);
        }
    }

    std::vector<char> failed(n, 0), sector_failed(ns, 0);
    std::vector<double> failed_share(ns, 0.0);
    std::vector<std::uint32_t> failed_count(ns, 0);
    CascadeClosure out;
    out.threshold = threshold;

    // Connectivity rule of network sectors (SPEC §5.5): a failed asset is
    // removed (state 0), every other asset works (state 2). Only assets fed
    // before any failure can be cut off.
    const auto graphs = network_sectors(model, net);
    std::vector<std::int32_t> graph_of_sector(ns, -1);
    std::vector<std::vector<char>> fed_before(graphs.size());
    ConnectivityScratch scratch;
    for (std::size_t g = 0; g < graphs.size(); ++g) {
        graph_of_sector[graphs[g].sector] = static_cast<std::int32_t>(g);
        fed_nodes(graphs[g], std::vector<char>(graphs[g].size(), 2), fed_before[g], scratch);
    }
    std::vector<char> cause(n, 0);  // by_dependencies | by_connectivity

    std::vector<std::uint32_t> wave;
    for (const auto& id : initial) {
        const auto units = units_of(model, net, id);
        if (units.empty()) throw InputError("--fail", "", "unknown sector or node '" + id + "'");
        for (auto u : units)
            if (!failed[u]) {
                failed[u] = 1;
                wave.push_back(u);
            }
    }
    while (!wave.empty()) {
        std::sort(wave.begin(), wave.end());
        for (auto u : wave) failed[u] = 1;
        // Apply this wave's failures to the sector aggregates, then record the
        // sectors that cross the threshold.
        std::vector<std::string> unit_ids, unit_causes, sector_ids;
        std::vector<std::uint32_t> touched;
        for (auto u : wave) {
            unit_ids.push_back(net.units[u].id);
            unit_causes.push_back(out.waves.empty() ? closure_cause_initial : cause_text(model, net, u, cause[u]));
            const auto s = net.units[u].sector;
            failed_share[s] += net.units[u].weight;
            ++failed_count[s];
            touched.push_back(s);
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (auto s : touched) {
            const auto size = net.sector_offsets[s + 1] - net.sector_offsets[s];
            if (failed_count[s] == size) failed_share[s] = 1.0;  // no rounding residue
            if (!sector_failed[s] && (failed_share[s] > threshold || failed_count[s] == size)) {
                sector_failed[s] = 1;
                sector_ids.push_back(model.sectors[s].id);
            }
        }
        out.waves.push_back(std::move(unit_ids));
        out.causes.push_back(std::move(unit_causes));
        out.sector_waves.push_back(std::move(sector_ids));

        // Candidates for the next wave: consumers of what just failed,
        // judged against everything failed so far (synchronous waves).
        std::vector<std::uint32_t> candidates;
        for (auto u : wave) {
            candidates.insert(candidates.end(), unit_consumers[u].begin(), unit_consumers[u].end());
            const auto& sc = sector_consumers[net.units[u].sector];
            candidates.insert(candidates.end(), sc.begin(), sc.end());
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        std::vector<std::uint32_t> next;
        for (auto c : candidates)
            if (!failed[c] && unit_loss(model, net, c, failed, failed_share) > threshold) {
                next.push_back(c);
                cause[c] |= by_dependencies;
            }
        // Network sectors that lost assets in this wave: who is cut off now.
        for (auto s : touched) {
            if (graph_of_sector[s] < 0) continue;
            const auto g = static_cast<std::size_t>(graph_of_sector[s]);
            const auto& graph = graphs[g];
            std::vector<char> state(graph.size()), fed;
            for (std::size_t i = 0; i < graph.size(); ++i) state[i] = failed[graph.units[i]] ? 0 : 2;
            fed_nodes(graph, state, fed, scratch);
            for (std::size_t i = 0; i < graph.size(); ++i) {
                const auto u = graph.units[i];
                if (failed[u] || fed[i] || !fed_before[g][i]) continue;
                if (!cause[u]) next.push_back(u);
                cause[u] |= by_connectivity;
            }
        }
        wave = std::move(next);
    }
    return out;
}

StaticAnalysis analyze_model(const Model& model, const AnalysisOptions& options) {
    const auto graph = DependencyGraph::of_sectors(model);
    StaticAnalysis a;
    a.model = model.name;
    // Everything below is linear in the edges except the listed transitive
    // dependents, the dense matrix and the key-sector solves (one per sector):
    // those are kept for models up to full_max sectors (docs/analysis.md).
    a.summarised = model.sectors.size() > options.full_max;
    a.matrix = dependency_matrix(graph, !a.summarised);
    const auto reach = graph.reach_counts();
    // Neighbourhoods by index from the edge list (ordered by supplier, then
    // consumer), not by id: one pass, no lookups.
    const auto n = graph.size();
    std::vector<std::vector<std::uint32_t>> in(n), out(n);
    std::vector<char> self(n, 0);
    std::vector<double> outgoing(n, 0.0);
    for (const auto& e : a.matrix.entries) {  // by consumer, then supplier
        if (e.consumer == e.supplier) {
            self[e.consumer] = 1;
            continue;
        }
        in[e.consumer].push_back(e.supplier);
        out[e.supplier].push_back(e.consumer);
        outgoing[e.supplier] += e.strength;
    }
    auto names = [&](const std::vector<std::uint32_t>& at) {
        std::vector<std::string> ids;
        ids.reserve(at.size());
        for (auto i : at) ids.push_back(graph.ids()[i]);
        return ids;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = model.sectors[i];
        SectorLinks l;
        l.id = s.id;
        l.name = s.name;
        l.name_ja = s.name_ja;
        l.direct_suppliers = names(in[i]);
        l.direct_dependents = names(out[i]);
        if (!a.summarised) l.transitive_dependents = graph.transitive_dependents(s.id);
        l.transitive_count = reach[i];
        std::vector<std::uint32_t> either;
        std::set_union(in[i].begin(), in[i].end(), out[i].begin(), out[i].end(), std::back_inserter(either));
        l.interdependent_with = names(either);
        l.self_dependent = self[i] != 0;
        a.sectors.push_back(std::move(l));
    }
    a.loops = graph.feedback_loops();
    a.criticality = criticality_ranking(graph, reach, outgoing);
    try {
        const auto top = a.summarised ? options.key_sectors_top : model.sectors.size();
        for (const auto& k : iim_key_sectors(model, top)) a.key_sectors.push_back({k.id, k.total_inoperability});
    } catch (const InputError& e) {
        // No Leontief inverse (spectral radius ≥ 1): the rest still stands.
        a.key_sectors.clear();
        a.key_sectors_error = e.message();
    }
    if (!options.fail.empty()) a.cascade = cascade_closure(model, options.fail, options.threshold);
    return a;
}

}  // namespace cisim
