#include "analysis/Injects.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace cisim {

namespace {

constexpr double eps_h = 1e-9;

bool impairs(LogKind k) {
    return k == LogKind::direct_hit || k == LogKind::supply_lost || k == LogKind::buffer_exhausted ||
           k == LogKind::below_service || k == LogKind::below_half;
}

// Among entries at one time, the one closest to the origin of a cascade first.
int origin_rank(LogKind k) {
    switch (k) {
        case LogKind::direct_hit: return 0;
        case LogKind::buffer_exhausted: return 1;
        case LogKind::supply_lost: return 2;
        case LogKind::below_service: return 3;
        case LogKind::below_half: return 4;
        default: return 5;
    }
}

bool has_cause(const LogEntry& e) { return e.event >= 0 || e.cause_unit >= 0 || e.cause_sector >= 0; }

std::string percent(double v) {
    const double r = std::round(v * 1000.0) / 10.0;
    char buf[32];
    if (r == std::round(r)) std::snprintf(buf, sizeof buf, "%.0f %%", r);
    else std::snprintf(buf, sizeof buf, "%.1f %%", r);
    return buf;
}

std::string hours_text(double h) {
    char buf[32];
    if (h == std::round(h)) std::snprintf(buf, sizeof buf, "%.0f h", h);
    else std::snprintf(buf, sizeof buf, "%.4g h", h);
    return buf;
}

/// A unit or a sector aggregate, as log entries and causes name them.
struct Subject {
    bool sector = false;
    std::uint32_t index = 0;
    bool operator<(const Subject& o) const { return std::tie(sector, index) < std::tie(o.sector, o.index); }
};

/// One chain element; events are kept apart so that sector mapping never merges them.
struct Link {
    std::string id;
    bool event = false;
};

class InjectBuilder {
public:
    InjectBuilder(const Model& model, const Network& network, const Scenario& scenario, const Result& result,
                  const Scores& scores, const InjectOptions& options)
        : model_(model), net_(network), scenario_(scenario), result_(result), scores_(scores), opt_(options) {
        sector_entries_.resize(model.sectors.size());
        unit_entries_by_sector_.resize(model.sectors.size());
        // Each unit's entries in log order, as one flat array with offsets (a
        // million-asset run logs millions of entries: a vector per unit in a
        // hash map cost seconds).
        unit_entry_start_.assign(net_.size() + 1, 0);
        for (const auto& e : result.log)
            if (e.level != Level::sector && e.index < net_.size()) ++unit_entry_start_[e.index + 1];
        for (std::size_t u = 0; u < net_.size(); ++u) unit_entry_start_[u + 1] += unit_entry_start_[u];
        unit_entry_list_.resize(unit_entry_start_.back());
        std::vector<std::size_t> next(unit_entry_start_.begin(), unit_entry_start_.end() - 1);
        for (std::size_t i = 0; i < result.log.size(); ++i) {
            const auto& e = result.log[i];
            if (e.level == Level::sector) {
                if (e.index < sector_entries_.size()) sector_entries_[e.index].push_back(i);
            } else if (e.index < net_.size()) {
                unit_entry_list_[next[e.index]++] = i;
                unit_entries_by_sector_[net_.units[e.index].sector].push_back(i);
            }
        }
        mark_exhaustions_that_reach();
    }

    InjectList build() {
        add_event_rows();
        add_log_rows();
        add_degraded_rows();
        add_objective_rows();
        std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
            return std::tie(a.inject.t_h, a.sector_order, a.node_row, a.unit, a.kind_rank) <
                   std::tie(b.inject.t_h, b.sector_order, b.node_row, b.unit, b.kind_rank);
        });
        InjectList out;
        out.node_rows_left_out = node_rows_left_out_;
        for (auto& r : rows_) out.injects.push_back(std::move(r.inject));
        return out;
    }

