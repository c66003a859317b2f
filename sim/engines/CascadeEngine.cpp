#include "engines/CascadeEngine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "engines/Contraction.hpp"
#include "engines/Populations.hpp"
#include "engines/cascade/Simulation.hpp"
#include "hazards/ScenarioHazards.hpp"

// The cascade engine's time loop and the scenario's inputs to each step. The
// rule for one unit is engines/cascade/UnitRule.hpp; engines/cascade/Simulation.hpp
// says where the rest lives.
namespace cisim::cascade {
namespace {

/// `items` (each naming a network `unit`) renumbered by `to_new` and grouped
/// by unit: unit u's are out[offsets[u], offsets[u + 1]), in their given order.
template <class Item>
void group_by_unit(const std::vector<Item>& items, const std::vector<std::uint32_t>& to_new,
                   std::vector<std::uint32_t>& offsets, std::vector<Item>& out) {
    offsets.assign(to_new.size() + 1, 0);
    for (const auto& x : items) ++offsets[to_new[x.unit] + 1];
    for (std::size_t u = 0; u + 1 < offsets.size(); ++u) offsets[u + 1] += offsets[u];
    out.resize(items.size());
    auto fill = offsets;
    for (const auto& x : items) {
        auto& y = out[fill[to_new[x.unit]]++];
        y = x;
        y.unit = to_new[x.unit];
    }
}

}  // namespace

Simulation::Simulation(const Model& model, const Network& net, const Disruption& dis, const StepSettings& steps,
                       const RunOptions& opt)
    : Layout(model, net, steps.step_h, opt.threads), dis_(dis), steps_(steps), opt_(opt) {
    sector_level_ = !model.has_nodes();
    log_edges_ = want_unit_log();
    step_count_ = static_cast<std::size_t>(std::floor(steps.horizon_h / dt_ + 1e-9)) + 1;
    // The state, in the layout's numbering.
    op_.assign(n_, 1.0);
    cut_off_.assign(n_, 0);
    listed_.assign(n_, 0);
    net_listed_.assign(n_, 0);
    const std::size_t part_count = n_ <= part_units ? 1 : (n_ + part_units - 1) / part_units;
    parts_.resize(part_count);
    for (std::size_t k = 0; k < part_count; ++k) {
        auto& p = parts_[k];
        p.begin = static_cast<std::uint32_t>(part_count == 1 ? 0 : k * part_units);
        p.end = static_cast<std::uint32_t>(part_count == 1 ? n_ : std::min(n_, (k + 1) * part_units));
        p.queue.resize(p.end - p.begin);
    }
    if (part_count > 1) {
        snap_.assign(n_, 1.0);
        if (opt_.threads > 1) workers_ = std::make_unique<Workers>(opt_.threads);
    }
    step_stamp_.assign(n_, 0);
    source_stamp_.assign(n_, 0);
    source_kind_.assign(n_, 0);
    reset_.resize(n_);
    pending_.resize(n_);
    old_op_.assign(n_, 1.0);
    network_of_.assign(n_, -1);
    local_.assign(n_, 0);
    agg_.assign(s_, 1.0);
    prev_agg_.assign(s_, 1.0);
    loss_q_.assign(s_, 0);
    impaired_count_.assign(s_, 0);
    column_stamp_.assign(s_, 0);
    sector_round_.assign(s_, 0);
    prev_sector_.assign(s_, 1.0f);
    if (!sector_level_ && opt_.log_units) prev_unit_.assign(n_, 1.0f);
    scratch_.loss.resize(max_groups_);
    scratch_.edge.resize(max_groups_);
    for (auto& p : parts_) p.scratch = scratch_;
    exhausted_.assign(e_, 0);
    losing_.assign(e_, 0);
    visits_.resize(e_);
    fired_.resize(e_);
    calendar_.resize(step_count_);
    ring_size_ = max_delay_ + 1;
    if (max_delay_ > 0) ring_.resize(ring_size_);
    index_damages();
    index_cuts();
    add_networks(model);
    unique_ = contracts(BoundView{*this}, opt_.threads);
    if (unique_ && part_count == 1) extrapolation_.resize(n_);
}

Result Simulation::run() {
    Result r;
    r.engine = "cascade";
    r.seed = opt_.seed;
    r.horizon_h = steps_.horizon_h;
    r.step_h = dt_;
    r.service_threshold = steps_.service_threshold;
    r.unit_count = n_;
    r.sector_count = s_;
    r.times.resize(step_count_);
    r.sector_operability.resize(step_count_ * s_);
    const bool record_units = opt_.record_units && !sector_level_;
    std::optional<UnitCurves::Recorder> unit_rows;
    if (record_units) unit_rows.emplace(n_, step_count_);

    for (std::size_t k = 0; k < step_count_; ++k) {
        const double t = static_cast<double>(k) * dt_;
        r.times[k] = t;
        begin_step(k);
        fire_buffer_events(k, t, r);
        update_damage(t, r);
        update_cuts(t);
        apply_delays(k);
        if (k == 0 || !improve_.empty() || !worsen_.empty()) solve_step(k);
        for (std::size_t s = 0; s < s_; ++s) r.sector_operability[k * s_ + s] = static_cast<float>(agg_[s]);
        collect_changes(k);
        if (unit_rows) record_unit_row(*unit_rows, k);
        if (opt_.log_sectors || want_unit_log()) log_crossings(t, r);
        advance_buffers(k, t, r);
        advance_repairs(k, t);
    }
    std::stable_sort(r.log.begin(), r.log.end(), [](const LogEntry& a, const LogEntry& b) {
        if (a.t_h != b.t_h) return a.t_h < b.t_h;
        if (a.level != b.level) return a.level == Level::sector && b.level == Level::unit;
        return a.index < b.index;
    });
    if (unit_rows) r.unit_operability = std::move(*unit_rows).finish();
    r.evaluations = evaluations_;
    return r;
}

void Simulation::index_damages() {
    group_by_unit(dis_.damages, to_new_, damage_offsets_, damages_);
    for (std::uint32_t u = 0; u < n_; ++u)
        if (damage_offsets_[u] != damage_offsets_[u + 1]) damaged_units_.push_back(u);
    progress_.assign(damages_.size(), 0.0);
    hit_logged_.assign(damages_.size(), 0);
    damage_.assign(n_, 0.0);
    damage_event_.assign(n_, -1);
    restore_at_.assign(n_, std::numeric_limits<double>::infinity());
    restore_event_.assign(n_, -1);
    for (const auto& rs : dis_.restorations) {
        const auto u = to_new_[rs.unit];
        if (rs.at_h < restore_at_[u]) {
            restore_at_[u] = rs.at_h;
            restore_event_[u] = static_cast<std::int32_t>(rs.event);
        }
    }
}

void Simulation::index_cuts() {
    group_by_unit(dis_.cuts, to_new_, cut_offsets_, cuts_);
    cut_cap_.assign(cuts_.size(), 2.0);
}

void Simulation::begin_step(std::size_t k) {
    step_epoch_ = static_cast<std::uint32_t>(k + 1);
    improve_.clear();
    worsen_.clear();
    fired_.clear();
    dirty_units_.clear();
    for (auto& ns : networks_) ns.reset = false;
}

void Simulation::update_damage(double t, Result& r) {
    for (const auto u : damaged_units_) {
        double worst = 0;
        std::int32_t event = -1;
        for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) {
            const auto& d = damages_[i];
            if (t + 1e-9 < d.start_h || restored(u, d.start_h, t)) continue;
            const double v = d.schedule ? damage_at(d, t)
                                        : d.severity * recovery_remaining(d.recovery, d.recovery_h, progress_[i] - d.hold_h);
            if (v > 0 && !hit_logged_[i]) {
                hit_logged_[i] = 1;
                if (want_unit_log()) push(r, t, LogKind::direct_hit, u, {static_cast<std::int32_t>(d.event), -1, -1}, v);
            }
            if (v > worst) { worst = v; event = static_cast<std::int32_t>(d.event); }
        }
        if (damage_[u] > 0 && worst <= 0 && want_unit_log()) {
            const auto ev = t >= restore_at_[u] ? restore_event_[u] : damage_event_[u];
            push(r, t, LogKind::repaired, u, {ev, -1, -1}, 1.0);
        }
        if (worst != damage_[u]) mark_source(u, worst < damage_[u]);
        damage_[u] = worst;
        if (worst > 0) damage_event_[u] = event;
    }
}

