// IIM (Haimes & Jiang 2001): steady state, saturation, spectral radius,
// Setola indices, loss, key sectors and the quasi-static engine.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "Builders.hpp"
#include "engines/Engine.hpp"
#include "engines/Iim.hpp"
#include "io/ModelJson.hpp"
#include "model/Error.hpp"
#include "model/Network.hpp"
#include "model/Validate.hpp"

using namespace cisim;

namespace {

Dependency dep(const std::string& from, const std::string& to, double strength, const std::string& group = "") {
    Dependency d;
    d.from = from;
    d.to = to;
    d.strength = strength;
    d.group = group;
    return d;
}

Sector sector(const std::string& id, std::optional<double> output = std::nullopt) {
    Sector s;
    s.id = id;
    s.name = "Sector " + id;
    s.output = output;
    return s;
}

// A* = | 0    0.2  0   |   rows consume, columns supply
//      | 0.5  0    0   |
//      | 0.3  0.4  0.1 |
// (I − A*)⁻¹: the a–b block [[1, −0.2], [−0.5, 1]] has determinant 0.9 and
// inverse [[10/9, 2/9], [5/9, 10/9]]; row c is (0.3, 0.4)·that / 0.9 =
// (50/81, 46/81) and L_cc = 1/0.9 = 10/9. So
//   L = | 10/9   2/9    0    |
//       | 5/9    10/9   0    |
//       | 50/81  46/81  10/9 |
Model three_sectors() {
    Model m;
    m.name = "three";
    m.file = "three.json";
    m.sectors = {sector("a", 100.0), sector("b", 50.0), sector("c")};
    m.dependencies = {dep("b", "a", 0.2), dep("a", "b", 0.5), dep("a", "c", 0.3), dep("b", "c", 0.4), dep("c", "c", 0.1)};
    return m;
}

// Random sector-level model: each sector has up to four suppliers (self
// included at random); strengths scaled so every row sum of A* is ≤ 0.9,
// which bounds ρ(A*) ≤ 0.9.
Model random_model(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::uniform_real_distribution<double> strength(0.05, 1.0);
    Model m;
    m.file = "random.json";
    for (std::size_t i = 0; i < n; ++i) m.sectors.push_back(sector("s" + std::to_string(i), 1.0 + double(i % 7)));
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::size_t> suppliers;
        for (int k = 0; k < 4; ++k) {
            const auto j = pick(rng);
            if (std::find(suppliers.begin(), suppliers.end(), j) == suppliers.end()) suppliers.push_back(j);
        }
        std::vector<double> s(suppliers.size());
        double sum = 0;
        for (auto& v : s) sum += v = strength(rng);
        const double scale = sum > 0.9 ? 0.9 / sum : 1.0;
        for (std::size_t k = 0; k < suppliers.size(); ++k)
            m.dependencies.push_back(dep(m.sectors[suppliers[k]].id, m.sectors[i].id, s[k] * scale));
    }
    return m;
}

// Independent reference: Gauss elimination with partial pivoting on (I − A*) q = c.
std::vector<double> gauss_solve(const Model& m, const std::vector<double>& c) {
    const auto n = m.sectors.size();
    std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
    auto index = [&](const std::string& id) {
        for (std::size_t i = 0; i < n; ++i)
            if (m.sectors[i].id == id) return i;
        return n;
    };
    for (std::size_t i = 0; i < n; ++i) {
        a[i][i] = 1.0;
        a[i][n] = c[i];
    }
    for (const auto& d : m.dependencies) a[index(d.to)][index(d.from)] -= d.strength;
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
        std::swap(a[col], a[pivot]);
        for (std::size_t r = col + 1; r < n; ++r) {
            const double f = a[r][col] / a[col][col];
            if (f == 0) continue;
            for (std::size_t k = col; k <= n; ++k) a[r][k] -= f * a[col][k];
        }
    }
    std::vector<double> x(n);
    for (std::size_t i = n; i-- > 0;) {
        double v = a[i][n];
        for (std::size_t k = i + 1; k < n; ++k) v -= a[i][k] * x[k];
        x[i] = v / a[i][i];
    }
    return x;
}

std::map<std::string, double> random_shocks(const Model& m, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> value(0.0, 0.02);
    std::map<std::string, double> shocks;
    for (std::size_t i = 0; i < m.sectors.size(); i += 3) shocks[m.sectors[i].id] = value(rng);
    return shocks;
}

// q = min(1, A* q + c*) holds componentwise.
void require_fixed_point(const Model& m, const IimSolution& s) {
    const auto net = build_network(m);
    const auto a = build_iim_coupling(m, net).a_star;
    for (std::size_t i = 0; i < s.q.size(); ++i) {
        double v = s.c_star[i];
        for (std::size_t j = 0; j < s.q.size(); ++j) v += a.at(i, j) * s.q[j];
        REQUIRE(s.q[i] == Approx(std::min(1.0, v)).margin(1e-10));
    }
}

Scenario scenario_with(std::vector<Event> events, double horizon = 12, double step = 1) {
    Scenario sc;
    sc.file = "scenario.json";
    sc.horizon_h = horizon;
    sc.step_h = step;
    sc.events = std::move(events);
    return sc;
}

using test::outage;

}  // namespace

