#include "engines/Iim.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>

#include "engines/Crossings.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "model/Error.hpp"
#include "model/SplitMix.hpp"

namespace cisim {
namespace {

using SparseMatrix = Eigen::SparseMatrix<double>;

constexpr double saturation_tol = 1e-12;   // q within this of 1 counts as 1
constexpr std::size_t eigen_block_max = 64;
constexpr int power_iterations = 2000;
constexpr double power_tol = 1e-10;
constexpr int closure_sweeps = 1000;
constexpr double closure_tol = 1e-13;
constexpr int gs_sweeps = 10000;
constexpr double gs_tol = 1e-14;

// A sparse system solved by BiCGSTAB, with SparseLU as the fallback when the
// iteration does not converge. Held by pointer: the solvers keep a reference
// to the matrix.
class SparseSystem {
public:
    explicit SparseSystem(SparseMatrix m) : m_(std::move(m)) {
        m_.makeCompressed();
        iterative_.setTolerance(1e-13);
        iterative_.setMaxIterations(1000);
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
    // The block as its own compressed rows, so the loop below runs on contiguous data.
    std::vector<std::int64_t> pos(a.size(), -1);
    for (std::size_t k = 0; k < block.size(); ++k) pos[block[k]] = static_cast<std::int64_t>(k);
    std::vector<std::uint32_t> offsets{0}, cols;
    std::vector<double> values;
    for (const auto i : block) {
        for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
            if (pos[a.cols[e]] >= 0) {
                cols.push_back(static_cast<std::uint32_t>(pos[a.cols[e]]));
                values.push_back(a.values[e]);
            }
        offsets.push_back(static_cast<std::uint32_t>(cols.size()));
    }
    std::vector<double> x(block.size(), 1.0), y(block.size());
    double lo = 0, hi = std::numeric_limits<double>::infinity();
    for (int it = 0; it < power_iterations && hi - lo > power_tol; ++it) {
        double rmin = std::numeric_limits<double>::infinity(), rmax = 0, ymax = 0;
        for (std::size_t k = 0; k < block.size(); ++k) {
            double v = x[k];
            for (auto e = offsets[k]; e < offsets[k + 1]; ++e) v += values[e] * x[cols[e]];
            y[k] = v;
            const double r = v / x[k];
            rmin = std::min(rmin, r);
            rmax = std::max(rmax, r);
            ymax = std::max(ymax, v);
        }
        lo = std::max(lo, rmin - 1);
        hi = std::min(hi, rmax - 1);
        const double scale = 1.0 / ymax;
        for (std::size_t k = 0; k < block.size(); ++k) x[k] = std::max(y[k] * scale, 1e-300);
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

// ρ(A*) as the largest over strongly connected blocks, with the block that gives it.
struct BlockRadius {
    double value = 0, lower = 0;
    std::vector<std::uint32_t> block;
};

BlockRadius exact_radius(const InterdependencyMatrix& a) {
    BlockRadius out;
    bool first = true;
    for (auto& block : strong_components(a)) {
        const auto r = block_radius(a, block);
        out.lower = std::max(out.lower, r.lower);
        if (r.value > out.value || first) {
            out.value = r.value;
            out.block = std::move(block);
            first = false;
        }
    }
    return out;
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

namespace {

// One supply of a unit: supplier sector, the supplier unit when the dependency
// names one (-1: the sector's aggregate), redundancy group local to the unit
// (-1 = none), strength.
struct Supply {
    std::uint32_t sector;
    std::int64_t unit;
    std::int32_t group;
    double strength;
};

// Accumulates units (in unit order) into the per-unit coupling, then A*.
class CouplingBuilder {
public:
    /// `units` and `supplies`: how many are expected (room is reserved for them).
    CouplingBuilder(const Model& model, std::size_t units, std::size_t supplies) {
        out_.a_star.ids.reserve(model.sectors.size());
        for (const auto& s : model.sectors) out_.a_star.ids.push_back(s.id);
        out_.unit_offsets.reserve(units + 1);
        out_.unit_offsets.push_back(0);
        out_.intra_offsets.reserve(units + 1);
        out_.intra_offsets.push_back(0);
        out_.unit_suppliers.reserve(supplies);
        out_.unit_strengths.reserve(supplies);
        out_.unit_sectors.reserve(units);
        out_.unit_weights.reserve(units);
        out_.unit_rules.reserve(units);
    }

    void add_unit(std::uint32_t sector, double weight, Combination rule, const std::vector<Supply>& supplies) {
        // A dependency on a named unit of the consumer's own sector is internal
        // structure (plant → pump → district): it goes to the within-sector closure.
        auto key = [&](const Supply& s) -> std::int64_t {
            return s.unit >= 0 && s.sector == sector ? std::int64_t{-2} : static_cast<std::int64_t>(s.sector);
        };
        sums_.clear();
        groups_.clear();
        for (const auto& s : supplies) {
            if (s.group < 0) continue;
            const auto g = static_cast<std::size_t>(s.group);
            if (groups_.size() <= g) groups_.resize(g + 1);
            auto& info = groups_[g];
            if (!info.used) info.used = true, info.key = key(s);
            else if (info.key != key(s)) info.mixed = true;
            info.strength = std::max(info.strength, s.strength);
        }
        for (const auto& s : supplies) {
            const bool grouped = s.group >= 0;
            if (grouped && groups_[static_cast<std::size_t>(s.group)].mixed) continue;
            if (key(s) == -2) {
                out_.intra_units.push_back(static_cast<std::uint32_t>(s.unit));
                out_.intra_strengths.push_back(s.strength);
                out_.intra_groups.push_back(s.group);
            } else if (!grouped) {
                sums_.emplace_back(s.sector, s.strength);
            }
        }
        for (const auto& g : groups_)
            if (g.used && !g.mixed && g.key >= 0) sums_.emplace_back(static_cast<std::uint32_t>(g.key), g.strength);
        std::sort(sums_.begin(), sums_.end());
        for (std::size_t k = 0; k < sums_.size();) {
            // Loss of the unit's function when this supplier sector fails fully, by the unit's rule.
            const auto supplier = sums_[k].first;
            double total = 0, keep = 1;
            for (; k < sums_.size() && sums_[k].first == supplier; ++k) {
                total = std::max(total, sums_[k].second);
                keep *= 1.0 - sums_[k].second;
            }
            if (rule == Combination::product) total = 1.0 - keep;
            total = std::clamp(total, 0.0, 1.0);
            if (total <= 0) continue;
            out_.unit_suppliers.push_back(supplier);
            out_.unit_strengths.push_back(total);
        }
        out_.unit_offsets.push_back(static_cast<std::uint32_t>(out_.unit_suppliers.size()));
        out_.intra_offsets.push_back(static_cast<std::uint32_t>(out_.intra_units.size()));
        out_.unit_sectors.push_back(sector);
        out_.unit_weights.push_back(weight);
        out_.unit_rules.push_back(rule);
    }

    IimCoupling finish() {
        // A*ᵢⱼ = Σᵤ wᵤ · R(sₒⱼ)ᵤ: the full loss of j, spread within each consumer sector.
        const auto n = out_.unit_sectors.size();
        if (units_are_sectors()) {
            // Unit i is sector i: row i of A* is unit i's suppliers, already by column.
            auto& a = out_.a_star;
            a.row_offsets = out_.unit_offsets;
            a.cols = out_.unit_suppliers;
            a.values.resize(out_.unit_strengths.size());
            for (std::size_t u = 0; u < n; ++u)
                for (auto e = out_.unit_offsets[u]; e < out_.unit_offsets[u + 1]; ++e)
                    a.values[e] = std::min(1.0, out_.unit_weights[u] * out_.unit_strengths[e]);
            return std::move(out_);
        }
        std::vector<Entry> entries;
        if (out_.intra_units.empty()) {
            for (std::size_t u = 0; u < n; ++u)
                for (auto e = out_.unit_offsets[u]; e < out_.unit_offsets[u + 1]; ++e)
                    entries.push_back({out_.unit_sectors[u], out_.unit_suppliers[e], out_.unit_weights[u] * out_.unit_strengths[e]});
        } else {
            std::vector<std::vector<std::pair<std::uint32_t, double>>> by_supplier(out_.a_star.ids.size());
            for (std::uint32_t u = 0; u < n; ++u)
                for (auto e = out_.unit_offsets[u]; e < out_.unit_offsets[u + 1]; ++e)
                    by_supplier[out_.unit_suppliers[e]].emplace_back(u, out_.unit_strengths[e]);
            std::vector<double> loss(n, 0.0);
            for (std::uint32_t j = 0; j < by_supplier.size(); ++j) {
                if (by_supplier[j].empty()) continue;
                std::fill(loss.begin(), loss.end(), 0.0);
                for (const auto& [u, strength] : by_supplier[j]) loss[u] = strength;
                const auto spread = within_sector_closure(out_, loss);
                for (std::size_t u = 0; u < n; ++u)
                    if (spread[u] > 0) entries.push_back({out_.unit_sectors[u], j, out_.unit_weights[u] * spread[u]});
            }
        }
        auto& a = out_.a_star;
        const auto ns = a.ids.size();
        if (n != ns || !out_.intra_units.empty()) {
            // Several units per sector: entries of one (row, column) are summed
            // below in this order, so keep it as it has always been.
            std::sort(entries.begin(), entries.end(),
                      [](const Entry& x, const Entry& y) { return x.row != y.row ? x.row < y.row : x.col < y.col; });
        } else {
            // One unit per sector, so (row, column) pairs are unique: by row
            // (counting sort), then by column within each short row.
            std::vector<std::uint32_t> start(ns + 1, 0);
            for (const auto& e : entries) ++start[e.row + 1];
            for (std::size_t i = 0; i < ns; ++i) start[i + 1] += start[i];
            std::vector<Entry> sorted(entries.size());
            auto fill = start;
            for (const auto& e : entries) sorted[fill[e.row]++] = e;
            for (std::size_t i = 0; i < ns; ++i)
                std::sort(sorted.begin() + start[i], sorted.begin() + start[i + 1],
                          [](const Entry& x, const Entry& y) { return x.col < y.col; });
            entries.swap(sorted);
        }
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
        return std::move(out_);
    }

private:
    bool units_are_sectors() const {
        if (!out_.intra_units.empty() || out_.unit_sectors.size() != out_.a_star.ids.size()) return false;
        for (std::uint32_t u = 0; u < out_.unit_sectors.size(); ++u)
            if (out_.unit_sectors[u] != u) return false;
        return true;
    }

    struct Entry { std::uint32_t row, col; double value; };
    struct GroupInfo { bool used = false, mixed = false; std::int64_t key = 0; double strength = 0; };
    IimCoupling out_;
    std::vector<std::pair<std::uint32_t, double>> sums_;
    std::vector<GroupInfo> groups_;
};

// Loss of unit u from its own sector's units at inoperability p, by u's rule;
// a redundancy group counts once: its largest strength times its best member's p.
double intra_loss(const IimCoupling& c, std::size_t u, const std::vector<double>& p,
                  std::vector<std::pair<std::int32_t, std::pair<double, double>>>& groups) {
    const bool product = c.unit_rules[u] == Combination::product;
    double worst = 0, keep = 1;
    auto take = [&](double loss) {
        worst = std::max(worst, loss);
        keep *= 1.0 - loss;
    };
    groups.clear();
    for (auto e = c.intra_offsets[u]; e < c.intra_offsets[u + 1]; ++e) {
        const double pv = p[c.intra_units[e]];
        if (c.intra_groups[e] < 0) {
            take(c.intra_strengths[e] * pv);
            continue;
        }
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == c.intra_groups[e]; });
        if (it == groups.end()) groups.push_back({c.intra_groups[e], {c.intra_strengths[e], pv}});
        else it->second = {std::max(it->second.first, c.intra_strengths[e]), std::min(it->second.second, pv)};
    }
    for (const auto& g : groups) take(g.second.first * g.second.second);
    return product ? 1.0 - keep : worst;
}

}  // namespace

std::vector<double> within_sector_closure(const IimCoupling& c, std::vector<double> external) {
    for (auto& v : external) v = std::clamp(v, 0.0, 1.0);
    if (c.intra_units.empty()) return external;
    // Jacobi sweeps from p = e: monotone non-decreasing and bounded by 1; a
    // chain of depth d settles in d + 1 sweeps. A sweep evaluates only the
    // units whose suppliers moved in the one before (the others would give the
    // same value again), so the values are those of full sweeps.
    const auto n = external.size();
    std::vector<std::uint32_t> out_offsets(n + 1, 0), out_units(c.intra_units.size());
    for (const auto v : c.intra_units) ++out_offsets[v + 1];
    for (std::size_t u = 0; u < n; ++u) out_offsets[u + 1] += out_offsets[u];
    {
        auto fill = out_offsets;
        for (std::uint32_t u = 0; u < n; ++u)
            for (auto e = c.intra_offsets[u]; e < c.intra_offsets[u + 1]; ++e) out_units[fill[c.intra_units[e]]++] = u;
    }
    std::vector<double> p = external;
    std::vector<std::pair<std::int32_t, std::pair<double, double>>> groups;
    std::vector<std::uint32_t> active, next_active;
    std::vector<std::pair<std::uint32_t, double>> moved;
    std::vector<char> queued(n, 0);
    for (std::uint32_t u = 0; u < n; ++u)
        if (c.intra_offsets[u] != c.intra_offsets[u + 1]) active.push_back(u);
    for (int sweep = 0; sweep < closure_sweeps && !active.empty(); ++sweep) {
        bool changed = false;
        moved.clear();
        for (const auto u : active) {
            const double v = std::min(1.0, external[u] + intra_loss(c, u, p, groups));
            if (v > p[u] + closure_tol) changed = true;
            if (v != p[u]) moved.push_back({u, v});
        }
        next_active.clear();
        for (const auto& [u, v] : moved) {
            p[u] = v;
            for (auto e = out_offsets[u]; e < out_offsets[u + 1]; ++e)
                if (!queued[out_units[e]]) {
                    queued[out_units[e]] = 1;
                    next_active.push_back(out_units[e]);
                }
        }
        for (const auto u : next_active) queued[u] = 0;
        active.swap(next_active);
        if (!changed) break;
    }
    return p;
}

namespace {

// Sector id → index, open addressing. A slot holds the id's length and first
// 8 bytes, so a lookup of a short id (most are) reads one slot and nothing
// else; longer ids compare the rest against a packed copy of the ids.
class SectorIndex {
public:
    explicit SectorIndex(const Model& model) {
        std::size_t capacity = 16;
        while (capacity < 2 * model.sectors.size()) capacity *= 2;
        slots_.assign(capacity, Slot{0, 0, empty});
        mask_ = capacity - 1;
        offsets_.reserve(model.sectors.size() + 1);
        offsets_.push_back(0);
        for (std::uint32_t s = 0; s < model.sectors.size(); ++s) {
            if (s + 16 < model.sectors.size()) __builtin_prefetch(&model.sectors[s + 16].id);
            const std::string_view id = model.sectors[s].id;
            chars_.append(id);
            offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
            const auto first = head(id);
            auto k = hash(id, first) & mask_;
            while (slots_[k].index != empty) k = (k + 1) & mask_;
            slots_[k] = {first, static_cast<std::uint32_t>(id.size()), s};
        }
    }

    /// The index of each of ids[0, count) into out, with the slots of a batch
    /// loaded ahead so that their cache misses overlap instead of queueing.
    /// A run of equal ids is looked up once.
    void at(const std::string_view* ids, std::size_t count, std::uint32_t* out) const {
        constexpr std::size_t batch = 32;
        std::uint64_t heads[batch];
        std::size_t hashes[batch];
        std::uint64_t last = 0;  // head of ids[first - 1]
        for (std::size_t first = 0; first < count; first += batch) {
            const auto size = std::min(batch, count - first);
            for (std::size_t b = 0; b < size; ++b) {
                heads[b] = head(ids[first + b]);
                hashes[b] = hash(ids[first + b], heads[b]);
                __builtin_prefetch(&slots_[hashes[b] & mask_]);
            }
            for (std::size_t b = 0; b < size; ++b) {
                const auto k = first + b;
                // Up to 8 bytes, an id is its head and length.
                const bool repeat = k > 0 && heads[b] == last && (ids[k].size() <= 8 ? ids[k].size() == ids[k - 1].size()
                                                                                       : ids[k] == ids[k - 1]);
                out[k] = repeat ? out[k - 1] : find(ids[k], heads[b], hashes[b]);
                last = heads[b];
            }
        }
    }

    // The first (up to) 8 bytes of an id, little-endian, zero-padded: two
    // overlapping loads, not a loop over the bytes.
    static std::uint64_t head(std::string_view id) {
        const auto n = std::min<std::size_t>(id.size(), 8);
        const char* p = id.data();
        std::uint64_t word = 0;
        if (std::endian::native == std::endian::little && n >= 4) {
            std::uint32_t low, high;
            std::memcpy(&low, p, 4);
            std::memcpy(&high, p + n - 4, 4);
            return low | (std::uint64_t{high} << (8 * (n - 4)));
        }
        for (std::size_t b = 0; b < n; ++b) word |= std::uint64_t{static_cast<unsigned char>(p[b])} << (8 * b);
        return word;
    }

private:
    // splitmix64 over the id's 8-byte words, inline (std::hash's out-of-line
    // Murmur call was a visible share of the build in perf).
    static std::size_t hash(std::string_view id, std::uint64_t first) {
        std::uint64_t h = splitmix64(id.size() ^ first);
        for (std::size_t k = 8; k < id.size(); k += 8) h = splitmix64(h ^ head(id.substr(k)));
        return h;
    }

    std::uint32_t find(std::string_view id, std::uint64_t first, std::size_t h) const {
        for (auto k = h & mask_; slots_[k].index != empty; k = (k + 1) & mask_) {
            const auto& slot = slots_[k];
            if (slot.head != first || slot.size != id.size()) continue;
            if (id.size() <= 8 || std::string_view(chars_).substr(offsets_[slot.index] + 8, id.size() - 8) == id.substr(8))
                return slot.index;
        }
        throw std::out_of_range("IIM: unknown sector '" + std::string(id) + "'");
    }

    static constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();
    struct Slot {
        std::uint64_t head;   // the id's first 8 bytes
        std::uint32_t size;   // its length
        std::uint32_t index;  // its sector; `empty` for a free slot
    };
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::string chars_;  // every id, packed (for the bytes past the first 8)
    std::vector<std::uint32_t> offsets_;
};

// Whether sector s has id `id`, for indices kept from the model's check
// (Model::dependency_ends). Each sector's id as 8 bytes: its first 7 and
// its length, which settle ids of up to 7 bytes from 0.8 MB per 100,000
// sectors instead of the sectors' 27 MB of records; longer ids compare the
// rest with the sector's.
class SectorIdCheck {
public:
    /// Also appends the ids to `ids`: one pass over the sectors' large records.
    SectorIdCheck(const Model& model, std::vector<std::string>& ids) : sectors_(model.sectors), tags_(model.sectors.size()) {
        ids.reserve(ids.size() + tags_.size());
        for (std::size_t s = 0; s < tags_.size(); ++s) {
            tags_[s] = tag(sectors_[s].id);
            ids.push_back(sectors_[s].id);
        }
    }
    bool is(std::uint32_t s, std::string_view id) const {
        return s < tags_.size() && tags_[s] == tag(id) && (id.size() <= 7 || sectors_[s].id == id);
    }

private:
    static std::uint64_t tag(std::string_view id) {
        return (SectorIndex::head(id) & 0x00FFFFFFFFFFFFFF) | std::uint64_t{std::min<std::size_t>(id.size(), 255)} << 56;
    }
    const std::vector<Sector>& sectors_;
    std::vector<std::uint64_t> tags_;
};

// The sector-level coupling of build_iim_coupling(model), straight from the
// records, when every dependency's ends are known from the model's check and
// still name those sectors, no `function` dependency has a redundancy group,
// and the records list them by consumer (as files do): then unit i is sector
// i with weight 1 and rule `min`, and A* row i is its suppliers, each the
// largest strength on it (what CouplingBuilder gives for such units), without
// a million id lookups, the sort by consumer and the per-unit builder.
// nullopt otherwise.
std::optional<IimCoupling> coupling_from_resolved_ends(const Model& model) {
    const auto ns = model.sectors.size(), nd = model.dependencies.size();
    if (ns == 0 || ns >= DependencyEnds::no_sector || model.dependency_ends.size() != nd) return std::nullopt;
    IimCoupling out;
    const SectorIdCheck check(model, out.a_star.ids);
    out.unit_offsets.reserve(ns + 1);
    out.unit_offsets.push_back(0);
    out.unit_suppliers.reserve(nd);
    out.unit_strengths.reserve(nd);
    std::vector<std::pair<std::uint32_t, double>> row;  // the current consumer's (supplier, strength)
    auto close_row = [&] {
        std::sort(row.begin(), row.end());
        for (std::size_t k = 0; k < row.size();) {
            const auto supplier = row[k].first;
            double total = 0;
            for (; k < row.size() && row[k].first == supplier; ++k) total = std::max(total, row[k].second);
            total = std::clamp(total, 0.0, 1.0);
            if (total <= 0) continue;
            out.unit_suppliers.push_back(supplier);
            out.unit_strengths.push_back(total);
        }
        out.unit_offsets.push_back(static_cast<std::uint32_t>(out.unit_suppliers.size()));
        row.clear();
    };
    std::uint32_t consumer = 0;
    for (std::size_t k = 0; k < nd; ++k) {
        if (k + 8 < nd) {  // the records are read once: fetched ahead, and not kept in cache
            const auto* next = reinterpret_cast<const char*>(&model.dependencies[k + 8]);
            __builtin_prefetch(next, 0, 0);
            __builtin_prefetch(next + 64, 0, 0);
            __builtin_prefetch(next + 127, 0, 0);
        }
        const auto& d = model.dependencies[k];
        if (d.effect != DependencyEffect::function) continue;
        const auto ends = model.dependency_ends[k];
        if (!d.group.empty() || ends.to < consumer || !check.is(ends.to, d.to) || !check.is(ends.from, d.from))
            return std::nullopt;
        for (; consumer < ends.to; ++consumer) close_row();
        row.emplace_back(ends.from, d.strength);
    }
    for (; consumer < ns; ++consumer) close_row();

    out.unit_sectors.resize(ns);
    std::iota(out.unit_sectors.begin(), out.unit_sectors.end(), std::uint32_t{0});
    out.unit_weights.assign(ns, 1.0);
    out.unit_rules.assign(ns, Combination::min);
    out.intra_offsets.assign(ns + 1, 0);
    auto& a = out.a_star;
    a.row_offsets = out.unit_offsets;
    a.cols = out.unit_suppliers;
    a.values = out.unit_strengths;  // weight 1, strengths already in (0, 1]
    return out;
}

}  // namespace

IimCoupling build_iim_coupling(const Model& model, const Network& net) {
    CouplingBuilder builder(model, net.size(), net.in_edges.size());
    std::vector<Supply> supplies;
    for (std::uint32_t u = 0; u < net.size(); ++u) {
        supplies.clear();
        for (auto k = net.in_offsets[u]; k < net.in_offsets[u + 1]; ++k) {
            const auto& e = net.in_edges[k];
            if (e.effect != DependencyEffect::function) continue;
            const auto supplier = e.supplier.is_sector() ? e.supplier.index() : net.units[e.supplier.index()].sector;
            // The float copy in InEdge would cost ~1e-8; read the model's value.
            const std::int64_t named = e.supplier.is_sector() || net.units[e.supplier.index()].node < 0
                                           ? -1 : static_cast<std::int64_t>(e.supplier.index());
            supplies.push_back({supplier, named, e.group, model.dependencies[e.dependency].strength});
        }
        builder.add_unit(net.units[u].sector, net.units[u].weight, net.units[u].combination, supplies);
    }
    return builder.finish();
}

IimCoupling build_iim_coupling(const Model& model) {
    if (model.has_nodes()) return build_iim_coupling(model, build_network(model));
    if (auto direct = coupling_from_resolved_ends(model)) return std::move(*direct);
    // Each sector is its own unit, as build_network makes it, without building the rest.
    const auto ns = static_cast<std::uint32_t>(model.sectors.size());
    const SectorIndex index(model);
    const auto nd = model.dependencies.size();
    // One pass over the (large) dependency records, a batch at a time: each
    // `function` dependency as (consumer, supplier, strength), both ends
    // resolved while the batch's records are still in cache.
    struct Edge {
        std::uint32_t to, from;
        double strength;
    };
    std::vector<Edge> edges;
    edges.reserve(nd);
    std::vector<std::uint32_t> grouped;  // positions in `edges` of dependencies with a group
    std::vector<std::uint32_t> edge_dependency;  // their dependencies (for the group name)
    std::vector<std::uint32_t> offsets(ns + 1, 0);
    bool by_consumer = true;  // edges already in consumer order (as files usually list them)
    constexpr std::size_t batch = 64;
    std::string_view ids[2 * batch];  // consumers, then suppliers
    std::uint32_t at[2 * batch];
    for (std::size_t first = 0; first < nd; first += batch) {
        const auto size = std::min(batch, nd - first);
        for (std::size_t b = 0; b < size; ++b) {
            ids[b] = model.dependencies[first + b].to;
            ids[batch + b] = model.dependencies[first + b].from;
            // The next batch's records (the fields read here span their first 128 bytes).
            if (first + batch + b < nd) {
                const auto* next = reinterpret_cast<const char*>(&model.dependencies[first + batch + b]);
                __builtin_prefetch(next);
                __builtin_prefetch(next + 64);
                __builtin_prefetch(next + 127);
            }
        }
        index.at(ids, size, at);
        index.at(ids + batch, size, at + batch);
        for (std::size_t b = 0; b < size; ++b) {
            const auto& d = model.dependencies[first + b];
            if (d.effect != DependencyEffect::function) continue;
            if (!d.group.empty()) {
                grouped.push_back(static_cast<std::uint32_t>(edges.size()));
                edge_dependency.push_back(static_cast<std::uint32_t>(first + b));
            }
            if (!edges.empty() && at[b] < edges.back().to) by_consumer = false;
            edges.push_back({at[b], at[batch + b], d.strength});
            ++offsets[at[b] + 1];
        }
    }
    // By consumer (counting sort; stable, so model order within a consumer).
    for (std::uint32_t s = 0; s < ns; ++s) offsets[s + 1] += offsets[s];
    std::vector<std::uint32_t> order;
    if (!by_consumer) {
        order.resize(edges.size());
        auto fill = offsets;
        for (std::uint32_t k = 0; k < edges.size(); ++k) order[fill[edges[k].to]++] = k;
    }
    // The group name of each edge with one (empty: none).
    auto group_of = [&](std::uint32_t k) -> std::string_view {
        const auto it = std::lower_bound(grouped.begin(), grouped.end(), k);
        return it != grouped.end() && *it == k ? std::string_view(model.dependencies[edge_dependency[it - grouped.begin()]].group)
                                               : std::string_view();
    };

    CouplingBuilder builder(model, ns, edges.size());
    std::vector<Supply> supplies;
    std::vector<std::string_view> group_names;
    for (std::uint32_t s = 0; s < ns; ++s) {
        supplies.clear();
        group_names.clear();
        for (auto k = offsets[s]; k < offsets[s + 1]; ++k) {
            const auto edge = by_consumer ? k : order[k];
            const auto& e = edges[edge];
            std::int32_t group = -1;
            if (!grouped.empty()) {
                if (const auto name = group_of(edge); !name.empty()) {
                    const auto it = std::find(group_names.begin(), group_names.end(), name);
                    group = static_cast<std::int32_t>(it - group_names.begin());
                    if (it == group_names.end()) group_names.push_back(name);
                }
            }
            supplies.push_back({e.from, -1, group, e.strength});
        }
        builder.add_unit(s, 1.0, Combination::min, supplies);
    }
    return builder.finish();
}

std::vector<double> row_sums(const InterdependencyMatrix& a) {
    std::vector<double> out(a.size(), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e) out[i] += a.values[e];
    return out;
}

std::vector<std::size_t> rows_at_least_one(const InterdependencyMatrix& a) {
    const auto sums = row_sums(a);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < sums.size(); ++i)
        if (sums[i] >= 1.0 - 1e-12) out.push_back(i);
    return out;
}

std::vector<std::string> iim_notes(const InterdependencyMatrix& a, const std::vector<std::size_t>& saturated,
                                   const std::string& prefix) {
    std::vector<std::string> notes{
        prefix + "A* reuses the dependency strengths additively: a*ij is the share of sector i's function lost "
                 "when sector j is fully inoperable, and i's losses from different supplier sectors add up "
                 "(q = A* q + c*, capped at 1); the cascade engine instead counts only the largest (min rule) or "
                 "combines them as 1 - prod(1 - loss) (product rule)"};
    const auto sums = row_sums(a);
    std::string rows;
    for (auto i : rows_at_least_one(a)) {
        char sum[32];
        std::snprintf(sum, sizeof sum, "%.2f", sums[i]);
        rows += (rows.empty() ? "" : ", ") + a.ids[i] + " (" + sum + ")";
    }
    if (!rows.empty())
        notes.push_back(prefix + "row sum of A* >= 1 in: " + rows +
                        "; the strengths of each of these sectors on its suppliers add up to a full loss or more, so "
                        "partial losses of its suppliers can drive it to inoperability 1 (with row sum r, every "
                        "supplier at inoperability 1/r is enough)");
    std::string held;
    for (auto i : saturated) held += (held.empty() ? "" : ", ") + a.ids[i];
    if (!held.empty()) notes.push_back(prefix + "saturated at inoperability 1 (the cap) in: " + held);
    return notes;
}

// ------------------------------------------------------------ solver ------

struct IimSolver::Impl {
    InterdependencyMatrix a;
    std::size_t n = 0;
    bool dense = true;
    mutable std::optional<double> rho;  // computed on first use when a norm bound proved ρ < 1
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;
    mutable std::unique_ptr<SparseSystem> sparse;  // BiCGSTAB: built on first use when Gauss–Seidel applies
    std::size_t low_rank_max = 64;
    // Gauss–Seidel (sparse path, every row sum of A* below 1): the sweep is
    // then a contraction in the max norm by at most `contraction`.
    bool gauss_seidel = false;
    double contraction = 0;
    bool has_diagonal = false;     // some a*ᵢᵢ ≠ 0
    std::vector<double> inv_diag;  // 1 / (1 − a*ᵢᵢ), when has_diagonal

