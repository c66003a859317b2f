#pragma once
// The cascade engine's memory layout (issue 23: compact per-unit records,
// misses overlapped): the network's units renumbered so that suppliers come
// before their consumers and near them in memory, and its edges compiled into
// arrays in that numbering: 16-byte in-edge records (UnitRule.hpp's HotEdge),
// out-edges of every supplier column with the zero-delay ones first, and the
// buffers' capacities and closed-form phases (engines/BufferPhase.hpp).
// Results and logs are given back in the network's numbering (to_old_).
// The edge records also carry state the run changes (a buffer's empty flag, a
// delayed edge's held supply), so the Simulation that runs on a layout owns it.
// Deviation (as engines/CascadeEngine.hpp says): a delayed edge holds its
// supply at float precision.
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "engines/BufferPhase.hpp"
#include "engines/cascade/UnitRule.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim::cascade {

inline constexpr std::size_t exact_sum_max = 64;  ///< sectors up to this size re-add their units (as the reference does)
inline constexpr std::uint32_t never = std::numeric_limits<std::uint32_t>::max();

class Layout {
public:
    /// Compiles `net` for steps of `step_h` hours; `threads` only share the
    /// work (the layout is the same for any count).
    Layout(const Model& model, const Network& net, double step_h, int threads);

protected:
    std::size_t column(SupplyRef ref) const { return ref.is_sector() ? n_ + ref.index() : to_new_[ref.index()]; }

    // Where an edge sits among its supplier's out-edges (a supplier has a handful).
    std::uint32_t out_slot(std::uint32_t edge) const {
        const auto col = hot_[edge].col;
        auto j = out_offsets_[col];
        while (out_edges_[j] != edge) ++j;
        return j;
    }

    bool is_function(std::size_t edge) const { return (hot_[edge].flags & repair_flag) == 0; }
    bool is_empty(std::size_t edge) const { return (hot_[edge].flags & empty_flag) != 0; }
    bool buffered(std::size_t edge) const { return buffer_slot_[edge] != never; }
    double capacity(std::size_t edge) const { return buffered(edge) ? buffer_size_[buffer_slot_[edge]].first : 0.0; }
    std::uint32_t col_sector(std::uint32_t col) const { return col < n_ ? unit_sector_[col] : col - static_cast<std::uint32_t>(n_); }
    BufferPhase& phase(std::size_t edge) { return phases_[buffer_slot_[edge]]; }
    const BufferPhase& phase(std::size_t edge) const { return phases_[buffer_slot_[edge]]; }

    // engines/Contraction.hpp on the compiled edges: in the engine's numbering
    // the suppliers' bounds are mostly read near each other.
    struct BoundView {
        const Layout& layout;
        std::size_t units() const { return layout.n_; }
        std::size_t sectors() const { return layout.s_; }
        // The mean of classes is no steeper than their min: it contracts as min does.
        bool product(std::size_t u) const { return layout.unit_product_[u] == product_rule; }
        template <class F>
        void for_units(std::size_t s, F f) const {
            for (auto i = layout.net_.sector_offsets[s]; i < layout.net_.sector_offsets[s + 1]; ++i)
                f(layout.sector_units_[i], layout.unit_weight_[layout.sector_units_[i]]);
        }
        template <class F>
        void for_edges(std::size_t u, F f) const {
            for (auto i = layout.in_offsets_[u]; i < layout.in_offsets_[u + 1]; ++i) {
                const auto& h = layout.hot_[i];
                if ((h.flags & (delayed_flag | repair_flag)) == 0) f(h.col, static_cast<double>(h.strength), h.group);
            }
        }
    };

    const Network& net_;
    std::size_t n_, s_, e_;
    double dt_ = 1;
    std::size_t max_delay_ = 0;   // in steps
    std::size_t max_groups_ = 0;  // redundancy groups of one unit

    // units (struct of arrays, in the engine's numbering) and sectors
    std::vector<std::uint32_t> to_old_, to_new_;  // engine unit → network unit, and back
    std::vector<std::uint32_t> sector_units_;     // the network's list, renumbered
    std::vector<std::uint32_t> unit_sector_;
    std::vector<double> unit_weight_;
    std::vector<char> unit_product_, has_repair_;
    std::vector<std::int32_t> single_;
    std::vector<std::uint32_t> weighted_offsets_, weighted_units_;  // per sector, its units of weight > 0
    // edges
    std::vector<std::uint32_t> in_offsets_, consumer_, delays_;
    std::vector<std::int32_t> delay_slot_;
    std::vector<std::uint32_t> out_offsets_, out_edges_, zero_end_, out_consumer_;
    std::vector<std::uint16_t> out_delay_;  // per out-edge: 0 without delay, else 1 + its index in delays_
    std::vector<char> out_live_, out_buffered_;
    std::vector<HotEdge> hot_;
    std::vector<BufferPhase> phases_;        // of the edges with a buffer
    std::vector<std::pair<float, float>> buffer_size_;  // their capacity and refill hours
    std::vector<std::uint32_t> buffer_slot_;  // edge → its phase, `never` without a buffer

private:
    void order_units(const Model& model, int threads);
    void compile_units();
    void compile_edges(int threads);
};

}  // namespace cisim::cascade