private:
    struct Row {
        Inject inject;
        int sector_order = -1;
        bool node_row = false;
        int kind_rank = 0;
        std::uint32_t unit = 0;
    };

    /// A buffer can run dry at the very step its supply returns (the engine logs
    /// buffer_exhausted when the level reaches zero, before that step's
    /// shortfall is known): then no loss reaches the consumer. An exhaustion
    /// counts only when the engine logs supply_lost for the same consumer and
    /// supplier at the same time, i.e. the shortfall then reaches the consumer.
    void mark_exhaustions_that_reach() {
        using Key = std::tuple<int, std::uint32_t, std::int32_t, std::int32_t, double>;
        auto key = [](const LogEntry& e, double t) {
            return Key{static_cast<int>(e.level), e.index, e.cause_unit, e.cause_sector, t};
        };
        // (subject, supplier, time) of every supply loss, sorted: one array, not a map of vectors.
        std::vector<Key> lost;
        for (const auto& e : result_.log)
            if (e.kind == LogKind::supply_lost) lost.push_back(key(e, e.t_h));
        std::sort(lost.begin(), lost.end());
        reaches_.assign(result_.log.size(), 1);
        for (std::size_t i = 0; i < result_.log.size(); ++i) {
            const auto& e = result_.log[i];
            if (e.kind != LogKind::buffer_exhausted) continue;
            const double tol = eps_h * std::max(1.0, std::abs(e.t_h));
            const auto t = std::lower_bound(lost.begin(), lost.end(), key(e, e.t_h - tol));
            const bool found = t != lost.end() && std::get<0>(*t) == static_cast<int>(e.level) &&
                               std::get<1>(*t) == e.index && std::get<2>(*t) == e.cause_unit &&
                               std::get<3>(*t) == e.cause_sector && std::get<4>(*t) <= e.t_h + tol;
            reaches_[i] = found ? 1 : 0;
        }
    }

    /// Entry `i` impairs its subject (a dry buffer only when the loss reaches the consumer).
    bool impairs_entry(std::size_t i) const { return impairs(result_.log[i].kind) && reaches_[i]; }

    // ---- names -------------------------------------------------------------

    std::string event_label(std::size_t i) const {
        const auto& e = scenario_.events[i];
        return e.id.empty() ? to_string(e.kind) + "#" + std::to_string(i + 1) : e.id;
    }

    std::uint32_t sector_of(const Subject& s) const { return s.sector ? s.index : net_.units[s.index].sector; }

    std::string sector_name(std::uint32_t s) const {
        const auto& sec = model_.sectors[s];
        return sec.name.empty() ? sec.id : sec.name;
    }

    std::string id_of(const Subject& s) const { return s.sector ? model_.sectors[s.index].id : net_.units[s.index].id; }

    std::optional<Subject> supplier_of(const LogEntry& e) const {
        if (e.cause_unit >= 0 && static_cast<std::size_t>(e.cause_unit) < net_.size())
            return canonical(Subject{false, static_cast<std::uint32_t>(e.cause_unit)});
        if (e.cause_sector >= 0 && static_cast<std::size_t>(e.cause_sector) < model_.sectors.size())
            return Subject{true, static_cast<std::uint32_t>(e.cause_sector)};
        return std::nullopt;
    }

    /// "Electric power supply", "Water supply" (not "Water supply supply").
    std::string sector_supply(std::uint32_t s) const {
        std::string name = sector_name(s);
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        const std::string_view word = "supply";
        const bool ends = lower.size() >= word.size() && lower.compare(lower.size() - word.size(), word.size(), word) == 0;
        return ends ? name : name + " supply";
    }

    std::string supply_name(const LogEntry& e) const {
        const auto sup = supplier_of(e);
        if (!sup) return "a supply";
        std::string s = sector_supply(sector_of(*sup));
        if (!sup->sector && net_.units[sup->index].node >= 0) s += " (" + net_.units[sup->index].id + ")";
        return s;
    }

    std::vector<std::string> recipients(const std::vector<std::uint32_t>& sectors) const {
        std::vector<std::string> out;
        auto add = [&](const std::string& r) {
            if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
        };
        for (auto s : sectors) add(sector_name(s) + " operators");
        for (auto s : sectors)
            for (const auto& r : regulators_of(model_.sectors[s].id)) add(r);
        add(opt_.national_centre);
        return out;
    }

    // ---- cause chains ------------------------------------------------------

    /// A unit without assets is its sector: one subject, whichever level names it.
    Subject canonical(Subject s) const {
        if (!s.sector && net_.units[s.index].node < 0) return {true, net_.units[s.index].sector};
        return s;
    }

    /// The unit of a sector without assets, if it is one.
    std::optional<std::uint32_t> sector_unit(std::uint32_t s) const {
        const auto first = net_.sector_offsets[s];
        if (net_.sector_offsets[s + 1] != first + 1) return std::nullopt;
        const auto u = net_.sector_units[first];
        return net_.units[u].node < 0 ? std::optional(u) : std::nullopt;
    }

    /// Calls f(i) for the log entries about a (canonical) subject, in place
    /// (a sector of a big model has hundreds of thousands); with `own_only`
    /// false a sector's also include its assets' entries.
    template <class F>
    void for_each_entry(const Subject& s, bool own_only, F&& f) const {
        auto add_unit = [&](std::uint32_t u) {
            if (u + 1 < unit_entry_start_.size())
                for (auto k = unit_entry_start_[u]; k < unit_entry_start_[u + 1]; ++k) f(unit_entry_list_[k]);
        };
        if (!s.sector) {
            add_unit(s.index);
            return;
        }
        for (auto i : sector_entries_[s.index]) f(i);
        if (!own_only) {
            for (auto i : unit_entries_by_sector_[s.index]) f(i);
        } else if (auto u = sector_unit(s.index)) {
            add_unit(*u);
        }
    }

    /// The entry that explains why `s` is impaired at `t`: its earliest impairment
    /// (with a cause) since it last returned to ≥ 99 % before `t`.
    std::optional<std::size_t> explain(const Subject& s, double t) const {
        double since = -1e300;
        for_each_entry(s, true, [&](std::size_t i) {
            const auto& e = result_.log[i];
            if (e.kind == LogKind::restored && e.t_h < t - eps_h) since = std::max(since, e.t_h);
        });
        std::optional<std::size_t> best, latest;
        auto before = [&](std::size_t a, std::size_t b) {
            const auto &x = result_.log[a], &y = result_.log[b];
            if (x.t_h != y.t_h) return x.t_h < y.t_h;
            if (origin_rank(x.kind) != origin_rank(y.kind)) return origin_rank(x.kind) < origin_rank(y.kind);
            return a < b;
        };
        for_each_entry(s, false, [&](std::size_t i) {
            const auto& e = result_.log[i];
            if (!impairs_entry(i) || !has_cause(e) || e.t_h > t + eps_h) return;
            if (!latest || result_.log[*latest].t_h < e.t_h) latest = i;
            if (e.t_h + eps_h < since) return;
            if (!best || before(i, *best)) best = i;
        });
        return best ? best : latest;
    }

    /// A blackout that cut `sector`'s supply at `t`, for suppliers that are cut, not impaired.
    std::optional<std::size_t> cutting_event(std::uint32_t sector, double t) const {
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < scenario_.events.size(); ++i) {
            const auto& e = scenario_.events[i];
            if (e.kind != EventKind::blackout && e.kind != EventKind::rolling_blackout) continue;
            if (e.supplier != model_.sectors[sector].id || e.start_h > t + eps_h) continue;
            const double end = e.kind == EventKind::blackout ? e.start_h + e.duration_h + e.recovery_h : e.end_h;
            if (t > end + eps_h) continue;
            if (!found || scenario_.events[*found].start_h <= e.start_h) found = i;
        }
        return found;
    }

    /// For logs without supplier causes (iim, diim): the supplier sector whose
    /// loss weighs most on `s` at `t` by the model (strength × inoperability;
    /// of equal weights, the one of the earlier dependency).
    std::optional<Subject> infer_supplier(std::uint32_t s, double t) const {
        const auto& times = result_.times;
        if (times.empty() || result_.sector_operability.size() < times.size() * result_.sector_count) return std::nullopt;
        const auto k = static_cast<std::size_t>(
            std::max<std::ptrdiff_t>(0, std::upper_bound(times.begin(), times.end(), t + eps_h) - times.begin() - 1));
        std::optional<Subject> best;
        double weight = 1e-6;
        std::size_t first = 0;
        for (const auto& c : strongest_suppliers()[s]) {
            const double w = c.strength * (1.0 - result_.sector_at(k, c.from));
            if (w > weight || (best && w == weight && c.first < first)) {
                weight = w;
                first = c.first;
                best = Subject{true, c.from};
            }
        }
        return best;
    }

    /// Per consumer sector, each other supplier sector's strongest function
    /// dependency (and the first dependency of that strength), read once from
    /// the network the engine ran on (at its strengths): asset models have
    /// millions of dependencies, and `cisim run` frees the model's own.
    struct StrongestSupplier {
        std::uint32_t from = 0;
        float strength = 0;
        std::uint32_t first = 0;  ///< index of its first dependency of that strength
    };
    const std::vector<std::vector<StrongestSupplier>>& strongest_suppliers() const {
        if (!strongest_.empty() || model_.sectors.empty()) return strongest_;
        strongest_.resize(model_.sectors.size());
        for (std::uint32_t u = 0; u < net_.size(); ++u) {
            const auto to = net_.units[u].sector;
            if (to >= strongest_.size()) continue;
            for (auto i = net_.in_offsets[u]; i < net_.in_offsets[u + 1]; ++i) {
                const auto& e = net_.in_edges[i];
                if (e.effect != DependencyEffect::function) continue;
                const auto from = e.supplier.is_sector() ? e.supplier.index() : net_.units[e.supplier.index()].sector;
                if (from == to || from >= result_.sector_count) continue;
                auto& list = strongest_[to];
                auto it = std::find_if(list.begin(), list.end(), [&](const StrongestSupplier& c) { return c.from == from; });
                if (it == list.end()) list.push_back({from, e.strength, e.dependency});
                else if (e.strength > it->strength || (e.strength == it->strength && e.dependency < it->first))
                    *it = {from, e.strength, e.dependency};
            }
        }
        return strongest_;
    }

    std::vector<Link> chain(const Subject& own, std::optional<std::size_t> entry, double t) const {
        std::vector<Link> links{{id_of(own), false}};
        std::set<Subject> visited{own};
        if (!entry || !has_cause(result_.log[*entry])) entry = explain(own, t);
        Subject current = own;
        for (std::size_t guard = 0; guard <= net_.size() + model_.sectors.size(); ++guard) {
            std::optional<Subject> next;
            double at = t;
            if (entry) {
                const auto& e = result_.log[*entry];
                at = e.t_h;
                next = supplier_of(e);
                if (!next && e.event >= 0 && static_cast<std::size_t>(e.event) < scenario_.events.size()) {
                    links.push_back({event_label(static_cast<std::size_t>(e.event)), true});
                    break;
                }
            }
            const bool logged = next.has_value();
            if (!next) next = infer_supplier(sector_of(current), at);
            if (!next || !visited.insert(*next).second) break;  // no origin known, or a feedback loop
            links.push_back({id_of(*next), false});
            entry = explain(*next, at);
            if (!entry && logged)
                if (auto cut = cutting_event(sector_of(*next), at)) {
                    links.push_back({event_label(*cut), true});
                    break;
                }
            current = *next;
            t = at;
        }
        return links;
    }

    /// Chain ids, with units shown as their sectors for sector-level rows.
    std::vector<std::string> chain_ids(const std::vector<Link>& links, bool as_sectors) const {
        std::vector<std::string> out;
        for (const auto& l : links) {
            std::string id = l.id;
            if (as_sectors && !l.event)
                if (auto it = net_.unit_index.find(l.id); it != net_.unit_index.end())
                    id = model_.sectors[net_.units[it->second].sector].id;
            if (!out.empty() && out.back() == id && !l.event) continue;
            out.push_back(std::move(id));
        }
        return out;
    }

    // ---- rows --------------------------------------------------------------

    void push(double t, InjectKind kind, std::optional<std::uint32_t> sector, std::optional<std::uint32_t> unit,
              std::string what, std::vector<std::string> chain, std::vector<std::uint32_t> recipients_of) {
        Row r;
        r.inject.t_h = t;
        r.inject.time = inject_time(t);
        r.inject.kind = kind;
        if (sector) {
            r.inject.sector = model_.sectors[*sector].id;
            r.inject.sector_name = sector_name(*sector);
            r.sector_order = static_cast<int>(*sector);
        }
        if (unit) {
            r.inject.node = net_.units[*unit].id;
            r.node_row = true;
            r.unit = *unit;
        }
        r.inject.what = std::move(what);
        r.inject.cause_chain = std::move(chain);
        r.inject.recipients = recipients(recipients_of);
        r.kind_rank = static_cast<int>(kind);
        rows_.push_back(std::move(r));
    }

    std::string event_text(const Event& e) const {
        std::string target = e.target.id;
        if (auto it = net_.sector_index.find(e.target.id); it != net_.sector_index.end()) target = sector_name(it->second);
        else if (!e.target.node_class.empty()) target = "class " + e.target.node_class;
        else if (!e.target.region.empty()) target = e.target.region;
        else if (!e.target.nodes.empty()) target = std::to_string(e.target.nodes.size()) + " assets";
        const std::string at = target.empty() ? "" : " (" + target + ")";
        std::string what;
        switch (e.kind) {
            case EventKind::it_outage: what = "IT outage begins" + at; break;
            case EventKind::blackout: what = "Blackout begins" + at; break;
            case EventKind::rolling_blackout: what = "Rolling blackouts begin" + at; break;
            case EventKind::earthquake: {
                char buf[64];
                std::snprintf(buf, sizeof buf, "Earthquake (Mw %.1f)", e.mw);
                what = buf;
                break;
            }
            case EventKind::tsunami: what = "Tsunami arrives" + at; break;
            case EventKind::restore: what = "Restoration" + at; break;
        }
        if (!e.description.empty()) what += ": " + e.description;
        if (e.kind == EventKind::it_outage || e.kind == EventKind::blackout) {
            what += " (severity " + percent(e.severity);
            if (e.duration_h > 0) what += ", " + hours_text(e.duration_h) + " at full severity";
            what += ")";
        }
        return what;
    }

    void add_event_rows() {
        event_sector_.assign(scenario_.events.size(), -1);
        std::vector<std::set<std::uint32_t>> hit(scenario_.events.size());
        for (std::size_t i = 0; i < result_.log.size(); ++i) {
            const auto& e = result_.log[i];
            if (e.event < 0 || static_cast<std::size_t>(e.event) >= hit.size() || !impairs_entry(i)) continue;
            hit[static_cast<std::size_t>(e.event)].insert(e.level == Level::sector ? e.index
                                                                                     : net_.units[e.index].sector);
        }
        for (std::size_t i = 0; i < scenario_.events.size(); ++i) {
            const auto& ev = scenario_.events[i];
            auto sectors = hit[i];
            if (auto it = net_.sector_index.find(ev.target.id); it != net_.sector_index.end()) sectors.insert(it->second);
            else if (auto n = net_.unit_index.find(ev.target.id); n != net_.unit_index.end())
                sectors.insert(net_.units[n->second].sector);
            if (ev.kind == EventKind::blackout || ev.kind == EventKind::rolling_blackout)
                if (auto it = net_.sector_index.find(ev.supplier); it != net_.sector_index.end()) sectors.insert(it->second);
            std::optional<std::uint32_t> own;
            if (sectors.size() == 1) {
                own = *sectors.begin();
                event_sector_[i] = static_cast<int>(*own);
            }
            push(ev.start_h, InjectKind::initiating_event, own, std::nullopt, event_text(ev), {event_label(i)},
                 {sectors.begin(), sectors.end()});
        }
    }

    void add_log_rows() {
        const double threshold = result_.service_threshold;
        const bool assets = model_.has_nodes();
        // Asset models: one sector row for the first asset whose buffer for a supply runs dry.
        std::map<std::pair<std::uint32_t, std::uint32_t>, int> open_buffers;  // (sector, supplier sector) → count
        std::set<std::tuple<std::uint32_t, std::int32_t, std::int32_t>> exhausted;  // (unit, cause unit, cause sector)
        std::set<std::pair<std::uint32_t, std::int32_t>> hit_reported;              // (sector, event)
        std::vector<NodeCandidate> node_candidates;

        for (std::size_t i = 0; i < result_.log.size(); ++i) {
            const auto& e = result_.log[i];
            const bool sector_entry = e.level == Level::sector;
            if (!sector_entry && e.index >= net_.size()) continue;
            const std::uint32_t s = sector_entry ? e.index : net_.units[e.index].sector;
            if (s >= model_.sectors.size()) continue;
            const bool asset = !sector_entry && net_.units[e.index].node >= 0;
            const Subject own = sector_entry ? Subject{true, s} : canonical(Subject{false, e.index});
            const Subject sector_subject{true, s};

            // Sector rows.
            switch (e.kind) {
                case LogKind::below_service:
                    if (sector_entry)
                        push(e.t_h, InjectKind::below_service, s, std::nullopt,
                             "Operability below " + percent(threshold) + " (now " + percent(e.value) + ")",
                             chain_ids(chain(sector_subject, i, e.t_h), true), {s});
                    break;
                case LogKind::below_half:
                    if (sector_entry)
                        push(e.t_h, InjectKind::below_half, s, std::nullopt,
                             "Operability below 50 % (now " + percent(e.value) + ")",
                             chain_ids(chain(sector_subject, i, e.t_h), true), {s});
                    break;
                case LogKind::recovered_service:
                    if (sector_entry)
                        push(e.t_h, InjectKind::service_recovered, s, std::nullopt,
                             "Service back at or above " + percent(threshold) + " (now " + percent(e.value) + ")",
                             chain_ids(chain(sector_subject, std::nullopt, e.t_h), true), {s});
                    break;
                case LogKind::restored:
                    if (sector_entry)
                        push(e.t_h, InjectKind::restored, s, std::nullopt, "Fully restored (operability ≥ 99 %)",
                             chain_ids(chain(sector_subject, std::nullopt, e.t_h), true), {s});
                    break;
                case LogKind::buffer_exhausted: {
                    if (!reaches_[i]) break;  // ran dry as the supply returned
                    if (!asset) {
                        push(e.t_h, InjectKind::backup_exhausted, s, std::nullopt,
                             "Backup for " + supply_name(e) + " exhausted: the loss now reaches the sector",
                             chain_ids(chain(own, i, e.t_h), true), {s});
                        break;
                    }
                    const auto sup = supplier_of(e);
                    const std::uint32_t sup_sector = sup ? sector_of(*sup) : s;
                    if (!exhausted.insert({e.index, e.cause_unit, e.cause_sector}).second) break;
                    if (open_buffers[{s, sup_sector}]++ == 0)
                        push(e.t_h, InjectKind::backup_exhausted, s, std::nullopt,
                             "Backup for " + sector_supply(sup_sector) + " exhausted at " +
                                 net_.units[e.index].id + ", the sector's first asset to run dry",
                             chain_ids(chain(sector_subject, i, e.t_h), true), {s});
                    break;
                }
                case LogKind::buffer_refilled:
                    if (asset && exhausted.erase({e.index, e.cause_unit, e.cause_sector})) {
                        const auto sup = supplier_of(e);
                        --open_buffers[{s, sup ? sector_of(*sup) : s}];
                    }
                    break;
                case LogKind::direct_hit: {
                    // The event's own row covers the sector it names; others get a row of their own.
                    if (e.event < 0 || static_cast<std::size_t>(e.event) >= scenario_.events.size()) break;
                    if (event_sector_[static_cast<std::size_t>(e.event)] == static_cast<int>(s)) break;
                    if (!hit_reported.insert({s, e.event}).second) break;
                    const auto label = event_label(static_cast<std::size_t>(e.event));
                    std::string what = "Directly hit by " + label;
                    if (asset) what += " (first asset: " + net_.units[e.index].id + ")";
                    else what += " (damage " + percent(e.value) + ")";
                    push(e.t_h, InjectKind::direct_hit, s, std::nullopt, what, {model_.sectors[s].id, label}, {s});
                    break;
                }
                default: break;
            }

            // Asset rows, on request: only the earliest max_node_rows are kept, so
            // their cause chains are traced after the cut (a big model logs millions).
            if (!asset || !opt_.node_rows || !assets) continue;
            if (!reaches_[i]) continue;
            if (const auto kind = node_kind(e.kind)) node_candidates.push_back({i, s, *kind});
        }
        std::stable_sort(node_candidates.begin(), node_candidates.end(), [&](const NodeCandidate& a, const NodeCandidate& b) {
            const auto &x = result_.log[a.entry], &y = result_.log[b.entry];
            return std::tie(x.t_h, a.sector, x.index, a.kind) < std::tie(y.t_h, b.sector, y.index, b.kind);
        });
        if (node_candidates.size() > opt_.max_node_rows) {
            node_rows_left_out_ = node_candidates.size() - opt_.max_node_rows;
            node_candidates.resize(opt_.max_node_rows);
        }
        for (const auto& c : node_candidates) add_node_row(c);
    }

    struct NodeCandidate {
        std::size_t entry = 0;  ///< index into the log
        std::uint32_t sector = 0;
        InjectKind kind{};
    };

    static std::optional<InjectKind> node_kind(LogKind k) {
        switch (k) {
            case LogKind::direct_hit: return InjectKind::direct_hit;
            case LogKind::buffer_exhausted: return InjectKind::backup_exhausted;
            case LogKind::below_service: return InjectKind::below_service;
            case LogKind::below_half: return InjectKind::below_half;
            case LogKind::recovered_service: return InjectKind::service_recovered;
            case LogKind::restored: return InjectKind::restored;
            default: return std::nullopt;
        }
    }

    void add_node_row(const NodeCandidate& c) {
        const auto& e = result_.log[c.entry];
        const double threshold = result_.service_threshold;
        std::string what;
        switch (c.kind) {
            case InjectKind::direct_hit: what = "Directly hit (damage " + percent(e.value) + ")"; break;
            case InjectKind::backup_exhausted: what = "Backup for " + supply_name(e) + " exhausted"; break;
            case InjectKind::below_service:
                what = "Operability below " + percent(threshold) + " (now " + percent(e.value) + ")";
                break;
            case InjectKind::below_half: what = "Operability below 50 % (now " + percent(e.value) + ")"; break;
            case InjectKind::service_recovered: what = "Service back at or above " + percent(threshold); break;
            case InjectKind::restored: what = "Fully restored (operability ≥ 99 %)"; break;
            default: break;
        }
        const bool explains = c.kind != InjectKind::service_recovered && c.kind != InjectKind::restored;
        const Subject own = canonical(Subject{false, e.index});
        push(e.t_h, c.kind, c.sector, e.index, what,
             chain_ids(chain(own, explains ? std::optional(c.entry) : std::nullopt, e.t_h), false), {c.sector});
    }

    /// Falls below 99 % read from the sector curves (engines log only the return);
    /// a fall straight below the service threshold is left to that row.
    void add_degraded_rows() {
        constexpr double level = 0.99 - 1e-6;
        const auto nt = result_.times.size();
        if (result_.sector_operability.size() < nt * result_.sector_count) return;
        const std::size_t n = std::min<std::size_t>(result_.sector_count, model_.sectors.size());
        for (std::uint32_t s = 0; s < n; ++s) {
            double before = 1.0;  // fully operable before t = 0
            for (std::size_t k = 0; k < nt; ++k) {
                const double now = result_.sector_at(k, s);
                const double t = result_.times[k];
                if (before >= level && now < level) {
                    const bool crossing = std::any_of(sector_entries_[s].begin(), sector_entries_[s].end(), [&](std::size_t i) {
                        const auto& e = result_.log[i];
                        return e.kind == LogKind::below_service && std::abs(e.t_h - t) <= eps_h;
                    });
                    if (!crossing)
                        push(t, InjectKind::degraded, s, std::nullopt,
                             "Service degraded: operability below 99 % (now " + percent(now) + ")",
                             chain_ids(chain({true, s}, std::nullopt, t), true), {s});
                }
                before = now;
            }
        }
    }

    /// First sector-level below_service entry of sector `s` at or after `t`.
    std::optional<std::size_t> first_drop(std::uint32_t s, double t) const {
        for (auto i : sector_entries_[s]) {
            const auto& e = result_.log[i];
            if (e.kind == LogKind::below_service && e.t_h + 1e-6 >= t) return i;
        }
        return std::nullopt;
    }

    void add_objective_rows() {
        const std::size_t n = std::min(scores_.sectors.size(), model_.sectors.size());
        for (std::uint32_t s = 0; s < n; ++s) {
            const auto& sc = scores_.sectors[s];
            if (!sc.outage_start_h) continue;
            const double start = *sc.outage_start_h;
            const Subject own{true, s};
            const auto links = chain_ids(chain(own, first_drop(s, start), start), true);
            const std::string since = " since " + inject_time(start);
            if (sc.rto_met == std::optional<bool>(false) && sc.rto_h)
                push(start + *sc.rto_h, InjectKind::rto_breached, s, std::nullopt,
                     "RTO of " + hours_text(*sc.rto_h) + " breached: below " + percent(result_.service_threshold) + since,
                     links, {s});
            if (sc.mtpd_breached && sc.mtpd_h)
                push(start + *sc.mtpd_h, InjectKind::mtpd_breached, s, std::nullopt,
                     "Maximum tolerable period of disruption (" + hours_text(*sc.mtpd_h) + ") exceeded: below " +
                         percent(result_.service_threshold) + since,
                     links, {s});
        }
    }

    const Model& model_;
    const Network& net_;
    const Scenario& scenario_;
    const Result& result_;
    const Scores& scores_;
    const InjectOptions& opt_;
    std::vector<std::vector<std::size_t>> sector_entries_, unit_entries_by_sector_;
    std::vector<std::size_t> unit_entry_start_, unit_entry_list_;  // unit u's entries: [start[u], start[u + 1])
    std::vector<int> event_sector_;
    std::vector<char> reaches_;
    std::size_t node_rows_left_out_ = 0;  // per log entry: 0 for a dry buffer whose loss never reached the consumer
    std::vector<Row> rows_;
    mutable std::vector<std::vector<StrongestSupplier>> strongest_;  // built on first use
};

}  // namespace

