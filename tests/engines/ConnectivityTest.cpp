// Connectivity rule of network sectors (SPEC §5.5) on hand-made networks:
// which nodes are cut off follows by looking at the drawing in each comment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>

#include "Builders.hpp"
#include "engines/CascadeEngine.hpp"
#include "engines/Connectivity.hpp"
#include "ReferenceCascade.hpp"
#include "model/Network.hpp"

using namespace cisim;
using namespace cisim::test;

namespace {

Scenario scenario(std::vector<Event> events, double horizon = 6, double step = 1) {
    Scenario s;
    s.horizon_h = horizon;
    s.step_h = step;
    s.events = std::move(events);
    return s;
}

// A chain of `count` nodes "<prefix>0" - "<prefix>1" - …, in sector `sector`.
void add_chain(Model& m, const std::string& sector, const std::string& prefix, int count, int source = -1) {
    for (int i = 0; i < count; ++i) {
        m.nodes.push_back(node(prefix + std::to_string(i), sector, i == source));
        if (i > 0) m.links.push_back({prefix + std::to_string(i - 1), prefix + std::to_string(i)});
    }
}

// A random mesh of 20–199 nodes: a spanning tree plus extra links. In
// "sources" mode node 0 and about one node in fifteen are sources.
SectorGraph random_mesh(std::mt19937& rng, NetworkMode mode) {
    const std::uint32_t n = 20 + rng() % 180;
    std::vector<std::vector<std::uint32_t>> adj(n);
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        if (a == b) return;
        adj[a].push_back(b);
        adj[b].push_back(a);
    };
    for (std::uint32_t i = 1; i < n; ++i) link(i, rng() % i);
    for (std::uint32_t k = 0; k < n / 3; ++k) link(rng() % n, rng() % n);
    SectorGraph g;
    g.mode = mode;
    for (std::uint32_t i = 0; i < n; ++i) {
        g.units.push_back(i);
        g.offsets.push_back(static_cast<std::uint32_t>(g.targets.size()));
        g.targets.insert(g.targets.end(), adj[i].begin(), adj[i].end());
        g.source.push_back(mode == NetworkMode::sources && (rng() % 15 == 0 || i == 0) ? 1 : 0);
    }
    g.offsets.push_back(static_cast<std::uint32_t>(g.targets.size()));
    return g;
}

// Nodes that are fed and working.
std::size_t fed_and_working(const std::vector<char>& state, const std::vector<char>& fed) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < state.size(); ++i) count += state[i] == 2 && fed[i] != 0 ? 1 : 0;
    return count;
}

// After forest.update(): the forest's states, fed set, unfed list and count of
// fed working nodes are the ones fed_nodes gives for `state` (into `fed`).
// Returns the unfed list.
std::vector<std::uint32_t> require_fed_nodes_answer(const FeedForest& forest, const SectorGraph& g,
                                                    const std::vector<char>& state, std::vector<char>& fed,
                                                    ConnectivityScratch& scratch) {
    fed_nodes(g, state, fed, scratch);
    std::vector<std::uint32_t> unfed;
    for (std::uint32_t i = 0; i < state.size(); ++i) {
        INFO("node " << i);
        REQUIRE(forest.state(i) == state[i]);
        REQUIRE(forest.fed(i) == (fed[i] != 0));
        if (state[i] != 0 && !fed[i]) unfed.push_back(i);
    }
    REQUIRE(forest.unfed() == unfed);
    REQUIRE(forest.fed_working() == fed_and_working(state, fed));
    return unfed;
}

struct Run {
    Model model;
    Network net;
    Result result;
    float at(const std::string& id, std::size_t step) const { return result.unit_at(step, net.unit_index.at(id)); }
};

Run run(Model m, const Scenario& s, int threads = 1) {
    RunOptions o;
    o.threads = threads;
    Run r{m, build_network(m), CascadeEngine().run(m, s, o)};
    // The optimised engine and the plain reference agree on every hand-made case.
    const auto ref = reference::reference_cascade(m, s, o);
    const auto want = ref.unit_operability.dense(), got = r.result.unit_operability.dense();
    REQUIRE(want.size() == got.size());
    for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(got[i] == Approx(want[i]).margin(1e-6));
    REQUIRE(r.result.log.size() == ref.log.size());
    return r;
}

}  // namespace