void Simulation::update_cuts(double t) {
    for (std::size_t i = 0; i < cuts_.size(); ++i) {
        const auto& c = cuts_[i];
        const double cap = restored(c.unit, c.start_h, t) ? 2.0 : 1.0 - cut_at(c, t);
        if (cap == cut_cap_[i]) continue;
        mark_source(c.unit, cap > cut_cap_[i]);
        cut_cap_[i] = cap;
        for (auto e = in_offsets_[c.unit]; e < in_offsets_[c.unit + 1]; ++e)
            if (col_sector(hot_[e].col) == c.supplier_sector && (log_edges_ || buffered(e))) visit(e);
    }
}

// Repairs progress at the rate their repair dependencies allow.
void Simulation::advance_repairs(std::size_t k, double t) {
    for (const auto u : damaged_units_) {
        bool started = false;
        for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i) started |= t + 1e-9 >= damages_[i].start_h;
        if (!started) continue;
        const double rate = has_repair_[u] ? evaluate(u, DependencyEffect::repair, nullptr, scratch_, static_cast<std::int64_t>(k)) : 1.0;
        for (auto i = damage_offsets_[u]; i < damage_offsets_[u + 1]; ++i)
            if (t + 1e-9 >= damages_[i].start_h) progress_[i] += dt_ * rate;
    }
}


}  // namespace cisim::cascade

namespace cisim {

Result simulate_cascade(const Model& model, const Network& network, const Disruption& disruption,
                        const StepSettings& steps, const RunOptions& options) {
    using cascade::Simulation;
    // Populations with spread parameters or cut in turns run as their classes.
    if (auto classes = split_populations(model, network, disruption))
        return merge_classes(Simulation(model, classes->network, classes->disruption, steps, options).run(), *classes);
    return Simulation(model, network, disruption, steps, options).run();
}

bool CascadeEngine::reads_dependencies(const Network& network) const {
    return std::any_of(network.units.begin(), network.units.end(), [](const Unit& u) { return u.population; });
}

Result CascadeEngine::run_once(const Model& model, const Network& network, const Scenario& scenario,
                               const RunOptions& options) const {
    const auto disruption = compile_disruption(model, network, scenario, hazard_options(options));
    return simulate_cascade(model, network, disruption,
                            {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, options);
}

}  // namespace cisim