TEST_CASE("IIM steady state equals the hand-computed Leontief solution", "[engine][iim]") {
    const auto m = three_sectors();
    // q = L (0.5, 0, 0)ᵀ = (5/9, 5/18, 25/81).
    const auto s = solve_iim(m, {{"a", 0.5}});
    REQUIRE(s.ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(s.q[0] == Approx(5.0 / 9).margin(1e-9));
    CHECK(s.q[1] == Approx(5.0 / 18).margin(1e-9));
    CHECK(s.q[2] == Approx(25.0 / 81).margin(1e-9));
    CHECK_FALSE(s.saturated);
    // ρ: the a–b block has eigenvalues ±√0.1, c's block is 0.1.
    CHECK(s.spectral_radius == Approx(std::sqrt(0.1)).margin(1e-12));
    // Loss over the sectors with an output: 100·5/9 + 50·5/18 = 625/9.
    REQUIRE(s.loss);
    CHECK(*s.loss == Approx(625.0 / 9).margin(1e-9));
}

TEST_CASE("IIM A* entries are the dependency strengths at sector level", "[engine][iim]") {
    const auto m = three_sectors();
    const auto a = build_iim_coupling(m, build_network(m)).a_star;
    CHECK(a.at(0, 1) == 0.2);
    CHECK(a.at(1, 0) == 0.5);
    CHECK(a.at(2, 0) == 0.3);
    CHECK(a.at(2, 1) == 0.4);
    CHECK(a.at(2, 2) == 0.1);
    CHECK(a.at(0, 0) == 0.0);
    CHECK(a.at(0, 2) == 0.0);
    CHECK(a.values.size() == 5);
}

TEST_CASE("IIM Setola indices on the three-sector fixture", "[engine][iim]") {
    const auto s = solve_iim(three_sectors(), {{"a", 0.5}});
    // Direct, off-diagonal sums / (n − 1) = 2: δ = (0.2, 0.5, 0.3+0.4)/2, ρ = (0.5+0.3, 0.2+0.4, 0)/2.
    REQUIRE(s.dependency_index.size() == 3);
    CHECK(s.dependency_index[0] == Approx(0.1));
    CHECK(s.dependency_index[1] == Approx(0.25));
    CHECK(s.dependency_index[2] == Approx(0.35));
    CHECK(s.influence_index[0] == Approx(0.4));
    CHECK(s.influence_index[1] == Approx(0.3));
    CHECK(s.influence_index[2] == 0.0);
    // Overall, on L's off-diagonal entries: δ̄ = (2/9, 5/9, 50/81+46/81)/2, ρ̄ = (5/9+50/81, 2/9+46/81, 0)/2.
    REQUIRE(s.overall_dependency_index.size() == 3);
    CHECK(s.overall_dependency_index[0] == Approx(1.0 / 9).margin(1e-12));
    CHECK(s.overall_dependency_index[1] == Approx(5.0 / 18).margin(1e-12));
    CHECK(s.overall_dependency_index[2] == Approx(16.0 / 27).margin(1e-12));
    CHECK(s.overall_influence_index[0] == Approx(95.0 / 162).margin(1e-12));
    CHECK(s.overall_influence_index[1] == Approx(32.0 / 81).margin(1e-12));
    CHECK(s.overall_influence_index[2] == Approx(0.0).margin(1e-12));
}

TEST_CASE("IIM on a random 200-sector model matches an independent dense solve", "[engine][iim]") {
    const auto m = random_model(200, 20240611);
    const auto shocks = random_shocks(m, 7);
    const auto s = solve_iim(m, shocks);
    REQUIRE(s.spectral_radius < 0.9 + 1e-9);
    REQUIRE_FALSE(s.saturated);
    const auto expected = gauss_solve(m, s.c_star);
    REQUIRE(*std::max_element(expected.begin(), expected.end()) < 1.0);
    double worst = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::abs(s.q[i] - expected[i]));
    CHECK(worst < 1e-9);
}

TEST_CASE("IIM sparse path equals the dense path above the dense threshold", "[engine][iim]") {
    const IimOptions automatic;
    const auto m = random_model(automatic.dense_max + 100, 99);
    const auto a = build_iim_coupling(m, build_network(m)).a_star;
    const IimSolver sparse(a, m.file, automatic), dense(a, m.file, IimOptions{IimMethod::dense});
    REQUIRE_FALSE(sparse.is_dense());
    REQUIRE(dense.is_dense());
    CHECK(sparse.leontief_inverse().empty());  // no dense inverse on the sparse path
    std::vector<double> c(a.size(), 0.0);
    for (const auto& [id, value] : random_shocks(m, 11)) c[std::stoul(id.substr(1))] = value;
    const auto qs = sparse.solve(c), qd = dense.solve(c);
    const auto expected = gauss_solve(m, c);
    double worst_dense = 0, worst_ref = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        worst_dense = std::max(worst_dense, std::abs(qs[i] - qd[i]));
        worst_ref = std::max(worst_ref, std::abs(qs[i] - expected[i]));
    }
    CHECK(worst_dense < 1e-9);
    CHECK(worst_ref < 1e-9);
    CHECK(sparse.spectral_radius() == dense.spectral_radius());  // same block method on both paths
    CHECK(sparse.spectral_radius() < 0.9 + 1e-9);
}

TEST_CASE("IIM saturation: q is capped at 1 and the rest is the fixed point", "[engine][iim]") {
    SECTION("both sectors of the a-b loop saturate") {
        const auto m = three_sectors();
        // Linear: q_a = 1.12/0.9 ≈ 1.244, q_b ≈ 1.222. Capped: q_a = q_b = 1 (A*q + c* is 1.2 and 1.1),
        // then q_c = (0.3 + 0.4)/0.9 = 7/9.
        IimOptions refactorise;
        refactorise.low_rank_max = 0;
        for (const auto& options : {IimOptions{}, refactorise}) {
            const auto s = solve_iim(m, {{"a", 1.0}, {"b", 0.6}}, options);
            CHECK(s.saturated);
            CHECK(s.q[0] == 1.0);
            CHECK(s.q[1] == 1.0);
            CHECK(s.q[2] == Approx(7.0 / 9).margin(1e-12));
            require_fixed_point(m, s);
        }
    }
    SECTION("a sector over 1 only through a capped supplier is released") {
        Model m;
        m.file = "release.json";
        m.sectors = {sector("x"), sector("y")};
        m.dependencies = {dep("x", "x", 0.5), dep("x", "y", 0.3)};
        // Linear: q_x = 1/0.5 = 2, q_y = 0.5 + 0.3·2 = 1.1. With q_x capped at 1, q_y = 0.5 + 0.3 = 0.8:
        // holding y at 1 too would be wrong.
        IimOptions refactorise;
        refactorise.low_rank_max = 0;
        for (const auto& options : {IimOptions{}, refactorise}) {
            const auto s = solve_iim(m, {{"x", 1.0}, {"y", 0.5}}, options);
            CHECK(s.saturated);
            CHECK(s.q[0] == 1.0);
            CHECK(s.q[1] == Approx(0.8).margin(1e-12));
            require_fixed_point(m, s);
        }
    }
    SECTION("dense, sparse, low-rank and refactorised rounds agree") {
        const auto m = random_model(120, 5);
        std::map<std::string, double> shocks;
        for (std::size_t i = 0; i < 120; i += 2) shocks[m.sectors[i].id] = 0.6;
        const auto dense = solve_iim(m, shocks, IimOptions{IimMethod::dense});
        REQUIRE(dense.saturated);
        require_fixed_point(m, dense);
        std::size_t held = 0;
        for (double q : dense.q) held += q == 1.0;
        CHECK(held > 1);
        for (auto method : {IimMethod::dense, IimMethod::sparse})
            for (std::size_t low_rank_max : {std::size_t{0}, std::size_t{1000}}) {
                IimOptions options{method};
                options.low_rank_max = low_rank_max;
                const auto s = solve_iim(m, shocks, options);
                require_fixed_point(m, s);
                for (std::size_t i = 0; i < dense.q.size(); ++i) CHECK(s.q[i] == Approx(dense.q[i]).margin(1e-9));
            }
    }
}

