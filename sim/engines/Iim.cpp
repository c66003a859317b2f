#include "engines/Iim.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "engines/Crossings.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Error.hpp"

namespace cisim {
namespace {

using SparseMatrix = Eigen::SparseMatrix<double>;

constexpr double saturation_tol = 1e-12;   // q within this of 1 counts as 1
constexpr std::size_t eigen_block_max = 64;
constexpr int power_iterations = 2000;
constexpr double power_tol = 1e-10;

// A sparse system solved by BiCGSTAB, with SparseLU as the fallback when the
// iteration does not converge. Held by pointer: the solvers keep a reference
// to the matrix.
class SparseSystem {
public:
    explicit SparseSystem(SparseMatrix m) : m_(std::move(m)) {
        m_.makeCompressed();
        iterative_.setTolerance(1e-13);
        iterative_.compute(m_);
    }

    bool solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) {
        if (use_iterative_) {
            x = iterative_.solve(b);
            const bool converged = iterative_.info() == Eigen::Success || iterative_.error() <= 1e-10;
            if (converged && x.allFinite()) return true;
        }
        if (!direct_) {
            direct_ = std::make_unique<Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>>();
            direct_->analyzePattern(m_);
            direct_->factorize(m_);
        }
        if (direct_->info() != Eigen::Success) return false;
        use_iterative_ = false;
        x = direct_->solve(b);
        return direct_->info() == Eigen::Success && x.allFinite();
    }

private:
    SparseMatrix m_;
    Eigen::BiCGSTAB<SparseMatrix> iterative_;
    std::unique_ptr<Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>> direct_;
    bool use_iterative_ = true;
};

// Strongly connected components of A*'s pattern (iterative Tarjan).
std::vector<std::vector<std::uint32_t>> strong_components(const InterdependencyMatrix& a) {
    const auto n = static_cast<std::uint32_t>(a.size());
    constexpr std::uint32_t unvisited = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> index(n, unvisited), low(n, 0), stack;
    std::vector<char> on_stack(n, 0);
    std::vector<std::vector<std::uint32_t>> components;
    struct Frame { std::uint32_t v, next; };
    std::vector<Frame> calls;
    std::uint32_t counter = 0;
    auto visit = [&](std::uint32_t v) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = 1;
        calls.push_back({v, a.row_offsets[v]});
    };
    for (std::uint32_t s = 0; s < n; ++s) {
        if (index[s] != unvisited) continue;
        visit(s);
        while (!calls.empty()) {
            const auto v = calls.back().v;
            if (calls.back().next < a.row_offsets[v + 1]) {
                const auto w = a.cols[calls.back().next++];
                if (index[w] == unvisited) visit(w);
                else if (on_stack[w]) low[v] = std::min(low[v], index[w]);
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<std::uint32_t> component;
                std::uint32_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    component.push_back(w);
                } while (w != v);
                std::sort(component.begin(), component.end());
                components.push_back(std::move(component));
            }
            calls.pop_back();
            if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
        }
    }
    return components;
}

struct RadiusEstimate {
    double value = 0;   // reported ρ (upper bound for power-iterated blocks)
    double lower = 0;   // proven lower bound (= value for exactly computed blocks)
};

// Collatz–Wielandt bounds on an irreducible block by power iteration on block + I.
RadiusEstimate power_radius(const InterdependencyMatrix& a, const std::vector<std::uint32_t>& block) {
    std::vector<std::int64_t> pos(a.size(), -1);
    for (std::size_t k = 0; k < block.size(); ++k) pos[block[k]] = static_cast<std::int64_t>(k);
    std::vector<double> x(block.size(), 1.0), y(block.size());
    double lo = 0, hi = std::numeric_limits<double>::infinity();
    for (int it = 0; it < power_iterations && hi - lo > power_tol; ++it) {
        double rmin = std::numeric_limits<double>::infinity(), rmax = 0, ymax = 0;
        for (std::size_t k = 0; k < block.size(); ++k) {
            const auto i = block[k];
            double v = x[k];
            for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
                if (pos[a.cols[e]] >= 0) v += a.values[e] * x[static_cast<std::size_t>(pos[a.cols[e]])];
            y[k] = v;
            rmin = std::min(rmin, v / x[k]);
            rmax = std::max(rmax, v / x[k]);
            ymax = std::max(ymax, v);
        }
        lo = std::max(lo, rmin - 1);
        hi = std::min(hi, rmax - 1);
        for (std::size_t k = 0; k < block.size(); ++k) x[k] = std::max(y[k] / ymax, 1e-300);
    }
    return {hi, lo};
}