    SparseSystem& sparse_system() const {
        if (!sparse) {
            std::vector<Eigen::Triplet<double>> triplets;
            triplets.reserve(n + a.values.size());
            for (std::size_t i = 0; i < n; ++i) {
                triplets.emplace_back(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i), 1.0);
                for (auto e = a.row_offsets[i]; e < a.row_offsets[i + 1]; ++e)
                    triplets.emplace_back(static_cast<Eigen::Index>(i), a.cols[e], -a.values[e]);
            }
            const auto size = static_cast<Eigen::Index>(n);
            SparseMatrix m(size, size);
            m.setFromTriplets(triplets.begin(), triplets.end());
            sparse = std::make_unique<SparseSystem>(std::move(m));
        }
        return *sparse;
    }

    // x = A* x + b on the sectors not held (held ones fixed at 1), by
    // Gauss–Seidel sweeps from x = b. With every row sum ≤ r < 1 the error
    // after a sweep is at most r/(1 − r) times that sweep's largest change;
    // it stops when that is below gs_tol relative to the largest |x|.
    bool gauss_seidel_solve(const double* b, const std::vector<char>* held, double* x) const {
        for (std::size_t i = 0; i < n; ++i) x[i] = held && (*held)[i] ? 1.0 : has_diagonal ? b[i] * inv_diag[i] : b[i];
        const double factor = contraction / (1.0 - contraction);
        for (int sweep = 0; sweep < gs_sweeps; ++sweep) {
            // Without a diagonal, the sweep neither tests for it nor scales
            // by 1 / (1 − 0): the same values, fewer operations.
            const auto [change, size] =
                held ? (has_diagonal ? gauss_seidel_sweep<true, true>(b, held->data(), x)
                                     : gauss_seidel_sweep<true, false>(b, held->data(), x))
                     : (has_diagonal ? gauss_seidel_sweep<false, true>(b, nullptr, x)
                                     : gauss_seidel_sweep<false, false>(b, nullptr, x));
            if (!std::isfinite(change)) return false;
            if (factor * change <= gs_tol * size) return true;
        }
        return false;
    }