TEST_CASE("IIM rejects a spectral radius of 1 or more", "[engine][iim]") {
    SECTION("a full-strength loop: ρ = 1") {
        Model m;
        m.file = "singular.json";
        m.sectors = {sector("a"), sector("b")};
        m.dependencies = {dep("a", "b", 1.0), dep("b", "a", 1.0)};
        REQUIRE_THROWS_AS(solve_iim(m, {{"a", 0.5}}), InputError);
        REQUIRE_THROWS_WITH(solve_iim(m, {{"a", 0.5}}), Catch::Contains("singular.json") &&
                                                             Catch::Contains("spectral radius of A* is 1") &&
                                                             Catch::Contains("a, b"));
        REQUIRE_THROWS_AS(solve_iim(m, {{"a", 0.5}}, IimOptions{IimMethod::sparse}), InputError);
    }
    SECTION("ρ > 1: eigenvalues of [[0.6, 0.9], [0.9, 0]] are 0.3 ± √0.9") {
        Model m;
        m.file = "over.json";
        m.sectors = {sector("a"), sector("b")};
        m.dependencies = {dep("a", "a", 0.6), dep("b", "a", 0.9), dep("a", "b", 0.9)};
        REQUIRE_THROWS_WITH(solve_iim(m, {}), Catch::Contains("spectral radius of A* is 1.24868"));
        REQUIRE_THROWS_AS(solve_iim(m, {}, IimOptions{IimMethod::sparse}), InputError);
    }
    SECTION("a self-dependency of strength 1") {
        Model m;
        m.file = "self.json";
        m.sectors = {sector("a"), sector("b")};
        m.dependencies = {dep("a", "a", 1.0), dep("a", "b", 0.5)};
        REQUIRE_THROWS_AS(solve_iim(m, {}), InputError);
    }
}

TEST_CASE("IIM rejects unknown ids and shocks outside [0, 1]", "[engine][iim]") {
    const auto m = three_sectors();
    REQUIRE_THROWS_WITH(solve_iim(m, {{"zz", 0.5}}), Catch::Contains("zz"));
    REQUIRE_THROWS_AS(solve_iim(m, {{"a", 1.5}}), InputError);
    REQUIRE_THROWS_AS(solve_iim(m, {{"a", -0.1}}), InputError);
    REQUIRE_THROWS_AS(solve_iim(m, {{"a", std::nan("")}}), InputError);
}

TEST_CASE("IIM loss is absent without outputs", "[engine][iim]") {
    Model m;
    m.file = "plain.json";
    m.sectors = {sector("a"), sector("b")};
    m.dependencies = {dep("a", "b", 0.5)};
    const auto s = solve_iim(m, {{"a", 0.4}});
    CHECK_FALSE(s.loss);
    CHECK(s.q[1] == Approx(0.2));
}

TEST_CASE("IIM key sectors: unit shocks ranked by total inoperability", "[engine][iim]") {
    // e_a: q_a = min(1, 10/9) = 1, q_b = 0.5, q_c = (0.3 + 0.4·0.5)/0.9 = 5/9 → Σ = 2.0556
    // e_b: q_b = 1, q_a = 0.2, q_c = (0.3·0.2 + 0.4)/0.9 = 0.46/0.9 → Σ = 1.7111
    // e_c: q_c = 1 → Σ = 1
    const auto keys = iim_key_sectors(three_sectors());
    REQUIRE(keys.size() == 3);
    CHECK(keys[0].id == "a");
    CHECK(keys[0].total_inoperability == Approx(1.5 + 5.0 / 9).margin(1e-12));
    CHECK(keys[1].id == "b");
    CHECK(keys[1].total_inoperability == Approx(1.2 + 0.46 / 0.9).margin(1e-12));
    CHECK(keys[2].id == "c");
    CHECK(keys[2].total_inoperability == Approx(1.0).margin(1e-12));
    REQUIRE(keys[0].loss);
    CHECK(*keys[0].loss == Approx(100 * 1.0 + 50 * 0.5).margin(1e-9));
    REQUIRE(keys[2].loss);
    CHECK(*keys[2].loss == Approx(0.0).margin(1e-12));
}