RadiusEstimate block_radius(const InterdependencyMatrix& a, const std::vector<std::uint32_t>& block) {
    if (block.size() == 1) {
        const double d = a.at(block[0], block[0]);
        return {d, d};
    }
    if (block.size() <= eigen_block_max) {
        const auto m = static_cast<Eigen::Index>(block.size());
        Eigen::MatrixXd b = Eigen::MatrixXd::Zero(m, m);
        for (Eigen::Index r = 0; r < m; ++r)
            for (Eigen::Index c = 0; c < m; ++c)
                b(r, c) = a.at(block[static_cast<std::size_t>(r)], block[static_cast<std::size_t>(c)]);
        Eigen::EigenSolver<Eigen::MatrixXd> solver(b, false);
        if (solver.info() == Eigen::Success) {
            const double rho = solver.eigenvalues().cwiseAbs().maxCoeff();
            return {rho, rho};
        }
    }
    return power_radius(a, block);
}

std::string format_number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

double output_loss(const Model& model, const std::vector<double>& q, bool& any) {
    double loss = 0;
    any = false;
    for (std::size_t i = 0; i < q.size(); ++i)
        if (model.sectors[i].output) {
            any = true;
            loss += *model.sectors[i].output * q[i];
        }
    return loss;
}

SetolaIndices setola_sparse(const InterdependencyMatrix& a) {
    const auto n = a.size();
    SetolaIndices out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
    if (n < 2) return out;
    for (std::size_t i = 0; i < n; ++i)
        for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) {
            if (a.cols[e] == i) continue;
            out.dependency[i] += a.values[e];
            out.influence[a.cols[e]] += a.values[e];
        }
    const double norm = 1.0 / static_cast<double>(n - 1);
    for (auto& v : out.dependency) v *= norm;
    for (auto& v : out.influence) v *= norm;
    return out;
}

}  // namespace

// ---------------------------------------------------------------- A* ------

double InterdependencyMatrix::at(std::size_t i, std::size_t j) const {
    const auto first = cols.begin() + row_offsets[i], last = cols.begin() + row_offsets[i + 1];
    const auto it = std::lower_bound(first, last, static_cast<std::uint32_t>(j));
    return (it != last && *it == j) ? values[static_cast<std::size_t>(it - cols.begin())] : 0.0;
}