std::string to_string(InjectKind k) {
    switch (k) {
        case InjectKind::initiating_event: return "initiating_event";
        case InjectKind::direct_hit: return "direct_hit";
        case InjectKind::backup_exhausted: return "backup_exhausted";
        case InjectKind::degraded: return "degraded";
        case InjectKind::below_service: return "below_service";
        case InjectKind::below_half: return "below_half";
        case InjectKind::rto_breached: return "rto_breached";
        case InjectKind::mtpd_breached: return "mtpd_breached";
        case InjectKind::service_recovered: return "service_recovered";
        case InjectKind::restored: return "restored";
    }
    return "initiating_event";
}

std::vector<std::string> regulators_of(const std::string& id) {
    // Competent ministries of the 15 sectors (NISC action plan, 2022, rev. 2023).
    static const std::map<std::string, std::vector<std::string>> by_sector{
        {"telecom", {"MIC"}},      {"broadcasting", {"MIC"}},   {"finance", {"FSA"}},
        {"credit", {"METI"}},      {"power", {"METI"}},         {"gas", {"METI"}},
        {"petroleum", {"METI"}},   {"chemical", {"METI"}},      {"aviation", {"MLIT"}},
        {"airport", {"MLIT"}},     {"railway", {"MLIT"}},       {"logistics", {"MLIT"}},
        {"port", {"MLIT"}},        {"water", {"MLIT"}},         {"medical", {"MHLW"}},
        {"government", {"Cabinet Secretariat", "Digital Agency"}},
    };
    const auto it = by_sector.find(id);
    return it == by_sector.end() ? std::vector<std::string>{} : it->second;
}

std::string inject_time(double t_h) {
    const long long minutes = std::llround(std::max(0.0, t_h) * 60.0);
    char buf[48];
    std::snprintf(buf, sizeof buf, "T+%02lld:%02lld", minutes / 60, minutes % 60);
    return buf;
}

InjectList build_inject_list(const Model& model, const Network& network, const Scenario& scenario,
                             const Result& result, const Scores& scores, const InjectOptions& options) {
    // A central case of K realisations tells the story of its representative
    // (engines/CentralEnsemble.hpp): a timeline of median curves is no one's story.
    if (result.representative_run) {
        const auto& story = *result.representative_run;
        return InjectBuilder(model, network, scenario, story, score(model, network, story), options).build();
    }
    return InjectBuilder(model, network, scenario, result, scores, options).build();
}

std::vector<Inject> build_injects(const Model& model, const Network& network, const Scenario& scenario,
                                  const Result& result, const Scores& scores, const InjectOptions& options) {
    return build_inject_list(model, network, scenario, result, scores, options).injects;
}

}  // namespace cisim