TEST_CASE("IIM A* aggregates asset-level dependencies by capacity", "[engine][iim]") {
    Model m;
    m.file = "assets.json";
    m.sectors = {sector("s"), sector("t"), sector("p")};
    Node t1, t2, p1, p2;
    t1.id = "t1", t1.sector = "t";
    t2.id = "t2", t2.sector = "t";
    p1.id = "p1", p1.sector = "p", p1.capacity = 3;  // weight 0.75
    p2.id = "p2", p2.sector = "p", p2.capacity = 1;  // weight 0.25
    m.nodes = {t1, t2, p1, p2};
    Dependency repair = dep("s", "p2", 0.9);
    repair.effect = DependencyEffect::repair;
    m.dependencies = {
        dep("s", "p1", 0.8),                 // 0.75 · 0.8 = 0.6
        dep("t1", "p2", 0.6, "feed"),        // redundant feeds from sector t: once, the larger
        dep("t2", "p2", 0.4, "feed"),        //   → 0.25 · 0.6 = 0.15
        dep("s", "p2", 0.5, "mixed"),        // a group over sectors s and t: losing one leaves the other
        dep("t1", "p2", 0.5, "mixed"),
        repair,                              // repair effects carry no loss of function
    };
    const auto net = build_network(m);
    const auto coupling = build_iim_coupling(m, net);
    const auto& a = coupling.a_star;
    CHECK(a.at(2, 0) == Approx(0.6).margin(1e-15));
    CHECK(a.at(2, 1) == Approx(0.15).margin(1e-15));
    CHECK(a.values.size() == 2);

    // A node shock counts with its capacity share: c*_p = 0.75 · 0.4.
    const auto s = solve_iim(m, {{"p1", 0.4}});
    CHECK(s.c_star[2] == Approx(0.3));
    CHECK(s.q[2] == Approx(0.3));

    // The units' capacity-weighted inoperability is the sector's q.
    const auto shocked = solve_iim(m, {{"s", 0.5}, {"t", 0.2}});
    std::vector<double> unit_p(net.size(), 0.0);
    const auto qu = unit_inoperability(coupling, unit_p, shocked.q);
    double mean = 0;
    for (auto k = net.sector_offsets[2]; k < net.sector_offsets[3]; ++k)
        mean += net.units[net.sector_units[k]].weight * qu[net.sector_units[k]];
    CHECK(mean == Approx(shocked.q[2]).margin(1e-12));
    CHECK(shocked.q[2] == Approx(0.6 * 0.5 + 0.15 * 0.2).margin(1e-12));
}

TEST_CASE("IIM A* follows each unit's combination rule over one supplier sector", "[engine][iim]") {
    Model m;
    m.file = "rules.json";
    m.sectors = {sector("power"), sector("telecom"), sector("medical")};
    Node t1, t2, h1, h2;
    t1.id = "t1", t1.sector = "telecom";
    t2.id = "t2", t2.sector = "telecom";
    h1.id = "h1", h1.sector = "medical", h1.node_class = "hospital";
    h2.id = "h2", h2.sector = "medical", h2.node_class = "clinic";
    m.nodes = {t1, t2, h1, h2};
    m.combination_by_class["clinic"] = Combination::product;
    Dependency cyber = dep("power", "telecom", 0.3);
    cyber.type = DependencyType::cyber;
    m.dependencies = {
        dep("power", "telecom", 0.5), cyber,     // parallel edges, rule min: 0.5
        dep("t1", "h1", 0.5), dep("t2", "h1", 0.4),  // hospital, min: 0.5
        dep("t1", "h2", 0.5), dep("t2", "h2", 0.4),  // clinic, product: 1 − 0.5·0.6 = 0.7
    };
    const auto a = build_iim_coupling(m).a_star;
    CHECK(a.at(1, 0) == Approx(0.5).margin(1e-15));
    CHECK(a.at(2, 1) == Approx(0.5 * 0.5 + 0.5 * 0.7).margin(1e-15));
}

TEST_CASE("IIM spreads losses along dependencies between units of one sector", "[engine][iim]") {
    // Water: a treatment plant (weight 0.1) feeds two districts (0.45 each).
    Model m;
    m.file = "chain.json";
    m.sectors = {sector("power"), sector("water")};
    Node wt, d1, d2;
    wt.id = "wt", wt.sector = "water", wt.capacity = 1;
    d1.id = "d1", d1.sector = "water", d1.capacity = 4.5;
    d2.id = "d2", d2.sector = "water", d2.capacity = 4.5;
    m.nodes = {wt, d1, d2};
    m.dependencies = {dep("power", "wt", 0.8), dep("power", "d1", 0.2), dep("wt", "d1", 1.0), dep("wt", "d2", 0.5)};
    const auto net = build_network(m);
    const auto coupling = build_iim_coupling(m, net);
    // Full loss of power: wt 0.8, d1 min(1, 0.2 + 1.0·0.8) = 1, d2 0.5·0.8 = 0.4
    // → A*_water,power = 0.1·0.8 + 0.45·1 + 0.45·0.4 = 0.71. The plant → district
    // edges are internal: no diagonal.
    CHECK(coupling.a_star.at(1, 0) == Approx(0.71).margin(1e-12));
    CHECK(coupling.a_star.at(1, 1) == 0.0);

    // A plant outage reaches the districts: c* = 0.1·1 + 0.45·1 + 0.45·0.5 = 0.775.
    const auto s = solve_iim(m, {{"wt", 1.0}});
    CHECK(s.c_star[1] == Approx(0.775).margin(1e-12));
    CHECK(s.q[1] == Approx(0.775).margin(1e-12));
    const auto r = Iim().run(m, scenario_with({outage("wt", 0, 5, 1.0)}), RunOptions{});
    CHECK(r.sector_at(1, 1) == Approx(0.225).margin(1e-6));
    CHECK(r.unit_at(1, net.unit_index.at("d1")) == Approx(0.0).margin(1e-6));
    CHECK(r.unit_at(1, net.unit_index.at("d2")) == Approx(0.5).margin(1e-6));

    // Half of power lost: q_water = 0.71·0.5, and the units (wt 0.4, d1 0.1 + 0.4, d2 0.2)
    // average to it.
    const auto half = solve_iim(m, {{"power", 0.5}});
    CHECK(half.q[1] == Approx(0.355).margin(1e-12));
    const auto qu = unit_inoperability(coupling, std::vector<double>(net.size(), 0.0), half.q);
    CHECK(qu[net.unit_index.at("wt")] == Approx(0.4).margin(1e-12));
    CHECK(qu[net.unit_index.at("d1")] == Approx(0.5).margin(1e-12));
    CHECK(qu[net.unit_index.at("d2")] == Approx(0.2).margin(1e-12));
}