IimCoupling build_iim_coupling(const Model& model, const Network& net) {
    const auto ns = model.sectors.size();
    IimCoupling out;
    for (const auto& s : model.sectors) out.a_star.ids.push_back(s.id);
    out.unit_offsets.push_back(0);

    struct Entry { std::uint32_t row, col; double value; };
    std::vector<Entry> entries;
    std::vector<std::pair<std::uint32_t, double>> sums;
    struct GroupInfo { std::int64_t sector = -1; bool mixed = false; double strength = 0; };
    std::vector<GroupInfo> groups;
    for (std::uint32_t u = 0; u < net.size(); ++u) {
        sums.clear();
        groups.clear();
        for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
            const auto& e = net.in_edges[k];
            if (e.effect != DependencyEffect::function) continue;
            const auto supplier = e.supplier.is_sector() ? e.supplier.index() : net.units[e.supplier.index()].sector;
            // The float copy in InEdge would cost ~1e-8; read the model's value.
            const double strength = model.dependencies[e.dependency].strength;
            if (e.group < 0) {
                sums.emplace_back(supplier, strength);
                continue;
            }
            const auto g = static_cast<std::size_t>(e.group);
            if (groups.size() <= g) groups.resize(g + 1);
            auto& info = groups[g];
            if (info.sector < 0) info.sector = supplier;
            else if (info.sector != supplier) info.mixed = true;
            info.strength = std::max(info.strength, strength);
        }
        for (const auto& g : groups)
            if (g.sector >= 0 && !g.mixed) sums.emplace_back(static_cast<std::uint32_t>(g.sector), g.strength);
        std::sort(sums.begin(), sums.end());
        const double w = net.units[u].weight;
        for (std::size_t k = 0; k < sums.size();) {
            const auto sector = sums[k].first;
            double s = 0;
            for (; k < sums.size() && sums[k].first == sector; ++k) s += sums[k].second;
            s = std::min(1.0, s);
            if (s <= 0) continue;
            out.unit_suppliers.push_back(sector);
            out.unit_strengths.push_back(s);
            entries.push_back({net.units[u].sector, sector, w * s});
        }
        out.unit_offsets.push_back(static_cast<std::uint32_t>(out.unit_suppliers.size()));
    }

    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
    auto& a = out.a_star;
    a.row_offsets.assign(ns + 1, 0);
    for (std::size_t k = 0; k < entries.size();) {
        const auto row = entries[k].row, col = entries[k].col;
        double v = 0;
        for (; k < entries.size() && entries[k].row == row && entries[k].col == col; ++k) v += entries[k].value;
        a.cols.push_back(col);
        a.values.push_back(std::min(1.0, v));
        ++a.row_offsets[row + 1];
    }
    for (std::size_t i = 0; i < ns; ++i) a.row_offsets[i + 1] += a.row_offsets[i];
    return out;
}

// ------------------------------------------------------------ solver ------

struct IimSolver::Impl {
    InterdependencyMatrix a;
    std::size_t n = 0;
    bool dense = true;
    double rho = 0;
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;
    std::unique_ptr<SparseSystem> sparse;

    bool solve_full(const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
        if (dense) {
            x = lu.solve(b);
            return x.allFinite();
        }
        return sparse->solve(b, x);
    }

    // q with the `held` sectors fixed at 1 and the others solving their rows.
    std::vector<double> solve_held(const std::vector<double>& c, const std::vector<char>& held) const {
        std::vector<double> q(n, 1.0);
        std::vector<std::int64_t> pos(n, -1);
        std::vector<std::uint32_t> free;
        for (std::uint32_t i = 0; i < n; ++i)
            if (!held[i]) {
                pos[i] = static_cast<std::int64_t>(free.size());
                free.push_back(i);
            }
        if (free.empty()) return q;
        const auto m = static_cast<Eigen::Index>(free.size());
        Eigen::VectorXd rhs(m), x;
        for (Eigen::Index r = 0; r < m; ++r) {
            const auto i = free[static_cast<std::size_t>(r)];
            rhs(r) = c[i];
            for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
                if (held[a.cols[e]]) rhs(r) += a.values[e];
        }
        bool ok = false;
        if (dense) {
            Eigen::MatrixXd sub = Eigen::MatrixXd::Identity(m, m);
            for (Eigen::Index r = 0; r < m; ++r) {
                const auto i = free[static_cast<std::size_t>(r)];
                for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
                    if (pos[a.cols[e]] >= 0) sub(r, pos[a.cols[e]]) -= a.values[e];
            }
            x = Eigen::PartialPivLU<Eigen::MatrixXd>(sub).solve(rhs);
            ok = x.allFinite();
        } else {
            std::vector<Eigen::Triplet<double>> triplets;
            for (Eigen::Index r = 0; r < m; ++r) {
                const auto i = free[static_cast<std::size_t>(r)];
                triplets.emplace_back(r, r, 1.0);
                for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
                    if (pos[a.cols[e]] >= 0) triplets.emplace_back(r, pos[a.cols[e]], -a.values[e]);
            }
            SparseMatrix sub(m, m);
            sub.setFromTriplets(triplets.begin(), triplets.end());
            ok = SparseSystem(std::move(sub)).solve(rhs, x);
        }
        if (!ok) throw std::runtime_error("IIM: the reduced system (saturated sectors held at 1) could not be solved");
        for (Eigen::Index r = 0; r < m; ++r) q[free[static_cast<std::size_t>(r)]] = std::clamp(x(r), 0.0, 1.0);
        return q;
    }
};