TEST_CASE("fed_nodes: sources feed through working nodes only", "[engine][connectivity]") {
    // 0(src) - 1 - 2 - 3     4 - 5(src)      6
    SectorGraph g;
    g.mode = NetworkMode::sources;
    g.units = {0, 1, 2, 3, 4, 5, 6};
    g.offsets = {0, 1, 3, 5, 6, 7, 8, 8};
    g.targets = {1, 0, 2, 1, 3, 2, 5, 4};
    g.source = {1, 0, 0, 0, 0, 1, 0};
    ConnectivityScratch scratch;
    std::vector<char> fed;
    std::vector<char> state(7, 2);
    fed_nodes(g, state, fed, scratch);
    REQUIRE(fed == std::vector<char>{1, 1, 1, 1, 1, 1, 0});  // 6 has no path to a source
    state[1] = 1;                                             // 1 present but not working
    fed_nodes(g, state, fed, scratch);
    REQUIRE(fed == std::vector<char>{1, 1, 0, 0, 1, 1, 0});  // 1 is fed, but relays nothing
    state[1] = 2;
    state[0] = 0;                                             // the source itself is cut off
    fed_nodes(g, state, fed, scratch);
    REQUIRE(fed == std::vector<char>{0, 0, 0, 0, 1, 1, 0});
}

TEST_CASE("fed_nodes: giant mode keeps the largest working component", "[engine][connectivity]") {
    // 0 - 1 - 2 - 3 - 4 - 5 with 2 not working: {0,1} and {3,4,5}; 2 borders both.
    SectorGraph g;
    g.mode = NetworkMode::giant;
    g.units = {0, 1, 2, 3, 4, 5};
    g.offsets = {0, 1, 3, 5, 7, 9, 10};
    g.targets = {1, 0, 2, 1, 3, 2, 4, 3, 5, 4};
    g.source.assign(6, 0);
    ConnectivityScratch scratch;
    std::vector<char> fed;
    std::vector<char> state{2, 2, 1, 2, 2, 2};
    fed_nodes(g, state, fed, scratch);
    REQUIRE(fed == std::vector<char>{0, 0, 1, 1, 1, 1});
    // Equal sizes {0,1} and {4,5}: the component holding the lowest index wins.
    state = {2, 2, 1, 0, 2, 2};
    fed_nodes(g, state, fed, scratch);
    REQUIRE(fed == std::vector<char>{1, 1, 1, 0, 0, 0});
}

TEST_CASE("FeedForest: a worse node takes down only what is fed through it", "[engine][connectivity]") {
    // 0(src) - 1,  0 - 2 - 3 - 4 - 5,  6(src) - 7
    SectorGraph g;
    g.mode = NetworkMode::sources;
    g.units = {0, 1, 2, 3, 4, 5, 6, 7};
    g.offsets = {0, 2, 3, 5, 7, 9, 10, 11, 12};
    g.targets = {1, 2, 0, 0, 3, 2, 4, 3, 5, 4, 7, 6};
    g.source = {1, 0, 0, 0, 0, 0, 1, 0};
    FeedForest f(g);
    auto fed = [&] {
        std::vector<char> v;
        for (std::uint32_t i = 0; i < g.size(); ++i) v.push_back(f.fed(i) ? 1 : 0);
        return v;
    };
    REQUIRE(fed() == std::vector<char>{1, 1, 1, 1, 1, 1, 1, 1});
    REQUIRE(f.unfed().empty());
    f.set_state(3, 1);  // 3 still fed through 2, but relays nothing: 4 and 5 lose their feed
    f.update();
    REQUIRE(fed() == std::vector<char>{1, 1, 1, 1, 0, 0, 1, 1});
    REQUIRE(f.unfed() == std::vector<std::uint32_t>{4, 5});
    f.set_state(4, 0);  // the engine cuts the unfed nodes off
    f.set_state(5, 0);
    f.set_state(3, 2);  // and 3 works again within the step: a cut-off node stays cut off
    f.update();
    REQUIRE(fed() == std::vector<char>{1, 1, 1, 1, 0, 0, 1, 1});
    REQUIRE(f.unfed().empty());
    f.set_state(4, 2);  // next step: restored, 4 and 5 are fed again
    f.set_state(5, 2);
    f.set_state(6, 0);  // the second source is cut off, and 7 with it
    f.update();
    REQUIRE(fed() == std::vector<char>{1, 1, 1, 1, 1, 1, 0, 0});
    REQUIRE(f.unfed() == std::vector<std::uint32_t>{7});
}

