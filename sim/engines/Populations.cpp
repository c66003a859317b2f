#include "engines/Populations.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

#include "model/SplitMix.hpp"

namespace cisim {
namespace {

/// A fixed pseudo-random order of 0..m-1 for (dependency, parameter).
std::vector<std::uint32_t> order_of(std::uint32_t m, std::uint32_t dependency, std::uint32_t parameter) {
    std::vector<std::uint32_t> order(m);
    std::iota(order.begin(), order.end(), 0u);
    std::uint64_t state = splitmix64((std::uint64_t{dependency} << 8) ^ parameter ^ 0x5eedull);
    for (std::uint32_t i = m; i > 1; --i) {
        state = splitmix64(state);
        std::swap(order[i - 1], order[state % i]);
    }
    return order;
}

/// How one population is split: K classes in G rotation groups of K / G each.
struct Split {
    std::uint32_t classes = 1, groups = 1;
    std::uint32_t first = 0;  ///< index of its first class unit
};

}  // namespace

std::optional<PopulationClasses> split_populations(const Model& model, const Network& net,
                                                   const Disruption& disruption) {
    const auto n = static_cast<std::uint32_t>(net.size());
    // Made at the first population that splits: most models have none, and
    // at 10^5 units and more the pages alone cost a millisecond.
    std::vector<Split> split;
    auto split_of = [&](std::uint32_t u) -> Split& {
        if (split.empty()) split.resize(n);
        return split[u];
    };
    bool any = false;
    // A population's repair times spread over its members (its own, or its sector's).
    auto repair_spread = [&](std::uint32_t u) -> const Spread* {
        const auto& unit = net.units[u];
        const auto& boxed = unit.node >= 0 ? model.nodes[static_cast<std::size_t>(unit.node)].repair_spread
                                           : model.sectors[unit.sector].repair_spread;
        return boxed ? &boxed->spread : nullptr;
    };
    for (std::uint32_t u = 0; u < n; ++u) {
        if (!net.units[u].population) continue;
        if (repair_spread(u)) {
            split_of(u).classes = population_classes;
            any = true;
            continue;
        }
        for (auto i = net.in_offsets[u]; i < net.in_offsets[u + 1]; ++i)
            if (model.dependencies[net.in_edges[i].dependency].forms->spread.any()) {
                split_of(u).classes = population_classes;
                any = true;
                break;
            }
    }
    for (const auto& c : disruption.cuts) {
        if (c.groups <= 1) continue;
        auto& s = split_of(c.unit);
        s.groups = std::lcm(s.groups, static_cast<std::uint32_t>(c.groups));
        if (s.groups > 4096) throw std::invalid_argument("a population is cut in more than 4096 rotation groups");
        any = true;
    }
    if (!any) return std::nullopt;

    PopulationClasses out;
    out.base_units = n;
    out.sector_level = !model.has_nodes();
    auto& x = out.network;
    x.units = net.units;
    x.sector_index = net.sector_index;
    x.unit_index = net.unit_index;
    std::uint32_t next = n;
    for (std::uint32_t u = 0; u < n; ++u) {
        auto& s = split[u];
        if (s.groups > 1) s.classes = s.groups * ((std::max(s.classes, s.groups) + s.groups - 1) / s.groups);
        if (s.classes <= 1) continue;
        s.first = next;
        next += s.classes;
        for (std::uint32_t k = 0; k < s.classes; ++k) {
            Unit c = net.units[u];
            c.id = net.units[u].id + "#" + std::to_string(k + 1);
            c.weight = 0;  // the population unit carries the weight, as the mean of its classes
            c.class_of = static_cast<std::int32_t>(u);
            x.unit_index.emplace(c.id, static_cast<std::uint32_t>(x.units.size()));
            x.units.push_back(std::move(c));
            out.base.push_back(u);
        }
        x.units[u].combination = Combination::mean;
    }

    // Sectors: each population's classes join its sector's list.
    x.sector_offsets.push_back(0);
    for (std::size_t s = 0; s < net.sector_count(); ++s) {
        for (auto k = net.sector_offsets[s]; k < net.sector_offsets[s + 1]; ++k) x.sector_units.push_back(net.sector_units[k]);
        for (auto k = net.sector_offsets[s]; k < net.sector_offsets[s + 1]; ++k) {
            const auto& sp = split[net.sector_units[k]];
            for (std::uint32_t c = 0; c < (sp.classes > 1 ? sp.classes : 0); ++c) x.sector_units.push_back(sp.first + c);
        }
        x.sector_offsets.push_back(static_cast<std::uint32_t>(x.sector_units.size()));
    }

    // Edges: a population reads its classes (strength 1, mean); each class reads
    // the population's suppliers with its own quantile of every spread parameter.
    const auto total = x.units.size();
    x.in_offsets.assign(total + 1, 0);
    auto class_edge = [&](const InEdge& base, std::uint32_t k, const Split& s) {
        InEdge e = base;
        const auto& dep = model.dependencies[base.dependency];
        const std::uint32_t m = s.classes / s.groups;
        const std::uint32_t group = k / m, within = k % m;
        auto value = [&](const std::optional<Spread>& spread, std::uint32_t parameter, double plain) {
            if (!spread) return plain;
            const auto order = order_of(m, base.dependency, parameter);
            const std::uint32_t index = order[within] * s.groups + group;  // every G-th quantile per group
            return spread->at((index + 0.5) / s.classes);
        };
        e.strength = static_cast<float>(value(dep.forms->spread.strength, 0, base.strength));
        e.buffer_h = static_cast<float>(value(dep.forms->spread.buffer_h, 1, base.buffer_h));
        e.refill_h = dep.refill_h ? static_cast<float>(value(dep.forms->spread.refill_h, 2, base.refill_h)) : e.buffer_h;
        e.delay_h = static_cast<float>(value(dep.forms->spread.delay_h, 3, base.delay_h));
        return e;
    };
    for (std::uint32_t u = 0; u < total; ++u) {
        x.in_offsets[u] = static_cast<std::uint32_t>(x.in_edges.size());
        if (u < n && split[u].classes > 1) {
            for (std::uint32_t k = 0; k < split[u].classes; ++k) {
                InEdge e;
                e.supplier = SupplyRef::unit(split[u].first + k);
                e.dependency = net.in_offsets[u] < net.in_offsets[u + 1] ? net.in_edges[net.in_offsets[u]].dependency : 0;
                x.in_edges.push_back(e);
            }
        } else if (u < n) {
            x.in_edges.insert(x.in_edges.end(), net.in_edges.begin() + net.in_offsets[u],
                              net.in_edges.begin() + net.in_offsets[u + 1]);
        } else {
            const auto base = out.base[u - n];
            const auto& s = split[base];
            for (auto i = net.in_offsets[base]; i < net.in_offsets[base + 1]; ++i)
                x.in_edges.push_back(class_edge(net.in_edges[i], u - s.first, s));
        }
    }
    x.in_offsets[total] = static_cast<std::uint32_t>(x.in_edges.size());
    x.link_offsets = net.link_offsets;
    x.link_targets = net.link_targets;
    x.link_offsets.resize(total + 1, net.link_offsets.empty() ? 0 : net.link_offsets.back());

    // The disruption: damage and restores reach every class, each class's
    // repairs at its own quantile of a repair spread (relative to the mean the
    // hazards applied); a rotation group's cut reaches the classes of that group.
    auto& d = out.disruption;
    for (const auto& dmg : disruption.damages) {
        const auto& s = split[dmg.unit];
        if (s.classes <= 1) { d.damages.push_back(dmg); continue; }
        const Spread* repair = repair_spread(dmg.unit);
        const double mean = repair ? repair->mean() : 1.0;
        const std::uint32_t m = s.classes / s.groups;
        const auto order = repair ? order_of(m, dmg.unit ^ 0x40000000u, 4) : std::vector<std::uint32_t>{};
        for (std::uint32_t k = 0; k < s.classes; ++k) {
            auto c = dmg;
            c.unit = s.first + k;
            if (repair && mean > 0) {
                const std::uint32_t index = order[k % m] * s.groups + k / m;
                const double factor = repair->at((index + 0.5) / s.classes) / mean;
                c.hold_h *= factor;
                c.recovery_h *= factor;
            }
            d.damages.push_back(c);
        }
    }
    for (const auto& cut : disruption.cuts) {
        const auto& s = split[cut.unit];
        if (s.classes <= 1) { d.cuts.push_back(cut); continue; }
        for (std::uint32_t k = 0; k < s.classes; ++k) {
            if (cut.groups > 1 && k * cut.groups / s.classes != cut.group) continue;
            auto c = cut;
            c.unit = s.first + k;
            c.groups = 1;
            c.group = 0;
            d.cuts.push_back(c);
        }
    }
    for (const auto& r : disruption.restorations) {
        d.restorations.push_back(r);
        const auto& s = split[r.unit];
        for (std::uint32_t k = 0; s.classes > 1 && k < s.classes; ++k) {
            auto c = r;
            c.unit = s.first + k;
            d.restorations.push_back(c);
        }
    }
    return out;
}

Result merge_classes(Result result, const PopulationClasses& classes) {
    const auto n = classes.base_units;
    const auto& net = classes.network;
    result.unit_operability.keep_first_units(n);
    result.unit_count = n;

    auto is_class = [&](const LogEntry& e) { return e.level == Level::unit && e.index >= n; };
    // Each class's real causes (supplier or event) over time, to name them in its population's entries.
    std::map<std::uint32_t, std::vector<const LogEntry*>> causes;
    for (const auto& e : result.log)
        if (is_class(e) && (e.kind == LogKind::supply_lost || e.kind == LogKind::buffer_exhausted ||
                            e.kind == LogKind::direct_hit))
            causes[e.index].push_back(&e);
    auto name_cause = [&](std::uint32_t cls, LogEntry& into) {
        into.cause_unit = -1;
        auto it = causes.find(cls);
        if (it == causes.end()) return;
        const LogEntry* best = it->second.front();
        for (const auto* e : it->second)
            if (e->t_h <= into.t_h + 1e-9) best = e;
        into.cause_unit = best->cause_unit;
        into.cause_sector = best->cause_sector;
        into.event = best->event;
    };
    // Whether population u is whole at time t: a new episode of its classes' losses begins after.
    auto whole_at = [&](std::uint32_t u, double t) {
        const auto steps = result.times.size();
        if (steps == 0) return false;
        const auto k = std::min<std::size_t>(steps - 1, static_cast<std::size_t>(std::lround(t / result.step_h)));
        if (classes.sector_level) return result.sector_at(k, net.units[u].sector) >= 1.0f - 1e-6f;
        return result.has_units() && result.unit_at(k, u) >= 1.0f - 1e-6f;
    };

    struct Key {
        std::uint32_t unit;
        LogKind kind;
        std::int32_t cause_unit, cause_sector;
        auto operator<=>(const Key&) const = default;
    };
    std::map<Key, int> active;  // classes hit, or with an exhausted buffer, now
    std::map<Key, bool> told;   // supply_lost told in this episode
    std::vector<LogEntry> log;
    log.reserve(result.log.size());
    for (auto e : result.log) {
        if (!is_class(e)) {
            const bool by_class = e.cause_unit >= 0 && static_cast<std::size_t>(e.cause_unit) >= n;
            if (by_class) {
                // The population's own edges from its classes are plumbing; its crossings name the real cause.
                if (e.kind == LogKind::supply_lost || e.kind == LogKind::buffer_exhausted ||
                    e.kind == LogKind::buffer_refilled)
                    continue;
                name_cause(static_cast<std::uint32_t>(e.cause_unit), e);
            }
            log.push_back(e);
            continue;
        }
        const auto u = classes.base[e.index - n];
        LogEntry m = e;
        if (classes.sector_level) {
            m.level = Level::sector;
            m.index = net.units[u].sector;
        } else {
            m.index = u;
        }
        const Key key{u, e.kind, e.cause_unit, e.cause_sector};
        switch (e.kind) {
            case LogKind::direct_hit:
            case LogKind::buffer_exhausted:
                if (active[key]++ == 0) log.push_back(m);
                break;
            case LogKind::repaired:
            case LogKind::buffer_refilled: {
                const bool repair = e.kind == LogKind::repaired;
                const Key opened{u, repair ? LogKind::direct_hit : LogKind::buffer_exhausted,
                                 repair ? -1 : e.cause_unit, repair ? -1 : e.cause_sector};
                if (repair) {
                    // A hit is keyed by its event: close whichever is open.
                    for (auto& [k, count] : active)
                        if (k.unit == u && k.kind == LogKind::direct_hit && count > 0) {
                            if (--count == 0) log.push_back(m);
                            break;
                        }
                } else if (auto it = active.find(opened); it != active.end() && it->second > 0 && --it->second == 0) {
                    log.push_back(m);
                }
                break;
            }
            case LogKind::supply_lost:
                if (whole_at(u, e.t_h - result.step_h)) told[key] = false;
                if (!told[key]) {
                    told[key] = true;
                    log.push_back(m);
                }
                break;
            default: break;  // a class's own crossings: its population logs its own
        }
    }
    result.log = std::move(log);
    std::stable_sort(result.log.begin(), result.log.end(), [](const LogEntry& a, const LogEntry& b) {
        if (a.t_h != b.t_h) return a.t_h < b.t_h;
        if (a.level != b.level) return a.level == Level::sector;
        return a.index < b.index;
    });
    return result;
}

}  // namespace cisim