IimSolver::IimSolver(const InterdependencyMatrix& a_star, const std::string& file, const IimOptions& options)
    : impl_(std::make_unique<Impl>()) {
    auto& im = *impl_;
    im.a = a_star;
    im.n = a_star.size();
    im.dense = options.method == IimMethod::dense ||
               (options.method == IimMethod::automatic && im.n <= options.dense_max);
    if (im.n == 0) return;

    RadiusEstimate worst;
    double lower = 0;
    std::vector<std::uint32_t> worst_block;
    for (auto& block : strong_components(im.a)) {
        const auto r = block_radius(im.a, block);
        lower = std::max(lower, r.lower);
        if (r.value > worst.value || worst_block.empty()) {
            worst = r;
            worst_block = std::move(block);
        }
    }
    im.rho = worst.value;

    bool invertible = lower < 1.0 - saturation_tol;
    if (invertible) {
        const auto n = static_cast<Eigen::Index>(im.n);
        if (im.dense) {
            Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n);
            for (std::size_t i = 0; i < im.n; ++i)
                for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e)
                    m(static_cast<Eigen::Index>(i), im.a.cols[e]) -= im.a.values[e];
            im.lu.compute(m);
        } else {
            std::vector<Eigen::Triplet<double>> triplets;
            triplets.reserve(im.n + im.a.values.size());
            for (std::size_t i = 0; i < im.n; ++i) {
                triplets.emplace_back(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i), 1.0);
                for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e)
                    triplets.emplace_back(static_cast<Eigen::Index>(i), im.a.cols[e], -im.a.values[e]);
            }
            SparseMatrix m(n, n);
            m.setFromTriplets(triplets.begin(), triplets.end());
            im.sparse = std::make_unique<SparseSystem>(std::move(m));
        }
        // Exact test: ρ(A*) < 1 ⇔ I − A* is a nonsingular M-matrix ⇔ (I − A*)⁻¹1 = Σ A*ᵏ1 ≥ 1.
        Eigen::VectorXd x;
        invertible = im.solve_full(Eigen::VectorXd::Ones(n), x) && x.minCoeff() >= 0.5;
    }
    if (!invertible) {
        std::string where;
        for (std::size_t k = 0; k < worst_block.size() && k < 6; ++k)
            where += (k ? ", " : "") + im.a.ids[worst_block[k]];
        if (worst_block.size() > 6) where += ", …";
        throw InputError(file, "",
                         "spectral radius of A* is " + format_number(std::max(1.0, im.rho)) +
                             " ≥ 1 (dependency loop among: " + where +
                             "): (I − A*) has no Leontief inverse; weaken the strengths in that loop");
    }
}

IimSolver::IimSolver(IimSolver&&) noexcept = default;
IimSolver& IimSolver::operator=(IimSolver&&) noexcept = default;
IimSolver::~IimSolver() = default;

double IimSolver::spectral_radius() const { return impl_->rho; }
bool IimSolver::is_dense() const { return impl_->dense; }

