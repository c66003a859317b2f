#pragma once
// Global sensitivity of a model output to k inputs, all given as quantiles
// u in (0, 1) (each input's own inverse CDF maps them to values).
//
// Sobol indices: Saltelli sampling with the estimators of Saltelli et al.
// (2010), "Variance based sensitivity analysis of model output", Comput. Phys.
// Commun. 181, Table 2: first order S1_i = E[f_B (f_AB_i − f_A)] / V (their
// (b), with f_B centred on the mean of A and B), total ST_i = ½ E[(f_A − f_AB_i)²] / V (Jansen 1999, their (f)); 95 %
// confidence half-widths by bootstrap over the base rows (1.96 × standard
// deviation of the resampled indices, fixed seed).
//
// Morris elementary effects: the radial design of Campolongo, Saltelli &
// Cariboni (2011) with mu* (mean absolute effect, Campolongo, Cariboni &
// Saltelli 2007) and sigma (standard deviation of the effects), effects per
// unit of quantile.
//
// Points are pseudo-random (mt19937_64 from the seed). Not a Kronecker
// (R-sequence) lattice: its A and B columns correlate by ±15 % at 512 rows, which
// biases the product estimators (measured).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cisim {

/// `count` seeded uniform points in dimension `dim`, row-major (count × dim), in (0, 1).
std::vector<double> design_points(std::size_t count, std::size_t dim, std::uint64_t seed);

/// Saltelli's design for n base rows and k inputs: (k + 2) blocks of n rows of k
/// quantiles, row-major: A, B, then AB_1 … AB_k (A with column i from B).
std::vector<double> saltelli_design(std::size_t n, std::size_t k, std::uint64_t seed);

struct SobolIndex {
    double s1 = 0, s1_conf = 0, st = 0, st_conf = 0;
};

/// The indices from outputs y of saltelli_design(n, k, …), in its row order.
/// A constant output has no variance to share: every index is 0.
std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k,
                                      std::uint64_t seed = 1, int bootstrap = 1000);

/// Campolongo's radial design: r blocks of k + 1 rows of k quantiles, row-major:
/// the base point a, then a with input i moved to the auxiliary point b's value.
/// Each move is at least 0.1 in quantile.
std::vector<double> morris_design(std::size_t r, std::size_t k, std::uint64_t seed);

struct MorrisIndex {
    double mu_star = 0, sigma = 0;
};

/// mu* and sigma from outputs y of morris_design(r, k, …) on `design`.
std::vector<MorrisIndex> morris_indices(std::span<const double> design, std::span<const double> y, std::size_t r,
                                        std::size_t k);

}  // namespace cisim