TEST_CASE("FeedForest keeps fed_nodes' answer through random changes", "[engine][connectivity]") {
    // Random meshes (a spanning tree plus extra links, a few sources), random
    // batches of state changes: after each update the fed set is the one a
    // search from the sources gives.
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        std::mt19937 rng(seed);
        const auto g = random_mesh(rng, NetworkMode::sources);
        const auto n = static_cast<std::uint32_t>(g.size());
        FeedForest forest(g);
        std::vector<char> state(n, 2), fed;
        ConnectivityScratch scratch;
        for (int round = 0; round < 60; ++round) {
            const std::uint32_t changes = 1 + rng() % (round % 7 == 0 ? n : 6);
            for (std::uint32_t c = 0; c < changes; ++c) {
                const auto i = rng() % n;
                state[i] = static_cast<char>(rng() % 4 == 0 ? rng() % 3 : 2 - rng() % 2);
                forest.set_state(i, state[i]);
            }
            forest.update();
            INFO("seed " << seed << ", round " << round);
            require_fed_nodes_answer(forest, g, state, fed, scratch);
        }
    }
}

TEST_CASE("a giant-mode FeedForest keeps fed_nodes' answer through random changes", "[engine][connectivity]") {
    // Random meshes in giant mode, thinned so that they fall apart, and random
    // batches of changes, mostly small (one node splits a component, the
    // searches race) and some large (labelled again): after each update the
    // fed set, the unfed list and the giant's size are fed_nodes' (ties of
    // size go to the component holding the lowest index).
    for (std::uint32_t seed = 1; seed <= 66; ++seed) {
        std::mt19937 rng(seed);
        auto g = random_mesh(rng, NetworkMode::giant);
        if (seed > 60) {  // a sparse random graph of 3000 nodes: small batches race
            const std::uint32_t n = 3000;
            std::vector<std::vector<std::uint32_t>> adj(n);
            for (std::uint32_t k = 0; k < 3 * n / 2; ++k) {
                const auto a = rng() % n, b = rng() % n;
                if (a == b) continue;
                adj[a].push_back(b);
                adj[b].push_back(a);
            }
            g.units.resize(n);
            g.source.assign(n, 0);
            g.targets.clear();
            g.offsets.assign(1, 0);
            for (std::uint32_t i = 0; i < n; ++i) {
                g.units[i] = i;
                g.targets.insert(g.targets.end(), adj[i].begin(), adj[i].end());
                g.offsets.push_back(static_cast<std::uint32_t>(g.targets.size()));
            }
        } else if (seed > 40) {  // a long path with a few chords: many pieces of equal size
            const auto n = static_cast<std::uint32_t>(g.size());
            g.targets.clear();
            g.offsets.assign(1, 0);
            for (std::uint32_t i = 0; i < n; ++i) {
                if (i > 0) g.targets.push_back(i - 1);
                if (i + 1 < n) g.targets.push_back(i + 1);
                if (i % 17 == 0 && i + 9 < n) g.targets.push_back(i + 9);
                if (i % 17 == 9 && i >= 9) g.targets.push_back(i - 9);
                g.offsets.push_back(static_cast<std::uint32_t>(g.targets.size()));
            }
        }
        const auto n = static_cast<std::uint32_t>(g.size());
        std::vector<char> state(n, 2), fed;
        for (std::uint32_t i = 0; i < n; ++i)
            if (rng() % 5 == 0) state[i] = static_cast<char>(rng() % 2);
        FeedForest forest(g, state);
        ConnectivityScratch scratch;
        for (int round = 0; round < 80; ++round) {
            const std::uint32_t changes = 1 + rng() % (round % 9 == 0 ? n / 2 : 3);
            for (std::uint32_t c = 0; c < changes; ++c) {
                const auto i = rng() % n;
                // Mostly worse, as in a cascade; sometimes better (a new step).
                state[i] = static_cast<char>(rng() % 4 == 0 ? 2 : rng() % 2);
                forest.set_state(i, state[i]);
            }
            if (round % 13 == 12)
                for (std::uint32_t i = 0; i < n; ++i) forest.set_state(i, state[i] = 2);
            forest.update();
            INFO("seed " << seed << ", round " << round);
            const auto unfed = require_fed_nodes_answer(forest, g, state, fed, scratch);
            // The engine cuts the unfed nodes off, as a cascade does.
            if (round % 2 == 0)
                for (const auto i : unfed) forest.set_state(i, state[i] = 0);
        }
    }
}