std::vector<double> IimSolver::solve(const std::vector<double>& c_star, bool* saturated) const {
    const auto& im = *impl_;
    if (c_star.size() != im.n) throw std::invalid_argument("IimSolver::solve: perturbation has the wrong size");
    if (saturated) *saturated = false;
    if (im.n == 0) return {};
    Eigen::VectorXd x;
    if (!im.solve_full(Eigen::Map<const Eigen::VectorXd>(c_star.data(), static_cast<Eigen::Index>(im.n)), x))
        throw std::runtime_error("IIM: the linear system could not be solved");

    std::vector<char> held(im.n, 0);
    bool any = false;
    for (std::size_t i = 0; i < im.n; ++i)
        if (x(static_cast<Eigen::Index>(i)) > 1.0 + saturation_tol) held[i] = 1, any = true;
    if (!any) {
        std::vector<double> q(im.n);
        for (std::size_t i = 0; i < im.n; ++i) q[i] = std::clamp(x(static_cast<Eigen::Index>(i)), 0.0, 1.0);
        return q;
    }
    // Principal pivoting (see header): held sectors are only released, so at
    // most as many rounds as sectors held by the unconstrained solve.
    std::vector<double> q;
    for (;;) {
        q = im.solve_held(c_star, held);
        bool released = false;
        for (std::size_t i = 0; i < im.n; ++i) {
            if (!held[i]) continue;
            double v = c_star[i];
            for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e) v += im.a.values[e] * q[im.a.cols[e]];
            if (v < 1.0 - saturation_tol) held[i] = 0, released = true;
        }
        if (!released) break;
    }
    if (saturated) *saturated = std::find(held.begin(), held.end(), 1) != held.end();
    return q;
}

std::vector<double> IimSolver::leontief_inverse() const {
    const auto& im = *impl_;
    if (!im.dense || im.n == 0) return {};
    const Eigen::MatrixXd inv = im.lu.inverse();
    std::vector<double> out(im.n * im.n);
    for (std::size_t i = 0; i < im.n; ++i)
        for (std::size_t j = 0; j < im.n; ++j)
            out[i * im.n + j] = inv(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    return out;
}

SetolaIndices setola_indices(const std::vector<double>& m, std::size_t n) {
    SetolaIndices out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
    if (n < 2) return out;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j) continue;
            out.dependency[i] += m[i * n + j];
            out.influence[j] += m[i * n + j];
        }
    const double norm = 1.0 / static_cast<double>(n - 1);
    for (auto& v : out.dependency) v *= norm;
    for (auto& v : out.influence) v *= norm;
    return out;
}

// ----------------------------------------------------------- analyses -----

IimSolution solve_iim(const Model& model, const std::map<std::string, double>& shocks) {
    return solve_iim(model, shocks, IimOptions{});
}

IimSolution solve_iim(const Model& model, const std::map<std::string, double>& shocks, const IimOptions& options) {
    const auto net = build_network(model);
    const auto coupling = build_iim_coupling(model, net);
    const IimSolver solver(coupling.a_star, model.file, options);
    const auto n = model.sectors.size();

    IimSolution out;
    out.ids = coupling.a_star.ids;
    out.c_star.assign(n, 0.0);
    for (const auto& [id, value] : shocks) {
        if (!std::isfinite(value) || value < 0 || value > 1)
            throw InputError(model.file, "", "shock " + id + "=" + format_number(value) + ": value must be in [0, 1]");
        if (auto s = net.sector_index.find(id); s != net.sector_index.end()) {
            out.c_star[s->second] += value;
        } else if (auto u = net.unit_index.find(id); u != net.unit_index.end()) {
            out.c_star[net.units[u->second].sector] += net.units[u->second].weight * value;
        } else {
            throw InputError(model.file, "", "shock " + id + ": no sector or node with this id");
        }
    }
    for (auto& c : out.c_star) c = std::min(1.0, c);

    out.q = solver.solve(out.c_star, &out.saturated);
    out.spectral_radius = solver.spectral_radius();
    bool any_output = false;
    const double loss = output_loss(model, out.q, any_output);
    if (any_output) out.loss = loss;
    auto direct = setola_sparse(coupling.a_star);
    out.dependency_index = std::move(direct.dependency);
    out.influence_index = std::move(direct.influence);
    if (solver.is_dense()) {
        auto overall = setola_indices(solver.leontief_inverse(), n);
        out.overall_dependency_index = std::move(overall.dependency);
        out.overall_influence_index = std::move(overall.influence);
    }
    return out;
}