TEST_CASE("IIM follows a chain and a loop within a sector to their end", "[engine][iim]") {
    // Water: plant → pump → district 1 ⇄ district 2; capacities 2, 3, 2.5, 2.5 of 10.
    Model m;
    m.file = "chain.json";
    m.sectors = {sector("power"), sector("water")};
    auto water = [](const std::string& id, double capacity) {
        Node n;
        n.id = id, n.sector = "water", n.capacity = capacity;
        return n;
    };
    m.nodes = {water("wt", 2), water("pump", 3), water("d1", 2.5), water("d2", 2.5)};
    m.dependencies = {dep("power", "wt", 0.8), dep("wt", "pump", 1.0), dep("pump", "d1", 0.5),
                      dep("d2", "d1", 0.5), dep("d1", "d2", 0.5)};
    const auto coupling = build_iim_coupling(m, build_network(m));
    // Full loss of power: wt 0.8, pump 1.0·0.8 = 0.8, d1 max(0.5·0.8, 0.5·d2) = 0.4,
    // d2 0.5·0.4 = 0.2 → A*_water,power = 0.2·0.8 + 0.3·0.8 + 0.25·0.4 + 0.25·0.2 = 0.55.
    // Two hops beyond the plant: one sweep alone would stop at 0.40.
    CHECK(coupling.a_star.at(1, 0) == Approx(0.55).margin(1e-12));
}

TEST_CASE("IIM coupling of a sector-level model without the network expansion", "[engine][iim]") {
    auto m = random_model(200, 3);
    // Redundant supplies from one sector count once (largest); a group over two sectors adds nothing.
    m.dependencies.push_back(dep("s1", "s0", 0.05, "pair"));
    m.dependencies.push_back(dep("s1", "s0", 0.03, "pair"));
    m.dependencies.push_back(dep("s2", "s0", 0.04, "mixed"));
    m.dependencies.push_back(dep("s3", "s0", 0.04, "mixed"));
    Dependency repair = dep("s4", "s0", 0.5);
    repair.effect = DependencyEffect::repair;
    m.dependencies.push_back(repair);
    const auto direct = build_iim_coupling(m);
    const auto expanded = build_iim_coupling(m, build_network(m));
    CHECK(direct.a_star.ids == expanded.a_star.ids);
    CHECK(direct.a_star.row_offsets == expanded.a_star.row_offsets);
    CHECK(direct.a_star.cols == expanded.a_star.cols);
    CHECK(direct.a_star.values == expanded.a_star.values);
    CHECK(direct.unit_offsets == expanded.unit_offsets);
    CHECK(direct.unit_suppliers == expanded.unit_suppliers);
    CHECK(direct.unit_strengths == expanded.unit_strengths);
    double from_s1 = 0;  // at most one ungrouped dependency per pair in random_model
    for (const auto& d : m.dependencies)
        if (d.from == "s1" && d.to == "s0" && d.group.empty()) from_s1 = d.strength;
    CHECK(direct.a_star.at(0, 1) == Approx(std::max(from_s1, 0.05)).margin(1e-15));
}

namespace {

// The coupling found by sector ids, without the check's resolved ends.
IimCoupling coupling_by_ids(Model m) {
    m.dependency_ends.clear();
    return build_iim_coupling(m);
}

void check_same_coupling(const IimCoupling& a, const IimCoupling& b) {
    CHECK(a.a_star.ids == b.a_star.ids);
    CHECK(a.a_star.row_offsets == b.a_star.row_offsets);
    CHECK(a.a_star.cols == b.a_star.cols);
    CHECK(a.a_star.values == b.a_star.values);
    CHECK(a.unit_offsets == b.unit_offsets);
    CHECK(a.unit_suppliers == b.unit_suppliers);
    CHECK(a.unit_strengths == b.unit_strengths);
    CHECK(a.unit_sectors == b.unit_sectors);
    CHECK(a.unit_weights == b.unit_weights);
    CHECK(a.unit_rules == b.unit_rules);
    CHECK(a.intra_offsets == b.intra_offsets);
    CHECK(a.intra_units == b.intra_units);
    CHECK(a.intra_strengths == b.intra_strengths);
    CHECK(a.intra_groups == b.intra_groups);
}

}  // namespace

TEST_CASE("IIM sector-level coupling from the check's resolved ends, kept or left stale by edits", "[engine][iim]") {
    auto m = random_model(300, 11);
    // The last consumer: a second dependency on one supplier (the largest
    // counts), a repair dependency (nothing) and a self-dependency.
    Dependency cyber = dep("s5", "s299", 0.02);
    cyber.type = DependencyType::cyber;
    Dependency repair = dep("s7", "s299", 0.4);
    repair.effect = DependencyEffect::repair;
    m.dependencies.push_back(dep("s5", "s299", 0.01));
    m.dependencies.push_back(cyber);
    m.dependencies.push_back(repair);
    m.dependencies.push_back(dep("s299", "s299", 0.05));
    check_and_resolve_model(m);
    REQUIRE(m.dependency_ends.size() == m.dependencies.size());
    const auto fresh = build_iim_coupling(m);
    check_same_coupling(fresh, coupling_by_ids(m));
    CHECK(fresh.a_star.at(299, 5) == 0.02);
    CHECK(fresh.a_star.at(299, 7) == 0.0);
    CHECK(fresh.a_star.at(299, 299) == 0.05);
    // Edits after the check leave the ends as they were: whatever they now
    // say, A* is the one the ids give.
    SECTION("two sectors swap ids") { std::swap(m.sectors[3].id, m.sectors[200].id); }
    SECTION("a dependency names another supplier") { m.dependencies[10].from = m.dependencies[10].from == "s42" ? "s43" : "s42"; }
    SECTION("a dependency names another consumer") { m.dependencies[10].to = "s0"; }
    SECTION("a dependency is removed") { m.dependencies.erase(m.dependencies.begin() + 10); }
    SECTION("a dependency is added") { m.dependencies.push_back(dep("s1", "s299", 0.03)); }
    SECTION("the sectors are reordered") { std::reverse(m.sectors.begin(), m.sectors.end()); }
    SECTION("a sector is added in front") { m.sectors.insert(m.sectors.begin(), sector("s300")); }
    SECTION("a group is given") { m.dependencies[10].group = "backup"; }
    SECTION("every id renamed, references with it") {
        for (auto& s : m.sectors) s.id = "sector-" + s.id;
        for (auto& d : m.dependencies) d.from = "sector-" + d.from, d.to = "sector-" + d.to;
    }
    SECTION("ids longer than 7 bytes, alike but for their end, swapped") {
        for (auto& s : m.sectors) s.id = "sector-" + s.id;
        for (auto& d : m.dependencies) d.from = "sector-" + d.from, d.to = "sector-" + d.to;
        std::swap(m.sectors[100].id, m.sectors[200].id);
    }
    SECTION("strengths set, as countermeasures and vintages do") {
        for (auto& d : m.dependencies) d.set("strength", d.strength / 2);
        const auto halved = build_iim_coupling(m);
        for (std::size_t e = 0; e < halved.a_star.values.size(); ++e) CHECK(halved.a_star.values[e] == fresh.a_star.values[e] / 2);
    }
    check_same_coupling(build_iim_coupling(m), coupling_by_ids(m));
}

