#pragma once
// One run of the cascade engine (engines/CascadeEngine.hpp, SPEC §5.4) on its
// compiled Layout: the state of every unit, sector, buffer and network sector,
// and the step loop. The rule is the one of the header, evaluated by
// UnitRule.hpp. This implementation is incremental in time: a step starts
// from the previous step's state and visits only what the step's changed
// inputs reach, with a proof that it reaches the same greatest fixed point as
// a solve from full operability (Scheduler.cpp, solve_step).
// Simulation's members are defined by concern:
//   ../CascadeEngine.cpp   the time loop, and the scenario's inputs: damage, supply cuts, repairs
//   Scheduler.cpp          one step's fixed point (solve_step, settle)
//   Buffers.cpp            buffers and delayed supplies between steps
//   NetworkSectors.cpp     the connectivity rule (SPEC §5.5)
//   Log.cpp                the event log and the unit curves
// and here, inline, what several of them call for every unit or edge:
// evaluate and what it reads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "engines/CascadeEngine.hpp"
#include "engines/IndexSet.hpp"
#include "engines/Parallel.hpp"
#include "engines/cascade/Extrapolation.hpp"
#include "engines/cascade/LazyList.hpp"
#include "engines/cascade/Layout.hpp"
#include "engines/cascade/NetworkSectors.hpp"
#include "engines/cascade/Scheduler.hpp"
#include "engines/cascade/UnitRule.hpp"

namespace cisim::cascade {

inline constexpr std::size_t parallel_visits = 8192;  ///< buffer passes this big run in slices (with threads > 1)
inline constexpr double loss_scale = 4503599627370496.0;  ///< 2^52: sector losses are summed as exact integers
inline constexpr std::size_t no_bound = std::numeric_limits<std::size_t>::max();  ///< a part bound that owns every unit

/// What limits a unit at a moment: a scenario event, or a supplier.
struct Cause {
    std::int32_t event = -1;
    std::int32_t unit = -1;
    std::int32_t sector = -1;
};

class Simulation : Layout {
public:
    Simulation(const Model& model, const Network& net, const Disruption& dis, const StepSettings& steps,
               const RunOptions& opt);
    Result run();

private:
    // --- this step's inputs (CascadeEngine.cpp) ---------------------------------
    // Each input that changed marks its unit as a source that got better or
    // worse (the solve starts there), and its edges for the buffer pass.
    void index_damages();
    void index_cuts();
    void begin_step(std::size_t k);
    void update_damage(double t, Result& r);
    void update_cuts(double t);
    void advance_repairs(std::size_t k, double t);

    void mark_source(std::uint32_t u, bool better) {
        if (source_stamp_[u] != step_epoch_) {
            source_stamp_[u] = step_epoch_;
            source_kind_[u] = 0;
        }
        const char bit = better ? 1 : 2;
        if (source_kind_[u] & bit) return;
        source_kind_[u] = static_cast<char>(source_kind_[u] | bit);
        (better ? improve_ : worsen_).push_back(u);
    }

    void visit(std::uint32_t e) { visits_.insert(e); }

    // A restore event ends damage and cuts that began before it.
    bool restored(std::uint32_t u, double start, double t) const {
        return t >= restore_at_[u] && start <= restore_at_[u];
    }

    // --- what the rule reads ------------------------------------------------------

    // A column as a settling part sees it: units in [lo, hi) at their newest
    // value, other units as the round began (see settle).
    double seen(std::size_t col, std::size_t lo, std::size_t hi) const {
        if (col >= n_) return agg_[col - n_];
        return col - lo < hi - lo ? op_[col] : snap_[col];
    }

    // Supply share a dependency delivers now, given the current iterate.
    // `cut` says whether u has supply cuts (callers in a loop over u's edges ask once).
    double supply(std::uint32_t u, std::size_t edge, std::size_t lo = 0, std::size_t hi = no_bound) const {
        return supply(u, edge, cut_offsets_[u] != cut_offsets_[u + 1], lo, hi);
    }
    double supply(std::uint32_t u, std::size_t edge, bool cut, std::size_t lo, std::size_t hi) const {
        const auto& h = hot_[edge];
        double v = (h.flags & delayed_flag) ? h.held : seen(h.col, lo, hi);
        if (cut) {
            const auto sector = col_sector(h.col);
            for (auto i = cut_offsets_[u]; i < cut_offsets_[u + 1]; ++i)
                if (cuts_[i].supplier_sector == sector) v = std::min(v, cut_cap_[i]);
        }
        return v;
    }