    // One sweep: the largest change and the largest |x| it gave.
    template <bool Held, bool Diagonal>
    std::pair<double, double> gauss_seidel_sweep(const double* b, const char* held, double* x) const {
        const auto* offsets = a.row_offsets.data();
        const auto* cols = a.cols.data();
        const auto* values = a.values.data();
        double change = 0, size = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (Held && held[i]) continue;
            double v = b[i];
            for (auto e = offsets[i]; e < offsets[i + 1]; ++e)
                if (!Diagonal || cols[e] != i) v += values[e] * x[cols[e]];
            if (Diagonal) v *= inv_diag[i];
            change = std::max(change, std::abs(v - x[i]));
            size = std::max(size, std::abs(v));
            x[i] = v;
        }
        return {change, size};
    }

    bool solve_full(const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
        if (dense) {
            x = lu.solve(b);
            return x.allFinite();
        }
        if (gauss_seidel) {
            x.resize(static_cast<Eigen::Index>(n));
            if (gauss_seidel_solve(b.data(), nullptr, x.data())) return true;
        }
        return sparse_system().solve(b, x);
    }

    // q with the sectors S held at 1, from the unconstrained solution x = L c*
    // (L = (I − A*)⁻¹) by a rank-|S| update that reuses the factorisation:
    // q = x + L_{:,S} β with L_SS β = 1 − x_S (L_SS, a principal submatrix of an
    // inverse M-matrix, is nonsingular). β = 1 − (A* q + c*)_S.
    std::vector<double> solve_held_low_rank(const Eigen::VectorXd& x, const std::vector<std::uint32_t>& held,
                                            std::map<std::uint32_t, Eigen::VectorXd>& columns) const {
        const auto k = static_cast<Eigen::Index>(held.size());
        for (auto s : held) {
            if (columns.count(s)) continue;
            Eigen::VectorXd e = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n)), z;
            e(s) = 1.0;
            if (!solve_full(e, z)) throw std::runtime_error("IIM: the linear system could not be solved");
            columns.emplace(s, std::move(z));
        }
        Eigen::MatrixXd g(k, k);
        Eigen::VectorXd rhs(k);
        for (Eigen::Index r = 0; r < k; ++r) {
            rhs(r) = 1.0 - x(held[static_cast<std::size_t>(r)]);
            for (Eigen::Index c = 0; c < k; ++c)
                g(r, c) = columns.at(held[static_cast<std::size_t>(c)])(held[static_cast<std::size_t>(r)]);
        }
        const Eigen::VectorXd beta = g.partialPivLu().solve(rhs);
        Eigen::VectorXd v = x;
        for (Eigen::Index c = 0; c < k; ++c) v += beta(c) * columns.at(held[static_cast<std::size_t>(c)]);
        if (!v.allFinite()) throw std::runtime_error("IIM: the reduced system (saturated sectors held at 1) could not be solved");
        std::vector<double> q(n);
        for (std::size_t i = 0; i < n; ++i) q[i] = std::clamp(v(static_cast<Eigen::Index>(i)), 0.0, 1.0);
        for (auto s : held) q[s] = 1.0;
        return q;
    }

    // The same by factorising the rows of the sectors not held.
    std::vector<double> solve_held(const std::vector<double>& c, const std::vector<char>& held) const {
        std::vector<double> q(n, 1.0);
        if (gauss_seidel && gauss_seidel_solve(c.data(), &held, q.data())) {
            for (std::size_t i = 0; i < n; ++i) q[i] = held[i] ? 1.0 : std::clamp(q[i], 0.0, 1.0);
            return q;
        }
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
    // A* without its ids (only the message below names sectors): 0.1 M
    // strings fewer to copy and to fault in on large models.
    im.a.row_offsets = a_star.row_offsets;
    im.a.cols = a_star.cols;
    im.a.values = a_star.values;
    im.n = a_star.size();
    im.low_rank_max = options.low_rank_max;
    im.dense = options.method == IimMethod::dense ||
               (options.method == IimMethod::automatic && im.n <= options.dense_max);
    if (im.n == 0) return;

    // Every induced norm bounds ρ: ρ(A*) ≤ min(largest row sum, largest column
    // sum). When that is below 1 the Leontief inverse exists, so the sparse
    // path needs neither the block radii nor the invertibility solve; ρ is
    // then computed only when asked for. Below 1 by rows, the solves are
    // Gauss–Seidel sweeps (a contraction, see gauss_seidel_solve).
    if (!im.dense && options.norm_bound) {
        double by_rows = 0;
        for (std::size_t i = 0; i < im.n; ++i) {
            double row = 0;
            for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e) {
                row += im.a.values[e];
                im.has_diagonal = im.has_diagonal || im.a.cols[e] == i;
            }
            by_rows = std::max(by_rows, row);
        }
        if (by_rows < 1.0 - saturation_tol) {
            im.gauss_seidel = true;
            im.contraction = by_rows;
            if (im.has_diagonal) {
                im.inv_diag.resize(im.n);
                for (std::size_t i = 0; i < im.n; ++i) im.inv_diag[i] = 1.0 / (1.0 - im.a.at(i, i));
            }
            return;
        }
        // Only then the column sums (the solves are then BiCGSTAB's).
        std::vector<double> column(im.n, 0.0);
        for (std::size_t i = 0; i < im.n; ++i)
            for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e) column[im.a.cols[e]] += im.a.values[e];
        if (*std::max_element(column.begin(), column.end()) < 1.0 - saturation_tol) return;
    }

    const auto radius = exact_radius(im.a);
    im.rho = radius.value;
    const double lower = radius.lower;
    const auto& worst_block = radius.block;

    bool invertible = lower < 1.0 - saturation_tol;
    if (invertible) {
        const auto n = static_cast<Eigen::Index>(im.n);
        if (im.dense) {
            Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n);
            for (std::size_t i = 0; i < im.n; ++i)
                for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e)
                    m(static_cast<Eigen::Index>(i), im.a.cols[e]) -= im.a.values[e];
            im.lu.compute(m);
        }
        // Exact test: ρ(A*) < 1 ⇔ I − A* is a nonsingular M-matrix ⇔ (I − A*)⁻¹1 = Σ A*ᵏ1 ≥ 1.
        Eigen::VectorXd x;
        invertible = im.solve_full(Eigen::VectorXd::Ones(n), x) && x.minCoeff() >= 0.5;
    }
    if (!invertible) {
        std::string where;
        for (std::size_t k = 0; k < worst_block.size() && k < 6; ++k)
            where += (k ? ", " : "") + a_star.ids[worst_block[k]];
        if (worst_block.size() > 6) where += ", …";
        throw InputError(file, "",
                         "spectral radius of A* is " + format_number(std::max(1.0, *im.rho)) +
                             " ≥ 1 (dependency loop among: " + where +
                             "): (I − A*) has no Leontief inverse; weaken the strengths in that loop");
    }
}

