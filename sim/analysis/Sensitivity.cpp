#include "analysis/Sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace cisim {

namespace {

/// Keeps a quantile strictly inside (0, 1): inverse CDFs are infinite at the ends.
double inside(double u) { return std::clamp(u, 1e-9, 1 - 1e-9); }

}  // namespace

std::vector<double> design_points(std::size_t count, std::size_t dim, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<double> points(count * dim);
    for (auto& x : points) x = inside((static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53);
    return points;
}

std::vector<double> saltelli_design(std::size_t n, std::size_t k, std::uint64_t seed) {
    const auto base = design_points(n, 2 * k, seed);  // row j: A_j then B_j
    std::vector<double> x((k + 2) * n * k);
    auto row = [&](std::size_t block, std::size_t j) { return x.data() + (block * n + j) * k; };
    for (std::size_t j = 0; j < n; ++j) {
        const double* a = base.data() + j * 2 * k;
        const double* b = a + k;
        std::copy(a, a + k, row(0, j));
        std::copy(b, b + k, row(1, j));
        for (std::size_t i = 0; i < k; ++i) {
            std::copy(a, a + k, row(2 + i, j));
            row(2 + i, j)[i] = b[i];
        }
    }
    return x;
}

namespace {

/// The indices over base rows `rows` (a bootstrap resample, or 0..n−1).
void estimate(std::span<const double> y, std::size_t n, std::size_t k, const std::vector<std::size_t>& rows,
              std::vector<double>& s1, std::vector<double>& st) {
    const auto m = static_cast<double>(rows.size());
    double mean = 0;
    for (auto j : rows) mean += y[j] + y[n + j];
    mean /= 2 * m;
    double var = 0;
    for (auto j : rows) var += (y[j] - mean) * (y[j] - mean) + (y[n + j] - mean) * (y[n + j] - mean);
    var /= 2 * m;
    s1.assign(k, 0);
    st.assign(k, 0);
    if (!(var > 0)) return;
    for (std::size_t i = 0; i < k; ++i) {
        const double* ab = y.data() + (2 + i) * n;
        double first = 0, total = 0;
        for (auto j : rows) {
            // Centred: E[f_AB − f_A] = 0, so the mean changes nothing expected but the
            // estimator's variance (large for outputs far from 0, e.g. hours).
            first += (y[n + j] - mean) * (ab[j] - y[j]);
            total += (y[j] - ab[j]) * (y[j] - ab[j]);
        }
        s1[i] = first / m / var;
        st[i] = total / (2 * m) / var;
    }
}

}  // namespace

std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k, std::uint64_t seed,
                                      int bootstrap) {
    if (y.size() != (k + 2) * n) throw std::invalid_argument("sobol_indices: expected (k + 2) × n outputs");
    std::vector<std::size_t> rows(n);
    for (std::size_t j = 0; j < n; ++j) rows[j] = j;
    std::vector<double> s1, st;
    estimate(y, n, k, rows, s1, st);
    std::vector<SobolIndex> out(k);
    for (std::size_t i = 0; i < k; ++i) {
        out[i].s1 = s1[i];
        out[i].st = st[i];
    }
    if (bootstrap < 2 || n < 2) return out;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<double> sum1(k), sq1(k), sumt(k), sqt(k);
    for (int b = 0; b < bootstrap; ++b) {
        for (auto& r : rows) r = pick(rng);
        estimate(y, n, k, rows, s1, st);
        for (std::size_t i = 0; i < k; ++i) {
            sum1[i] += s1[i];
            sq1[i] += s1[i] * s1[i];
            sumt[i] += st[i];
            sqt[i] += st[i] * st[i];
        }
    }
    const auto B = static_cast<double>(bootstrap);
    auto sd = [&](double sum, double sq) { return std::sqrt(std::max(0.0, (sq - sum * sum / B) / (B - 1))); };
    for (std::size_t i = 0; i < k; ++i) {
        out[i].s1_conf = 1.96 * sd(sum1[i], sq1[i]);
        out[i].st_conf = 1.96 * sd(sumt[i], sqt[i]);
    }
    return out;
}

std::vector<double> morris_design(std::size_t r, std::size_t k, std::uint64_t seed) {
    const auto base = design_points(r, 2 * k, seed);
    std::vector<double> x(r * (k + 1) * k);
    for (std::size_t t = 0; t < r; ++t) {
        const double* a = base.data() + t * 2 * k;
        const double* b = a + k;
        double* block = x.data() + t * (k + 1) * k;
        std::copy(a, a + k, block);
        for (std::size_t i = 0; i < k; ++i) {
            double* row = block + (i + 1) * k;
            std::copy(a, a + k, row);
            double to = b[i];
            // A tiny step says little about the slope; move at least 0.1.
            if (std::fabs(to - a[i]) < 0.1) to = inside(a[i] < 0.5 ? a[i] + 0.1 : a[i] - 0.1);
            row[i] = to;
        }
    }
    return x;
}

std::vector<MorrisIndex> morris_indices(std::span<const double> design, std::span<const double> y, std::size_t r,
                                        std::size_t k) {
    if (y.size() != r * (k + 1) || design.size() != y.size() * k)
        throw std::invalid_argument("morris_indices: expected r × (k + 1) outputs");
    std::vector<MorrisIndex> out(k);
    for (std::size_t i = 0; i < k; ++i) {
        double sum = 0, sum_abs = 0, sq = 0;
        for (std::size_t t = 0; t < r; ++t) {
            const std::size_t a = t * (k + 1), moved = a + i + 1;
            const double step = design[moved * k + i] - design[a * k + i];
            const double effect = (y[moved] - y[a]) / step;
            sum += effect;
            sum_abs += std::fabs(effect);
            sq += effect * effect;
        }
        const auto R = static_cast<double>(r);
        out[i].mu_star = sum_abs / R;
        out[i].sigma = r > 1 ? std::sqrt(std::max(0.0, (sq - sum * sum / R) / (R - 1))) : 0.0;
    }
    return out;
}

}  // namespace cisim