    // Whether the buffer is empty at the next step (repairs use the updated buffers).
    bool empty_next(std::size_t edge, std::size_t k) const {
        const double cap = capacity(edge);
        return cap <= buffer_empty_h || buffer_level(phase(edge), cap, static_cast<std::uint32_t>(k + 1)) <= buffer_empty_h;
    }

    // The rule (UnitRule.hpp) for one unit, optionally naming what binds it.
    // `repair_k` ≥ 0 evaluates repair dependencies with the buffers of step repair_k + 1.
    // Units outside [lo, hi) are read as the settling round began.
    [[gnu::always_inline]] double evaluate(std::uint32_t u, DependencyEffect effect, Cause* cause, GroupScratch& g,
                    std::int64_t repair_k = -1, std::size_t lo = 0, std::size_t hi = no_bound) const {
        const UnitView unit{hot_.data(), in_offsets_[u], in_offsets_[u + 1], unit_product_[u], damage_[u]};
        auto empty = [&](std::uint32_t i) {
            return repair_k >= 0 ? empty_next(i, static_cast<std::size_t>(repair_k)) : (hot_[i].flags & empty_flag) != 0;
        };
        const bool cut = cut_offsets_[u] != cut_offsets_[u + 1];
        auto supplied = [&](std::uint32_t i) { return supply(u, i, cut, lo, hi); };
        const auto v = evaluate_unit(unit, effect, g, empty, supplied);
        if (cause) {
            if (v.damage_binds(damage_[u])) cause->event = damage_event_[u];
            else if (v.worst_edge >= 0) *cause = supplier_cause(static_cast<std::size_t>(v.worst_edge));
        }
        return v.operability;
    }

    // --- state ----------------------------------------------------------------------

    bool impaired(std::uint32_t u) const { return op_[u] < 1.0 || cut_off_[u]; }

    std::int64_t quantized_loss(std::uint32_t u, double v) const {
        return static_cast<std::int64_t>(unit_weight_[u] * (1.0 - v) * loss_scale + 0.5);  // ≥ 0: rounds to nearest
    }

    // Setting a unit, and its bookkeeping (Scheduler.cpp). Here and below,
    // members declared `inline` are defined and called in one .cpp file only:
    // GCC then inlines them as it did when the class was one file.
    void set_unit(std::uint32_t u, double v, bool cut, bool by_connectivity = false, bool pass_on = true);
    inline void update_unit(std::uint32_t u, double v, bool cut, bool by_connectivity, bool pass_on);
    inline Move describe(std::uint32_t u, double old, bool old_cut, double v, bool cut) const;
    inline void book(const Move& m, bool by_connectivity);
    inline double aggregate(std::size_t s) const;
    inline void enqueue(std::uint32_t u);
    inline void fan_out(std::size_t col);

    // --- one step's fixed point (Scheduler.cpp) -------------------------------------
    void solve_step(std::size_t k);
    inline void apply_resets();
    inline bool giants_hold_most() const;
    inline void restore(NetworkState& ns);
    template <class Done>
    inline void follow_closure(Done done);
    inline void restore_cut_off();
    inline void add_reset(std::uint32_t u);
    inline void reach(std::size_t col);
    inline void settle();
    template <class Apply>
    inline void sweep(Part& p, Apply apply);
    inline void move_in_part(Part& p, std::uint32_t u, double v);
    inline void book_round();

    // --- the connectivity rule (NetworkSectors.cpp) ---------------------------------
    void add_networks(const Model& model);
    bool drop_unfed();

    // --- after the step: buffers and delayed supplies (Buffers.cpp) -----------------
    void fire_buffer_events(std::size_t k, double t, Result& r);
    void apply_delays(std::size_t k);
    void collect_changes(std::size_t k);
    void advance_buffers(std::size_t k, double t, Result& r);
    inline void schedule(std::uint32_t e, std::vector<std::pair<std::uint32_t, std::uint32_t>>& due) const;  // Buffers.cpp only

    // --- the log (Log.cpp) -------------------------------------------------------------

    // The supplier of an edge, in the network's numbering.
    Cause supplier_cause(std::size_t edge) const {
        Cause c;
        const auto col = hot_[edge].col;
        if (col >= n_) c.sector = static_cast<std::int32_t>(col - n_);
        else c.unit = static_cast<std::int32_t>(to_old_[col]);
        return c;
    }