TEST_CASE("IIM sector-level coupling: ids alike in their first 8 bytes, dependencies in consumer order", "[engine][iim]") {
    // The direct path compares ids by length and first 8 bytes, then the rest.
    Model m;
    m.file = "ids.json";
    m.sectors = {sector("water-treatment-1"), sector("water-treatment-2"), sector("power001"), sector("power002"),
                 sector("p"), sector("pumps")};
    m.dependencies = {dep("power001", "water-treatment-1", 0.4), dep("water-treatment-2", "water-treatment-1", 0.2),
                      dep("power002", "water-treatment-2", 0.3), dep("power002", "water-treatment-2", 0.1, "g"),
                      dep("p", "power001", 0.5), dep("power001", "power002", 0.6), dep("power002", "p", 0.7),
                      dep("pumps", "p", 0.05)};
    // 300 ids of one length with the same first 8 bytes ("facility"), each
    // supplying the next: lookups must compare the rest.
    for (int k = 0; k < 300; ++k) m.sectors.push_back(sector("facility-" + std::to_string(100 + k)));
    for (int k = 0; k < 300; ++k)
        m.dependencies.push_back(dep("facility-" + std::to_string(100 + (k + 1) % 300), "facility-" + std::to_string(100 + k), 0.1));
    const auto direct = build_iim_coupling(m);
    const auto expanded = build_iim_coupling(m, build_network(m));
    CHECK(direct.a_star.row_offsets == expanded.a_star.row_offsets);
    CHECK(direct.a_star.cols == expanded.a_star.cols);
    CHECK(direct.a_star.values == expanded.a_star.values);
    CHECK(direct.unit_suppliers == expanded.unit_suppliers);
    CHECK(direct.unit_strengths == expanded.unit_strengths);
    const auto& a = direct.a_star;
    CHECK(a.values.size() == 7 + 300);
    for (std::size_t k = 0; k < 300; ++k) CHECK(a.at(6 + k, 6 + (k + 1) % 300) == 0.1);
    CHECK(a.at(0, 2) == 0.4);
    CHECK(a.at(0, 1) == 0.2);
    CHECK(a.at(1, 3) == 0.3);  // the grouped 0.1 and the ungrouped 0.3 on one sector: the largest
    CHECK(a.at(2, 4) == 0.5);
    CHECK(a.at(3, 2) == 0.6);
    CHECK(a.at(4, 3) == 0.7);
    CHECK(a.at(4, 5) == 0.05);
    m.dependencies.push_back(dep("power-plant-x", "p", 0.1));
    CHECK_THROWS(build_iim_coupling(m));
}

TEST_CASE("IIM engine: no event leaves every sector and unit operable", "[engine][iim]") {
    EngineRegistry registry;
    register_builtin_engines(registry);
    const auto* iim = registry.find("iim");
    REQUIRE(iim);
    auto m = three_sectors();
    const auto r = iim->run(m, scenario_with({}), RunOptions{});
    REQUIRE(r.times.size() == 13);
    for (float v : r.sector_operability) CHECK(v == 1.0f);
    CHECK(r.log.empty());
    CHECK(r.engine == "iim");
}

TEST_CASE("IIM engine: each step is the steady state of its perturbation", "[engine][iim]") {
    const Iim engine;
    const auto m = three_sectors();
    // Damage 0.5 on a over [2, 6) (step recovery).
    const auto r = engine.run(m, scenario_with({outage("a", 2, 4, 0.5)}), RunOptions{});
    const auto s = solve_iim(m, {{"a", 0.5}});
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(r.sector_at(1, i) == 1.0f);
        CHECK(r.sector_at(4, i) == Approx(1.0 - s.q[i]).margin(1e-6));
        CHECK(r.sector_at(8, i) == 1.0f);
    }
    CHECK_FALSE(r.has_units());  // sector-level model: sectors are the units
    // a falls to 4/9: below service and below half at t = 2, caused by event 0.
    auto find = [&](LogKind kind, std::uint32_t index) -> const LogEntry* {
        for (const auto& e : r.log)
            if (e.kind == kind && e.level == Level::sector && e.index == index) return &e;
        return nullptr;
    };
    const auto* below = find(LogKind::below_service, 0);
    REQUIRE(below);
    CHECK(below->t_h == 2.0);
    CHECK(below->event == 0);
    REQUIRE(find(LogKind::below_half, 0));
    CHECK_FALSE(find(LogKind::below_half, 1));  // b at 13/18 stays above half
    REQUIRE(find(LogKind::below_service, 2));
    CHECK(find(LogKind::below_service, 2)->event == -1);  // c is hit only indirectly
    const auto* back = find(LogKind::restored, 0);
    REQUIRE(back);
    CHECK(back->t_h == 6.0);
    CHECK(std::is_sorted(r.log.begin(), r.log.end(),
                         [](const LogEntry& x, const LogEntry& y) { return x.t_h < y.t_h; }));
}

