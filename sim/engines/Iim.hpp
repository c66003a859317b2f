#pragma once
// Inoperability input-output model (IIM), Haimes & Jiang (2001), "Leontief-based
// model of risk in complex interconnected infrastructures", J. Infrastructure
// Systems 7(1), eq. 9: steady state q = A* q + c*, so q = (I − A*)⁻¹ c*.
// A*ᵢⱼ is the inoperability of sector i caused by full inoperability of sector
// j. With input-output data it is A* = diag(x)⁻¹ A diag(x) (Santos & Haimes
// 2004, Risk Analysis 24(6)); here it is built from the model's dependencies:
//   A*ᵢⱼ = Σ over units u of sector i of  wᵤ · R(s·ⱼ)ᵤ   (wᵤ: capacity share),
//   sᵤⱼ  = the loss of u's function when sector j fails fully, by u's
//          combination rule (SPEC §5.4 step 4) over its `function`
//          dependencies on j (on j's aggregate, or on a named unit of j ≠ i):
//          the largest strength under `min` (the default), 1 − Π(1 − strength)
//          under `product`; a redundancy group is one dependency with its
//          largest strength;
//   R    = the within-sector closure: dependencies between named units of one
//          sector (plant → pump → district) describe how the sector produces
//          its service, not a sector-on-itself coefficient, so losses are
//          spread along them before aggregating: pᵤ = min(1, eᵤ + lossᵤ(p)),
//          lossᵤ by u's rule over its same-sector suppliers (a group counts
//          as its largest strength times its best member). Without such
//          dependencies R is the identity.
// So a sector-level edge j → i gives A*ᵢⱼ = strength; the diagonal a*ᵢᵢ comes
// from dependencies on the sector's own aggregate (a sector-level self-edge).
// Losses from different supplier sectors add (the IIM is linear). The
// perturbation c*ᵢ is likewise Σᵤ wᵤ R(direct)ᵤ. Economic loss Q = Σ xᵢ qᵢ
// (Santos & Haimes 2004, eq. 14).
// Additive reuse of strengths: a strength says how much of the consumer is
// lost when that one supplier is lost, and the cascade engine combines a
// unit's suppliers by its rule (the largest loss under `min`). A* reuses the
// same strengths as linear coefficients, so the losses caused by several
// supplier sectors add up. A row of A* whose sum rᵢ = Σⱼ a*ᵢⱼ is ≥ 1 says
// that the strengths on i's suppliers add up to a full loss or more: once
// every sector in the row (i itself aside) is at inoperability 1/rᵢ, i is at 1
// (rᵢ = 2.5: suppliers 40 % down put i 100 % down), where under the min rule
// i would lose only its largest strength times 0.4. Such rows make sectors
// saturate under partial shocks; iim_notes() says which rows and which sectors.
// Dependency and influence indices after Setola, De Porcellinis & Sforna
// (2009), IJCIP 2(4):170–178:  δᵢ = Σ_{j≠i} a*ᵢⱼ / (n−1) (how much i depends on
// the others), ρⱼ = Σ_{i≠j} a*ᵢⱼ / (n−1) (how much j drives the others); the
// overall indices apply the same sums to the off-diagonal entries of
// (I − A*)⁻¹ (equivalently of (I − A*)⁻¹ − I), which include every higher-order
// path. With one sector all indices are 0.
//
// Deviations and choices:
// - Inoperability cannot exceed 1 (SPEC §5.2): the answer is the fixed point of
//   q = min(1, A* q + c*). It is found by the principal-pivoting method for
//   Z-matrix complementarity problems (Chandrasekaran 1970, "A special case of
//   the complementary pivot problem", Opsearch 7:263–268): solve linearly; hold
//   every sector with q > 1 at 1 and re-solve the rest; then release held
//   sectors whose A* q + c* is below 1, until none is. Held sectors are only ever
//   released (a sector over 1 in the unconstrained solve may fall below 1 once
//   the sectors feeding it are capped), which makes the loop finite and exact.
//   Each round reuses the factorisation of I − A* through a rank-|S| update
//   (|S| held sectors, up to IimOptions::low_rank_max) or refactorises the
//   rows of the free sectors.
// - A redundancy group whose members belong to several supplier sectors adds
//   nothing to A*: losing one of those sectors fully leaves the others.
// - Repair dependencies (effect "repair") carry no loss of function; ignored.
// - Dense LU up to IimOptions::dense_max sectors, sparse BiCGSTAB (diagonal
//   preconditioner, at most 1000 iterations, SparseLU fallback) above;
//   (I − A*)⁻¹, and so the overall Setola indices, only on the dense path.
// - Sparse path: ρ(A*) ≤ min(largest row sum, largest column sum) (any induced
//   norm bounds ρ). When that is below 1, the Leontief inverse exists and the
//   block radii below are computed only when asked for (spectral_radius());
//   below 1 by rows, solves are Gauss–Seidel sweeps (Saad 2003, "Iterative
//   Methods for Sparse Linear Systems", ch. 4: for A* ≥ 0 a contraction by the
//   largest row sum in the max norm, which gives their stopping bound),
//   BiCGSTAB otherwise.
// - The spectral radius is the largest over strongly connected blocks of A*:
//   a one-sector block is its diagonal, blocks up to 64 sectors use Eigen's
//   eigenvalues, larger ones power iteration on the block + I with
//   Collatz–Wielandt bounds (stops when the bounds are 1e-10 apart or after
//   2000 iterations; then the upper bound is reported). ρ(A*) < 1 is also
//   checked exactly as (I − A*)⁻¹1 ≥ 1 (a nonsingular M-matrix), so a
//   model is rejected when either test fails.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/Engine.hpp"
#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// A* (sector × sector) in compressed rows: row i lists the suppliers j of sector i.
struct InterdependencyMatrix {
    std::vector<std::string> ids;            ///< sector ids, model order
    std::vector<std::uint32_t> row_offsets;  ///< row i is [row_offsets[i], row_offsets[i+1])
    std::vector<std::uint32_t> cols;         ///< supplier sector of each entry, ascending per row
    std::vector<double> values;              ///< a*ᵢⱼ in (0, 1]