TEST_CASE("a FeedForest anchored in a giant that holds most of its sector gives giant mode's answer", "[engine][connectivity]") {
    // Random meshes in giant mode and random batches of changes. The forest's
    // only source is a node of the giant; while the anchor's component holds
    // more than half of the nodes, its fed set is the one fed_nodes gives in
    // giant mode. When it does not, the giant is searched again and the forest
    // anchored anew (as the cascade engine does).
    std::size_t held = 0, anchored = 0;
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        std::mt19937 rng(seed);
        const auto g = random_mesh(rng, NetworkMode::giant);
        const auto n = static_cast<std::uint32_t>(g.size());
        SectorGraph anchor_graph = g;
        anchor_graph.mode = NetworkMode::sources;
        anchor_graph.source[0] = 1;
        std::optional<FeedForest> forest(std::in_place, anchor_graph);
        std::vector<char> state(n, 2), fed;
        ConnectivityScratch scratch;
        for (int round = 0; round < 60; ++round) {
            // Mostly small batches, so that the giant often keeps most of the sector.
            const std::uint32_t changes = 1 + rng() % (round % 11 == 0 ? n / 2 : 3);
            for (std::uint32_t c = 0; c < changes; ++c) {
                const auto i = rng() % n;
                state[i] = static_cast<char>(rng() % 3 == 0 ? rng() % 3 : 2);
                if (forest) forest->set_state(i, state[i]);
            }
            fed_nodes(g, state, fed, scratch);
            const auto giant = fed_and_working(state, fed);
            if (forest) {
                forest->update();
                if (2 * forest->fed_working() > n) {
                    ++held;
                    INFO("seed " << seed << ", round " << round);
                    REQUIRE(forest->fed_working() == giant);
                    for (std::uint32_t i = 0; i < n; ++i) REQUIRE(forest->fed(i) == (fed[i] != 0));
                    continue;
                }
            }
            // Searched again: anchor at the giant's first node when it holds most of the sector.
            forest.reset();
            if (2 * giant <= n) continue;
            std::uint32_t anchor = 0;
            while (!(fed[anchor] && state[anchor] == 2)) ++anchor;
            anchor_graph.source.assign(n, 0);
            anchor_graph.source[anchor] = 1;
            forest.emplace(anchor_graph, state);
            ++anchored;
            REQUIRE(forest->fed_working() == giant);
            for (std::uint32_t i = 0; i < n; ++i) REQUIRE(forest->fed(i) == (fed[i] != 0));
        }
    }
    // Both ways were taken, many times.
    CHECK(held > 1000);
    CHECK(anchored > 40);
}

TEST_CASE("a cut isolates the nodes beyond it", "[engine][connectivity]") {
    // g0(src) - g1 - g2 - g3 - g4; g2 fails from 1 h to 3 h.
    Model m;
    m.sectors = {sector("grid", NetworkMode::sources)};
    add_chain(m, "grid", "g", 5, 0);
    const auto r = run(m, scenario({outage("g2", 1, 2)}));
    for (std::string id : {"g0", "g1", "g2", "g3", "g4"}) REQUIRE(r.at(id, 0) == 1.0f);
    REQUIRE(r.at("g0", 1) == 1.0f);
    REQUIRE(r.at("g1", 1) == 1.0f);
    REQUIRE(r.at("g2", 1) == 0.0f);
    REQUIRE(r.at("g3", 1) == 0.0f);  // beyond the cut
    REQUIRE(r.at("g4", 1) == 0.0f);
    REQUIRE(r.result.sector_at(1, 0) == Approx(0.4));
    for (std::string id : {"g0", "g1", "g2", "g3", "g4"}) REQUIRE(r.at(id, 3) == 1.0f);  // repaired, reconnected
}