TEST_CASE("IIM engine: a sector-wide blackout is not counted twice", "[engine][iim]") {
    Model m;
    m.file = "blackout.json";
    m.sectors = {sector("power"), sector("telecom")};
    m.dependencies = {dep("power", "telecom", 0.9), dep("telecom", "power", 0.2)};
    Event e;
    e.kind = EventKind::blackout;
    e.target.region = "*";
    e.start_h = 0;
    e.duration_h = 5;
    e.severity = 0.5;
    const auto r = Iim().run(m, scenario_with({e}), RunOptions{});
    // The darkened power sector carries the loss to telecom through A*; the
    // supply cut on telecom adds nothing on top.
    const auto s = solve_iim(m, {{"power", 0.5}});
    CHECK(r.sector_at(1, 0) == Approx(1.0 - s.q[0]).margin(1e-6));
    CHECK(r.sector_at(1, 1) == Approx(1.0 - s.q[1]).margin(1e-6));
}

TEST_CASE("IIM engine: asset-level units disaggregate their sector", "[engine][iim]") {
    Model m;
    m.file = "assets.json";
    m.sectors = {sector("power"), sector("medical")};
    Node h1, h2;
    h1.id = "h1", h1.sector = "medical";
    h2.id = "h2", h2.sector = "medical";
    m.nodes = {h1, h2};
    m.dependencies = {dep("power", "h1", 0.8), dep("power", "h2", 0.4)};
    const auto r = Iim().run(m, scenario_with({outage("power", 0, 10, 0.5), outage("h2", 0, 10, 0.3)}), RunOptions{});
    REQUIRE(r.has_units());
    const auto net = build_network(m);
    const auto h1u = net.unit_index.at("h1"), h2u = net.unit_index.at("h2");
    // h1: 0.8·0.5 = 0.4; h2: 0.3 + 0.4·0.5 = 0.5; medical = mean = 0.45.
    CHECK(r.unit_at(1, h1u) == Approx(0.6).margin(1e-6));
    CHECK(r.unit_at(1, h2u) == Approx(0.5).margin(1e-6));
    CHECK(r.sector_at(1, 1) == Approx(0.55).margin(1e-6));
    CHECK(r.sector_at(1, 0) == Approx(0.5).margin(1e-6));
}

TEST_CASE("IIM engine rejects ρ ≥ 1 with an input error", "[engine][iim]") {
    Model m;
    m.file = "singular.json";
    m.sectors = {sector("a"), sector("b")};
    m.dependencies = {dep("a", "b", 1.0), dep("b", "a", 1.0)};
    REQUIRE_THROWS_AS(Iim().run(m, scenario_with({}), RunOptions{}), InputError);
}

TEST_CASE("IIM fixture file loads and solves as built in code", "[engine][iim]") {
    const auto m = load_model(std::string(CISIM_SOURCE_DIR) + "/tests/fixtures/iim-three.json");
    const auto s = solve_iim(m, {{"a", 0.5}});
    CHECK(s.q[2] == Approx(25.0 / 81).margin(1e-9));
    REQUIRE(s.loss);
    CHECK(*s.loss == Approx(625.0 / 9).margin(1e-9));
}