IimSolver::IimSolver(IimSolver&&) noexcept = default;
IimSolver& IimSolver::operator=(IimSolver&&) noexcept = default;
IimSolver::~IimSolver() = default;

double IimSolver::spectral_radius() const {
    if (!impl_->rho) impl_->rho = impl_->n == 0 ? 0.0 : exact_radius(impl_->a).value;
    return *impl_->rho;
}
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
    std::map<std::uint32_t, Eigen::VectorXd> columns;  // L eₛ, computed once per held sector
    // A unit shock c* = eₛ (the key-sector ranking): x is already L eₛ. Only
    // on the sparse path: dense solves of a mapped and an owned vector may
    // round differently in the last bit.
    if (!im.dense && std::count(c_star.begin(), c_star.end(), 0.0) + 1 == static_cast<std::ptrdiff_t>(im.n)) {
        const auto s = static_cast<std::uint32_t>(std::find_if(c_star.begin(), c_star.end(), [](double v) { return v != 0.0; }) - c_star.begin());
        if (c_star[s] == 1.0) columns.emplace(s, x);
    }
    std::vector<std::uint32_t> held_list;
    for (;;) {
        held_list.clear();
        for (std::uint32_t i = 0; i < im.n; ++i)
            if (held[i]) held_list.push_back(i);
        q = held_list.size() <= im.low_rank_max ? im.solve_held_low_rank(x, held_list, columns)
                                                : im.solve_held(c_star, held);
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

std::vector<double> IimSolver::column_totals() const {
    const auto& im = *impl_;
    const auto n = static_cast<Eigen::Index>(im.n);
    if (n == 0) return {};
    Eigen::VectorXd y;
    bool ok = false;
    if (im.dense) {
        y = im.lu.transpose().solve(Eigen::VectorXd::Ones(n));
        ok = y.allFinite();
    } else {
        std::vector<Eigen::Triplet<double>> triplets;
        triplets.reserve(im.n + im.a.values.size());
        for (std::size_t i = 0; i < im.n; ++i) {
            triplets.emplace_back(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i), 1.0);
            for (auto e = im.a.row_offsets[i]; e < im.a.row_offsets[i + 1]; ++e)
                triplets.emplace_back(im.a.cols[e], static_cast<Eigen::Index>(i), -im.a.values[e]);
        }
        SparseMatrix m(n, n);
        m.setFromTriplets(triplets.begin(), triplets.end());
        ok = SparseSystem(std::move(m)).solve(Eigen::VectorXd::Ones(n), y);
    }
    if (!ok) throw std::runtime_error("IIM: the linear system could not be solved");
    return {y.data(), y.data() + n};
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
    const auto coupling = build_iim_coupling(model);
    const IimSolver solver(coupling.a_star, model.file, options);
    const auto n = model.sectors.size();

    IimSolution out;
    out.ids = coupling.a_star.ids;
    out.c_star.assign(n, 0.0);
    std::vector<double> node_shock;  // per unit, for node shocks (spread within their sector)
    std::optional<Network> net;
    for (const auto& [id, value] : shocks) {
        if (!std::isfinite(value) || value < 0 || value > 1)
            throw InputError(model.file, "", "shock " + id + "=" + format_number(value) + ": value must be in [0, 1]");
        if (const auto* sector = model.find_sector(id)) {
            out.c_star[static_cast<std::size_t>(sector - model.sectors.data())] += value;
        } else if (model.find_node(id)) {
            if (!net) net = build_network(model);
            node_shock.resize(net->size(), 0.0);
            auto& v = node_shock[net->unit_index.at(id)];
            v = std::min(1.0, v + value);
        } else {
            throw InputError(model.file, "", "shock " + id + ": no sector or node with this id");
        }
    }
    if (!node_shock.empty()) {
        const auto spread = within_sector_closure(coupling, std::move(node_shock));
        for (std::size_t u = 0; u < spread.size(); ++u)
            out.c_star[coupling.unit_sectors[u]] += coupling.unit_weights[u] * spread[u];
    }
    for (auto& c : out.c_star) c = std::min(1.0, c);

    out.q = solver.solve(out.c_star, &out.saturated);
    out.spectral_radius = solver.spectral_radius();
    out.row_sums = row_sums(coupling.a_star);
    for (auto i : rows_at_least_one(coupling.a_star)) out.row_sums_at_least_one.push_back(out.ids[i]);
    std::vector<std::size_t> at_one;
    for (std::size_t i = 0; i < n; ++i)
        if (out.q[i] >= 1.0 - saturation_tol) {
            at_one.push_back(i);
            out.saturated_sectors.push_back(out.ids[i]);
        }
    out.notes = iim_notes(coupling.a_star, at_one);
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

std::vector<KeySector> iim_key_sectors(const Model& model, std::size_t top) {
    const auto coupling = build_iim_coupling(model);
    const IimSolver solver(coupling.a_star, model.file);
    const auto n = model.sectors.size();
    auto exact = [&](std::size_t j) {
        std::vector<double> c(n, 0.0);
        c[j] = 1.0;
        const auto q = solver.solve(c);
        KeySector k{model.sectors[j].id, std::accumulate(q.begin(), q.end(), 0.0), std::nullopt};
        bool any_output = false;
        const double loss = output_loss(model, q, any_output);
        if (any_output) k.loss = loss;
        return k;
    };
    std::vector<KeySector> out;
    if (top >= n) {
        for (std::size_t j = 0; j < n; ++j) out.push_back(exact(j));
        std::stable_sort(out.begin(), out.end(),
                         [](const KeySector& a, const KeySector& b) { return a.total_inoperability > b.total_inoperability; });
        return out;
    }
    if (top == 0) return out;
    // Candidates by their upper bound; stop once the top-th exact total beats
    // the next bound (with a margin for the rounding of two different solves).
    const auto bound = solver.column_totals();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return bound[a] > bound[b]; });
    std::vector<std::pair<KeySector, std::size_t>> found;  // with model index, for ties
    auto better = [](const auto& a, const auto& b) {
        return a.first.total_inoperability != b.first.total_inoperability
                   ? a.first.total_inoperability > b.first.total_inoperability
                   : a.second < b.second;
    };
    for (std::size_t k = 0; k < n; ++k) {
        if (found.size() >= top) {
            std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(top - 1), found.end(), better);
            found.resize(top);
            const double kth = std::min_element(found.begin(), found.end(), [](const auto& a, const auto& b) {
                                   return a.first.total_inoperability < b.first.total_inoperability;
                               })->first.total_inoperability;
            if (kth > bound[order[k]] * (1 + 1e-9) + 1e-12) break;
        }
        found.emplace_back(exact(order[k]), order[k]);
    }
    std::sort(found.begin(), found.end(), better);
    if (found.size() > top) found.resize(top);
    for (auto& f : found) out.push_back(std::move(f.first));
    return out;
}

