// Sobol (Saltelli/Jansen) and Morris estimators against functions with known indices.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/Sensitivity.hpp"

using namespace cisim;

namespace {

/// Ishigami & Homma (1990) on x_i = −π + 2π u_i, with a = 7, b = 0.1.
double ishigami(const double* u) {
    const double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST_CASE("Saltelli/Jansen indices of the Ishigami function lie within their confidence", "[analysis][sensitivity]") {
    // Analytic: V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50), V = V1 + V2 + V13.
    const double a = 7, b = 0.1, pi4 = std::pow(M_PI, 4);
    const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = b * b * pi4 * pi4 * (1.0 / 18 - 1.0 / 50);
    const double v = v1 + v2 + v13;
    const double s1[] = {v1 / v, v2 / v, 0}, st[] = {(v1 + v13) / v, v2 / v, v13 / v};
    REQUIRE(s1[0] == Approx(0.314).margin(5e-4));
    REQUIRE(st[2] == Approx(0.244).margin(5e-4));

    const std::size_t n = 4096, k = 3;
    const auto x = saltelli_design(n, k, 42);
    REQUIRE(x.size() == (k + 2) * n * k);
    std::vector<double> y((k + 2) * n);
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = ishigami(x.data() + r * k);
    const auto idx = sobol_indices(y, n, k, 7);
    for (std::size_t i = 0; i < k; ++i) {
        INFO("input " << i + 1 << ": S1 " << idx[i].s1 << " ± " << idx[i].s1_conf << ", ST " << idx[i].st << " ± "
                      << idx[i].st_conf);
        REQUIRE(idx[i].s1_conf > 0);
        REQUIRE(idx[i].s1_conf < 0.1);
        REQUIRE(std::fabs(idx[i].s1 - s1[i]) <= idx[i].s1_conf);
        REQUIRE(std::fabs(idx[i].st - st[i]) <= idx[i].st_conf);
    }
    // The same seed gives the same indices.
    const auto again = sobol_indices(y, n, k, 7);
    REQUIRE(again[0].s1_conf == idx[0].s1_conf);
}

TEST_CASE("Saltelli design: AB_i is A with column i from B", "[analysis][sensitivity]") {
    const std::size_t n = 5, k = 3;
    const auto x = saltelli_design(n, k, 1);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t c = 0; c < k; ++c) {
                const double from = (c == i ? x[(n + j) * k + c] : x[j * k + c]);
                REQUIRE(x[((2 + i) * n + j) * k + c] == from);
                REQUIRE(x[j * k + c] > 0);
                REQUIRE(x[j * k + c] < 1);
            }
}

TEST_CASE("a constant output has zero indices", "[analysis][sensitivity]") {
    const std::vector<double> y(5 * 10, 3.0);
    const auto idx = sobol_indices(y, 10, 3);
    for (const auto& i : idx) REQUIRE((i.s1 == 0 && i.st == 0));
}

TEST_CASE("Morris mu* and sigma of a linear and a quadratic term", "[analysis][sensitivity]") {
    // f = 3u1 − 2u2 + u3²: effects 3 and −2 exactly; u3's effect is a + b, mean
    // E[a + b] = 1 over the design (about: the design's points average ½).
    const std::size_t r = 200, k = 4;
    const auto x = morris_design(r, k, 3);
    std::vector<double> y(r * (k + 1));
    for (std::size_t row = 0; row < y.size(); ++row) {
        const double* u = x.data() + row * k;
        y[row] = 3 * u[0] - 2 * u[1] + u[2] * u[2];
    }
    const auto m = morris_indices(x, y, r, k);
    REQUIRE(m[0].mu_star == Approx(3));
    REQUIRE(m[0].sigma == Approx(0).margin(1e-9));
    REQUIRE(m[1].mu_star == Approx(2));
    REQUIRE(m[2].mu_star == Approx(1).margin(0.05));
    REQUIRE(m[2].sigma > 0.2);
    REQUIRE(m[3].mu_star == 0);
}
