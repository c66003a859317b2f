// Households and people without service (SPEC §3, §8) on hand-made curves.
#include <catch2/catch.hpp>

#include <map>

#include "analysis/Households.hpp"

using namespace cisim;

namespace {

Sector sector(const std::string& id, std::optional<double> households = {}, std::optional<double> population = {}) {
    Sector s;
    s.id = id;
    s.households = households;
    s.population = population;
    return s;
}

Node node(const std::string& id, const std::string& sector, std::optional<double> households = {}) {
    Node n;
    n.id = id;
    n.sector = sector;
    n.set_households(households);
    return n;
}

/// power: three substations (1000, 3000 and no households); water: no nodes,
/// 500 households and 1200 people; gas: no figure.
Model model() {
    Model m;
    m.sectors = {sector("power"), sector("water", 500, 1200), sector("gas")};
    m.nodes = {node("sub-1", "power", 1000), node("sub-2", "power", 3000), node("sub-3", "power")};
    return m;
}

/// Hourly samples 0..3; unit and sector curves given by id.
Result result(const Model& m, const Network& net, const std::map<std::string, std::vector<double>>& curves,
              bool with_units = true) {
    Result r;
    r.times = {0, 1, 2, 3};
    r.sector_count = m.sectors.size();
    r.sector_operability.assign(r.times.size() * r.sector_count, 1.0f);
    for (std::size_t s = 0; s < m.sectors.size(); ++s)
        if (auto it = curves.find(m.sectors[s].id); it != curves.end())
            for (std::size_t t = 0; t < r.times.size(); ++t)
                r.sector_operability[t * r.sector_count + s] = static_cast<float>(it->second[t]);
    if (!with_units) return r;
    r.unit_count = net.size();
    std::vector<float> dense(r.times.size() * r.unit_count, 1.0f);
    for (std::size_t u = 0; u < net.size(); ++u) {
        auto it = curves.find(net.units[u].id);
        if (it == curves.end()) it = curves.find(m.sectors[net.units[u].sector].id);  // a sector-level unit
        if (it != curves.end())
            for (std::size_t t = 0; t < r.times.size(); ++t)
                dense[t * r.unit_count + u] = static_cast<float>(it->second[t]);
    }
    r.unit_operability = UnitCurves::from_dense(dense, r.times.size(), r.unit_count);
    return r;
}

}  // namespace

TEST_CASE("households out: nodes' households × (1 − their operability), else the sector's", "[analysis][households]") {
    const auto m = model();
    const auto net = build_network(m);
    // sub-3 (no households) is down throughout: it counts for nothing.
    const auto r = result(m, net,
                          {{"sub-1", {1, 0.5, 0, 1}},
                           {"sub-2", {1, 1, 0.75, 1}},
                           {"sub-3", {0, 0, 0, 0}},
                           {"power", {2.0 / 3, 0.5, 0.25, 2.0 / 3}},
                           {"water", {1, 0.75, 0.75, 0.875}}});
    const auto h = households_out(m, net, r);
    CHECK(h.has_households);
    CHECK(h.has_population);
    CHECK(h.notes.empty());
    REQUIRE(h.sectors.size() == 2);  // gas gives no figure

    // power: t1 1000 × 0.5 = 500; t2 1000 × 1 + 3000 × 0.25 = 1750.
    const auto& power = h.sectors[0];
    CHECK(power.sector == 0);
    REQUIRE(power.households);
    CHECK_FALSE(power.population);
    CHECK(power.households->by_nodes);
    CHECK(power.households->out == std::vector<double>{0, 500, 1750, 0});
    CHECK(power.households->peak == 1750);
    CHECK(power.households->peak_t_h == 2.0);
    CHECK(power.households->hours == 0 + 500 + 1750);  // the last sample closes the horizon

    // water: 500 × (0, .25, .25, .125); 1200 people likewise.
    const auto& water = h.sectors[1];
    CHECK(water.sector == 1);
    REQUIRE(water.households);
    REQUIRE(water.population);
    CHECK_FALSE(water.households->by_nodes);
    CHECK(water.households->out == std::vector<double>{0, 125, 125, 62.5});
    CHECK(water.households->peak == 125);
    CHECK(water.households->peak_t_h == 1.0);  // the first sample at the peak
    CHECK(water.households->hours == 250);
    CHECK(water.population->out == std::vector<double>{0, 300, 300, 150});
    CHECK(water.population->hours == 600);
}

TEST_CASE("households out without asset curves: nodes' total against the sector curve, with a note",
          "[analysis][households]") {
    const auto m = model();
    const auto net = build_network(m);
    const auto r = result(m, net, {{"power", {1, 0.5, 0.25, 1}}}, false);
    const auto h = households_out(m, net, r);
    REQUIRE(h.sectors.size() == 2);
    const auto& power = *h.sectors[0].households;
    CHECK(power.by_nodes);
    CHECK(power.out == std::vector<double>{0, 2000, 3000, 0});  // 4000 households × (1 − o)
    CHECK(h.notes.size() == 1);
}

TEST_CASE("households out: none without figures, no peak time when never out", "[analysis][households]") {
    Model plain;
    plain.sectors = {sector("power")};
    const auto net = build_network(plain);
    CHECK_FALSE(carries_households(plain));
    const auto none = households_out(plain, net, result(plain, net, {{"power", {1, 0, 0, 1}}}));
    CHECK(none.sectors.empty());
    CHECK_FALSE(none.has_households);
    CHECK(none.times.size() == 4);

    const auto m = model();
    CHECK(carries_households(m));
    const auto calm = households_out(m, build_network(m), result(m, build_network(m), {}));
    REQUIRE(calm.sectors.size() == 2);
    CHECK(calm.sectors[1].households->peak == 0);
    CHECK_FALSE(calm.sectors[1].households->peak_t_h);
    CHECK(calm.sectors[1].households->hours == 0);
}

TEST_CASE("summarise_count: peak, first time at it, integral with each sample over its step",
          "[analysis][households]") {
    const auto c = summarise_count({0, 0.5, 1.5, 2}, {10, 40, 40, 20});
    CHECK(c.peak == 40);
    CHECK(c.peak_t_h == 0.5);
    CHECK(c.hours == Approx(10 * 0.5 + 40 * 1.0 + 40 * 0.5));
    CHECK_THROWS_AS(summarise_count({0, 1}, {1}), std::invalid_argument);
}