// -------------------------------------------------------- perturbation ----

PerturbationSchedule::PerturbationSchedule(const Network& net, const IimCoupling& coupling,
                                           const Disruption& disruption)
    : coupling_(coupling), damages_(disruption.damages), cuts_(disruption.cuts),
      restore_at_(net.size(), std::numeric_limits<double>::infinity()), sectors_(net.sector_count()) {
    for (const auto& r : disruption.restorations) restore_at_[r.unit] = std::min(restore_at_[r.unit], r.at_h);
}

Perturbation PerturbationSchedule::at(double t) const {
    const auto& c = coupling_;
    const auto n = c.unit_sectors.size();
    std::vector<double> direct(n, 0.0);
    // As the cascade engine: a restore ends what began before it.
    auto active = [&](std::uint32_t u, double start) {
        return t + 1e-9 >= start && !(t >= restore_at_[u] && start <= restore_at_[u]);
    };
    for (const auto& d : damages_)
        if (active(d.unit, d.start_h)) direct[d.unit] = std::max(direct[d.unit], damage_at(d, std::max(t, d.start_h)));
    std::vector<double> sector_damage(sectors_, 0.0);
    for (std::size_t u = 0; u < n; ++u) sector_damage[c.unit_sectors[u]] += c.unit_weights[u] * direct[u];

    if (!cuts_.empty()) {
        struct Active { std::uint32_t unit, sector; double share; };
        std::vector<Active> live;
        for (const auto& cut : cuts_)
            if (active(cut.unit, cut.start_h)) {
                const double share = cut_at(cut, std::max(t, cut.start_h));
                if (share > 0) live.push_back({cut.unit, cut.supplier_sector, share});
            }
        std::sort(live.begin(), live.end(), [](const Active& a, const Active& b) {
            return a.unit != b.unit ? a.unit < b.unit : (a.sector != b.sector ? a.sector < b.sector : a.share > b.share);
        });
        std::vector<double> extra(n, 0.0);
        for (std::size_t k = 0; k < live.size(); ++k) {
            if (k > 0 && live[k].unit == live[k - 1].unit && live[k].sector == live[k - 1].sector) continue;  // max per pair
            const auto u = live[k].unit;
            for (auto e = c.unit_offsets[u]; e < c.unit_offsets[u + 1]; ++e)
                if (c.unit_suppliers[e] == live[k].sector)
                    extra[u] += c.unit_strengths[e] * std::max(0.0, live[k].share - sector_damage[live[k].sector]);
        }
        for (std::size_t u = 0; u < n; ++u) direct[u] += extra[u];
    }
    for (auto& v : direct) v = std::clamp(v, 0.0, 1.0);
    Perturbation p{direct, within_sector_closure(c, direct), std::vector<double>(sectors_, 0.0)};
    for (std::size_t u = 0; u < n; ++u) p.sector[c.unit_sectors[u]] += c.unit_weights[u] * p.unit[u];
    for (auto& v : p.sector) v = std::clamp(v, 0.0, 1.0);
    return p;
}

