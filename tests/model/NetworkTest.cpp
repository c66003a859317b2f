// build_network (model/Network.hpp): each consumer's in-edges, from the check's
// hint (Model::dependency_ends) or by id, equal a plain reading of SPEC §3.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "io/ModelJson.hpp"
#include "model/Network.hpp"

using namespace cisim;

namespace {

std::string shipped(const std::string& name) { return std::string(CISIM_SOURCE_DIR) + "/models/" + name; }

struct Expected {
    std::uint32_t supplier_raw, dependency;
    std::int32_t group;
    bool full_rate;
};

/// Each unit's in-edges as SPEC §3 says, by linear search over ids: a
/// dependency on a sector with assets fans out to each asset; a supplier sector
/// with assets supplies through its aggregate, one without through its own unit.
std::vector<std::vector<Expected>> expected_edges(const Model& m, const Network& net) {
    auto unit_of = [&](const std::string& id) {
        for (std::uint32_t u = 0; u < net.units.size(); ++u)
            if (net.units[u].id == id) return u;
        FAIL("no unit " << id);
        return 0u;
    };
    auto sector_of = [&](const std::string& id) -> std::int64_t {
        for (std::size_t s = 0; s < m.sectors.size(); ++s)
            if (m.sectors[s].id == id) return static_cast<std::int64_t>(s);
        return -1;
    };
    auto has_assets = [&](std::int64_t s) {
        return std::any_of(m.nodes.begin(), m.nodes.end(), [&](const Node& n) { return n.sector == m.sectors[s].id; });
    };
    std::vector<std::vector<Expected>> out(net.units.size());
    std::vector<std::map<std::string, std::int32_t>> groups(net.units.size());
    for (std::uint32_t d = 0; d < m.dependencies.size(); ++d) {
        const auto& dep = m.dependencies[d];
        const auto fs = sector_of(dep.from);
        const auto supplier = fs >= 0 && has_assets(fs) ? SupplyRef::sector(static_cast<std::uint32_t>(fs))
                                                        : SupplyRef::unit(unit_of(dep.from));
        std::vector<std::uint32_t> consumers;
        if (const auto ts = sector_of(dep.to); ts >= 0 && has_assets(ts)) {
            for (std::uint32_t u = 0; u < net.units.size(); ++u)
                if (net.units[u].node >= 0 && m.nodes[static_cast<std::size_t>(net.units[u].node)].sector == dep.to)
                    consumers.push_back(u);
        } else {
            consumers.push_back(unit_of(dep.to));
        }
        for (const auto u : consumers) {
            std::int32_t group = -1;
            if (!dep.group.empty())
                group = groups[u].emplace(dep.group, static_cast<std::int32_t>(groups[u].size())).first->second;
            out[u].push_back({supplier.raw, d, group, net.units[u].population});
        }
    }
    return out;
}

void check_edges(const Model& m, const Network& net) {
    const auto expected = expected_edges(m, net);
    REQUIRE(net.in_offsets.size() == net.units.size() + 1);
    for (std::uint32_t u = 0; u < net.units.size(); ++u) {
        INFO("unit " << net.units[u].id);
        REQUIRE(net.in_offsets[u + 1] - net.in_offsets[u] == expected[u].size());
        for (std::size_t k = 0; k < expected[u].size(); ++k) {
            const auto& e = net.in_edges[net.in_offsets[u] + k];
            const auto& x = expected[u][k];
            const auto& dep = m.dependencies[x.dependency];
            CHECK(e.supplier.raw == x.supplier_raw);
            CHECK(e.dependency == x.dependency);
            CHECK(e.group == x.group);
            CHECK(e.full_rate == x.full_rate);
            CHECK(e.strength == static_cast<float>(dep.strength));
            CHECK(e.buffer_h == static_cast<float>(dep.buffer_h));
            CHECK(e.refill_h == static_cast<float>(dep.refill_h.value_or(dep.buffer_h)));
            CHECK(e.delay_h == static_cast<float>(dep.delay_h));
            CHECK(e.effect == dep.effect);
        }
    }
}

}  // namespace

TEST_CASE("in-edges resolved from the check's hint, by id, or past a stale hint are the same", "[model][network]") {
    for (const auto* name : {"tokyo.json", "east-japan.json", "japan-ci.json", "noto.json"}) {
        INFO(name);
        auto m = load_model(shipped(name));
        REQUIRE(m.dependency_ends.size() == m.dependencies.size());
        check_edges(m, build_network(m));  // the hint the loader left
        auto unhinted = m;
        unhinted.dependency_ends.clear();
        check_edges(unhinted, build_network(unhinted));
        // A stale hint: shuffled, some out of range.
        std::mt19937 rng(3);
        std::shuffle(m.dependency_ends.begin(), m.dependency_ends.end(), rng);
        for (std::size_t k = 0; k < m.dependency_ends.size(); k += 7)
            m.dependency_ends[k] = {DependencyEnds::node_flag | 0x7FFFFFF0u, static_cast<std::uint32_t>(m.sectors.size())};
        check_edges(m, build_network(m));
    }
}