    /// Rows, from row_offsets (the solver keeps A* without its ids).
    std::size_t size() const { return row_offsets.empty() ? 0 : row_offsets.size() - 1; }
    double at(std::size_t i, std::size_t j) const;  ///< a*ᵢⱼ (0 when absent)
};

/// A* and the per-unit coupling it aggregates (units as in build_network).
struct IimCoupling {
    InterdependencyMatrix a_star;
    std::vector<std::uint32_t> unit_offsets;    ///< unit u's suppliers are [unit_offsets[u], unit_offsets[u+1])
    std::vector<std::uint32_t> unit_suppliers;  ///< supplier sector
    std::vector<double> unit_strengths;         ///< sᵤⱼ ∈ (0, 1]: u's loss at full loss of that sector
    std::vector<std::uint32_t> unit_sectors;    ///< sector of each unit
    std::vector<double> unit_weights;           ///< capacity share of each unit in its sector
    std::vector<Combination> unit_rules;        ///< combination rule of each unit
    std::vector<std::uint32_t> intra_offsets;   ///< unit u's suppliers within its sector: [intra_offsets[u], intra_offsets[u+1])
    std::vector<std::uint32_t> intra_units;     ///< supplier unit (same sector)
    std::vector<double> intra_strengths;        ///< dependency strength
    std::vector<std::int32_t> intra_groups;     ///< redundancy group local to the consumer, -1 = none
};

/// The within-sector closure R of the header comment: unit losses `external`
/// (each in [0, 1]) spread along same-sector unit dependencies.
std::vector<double> within_sector_closure(const IimCoupling& coupling, std::vector<double> external);

/// Builds A* from the `function` dependencies of `model` expanded as `network`.
IimCoupling build_iim_coupling(const Model& model, const Network& network);
/// The same; a model without nodes is coupled directly (each sector its own unit,
/// as build_network would make it), which skips the expansion on large models.
/// When Model::dependency_ends still match the ids, no group is given and the
/// dependencies come by consumer (as loaded files list them), the rows are read
/// straight from the records without looking any id up.
IimCoupling build_iim_coupling(const Model& model);

