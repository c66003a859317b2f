#include "analysis/Scoring.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace cisim {

namespace {

constexpr double impaired_level = 0.99;   // SPEC §6: "time to recover (last return to ≥ 0.99)"
constexpr double level_tolerance = 1e-6;  // operability is stored as float
constexpr double time_tolerance = 1e-9;
constexpr double hours_per_year = 8760;

bool below(double o, double level) { return o < level - level_tolerance; }

void add_objectives(ImpactScore& s, const Sector& sector) {
    s.weight = sector.weight;
    s.rto_h = sector.rto_h;
    s.mtpd_h = sector.mtpd_h;
    if (s.rto_h) s.rto_met = s.longest_outage_h <= *s.rto_h + time_tolerance;
    s.mtpd_breached = s.mtpd_h && s.longest_outage_h > *s.mtpd_h + time_tolerance;
    if (sector.output) s.loss = *sector.output / hours_per_year * s.inoperability_hours;
}

}  // namespace

std::string nisc_grade(double compliance) {
    constexpr double eps = 1e-12;
    if (compliance >= 1.0 - eps) return "A";
    if (compliance >= 0.8 - eps) return "B";
    if (compliance >= 0.6 - eps) return "C";
    return "D";
}

ImpactScore score_curve(const std::string& id, const std::vector<double>& times,
                        const std::vector<double>& op, double service_threshold) {
    if (times.size() != op.size()) throw std::invalid_argument("score_curve: times and operability differ in length");
    ImpactScore s;
    s.id = id;
    const std::size_t n = times.size();
    if (n == 0) {
        s.time_to_recover_h = 0.0;
        return s;
    }
    std::optional<std::size_t> first_impaired, last_impaired, first_below, last_below;
    double run = 0;  // current continuous period below service
    for (std::size_t i = 0; i < n; ++i) {
        s.min_operability = std::min(s.min_operability, op[i]);
        const double dt = i + 1 < n ? times[i + 1] - times[i] : 0.0;
        if (below(op[i], impaired_level)) {
            if (!first_impaired) first_impaired = i;
            last_impaired = i;
        }
        if (below(op[i], service_threshold)) {
            if (!first_below) first_below = i;
            last_below = i;
            s.downtime_h += dt;
            run += dt;
            s.longest_outage_h = std::max(s.longest_outage_h, run);
        } else {
            run = 0;
        }
        s.inoperability_hours += dt * (1.0 - op[i]);
    }
    s.peak_inoperability = 1.0 - s.min_operability;
    if (first_impaired) {
        s.first_impact_h = times[*first_impaired];
        if (*last_impaired + 1 < n) s.time_to_recover_h = times[*last_impaired + 1];
    } else {
        s.time_to_recover_h = 0.0;
    }
    if (first_below) {
        s.outage_start_h = times[*first_below];
        s.recovered = *last_below + 1 < n;
        const double end = s.recovered ? times[*last_below + 1] : times.back();
        s.outage_h = end - times[*first_below];
    }
    return s;
}

OverallScore overall_score(const std::vector<ImpactScore>& sectors) {
    OverallScore o;
    double with_rto = 0, met = 0;
    for (const auto& s : sectors) {
        o.inoperability_hours += s.inoperability_hours;
        if (s.loss) o.loss = o.loss.value_or(0.0) + *s.loss;
        if (!s.rto_met) continue;
        with_rto += s.weight;
        if (*s.rto_met) met += s.weight;
    }
    o.rto_compliance = with_rto > 0 ? met / with_rto : 1.0;
    o.grade = nisc_grade(o.rto_compliance);
    return o;
}

Scores score(const Model& model, const Network& network, const Result& result) {
    const std::size_t nt = result.times.size();
    if (result.sector_count != model.sectors.size() || result.sector_operability.size() != nt * result.sector_count)
        throw std::invalid_argument("score: the result does not match the model's sectors");
    Scores out;
    std::vector<double> curve(nt);
    for (std::size_t s = 0; s < model.sectors.size(); ++s) {
        for (std::size_t t = 0; t < nt; ++t) curve[t] = result.sector_at(t, s);
        auto sc = score_curve(model.sectors[s].id, result.times, curve, result.service_threshold);
        add_objectives(sc, model.sectors[s]);
        out.sectors.push_back(std::move(sc));
    }
    out.overall = overall_score(out.sectors);

    const bool unit_series = result.has_units() && result.unit_count == network.size() &&
                             result.unit_operability.unit_count() == result.unit_count &&
                             result.unit_operability.step_count() == nt;
    if (!model.has_nodes() || !unit_series) return out;
    std::map<std::string, std::vector<std::uint32_t>> by_class;  // sorted by class name
    for (std::uint32_t u = 0; u < network.size(); ++u) {
        const auto node = network.units[u].node;
        if (node < 0) continue;
        const auto& cls = model.nodes[static_cast<std::size_t>(node)].node_class;
        if (!cls.empty()) by_class[cls].push_back(u);
    }
    std::vector<double> weights;  // the class's capacities, read once: nodes are large records
    std::vector<float> one(nt);   // a unit's curve
    for (const auto& [cls, units] : by_class) {
        weights.clear();
        double total = 0;
        for (auto u : units) {
            weights.push_back(model.nodes[static_cast<std::size_t>(network.units[u].node)].capacity);
            total += weights.back();
        }
        if (!(total > 0)) std::fill(weights.begin(), weights.end(), 1.0);
        // Unit by unit, each step's sum still taken in the class's unit order.
        std::fill(curve.begin(), curve.end(), 0.0);
        for (std::size_t k = 0; k < units.size(); ++k) {
            result.unit_operability.curve(units[k], one);
            for (std::size_t t = 0; t < nt; ++t) curve[t] += weights[k] * one[t];
        }
        for (auto& c : curve) c /= total > 0 ? total : static_cast<double>(units.size());
        out.classes.push_back(score_curve(cls, result.times, curve, result.service_threshold));
    }
    return out;
}

}  // namespace cisim
