#include "Buldyrev.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "model/SplitMix.hpp"

namespace cisim::bench {

namespace {

// Uniform draw in [0, n) from draw i of stream `stream`.
std::uint32_t draw(std::uint64_t seed, std::uint64_t stream, std::uint64_t i, std::uint64_t n) {
    const auto r = splitmix64(splitmix64(seed * 0x100000001b3ull + stream) ^ i);
    return static_cast<std::uint32_t>(static_cast<double>(r >> 11) * 0x1.0p-53 * static_cast<double>(n));
}

// G(n, m): m distinct links without loops, drawn in order and repeated ones skipped.
std::vector<std::pair<std::uint32_t, std::uint32_t>> random_links(std::size_t n, std::size_t m, std::uint64_t seed,
                                                                  std::uint64_t stream) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;
    if (n < 2) return links;
    links.reserve(m);
    for (std::uint64_t i = 0; links.size() < m; i += 2) {
        auto u = draw(seed, stream, i, n), v = draw(seed, stream, i + 1, n);
        if (u == v) continue;
        if (u > v) std::swap(u, v);
        links.emplace_back(u, v);
        if (links.size() == m) {  // drop repeats, draw again for the missing ones
            std::sort(links.begin(), links.end());
            links.erase(std::unique(links.begin(), links.end()), links.end());
        }
    }
    return links;
}

Csr csr(std::size_t n, const std::vector<std::pair<std::uint32_t, std::uint32_t>>& links) {
    Csr g;
    g.offsets.assign(n + 1, 0);
    for (const auto& [u, v] : links) ++g.offsets[u + 1], ++g.offsets[v + 1];
    for (std::size_t i = 0; i < n; ++i) g.offsets[i + 1] += g.offsets[i];
    g.targets.resize(g.offsets[n]);
    auto fill = g.offsets;
    for (const auto& [u, v] : links) g.targets[fill[u]++] = v, g.targets[fill[v]++] = u;
    return g;
}

}  // namespace

BuldyrevInput buldyrev_input(const BuldyrevOptions& o) {
    BuldyrevInput in;
    const auto n = o.nodes;
    const auto m = static_cast<std::size_t>(std::llround(static_cast<double>(n) * o.degree / 2));
    auto& model = in.model;
    model.name = "Buldyrev et al. 2010: two interdependent Erdos-Renyi networks";
    model.source = "synthetic benchmark input (cisim_workload buldyrev)";
    model.description = std::to_string(n) + " nodes per network, mean degree " + std::to_string(o.degree) +
                        ", a_i and b_i depend on each other (strength 1)";
    for (const char* id : {"a", "b"}) {
        Sector s;
        s.id = id;
        s.name = std::string("Network ") + static_cast<char>(id[0] - 'a' + 'A');
        s.network = NetworkMode::giant;
        model.sectors.push_back(std::move(s));
    }
    for (const char* sector : {"a", "b"})
        for (std::size_t i = 0; i < n; ++i) {
            Node node;
            node.id = sector + std::to_string(i);
            node.sector = sector;
            model.nodes.push_back(std::move(node));
        }
    for (std::size_t i = 0; i < n; ++i) {
        Dependency ab, ba;
        ab.from = "a" + std::to_string(i);
        ab.to = "b" + std::to_string(i);
        ba.from = ab.to;
        ba.to = ab.from;
        model.dependencies.push_back(std::move(ab));
        model.dependencies.push_back(std::move(ba));
    }
    const auto links_a = random_links(n, m, o.seed, 1), links_b = random_links(n, m, o.seed, 2);
    for (const auto& [u, v] : links_a) model.links.push_back({"a" + std::to_string(u), "a" + std::to_string(v)});
    for (const auto& [u, v] : links_b) model.links.push_back({"b" + std::to_string(u), "b" + std::to_string(v)});
    in.a = csr(n, links_a);
    in.b = csr(n, links_b);

    // Exactly round((1 − p)·n) of A removed: a partial Fisher–Yates shuffle.
    const auto k = static_cast<std::size_t>(std::llround((1 - o.p) * static_cast<double>(n)));
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    for (std::size_t i = 0; i < k; ++i) std::swap(order[i], order[i + draw(o.seed, 3, i, n - i)]);
    in.removed.assign(n, 0);
    for (std::size_t i = 0; i < k; ++i) in.removed[order[i]] = 1;

    auto& s = in.scenario;
    s.name = "Buldyrev et al. 2010: a random share of network A removed";
    s.description = "p = " + std::to_string(o.p) + ": " + std::to_string(k) + " of the " + std::to_string(n) +
                    " nodes of A out for the whole horizon";
    s.source = "synthetic benchmark input (cisim_workload buldyrev)";
    s.model_path = "buldyrev.json";
    s.horizon_h = 1;
    s.step_h = 1;
    Event e;
    e.kind = EventKind::it_outage;
    e.id = "removed";
    e.severity = 1;
    e.duration_h = 2;
    for (std::size_t i = 0; i < n; ++i)
        if (in.removed[i]) e.target.nodes.push_back("a" + std::to_string(i));
    s.events.push_back(std::move(e));
    return in;
}

namespace {

// Kills every live node outside the largest live component; whether any died.
bool keep_giant(const Csr& g, std::vector<char>& alive, std::vector<std::uint32_t>& label,
                std::vector<std::uint32_t>& queue) {
    const auto n = static_cast<std::uint32_t>(g.size());
    std::fill(label.begin(), label.end(), 0);
    std::uint32_t best = 0, best_size = 0, next = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!alive[i] || label[i]) continue;
        const auto id = ++next;
        queue.clear();
        queue.push_back(i);
        label[i] = id;
        for (std::size_t h = 0; h < queue.size(); ++h)
            for (auto l = g.offsets[queue[h]]; l < g.offsets[queue[h] + 1]; ++l)
                if (const auto b = g.targets[l]; alive[b] && !label[b]) {
                    label[b] = id;
                    queue.push_back(b);
                }
        if (queue.size() > best_size) best_size = static_cast<std::uint32_t>(queue.size()), best = id;
    }
    bool died = false;
    for (std::uint32_t i = 0; i < n; ++i)
        if (alive[i] && label[i] != best) alive[i] = 0, died = true;
    return died;
}

}  // namespace

PlainBuldyrevResult plain_buldyrev(const Csr& a, const Csr& b, const std::vector<char>& removed) {
    const auto n = a.size();
    PlainBuldyrevResult r;
    r.alive_a.resize(n);
    for (std::size_t i = 0; i < n; ++i) r.alive_a[i] = removed[i] ? 0 : 1;
    r.alive_b = r.alive_a;  // bᵢ needs aᵢ
    std::vector<std::uint32_t> label(n), queue;
    queue.reserve(n);
    for (;;) {
        ++r.rounds;
        const bool died_a = keep_giant(a, r.alive_a, label, queue);
        const bool died_b = keep_giant(b, r.alive_b, label, queue);
        if (!died_a && !died_b) break;
        for (std::size_t i = 0; i < n; ++i) r.alive_a[i] = r.alive_b[i] = r.alive_a[i] && r.alive_b[i];
    }
    return r;
}

}  // namespace cisim::bench