std::vector<double> unit_inoperability(const IimCoupling& coupling, const std::vector<double>& direct,
                                       const std::vector<double>& q) {
    std::vector<double> external(direct.size());
    for (std::size_t u = 0; u < external.size(); ++u) {
        double v = direct[u];
        for (auto e = coupling.unit_offsets[u]; e < coupling.unit_offsets[u + 1]; ++e)
            v += coupling.unit_strengths[e] * q[coupling.unit_suppliers[e]];
        external[u] = v;
    }
    return within_sector_closure(coupling, std::move(external));
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

Result Iim::run_once(const Model& model, const Network& net, const Scenario& scenario,
                     const RunOptions& options) const {
    const auto times = time_axis(scenario);
    const auto coupling = build_iim_coupling(model, net);
    const IimSolver solver(coupling.a_star, model.file);
    const auto disruption = compile_disruption(model, net, scenario, hazard_options(options));
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
    std::optional<UnitCurves::Recorder> unit_rows;
    if (record_units) unit_rows.emplace(r.unit_count, times.size());

    std::vector<double> last_c, q;
    std::vector<char> ever_saturated(r.sector_count, 0);
    for (std::size_t k = 0; k < times.size(); ++k) {
        const auto p = schedule.at(times[k]);
        if (k == 0 || p.sector != last_c) {
            q = solver.solve(p.sector);
            last_c = p.sector;
            for (std::size_t i = 0; i < q.size(); ++i)
                if (q[i] >= 1.0 - saturation_tol) ever_saturated[i] = 1;
        }
        for (std::size_t i = 0; i < r.sector_count; ++i)
            r.sector_operability[k * r.sector_count + i] = static_cast<float>(1.0 - q[i]);
        if (unit_rows) {
            const auto qu = unit_inoperability(coupling, p.direct, q);
            unit_rows->begin_step(k);
            for (std::size_t u = 0; u < r.unit_count; ++u) unit_rows->set(u, static_cast<float>(1.0 - qu[u]));
        }
    }
    if (unit_rows) r.unit_operability = std::move(*unit_rows).finish();
    append_crossings(r, net, scenario.service_threshold, {&disruption, options.log_units});

    r.notes.push_back("iim: quasi-static steady state q = min(1, A* q + c*) at each step; spectral radius of A* " +
                      format_number(solver.spectral_radius()));
    if (std::any_of(model.dependencies.begin(), model.dependencies.end(),
                    [](const Dependency& d) { return d.buffer_h > 0 || d.delay_h > 0; }))
        r.notes.push_back("iim: dependency buffers (buffer_h) and delays (delay_h) are not modelled; "
                          "losses propagate at once");
    std::vector<std::size_t> held;
    for (std::size_t i = 0; i < ever_saturated.size(); ++i)
        if (ever_saturated[i]) held.push_back(i);
    for (auto& note : iim_notes(coupling.a_star, held, "iim: ")) r.notes.push_back(std::move(note));
    return r;
}

}  // namespace cisim