/// rᵢ = Σⱼ a*ᵢⱼ for every sector i, the diagonal included.
std::vector<double> row_sums(const InterdependencyMatrix& a_star);

/// Sectors whose row of A* sums to 1 or more (less 1e-12 for rounding), model order.
std::vector<std::size_t> rows_at_least_one(const InterdependencyMatrix& a_star);

/// What the IIM-based outputs (`cisim iim`, the iim and diim engines' Result
/// notes) say about how A* was built: its additive reuse of the strengths,
/// every row of A* summing to ≥ 1 with its sum, and the sectors in
/// `saturated` (indices) held at inoperability 1. Each note starts with
/// `prefix` (e.g. "iim: ").
std::vector<std::string> iim_notes(const InterdependencyMatrix& a_star, const std::vector<std::size_t>& saturated,
                                   const std::string& prefix = "");

/// How the linear systems are solved.
enum class IimMethod { automatic, dense, sparse };

struct IimOptions {
    IimMethod method = IimMethod::automatic;
    std::size_t dense_max = 500;   ///< automatic: dense LU up to this many sectors, sparse above
    std::size_t low_rank_max = 64; ///< saturation: up to this many held sectors reuse the factorisation, more refactorise
    /// Sparse path: when the largest row or column sum of A* is below 1 (which
    /// bounds ρ), skip the block radii and the invertibility solve; below 1 by
    /// rows, solve by Gauss–Seidel. false: always the block radii and BiCGSTAB.
    bool norm_bound = true;
};

/// (I − A*) factorised once, for many perturbations. Construction checks the
/// spectral radius and throws InputError(file, "", …) when ρ(A*) ≥ 1. Not for
/// concurrent use from several threads (iterative solvers keep state).
class IimSolver {
public:
    IimSolver(const InterdependencyMatrix& a_star, const std::string& file, const IimOptions& options = {});
    IimSolver(IimSolver&&) noexcept;
    IimSolver& operator=(IimSolver&&) noexcept;
    ~IimSolver();