TEST_CASE("a node below half works no more, but is still fed", "[engine][connectivity]") {
    // g0(src) - g1 - g2: g1 at 0.4 (below the working threshold) keeps 0.4 and g2 is cut off;
    // at 0.6 g1 still relays.
    Model m;
    m.sectors = {sector("grid", NetworkMode::sources)};
    add_chain(m, "grid", "g", 3, 0);
    const auto low = run(m, scenario({outage("g1", 0, 2, 0.6)}));
    REQUIRE(low.at("g1", 0) == Approx(0.4));
    REQUIRE(low.at("g2", 0) == 0.0f);
    const auto high = run(m, scenario({outage("g1", 0, 2, 0.4)}));
    REQUIRE(high.at("g1", 0) == Approx(0.6));
    REQUIRE(high.at("g2", 0) == 1.0f);
}

TEST_CASE("a second source keeps the far side fed", "[engine][connectivity]") {
    // g0(src) - g1 - g2 - g3(src): losing g1 leaves g2 fed from g3.
    Model m;
    m.sectors = {sector("grid", NetworkMode::sources)};
    add_chain(m, "grid", "g", 4, 0);
    m.nodes[3].is_source = true;
    const auto r = run(m, scenario({outage("g1", 0, 2)}));
    REQUIRE(r.at("g2", 0) == 1.0f);
    REQUIRE(r.result.sector_at(0, 0) == Approx(0.75));
}

TEST_CASE("giant mode keeps only the largest component", "[engine][connectivity]") {
    // n0 - n1 - n2 - n3 - n4 - n5; n2 fails: {n0,n1} is smaller than {n3,n4,n5}.
    Model m;
    m.sectors = {sector("net", NetworkMode::giant)};
    add_chain(m, "net", "n", 6);
    const auto r = run(m, scenario({outage("n2", 1, 2)}));
    REQUIRE(r.at("n0", 1) == 0.0f);
    REQUIRE(r.at("n1", 1) == 0.0f);
    REQUIRE(r.at("n3", 1) == 1.0f);
    REQUIRE(r.at("n5", 1) == 1.0f);
    REQUIRE(r.result.sector_at(1, 0) == Approx(0.5));
    REQUIRE(r.result.sector_at(3, 0) == 1.0f);
}

TEST_CASE("nothing happens to a connected network without events", "[engine][connectivity]") {
    Model m;
    m.sectors = {sector("grid", NetworkMode::sources), sector("net", NetworkMode::giant)};
    add_chain(m, "grid", "g", 4, 0);
    add_chain(m, "net", "n", 4);
    const auto r = run(m, scenario({}));
    for (float v : r.result.sector_operability) REQUIRE(v == 1.0f);
    REQUIRE(r.result.log.empty());
}

TEST_CASE("the coupled cascade between two interdependent networks stops at a fixed point", "[engine][connectivity]") {
    // Power p0(src) - p1 - p2 - p3 and telecom t0(src) - t1 - t2 - t3, each tᵢ and pᵢ
    // needing the other (Buldyrev et al. 2010, one-to-one). Losing p2 cuts off p3, so t2
    // and t3 lose power, and nothing more: p0, p1, t0, t1 survive, in the same step.
    Model m;
    m.sectors = {sector("power", NetworkMode::sources), sector("telecom", NetworkMode::sources)};
    add_chain(m, "power", "p", 4, 0);
    add_chain(m, "telecom", "t", 4, 0);
    for (int i = 0; i < 4; ++i) {
        m.dependencies.push_back(dep("p" + std::to_string(i), "t" + std::to_string(i)));
        m.dependencies.push_back(dep("t" + std::to_string(i), "p" + std::to_string(i)));
    }
    const auto r = run(m, scenario({outage("p2", 1, 2)}));
    for (std::string id : {"p0", "p1", "t0", "t1"}) REQUIRE(r.at(id, 1) == 1.0f);
    for (std::string id : {"p2", "p3", "t2", "t3"}) REQUIRE(r.at(id, 1) == 0.0f);
    for (std::string id : {"p0", "p1", "p2", "p3", "t0", "t1", "t2", "t3"}) REQUIRE(r.at(id, 3) == 1.0f);

    // Crossed dependencies need several rounds within the step: p3 fails → t1 (needs p3)
    // fails → t2, t3 cut off → p1 (needs t2) fails → p2 cut off. Only p0 and t0 remain.
    Model x;
    x.sectors = m.sectors;
    add_chain(x, "power", "p", 4, 0);
    add_chain(x, "telecom", "t", 4, 0);
    x.dependencies = {dep("p3", "t1"), dep("t2", "p1")};
    const auto c = run(x, scenario({outage("p3", 1, 2)}));
    REQUIRE(c.at("p0", 1) == 1.0f);
    REQUIRE(c.at("t0", 1) == 1.0f);
    for (std::string id : {"p1", "p2", "p3", "t1", "t2", "t3"}) REQUIRE(c.at(id, 1) == 0.0f);
    REQUIRE(c.result.sector_at(1, 0) == Approx(0.25));
    // The same with two threads.
    const auto two = run(x, scenario({outage("p3", 1, 2)}), 2);
    REQUIRE(two.result.unit_operability == c.result.unit_operability);
}