std::vector<KeySector> iim_key_sectors(const Model& model) {
    const auto net = build_network(model);
    const auto coupling = build_iim_coupling(model, net);
    const IimSolver solver(coupling.a_star, model.file);
    const auto n = model.sectors.size();
    std::vector<KeySector> out;
    std::vector<double> c(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        c[j] = 1.0;
        const auto q = solver.solve(c);
        c[j] = 0.0;
        KeySector k{model.sectors[j].id, std::accumulate(q.begin(), q.end(), 0.0), std::nullopt};
        bool any_output = false;
        const double loss = output_loss(model, q, any_output);
        if (any_output) k.loss = loss;
        out.push_back(std::move(k));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const KeySector& a, const KeySector& b) { return a.total_inoperability > b.total_inoperability; });
    return out;
}

// -------------------------------------------------------- perturbation ----

PerturbationSchedule::PerturbationSchedule(const Network& net, const IimCoupling& coupling,
                                           const Disruption& disruption)
    : coupling_offsets_(coupling.unit_offsets), coupling_sectors_(coupling.unit_suppliers),
      coupling_strengths_(coupling.unit_strengths), damages_(disruption.damages), cuts_(disruption.cuts),
      restore_at_(net.size(), std::numeric_limits<double>::infinity()), sectors_(net.sector_count()) {
    for (const auto& u : net.units) {
        unit_sector_.push_back(u.sector);
        weight_.push_back(u.weight);
    }
    for (const auto& r : disruption.restorations) restore_at_[r.unit] = std::min(restore_at_[r.unit], r.at_h);
}

Perturbation PerturbationSchedule::at(double t) const {
    const auto n = unit_sector_.size();
    Perturbation p{std::vector<double>(n, 0.0), std::vector<double>(sectors_, 0.0)};
    // As the cascade engine: a restore ends what began before it.
    auto active = [&](std::uint32_t u, double start) {
        return t + 1e-9 >= start && !(t >= restore_at_[u] && start <= restore_at_[u]);
    };
    for (const auto& d : damages_)
        if (active(d.unit, d.start_h)) p.unit[d.unit] = std::max(p.unit[d.unit], damage_at(d, std::max(t, d.start_h)));
    std::vector<double> sector_damage(sectors_, 0.0);
    for (std::size_t u = 0; u < n; ++u) sector_damage[unit_sector_[u]] += weight_[u] * p.unit[u];

    if (!cuts_.empty()) {
        struct Active { std::uint32_t unit, sector; double share; };
        std::vector<Active> live;
        for (const auto& c : cuts_)
            if (active(c.unit, c.start_h)) {
                const double share = cut_at(c, std::max(t, c.start_h));
                if (share > 0) live.push_back({c.unit, c.supplier_sector, share});
            }
        std::sort(live.begin(), live.end(), [](const Active& a, const Active& b) {
            return a.unit != b.unit ? a.unit < b.unit : (a.sector != b.sector ? a.sector < b.sector : a.share > b.share);
        });
        std::vector<double> extra(n, 0.0);
        for (std::size_t k = 0; k < live.size(); ++k) {
            if (k > 0 && live[k].unit == live[k - 1].unit && live[k].sector == live[k - 1].sector) continue;  // max per pair
            const auto u = live[k].unit;
            for (auto e = coupling_offsets_[u]; e < coupling_offsets_[u + 1]; ++e)
                if (coupling_sectors_[e] == live[k].sector)
                    extra[u] += coupling_strengths_[e] * std::max(0.0, live[k].share - sector_damage[live[k].sector]);
        }
        for (std::size_t u = 0; u < n; ++u) p.unit[u] += extra[u];
    }
    for (std::size_t u = 0; u < n; ++u) {
        p.unit[u] = std::clamp(p.unit[u], 0.0, 1.0);
        p.sector[unit_sector_[u]] += weight_[u] * p.unit[u];
    }
    for (auto& c : p.sector) c = std::clamp(c, 0.0, 1.0);
    return p;
}