    double spectral_radius() const;  ///< ρ(A*) (an upper bound within 1e-10 for large blocks)
    bool is_dense() const;           ///< true when the dense path is used
    /// Fixed point of q = min(1, A* q + c*) for c* ∈ [0,1]ⁿ; `saturated` tells
    /// whether some sector is held at 1.
    std::vector<double> solve(const std::vector<double>& c_star, bool* saturated = nullptr) const;
    /// (I − A*)⁻¹, row-major n × n; empty on the sparse path.
    std::vector<double> leontief_inverse() const;
    /// Column totals of (I − A*)⁻¹: 1ᵀ(I − A*)⁻¹, one transposed solve.
    std::vector<double> column_totals() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Setola et al. (2009) indices of a square matrix given row-major: off-diagonal
/// row sums (dependency) and column sums (influence) divided by n − 1.
struct SetolaIndices {
    std::vector<double> dependency, influence;
};
SetolaIndices setola_indices(const std::vector<double>& row_major, std::size_t n);

/// One key-sector ranking entry (SPEC §5.1): the effect of a unit shock c* = eⱼ.
struct KeySector {
    std::string id;
    double total_inoperability;      ///< Σᵢ qᵢ
    std::optional<double> loss;      ///< Σᵢ xᵢ qᵢ, when some sector has an output
};

struct IimSolution {
    std::vector<std::string> ids;    ///< sector ids, model order
    std::vector<double> q;           ///< inoperability per sector
    std::optional<double> loss;      ///< Σ xᵢ qᵢ over sectors with an output; none when no sector has one
    double spectral_radius = 0;      ///< ρ(A*)
    bool saturated = false;          ///< some sector held at q = 1
    std::vector<double> dependency_index, influence_index;  ///< Setola δ, ρ on A*
    std::vector<double> overall_dependency_index, overall_influence_index;  ///< same on (I − A*)⁻¹; empty when sparse
    std::vector<double> c_star;      ///< the perturbation solved for
    std::vector<double> row_sums;    ///< Σⱼ a*ᵢⱼ per sector
    std::vector<std::string> row_sums_at_least_one;  ///< sectors whose row of A* sums to ≥ 1, model order
    std::vector<std::string> saturated_sectors;      ///< sectors at q = 1, model order
    std::vector<std::string> notes;  ///< iim_notes() for this solution
};

/// Steady state for `shocks`: sector id → c*ᵢ, or node id → that node's
/// inoperability, spread within its sector (R) and weighted by capacity into
/// c*; values in [0, 1], summed per sector and capped at 1.
/// Throws InputError(model.file, …) on an unknown id, a value outside [0, 1] or ρ(A*) ≥ 1.
IimSolution solve_iim(const Model& model, const std::map<std::string, double>& shocks);
IimSolution solve_iim(const Model& model, const std::map<std::string, double>& shocks, const IimOptions& options);

/// Unit shock c* = eⱼ for every sector j, sorted by Σq descending (ties: model order).
/// With `top` below the number of sectors, only the first `top` of that ranking,
/// still exact: Σq for eⱼ is at most the Leontief column total yⱼ = [1ᵀ(I − A*)⁻¹]ⱼ
/// (capping only lowers q), so sectors are solved in descending yⱼ until the
/// `top`-th best Σq exceeds every remaining yⱼ.
std::vector<KeySector> iim_key_sectors(const Model& model, std::size_t top = static_cast<std::size_t>(-1));

/// c*(t) from a scenario's disruption: per unit, its direct damage (several on
/// one unit combine by max) plus its supply cuts, spread within its sector (R);
/// per sector, the capacity-weighted sum over its units, capped at 1.
struct Perturbation {
    std::vector<double> direct;   ///< each unit's damage and cut losses, in [0, 1]
    std::vector<double> unit;     ///< the same spread within its sector (R(direct))
    std::vector<double> sector;   ///< c*
};

/// Evaluates c*(t). A cut of share σ from supplier sector s costs unit u
/// sᵤₛ · max(0, σ − dₛ(t)), where dₛ is s's own capacity-weighted damage: that
/// part already reaches u through A* qₛ and is not counted twice. (For a
/// sector-level blackout the cut adds nothing beyond the darkened supplier; for
/// a regional one it adds the local excess over the supplier's national average.)
/// A restore event ends the damage and cuts of a unit that began before it.
class PerturbationSchedule {
public:
    PerturbationSchedule(const Network& network, const IimCoupling& coupling, const Disruption& disruption);
    Perturbation at(double t) const;

private:
    IimCoupling coupling_;
    std::vector<Damage> damages_;
    std::vector<SupplyCut> cuts_;
    std::vector<double> restore_at_;
    std::size_t sectors_ = 0;
};

/// Inoperability of each unit given its direct perturbation (Perturbation::direct)
/// and the sectors' q: R(direct + Σⱼ s·ⱼ qⱼ). Their capacity-weighted mean is
/// the sector's q wherever no unit reaches 1 and R is additive (no redundancy
/// group, no unit with several same-sector suppliers).
std::vector<double> unit_inoperability(const IimCoupling& coupling, const std::vector<double>& direct,
                                       const std::vector<double>& q);

/// Recorded times 0, Δt, 2Δt, … ≤ horizon (as the cascade engine); throws
/// InputError(scenario.file, …) when step_h ≤ 0 or horizon_h < 0.
std::vector<double> time_axis(const Scenario& scenario);

/// Quasi-static IIM over a scenario: at each step q(t) is the steady state for
/// c*(t) (no recovery dynamics: use "diim" for those). Units show the
/// disaggregation above; sector operability is 1 − q.
class Iim final : public Engine {
public:
    std::string name() const override { return "iim"; }
    std::string description() const override {
        return "inoperability input-output model, quasi-static steady state per step (Haimes & Jiang 2001)";
    }
    Result run_once(const Model& model, const Network& network, const Scenario& scenario,
                    const RunOptions& options) const override;
};

}  // namespace cisim