TEST_CASE("a giant-mode coupled cascade collapses both networks to their giants", "[engine][connectivity]") {
    // a0 - a1 - a2 - a3 - a4 and b0 - b1 - b2 - b3 - b4 (giant mode), bᵢ needs aᵢ.
    // a1 fails: {a2,a3,a4} is a's giant, a0 is dropped; so b0 and b1 lose supply and
    // {b2,b3,b4} is b's giant. Survivors: a2..a4, b2..b4.
    Model m;
    m.sectors = {sector("a", NetworkMode::giant), sector("b", NetworkMode::giant)};
    add_chain(m, "a", "a", 5);
    add_chain(m, "b", "b", 5);
    for (int i = 0; i < 5; ++i) m.dependencies.push_back(dep("a" + std::to_string(i), "b" + std::to_string(i)));
    const auto r = run(m, scenario({outage("a1", 0, 1)}));
    for (std::string id : {"a0", "a1", "b0", "b1"}) REQUIRE(r.at(id, 0) == 0.0f);
    for (std::string id : {"a2", "a3", "a4", "b2", "b3", "b4"}) REQUIRE(r.at(id, 0) == 1.0f);
}

TEST_CASE("the giant moves to nodes cut off before when the old giant breaks up", "[engine][connectivity]") {
    // a0 - a1 - … - a6 - h - b0 - b1 - … - b5, and c linked to a4 (giant mode, 15 nodes).
    // From 1 h, h and c fail: {a0..a6} (7) is the giant, b0..b5 (6) are cut off.
    // From 3 h, a1 fails too: {a2..a6} (5, more than a third of the sector; 8
    // with the failed nodes it still feeds, a1, h and c) is smaller than
    // {b0..b5}, which a solve from full operability makes the giant again,
    // although nothing got better.
    Model m;
    m.sectors = {sector("net", NetworkMode::giant)};
    add_chain(m, "net", "a", 7);
    m.nodes.push_back(node("h", "net"));
    add_chain(m, "net", "b", 6);
    m.nodes.push_back(node("c", "net"));
    m.links.push_back({"a6", "h"});
    m.links.push_back({"h", "b0"});
    m.links.push_back({"a4", "c"});
    if (GENERATE(false, true)) {
        // Two assets that need each other fully: the rule is no longer a
        // contraction, and the engine resets values instead of keeping them.
        m.sectors.push_back(sector("x"));
        m.nodes.push_back(node("x0", "x"));
        m.nodes.push_back(node("x1", "x"));
        m.dependencies = {dep("x0", "x1"), dep("x1", "x0")};
    }
    const auto r = run(m, scenario({outage("h", 1, 10), outage("c", 1, 10), outage("a1", 3, 10)}));
    for (std::string id : {"a0", "a3", "a6"}) REQUIRE(r.at(id, 2) == 1.0f);
    for (std::string id : {"b0", "b5"}) REQUIRE(r.at(id, 2) == 0.0f);
    for (std::string id : {"a0", "a2", "a3", "a4", "a5", "a6"}) REQUIRE(r.at(id, 3) == 0.0f);
    for (std::string id : {"b0", "b1", "b2", "b3", "b4", "b5"}) REQUIRE(r.at(id, 3) == 1.0f);
    REQUIRE(r.result.sector_at(2, 0) == Approx(7.0 / 15));
    REQUIRE(r.result.sector_at(3, 0) == Approx(6.0 / 15));
}