    // On a sector-level model the units are the sectors.
    bool want_unit_log() const { return sector_level_ ? opt_.log_sectors : opt_.log_units; }

    LogEntry entry(double t, LogKind kind, std::uint32_t u, Cause c, double value) const;
    void push(Result& r, double t, LogKind kind, std::uint32_t u, Cause c, double value) const {
        r.log.push_back(entry(t, kind, u, c, value));
    }
    void flush_edge_log(Result& r);
    void log_crossings(double t, Result& r);
    Cause sector_cause(std::uint32_t s);
    void record_unit_row(UnitCurves::Recorder& rows, std::size_t k) const;

    const Disruption& dis_;
    StepSettings steps_;
    RunOptions opt_;
    bool sector_level_ = false;
    bool has_giant_ = false;  // a giant-mode network sector: a step whose giant holds half of it or less is solved again
    bool unique_ = false;      // the rule is a contraction: no step resets values (engines/Contraction.hpp)
    std::size_t step_count_ = 0;
    std::uint64_t evaluations_ = 0;  // Result::evaluations
    std::size_t ring_size_ = 1;

    bool log_edges_ = false;  // unbuffered edges are visited only to log lost supplies
    std::vector<char> exhausted_, losing_;
    IndexSet fired_;   // edges whose buffer emptied, refilled or filled at this step
    IndexSet visits_;  // edges to bring up to date in the buffer pass
    std::vector<std::vector<std::uint32_t>> calendar_;  // edges whose buffer may empty or fill at each step
    std::vector<std::pair<std::uint32_t, LogEntry>> edge_log_;
    struct BufferOut {  // what one slice of the buffer pass schedules and logs
        std::vector<std::pair<std::uint32_t, std::uint32_t>> due;  // step, edge
        std::vector<std::pair<std::uint32_t, LogEntry>> log;
        std::vector<std::uint32_t> edges;  // the slice's visited edges, in order
    };
    std::vector<BufferOut> buffer_out_;
    struct ChangeOut {  // what one slice of collect_changes found
        struct Due { std::uint32_t bucket, slot; float value; };
        std::vector<std::uint32_t> visits;
        std::vector<Due> due;
    };
    std::vector<ChangeOut> change_out_;
    // scenario
    std::vector<std::uint32_t> damage_offsets_, cut_offsets_, damaged_units_;
    std::vector<Damage> damages_;
    std::vector<SupplyCut> cuts_;
    std::vector<double> progress_, cut_cap_, damage_;
    std::vector<char> hit_logged_;
    std::vector<double> restore_at_;
    std::vector<std::int32_t> restore_event_, damage_event_;
    // state, and what this step changed
    std::vector<double> op_, agg_, prev_agg_, old_op_;
    std::vector<std::int64_t> loss_q_;
    std::vector<std::uint32_t> impaired_count_;
    std::vector<char> cut_off_, listed_, net_listed_;
    LazyList impaired_;
    std::uint32_t step_epoch_ = 0;
    std::vector<std::uint32_t> step_stamp_, dirty_units_;
    std::vector<std::uint32_t> source_stamp_, improve_, worsen_;
    std::vector<char> source_kind_;
    IndexSet reset_, pending_;  // this step's C, and its members not yet followed
    std::vector<std::uint32_t> column_stamp_;
    std::uint32_t column_epoch_ = 0;
    std::vector<Part> parts_;
    Extrapolation extrapolation_;  // one part under a contraction: Aitken's jumps (Extrapolation.hpp)
    std::vector<double> snap_;  // with several parts: every unit as the round began
    std::vector<std::uint32_t> active_, touched_, sector_round_;
    std::uint32_t round_epoch_ = 0;
    std::unique_ptr<Workers> workers_;
    // delayed supplies (held in the edges): per step of the next max-delay, the
    // out-edges (slots j) whose held value changes then, and to what
    std::vector<std::vector<std::pair<std::uint32_t, float>>> ring_;
    // logs
    std::vector<float> prev_unit_, prev_sector_;
    // connectivity
    std::vector<NetworkState> networks_;
    std::vector<std::int32_t> network_of_;
    std::vector<std::uint32_t> local_;
    // work space
    GroupScratch scratch_;
};

}  // namespace cisim::cascade
