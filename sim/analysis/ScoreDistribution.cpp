#include "analysis/ScoreDistribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cisim {

double percentile(std::vector<double> values, double p) {
    if (values.empty()) throw std::invalid_argument("percentile of an empty set");
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= values.size()) return values.back();
    return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

Summary summarize(const std::vector<double>& values) {
    Summary s;
    if (values.empty()) return s;
    const auto n = static_cast<double>(values.size());
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / n;
    if (values.size() > 1) {
        double ss = 0;
        for (double v : values) ss += (v - s.mean) * (v - s.mean);
        s.sd = std::sqrt(ss / (n - 1.0));
    }
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    s.p10 = percentile(sorted, 0.10);
    s.p50 = percentile(sorted, 0.50);
    s.p90 = percentile(sorted, 0.90);
    return s;
}

ScoreDistribution score_distribution(const std::vector<Scores>& samples, double relative_tolerance) {
    if (samples.empty()) throw std::invalid_argument("score_distribution: no samples");
    const auto& first = samples.front().sectors;
    for (const auto& s : samples) {
        if (s.sectors.size() != first.size())
            throw std::invalid_argument("score_distribution: samples have different sectors");
        for (std::size_t i = 0; i < first.size(); ++i)
            if (s.sectors[i].id != first[i].id)
                throw std::invalid_argument("score_distribution: samples have different sectors");
    }
    const auto n = samples.size();
    const auto share = [n](std::size_t count) { return static_cast<double>(count) / static_cast<double>(n); };

    ScoreDistribution d;
    d.samples = n;
    for (std::size_t i = 0; i < first.size(); ++i) {
        SectorDistribution sd;
        sd.id = first[i].id;
        std::vector<double> ih, down, outage, min_op, loss;
        std::size_t rto_breach = 0, mtpd_breach = 0, not_recovered = 0;
        for (const auto& s : samples) {
            const auto& x = s.sectors[i];
            ih.push_back(x.inoperability_hours);
            down.push_back(x.downtime_h);
            outage.push_back(x.outage_h);
            min_op.push_back(x.min_operability);
            if (x.loss) loss.push_back(*x.loss);
            if (x.rto_met) sd.has_rto = true;
            if (x.rto_met == std::optional<bool>(false)) ++rto_breach;
            if (x.mtpd_breached) ++mtpd_breach;
            if (!x.recovered) ++not_recovered;
        }
        sd.p_rto_breach = share(rto_breach);
        sd.p_mtpd_breach = share(mtpd_breach);
        sd.p_not_recovered = share(not_recovered);
        sd.inoperability_hours = summarize(ih);
        sd.downtime_h = summarize(down);
        sd.outage_h = summarize(outage);
        sd.min_operability = summarize(min_op);
        if (!loss.empty()) sd.loss = summarize(loss);
        d.sectors.push_back(std::move(sd));
    }

    std::vector<double> compliance, total_ih, total_loss;
    std::map<std::string, std::size_t> grades{{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}};
    for (const auto& s : samples) {
        compliance.push_back(s.overall.rto_compliance);
        total_ih.push_back(s.overall.inoperability_hours);
        if (s.overall.loss) total_loss.push_back(*s.overall.loss);
        ++grades[nisc_grade(s.overall.rto_compliance)];
    }
    for (const auto& [g, count] : grades) d.grade_distribution[g] = share(count);
    d.rto_compliance = summarize(compliance);
    d.inoperability_hours = summarize(total_ih);
    if (!total_loss.empty()) d.loss = summarize(total_loss);
    d.sem = d.inoperability_hours.sd / std::sqrt(static_cast<double>(n));
    d.converged = n >= 2 && d.sem <= relative_tolerance * std::abs(d.inoperability_hours.mean);
    return d;
}

}  // namespace cisim