namespace {

// m depends on a and b with 0.6 each: row sum 1.2. Under the cascade's min
// rule losing both fully costs m 0.6; the IIM adds them to 1.2.
Model additive_pair() {
    Model m;
    m.file = "additive.json";
    m.sectors = {sector("a"), sector("b"), sector("m")};
    m.dependencies = {dep("a", "m", 0.6), dep("b", "m", 0.6)};
    return m;
}

bool has_note(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("IIM row sums of A* and the rows that reach 1", "[engine][iim][notes]") {
    auto m = additive_pair();
    const auto a = build_iim_coupling(m).a_star;
    CHECK(row_sums(a) == std::vector<double>{0.0, 0.0, 1.2});
    CHECK(rows_at_least_one(a) == std::vector<std::size_t>{2});
    // Exactly 1 counts (strengths that add up to one full loss), just below does not.
    m.dependencies = {dep("a", "m", 0.5), dep("b", "m", 0.5), dep("a", "b", 0.999)};
    const auto exact = build_iim_coupling(m).a_star;
    CHECK(rows_at_least_one(exact) == std::vector<std::size_t>{2});
    // Three-sector fixture: rows 0.2, 0.5, 0.8 (diagonal included): none.
    CHECK(rows_at_least_one(build_iim_coupling(three_sectors()).a_star).empty());
}

TEST_CASE("IIM solution names the rows of A* summing to >= 1 and the saturated sectors", "[engine][iim][notes]") {
    const auto m = additive_pair();
    SECTION("suppliers 90 % down drive m to the cap") {
        // q_m = min(1, 0.6·0.9 + 0.6·0.9) = min(1, 1.08) = 1; under the min rule m would lose 0.54.
        const auto s = solve_iim(m, {{"a", 0.9}, {"b", 0.9}});
        CHECK(s.q[2] == 1.0);
        CHECK(s.row_sums == std::vector<double>{0.0, 0.0, 1.2});
        CHECK(s.row_sums_at_least_one == std::vector<std::string>{"m"});
        CHECK(s.saturated_sectors == std::vector<std::string>{"m"});
        CHECK(has_note(s.notes, "reuses the dependency strengths additively"));
        CHECK(has_note(s.notes, "row sum of A* >= 1 in: m (1.20)"));
        CHECK(has_note(s.notes, "saturated at inoperability 1 (the cap) in: m"));
    }
    SECTION("below 1/r nothing saturates, but the row is still named") {
        // 1/1.2 = 0.833…: at 0.8 each, q_m = 0.96.
        const auto s = solve_iim(m, {{"a", 0.8}, {"b", 0.8}});
        CHECK(s.q[2] == Approx(0.96).margin(1e-12));
        CHECK(s.saturated_sectors.empty());
        CHECK(has_note(s.notes, "row sum of A* >= 1 in: m (1.20)"));
        CHECK_FALSE(has_note(s.notes, "saturated"));
    }
    SECTION("a directly and fully hit sector is at the cap too") {
        const auto s = solve_iim(three_sectors(), {{"c", 1.0}});
        CHECK(s.saturated_sectors == std::vector<std::string>{"c"});
        CHECK(s.row_sums_at_least_one.empty());
        CHECK_FALSE(has_note(s.notes, "row sum"));
    }
}

TEST_CASE("IIM engine notes the rows of A* summing to >= 1 and the saturated sectors", "[engine][iim][notes]") {
    const auto m = additive_pair();
    const auto r = Iim().run(m, scenario_with({outage("a", 0, 4, 0.9), outage("b", 0, 4, 0.9)}), RunOptions{});
    CHECK(r.sector_at(1, 2) == 0.0f);
    CHECK(has_note(r.notes, "iim: A* reuses the dependency strengths additively"));
    CHECK(has_note(r.notes, "iim: row sum of A* >= 1 in: m (1.20)"));
    CHECK(has_note(r.notes, "iim: saturated at inoperability 1 (the cap) in: m"));
    // At 0.5 each m reaches 0.6 only: the row is named, nothing saturates.
    const auto mild = Iim().run(m, scenario_with({outage("a", 0, 4, 0.5), outage("b", 0, 4, 0.5)}), RunOptions{});
    CHECK(has_note(mild.notes, "iim: row sum of A* >= 1 in: m (1.20)"));
    CHECK_FALSE(has_note(mild.notes, "saturated"));
}

TEST_CASE("IIM sparse path: the norm-bound path agrees with the block-radius path", "[engine][iim]") {
    // Row sums ≤ 0.9: the bound proves ρ < 1, so solves are Gauss–Seidel and no
    // radius is computed until asked; norm_bound = false takes the old path
    // (block radii, invertibility solve, BiCGSTAB) on the same matrix.
    const auto m = random_model(700, 4242);
    const auto a = build_iim_coupling(m, build_network(m)).a_star;
    IimOptions bound{IimMethod::sparse}, iterate{IimMethod::sparse};
    iterate.norm_bound = false;
    const IimSolver by_bound(a, m.file, bound), by_radius(a, m.file, iterate);
    std::vector<double> c(a.size(), 0.0);
    for (const auto& [id, value] : random_shocks(m, 3)) c[std::stoul(id.substr(1))] = value;
    const auto qb = by_bound.solve(c), qr = by_radius.solve(c), expected = gauss_solve(m, c);
    double worst = 0, worst_ref = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
        worst = std::max(worst, std::abs(qb[i] - qr[i]));
        worst_ref = std::max(worst_ref, std::abs(qb[i] - expected[i]));
    }
    CHECK(worst < 1e-11);
    CHECK(worst_ref < 1e-9);
    CHECK(by_bound.spectral_radius() == by_radius.spectral_radius());  // computed when asked, by the same method
    // Saturating shocks: held sectors solved by the same sweeps (low-rank and refactorised).
    std::map<std::string, double> big;
    for (std::size_t i = 0; i < 700; i += 3) big[m.sectors[i].id] = 0.9;
    for (std::size_t low_rank_max : {std::size_t{0}, std::size_t{1000}}) {
        bound.low_rank_max = iterate.low_rank_max = low_rank_max;
        const auto sb = solve_iim(m, big, bound), sr = solve_iim(m, big, iterate);
        REQUIRE(sb.saturated);
        require_fixed_point(m, sb);
        for (std::size_t i = 0; i < sb.q.size(); ++i) CHECK(sb.q[i] == Approx(sr.q[i]).margin(1e-10));
    }
}

TEST_CASE("IIM sparse path when no norm bound holds or only the column bound does", "[engine][iim]") {
    SECTION("row and column sums above 1, acyclic: ρ = 0, solved exactly") {
        // A*: a ← b 0.6, a ← c 0.6 (row a: 1.2); d ← b 0.6 (column b: 1.2); e ← a 0.5.
        Model m;
        m.file = "nobound.json";
        m.sectors = {sector("a"), sector("b"), sector("c"), sector("d"), sector("e")};
        m.dependencies = {dep("b", "a", 0.6), dep("c", "a", 0.6), dep("b", "d", 0.6), dep("a", "e", 0.5)};
        const auto s = solve_iim(m, {{"b", 0.5}, {"c", 0.25}}, IimOptions{IimMethod::sparse});
        // q_a = 0.6·0.5 + 0.6·0.25 = 0.45, q_d = 0.3, q_e = 0.225.
        CHECK(s.spectral_radius == 0.0);
        CHECK(s.q[0] == Approx(0.45).margin(1e-12));
        CHECK(s.q[3] == Approx(0.3).margin(1e-12));
        CHECK(s.q[4] == Approx(0.225).margin(1e-12));
    }
    SECTION("only the column bound: row a sums to 1.2, every column to ≤ 0.7") {
        Model m;
        m.file = "columns.json";
        m.sectors = {sector("a"), sector("b"), sector("c")};
        m.dependencies = {dep("b", "a", 0.6), dep("c", "a", 0.6), dep("a", "b", 0.1)};
        // ρ² = 0.6·0.1 (the a–b loop): ρ = √0.06. q = (I − A*)⁻¹ c* with c* = (0, 0, 0.5):
        // q_a = 0.3 / (1 − 0.06) and q_b = 0.1 q_a.
        const auto s = solve_iim(m, {{"c", 0.5}}, IimOptions{IimMethod::sparse});
        CHECK(s.spectral_radius == Approx(std::sqrt(0.06)).margin(1e-9));
        CHECK(s.q[0] == Approx(0.3 / 0.94).margin(1e-12));
        CHECK(s.q[1] == Approx(0.03 / 0.94).margin(1e-12));
        CHECK(s.q[2] == Approx(0.5).margin(1e-12));
    }
}

TEST_CASE("IIM key sectors: the top of the ranking by column-total bounds equals the full ranking", "[engine][iim]") {
    for (std::size_t n : {std::size_t{40}, std::size_t{600}}) {  // dense and sparse paths
        const auto m = random_model(n, 77 + n);
        const auto full = iim_key_sectors(m);
        REQUIRE(full.size() == n);
        for (std::size_t top : {std::size_t{1}, std::size_t{5}, std::size_t{12}}) {
            const auto part = iim_key_sectors(m, top);
            REQUIRE(part.size() == top);
            for (std::size_t k = 0; k < top; ++k) {
                CHECK(part[k].id == full[k].id);
                CHECK(part[k].total_inoperability == full[k].total_inoperability);
            }
        }
    }
}
