#include "engines/Crossings.hpp"

#include <algorithm>
#include <limits>

namespace cisim {
namespace {

constexpr double half_level = 0.5;
constexpr double restored_level = 0.99;

// Which scenario event weighs most on a unit or sector at a moment.
class EventLocator {
public:
    EventLocator(const Network& net, const Disruption* dis) : net_(net), dis_(dis) {
        if (!dis) return;
        const auto n = net.size();
        restore_at_.assign(n, std::numeric_limits<double>::infinity());
        for (const auto& r : dis->restorations) restore_at_[r.unit] = std::min(restore_at_[r.unit], r.at_h);
        index(dis->damages, damage_offsets_, damage_items_);
        index(dis->cuts, cut_offsets_, cut_items_);
    }

    std::int32_t on_unit(std::uint32_t u, double t) const {
        double best = 0;
        std::int32_t event = -1;
        consider(u, 1.0, t, best, event);
        return event;
    }

    std::int32_t on_sector(std::uint32_t s, double t) const {
        double best = 0;
        std::int32_t event = -1;
        for (auto k = net_.sector_offsets[s]; k < net_.sector_offsets[s + 1]; ++k) {
            const auto u = net_.sector_units[k];
            consider(u, net_.units[u].weight, t, best, event);
        }
        return event;
    }

private:
    template <class T>
    void index(const std::vector<T>& items, std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& out) {
        offsets.assign(net_.size() + 1, 0);
        for (const auto& x : items) ++offsets[x.unit + 1];
        for (std::size_t u = 0; u < net_.size(); ++u) offsets[u + 1] += offsets[u];
        out.resize(items.size());
        auto fill = offsets;
        for (std::uint32_t i = 0; i < items.size(); ++i) out[fill[items[i].unit]++] = i;
    }

    bool active(std::uint32_t u, double start, double t) const {
        return t + 1e-9 >= start && !(t >= restore_at_[u] && start <= restore_at_[u]);
    }

    // Ties go to the earlier event (lower index).
    void consider(std::uint32_t u, double weight, double t, double& best, std::int32_t& event) const {
        if (!dis_) return;
        auto take = [&](double v, std::uint32_t ev) {
            const auto e = static_cast<std::int32_t>(ev);
            if (v > best || (v == best && v > 0 && e < event)) {
                best = v;
                event = e;
            }
        };
        for (auto k = damage_offsets_[u]; k < damage_offsets_[u + 1]; ++k) {
            const auto& d = dis_->damages[damage_items_[k]];
            if (active(u, d.start_h, t)) take(weight * damage_at(d, std::max(t, d.start_h)), d.event);
        }
        for (auto k = cut_offsets_[u]; k < cut_offsets_[u + 1]; ++k) {
            const auto& c = dis_->cuts[cut_items_[k]];
            if (active(u, c.start_h, t)) take(weight * cut_at(c, std::max(t, c.start_h)), c.event);
        }
    }

    const Network& net_;
    const Disruption* dis_;
    std::vector<double> restore_at_;
    std::vector<std::uint32_t> damage_offsets_, damage_items_, cut_offsets_, cut_items_;
};

}  // namespace

void append_crossings(Result& result, const Network& network, double service_threshold,
                      const CrossingContext& context) {
    const EventLocator locator(network, context.disruption);
    const auto steps = result.times.size();
    auto scan = [&](std::size_t count, Level level, auto&& value_at) {
        for (std::size_t i = 0; i < count; ++i) {
            float before = 1.0f;
            for (std::size_t k = 0; k < steps; ++k) {
                const float now = value_at(k, i);
                const double t = result.times[k];
                auto emit = [&](LogKind kind) {
                    LogEntry e;
                    e.t_h = t;
                    e.kind = kind;
                    e.level = level;
                    e.index = static_cast<std::uint32_t>(i);
                    e.value = now;
                    e.event = level == Level::sector ? locator.on_sector(e.index, t) : locator.on_unit(e.index, t);
                    result.log.push_back(e);
                };
                auto fell = [&](double level_) { return before >= level_ && now < level_; };
                auto rose = [&](double level_) { return before < level_ && now >= level_; };
                if (fell(service_threshold)) emit(LogKind::below_service);
                if (rose(service_threshold)) emit(LogKind::recovered_service);
                if (fell(half_level)) emit(LogKind::below_half);
                if (rose(restored_level)) emit(LogKind::restored);
                before = now;
            }
        }
    };
    scan(result.sector_count, Level::sector, [&](std::size_t k, std::size_t s) { return result.sector_at(k, s); });
    if (context.units && result.has_units()) {
        // Unit by unit: each curve is rebuilt once from its changes.
        std::vector<float> curve(steps);
        std::size_t filled = result.unit_count;
        scan(result.unit_count, Level::unit, [&](std::size_t k, std::size_t u) {
            if (u != filled) result.unit_operability.curve(u, curve), filled = u;
            return curve[k];
        });
    }

    std::stable_sort(result.log.begin(), result.log.end(), [](const LogEntry& a, const LogEntry& b) {
        if (a.t_h != b.t_h) return a.t_h < b.t_h;
        if (a.level != b.level) return a.level == Level::sector;
        return a.index < b.index;
    });
}

}  // namespace cisim