std::vector<double> unit_inoperability(const IimCoupling& coupling, const std::vector<double>& unit_perturbation,
                                       const std::vector<double>& q) {
    std::vector<double> out(unit_perturbation.size());
    for (std::size_t u = 0; u < out.size(); ++u) {
        double v = unit_perturbation[u];
        for (auto e = coupling.unit_offsets[u]; e < coupling.unit_offsets[u + 1]; ++e)
            v += coupling.unit_strengths[e] * q[coupling.unit_suppliers[e]];
        out[u] = std::clamp(v, 0.0, 1.0);
    }
    return out;
}

std::vector<double> time_axis(const Scenario& scenario) {
    if (!std::isfinite(scenario.step_h) || scenario.step_h <= 0)
        throw InputError(scenario.file, "/step_h", "must be a positive number of hours");
    if (!std::isfinite(scenario.horizon_h) || scenario.horizon_h < 0)
        throw InputError(scenario.file, "/horizon_h", "must be a non-negative number of hours");
    const double steps = std::floor(scenario.horizon_h / scenario.step_h + 1e-9);
    if (steps > 1e7)
        throw InputError(scenario.file, "/step_h", "horizon_h / step_h exceeds 10,000,000 steps");
    std::vector<double> times(static_cast<std::size_t>(steps) + 1);
    for (std::size_t k = 0; k < times.size(); ++k) times[k] = static_cast<double>(k) * scenario.step_h;
    return times;
}

// -------------------------------------------------------------- engine ----

Result Iim::run(const Model& model, const Scenario& scenario, const RunOptions& options) const {
    const auto times = time_axis(scenario);
    const auto net = build_network(model);
    const auto coupling = build_iim_coupling(model, net);
    const IimSolver solver(coupling.a_star, model.file);
    const auto disruption = compile_disruption(model, net, scenario, {options.sample, options.seed});
    const PerturbationSchedule schedule(net, coupling, disruption);

    Result r;
    r.engine = name();
    r.seed = options.seed;
    r.horizon_h = scenario.horizon_h;
    r.step_h = scenario.step_h;
    r.service_threshold = scenario.service_threshold;
    r.times = times;
    r.unit_count = net.size();
    r.sector_count = net.sector_count();
    const bool record_units = options.record_units && model.has_nodes();
    r.sector_operability.resize(times.size() * r.sector_count);
    if (record_units) r.unit_operability.resize(times.size() * r.unit_count);

    std::vector<double> last_c, q;
    std::vector<char> ever_saturated(r.sector_count, 0);
    for (std::size_t k = 0; k < times.size(); ++k) {
        const auto p = schedule.at(times[k]);
        if (k == 0 || p.sector != last_c) {
            bool saturated = false;
            q = solver.solve(p.sector, &saturated);
            last_c = p.sector;
            if (saturated)
                for (std::size_t i = 0; i < q.size(); ++i)
                    if (q[i] >= 1.0) ever_saturated[i] = 1;
        }
        for (std::size_t i = 0; i < r.sector_count; ++i)
            r.sector_operability[k * r.sector_count + i] = static_cast<float>(1.0 - q[i]);
        if (record_units) {
            const auto qu = unit_inoperability(coupling, p.unit, q);
            for (std::size_t u = 0; u < r.unit_count; ++u)
                r.unit_operability[k * r.unit_count + u] = static_cast<float>(1.0 - qu[u]);
        }
    }
    append_crossings(r, net, scenario.service_threshold, {&disruption, options.log_units});

    r.notes.push_back("iim: quasi-static steady state q = min(1, A* q + c*) at each step; spectral radius of A* " +
                      format_number(solver.spectral_radius()));
    if (std::any_of(model.dependencies.begin(), model.dependencies.end(),
                    [](const Dependency& d) { return d.buffer_h > 0 || d.delay_h > 0; }))
        r.notes.push_back("iim: dependency buffers (buffer_h) and delays (delay_h) are not modelled; "
                          "losses propagate at once");
    std::string held;
    for (std::size_t i = 0; i < ever_saturated.size(); ++i)
        if (ever_saturated[i]) held += (held.empty() ? "" : ", ") + model.sectors[i].id;
    if (!held.empty()) r.notes.push_back("iim: inoperability saturated (held at 1) in: " + held);
    return r;
}

}  // namespace cisim
