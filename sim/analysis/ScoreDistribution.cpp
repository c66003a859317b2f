#include "analysis/ScoreDistribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
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

bool SampleFigures::operator==(const SampleFigures& o) const {
    return sectors == o.sectors && rows.size() == o.rows.size() &&
           (rows.empty() || std::memcmp(rows.data(), o.rows.data(), rows.size() * sizeof(double)) == 0);
}

void put_figures(const Scores& scores, std::span<double> row) {
    const double none = std::numeric_limits<double>::quiet_NaN();
    if (row.size() != SampleFigures::per_sector * scores.sectors.size() + SampleFigures::overall)
        throw std::invalid_argument("put_figures: the row does not fit the scores");
    auto* to = row.data();
    for (const auto& x : scores.sectors) {
        *to++ = x.inoperability_hours;
        *to++ = x.downtime_h;
        *to++ = x.outage_h;
        *to++ = x.min_operability;
        *to++ = x.loss.value_or(none);
        *to++ = (x.rto_met ? 1 : 0) + (x.rto_met == std::optional<bool>(false) ? 2 : 0) + (x.mtpd_breached ? 4 : 0) +
                (x.recovered ? 0 : 8);
    }
    *to++ = scores.overall.rto_compliance;
    *to++ = scores.overall.inoperability_hours;
    *to = scores.overall.loss.value_or(none);
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
    SampleFigures figures;
    for (const auto& x : first) figures.sectors.push_back(x.id);
    const auto w = figures.width();
    figures.rows.resize(samples.size() * w);
    for (std::size_t k = 0; k < samples.size(); ++k)
        put_figures(samples[k], std::span<double>(figures.rows).subspan(k * w, w));
    return score_distribution(figures, relative_tolerance);
}

ScoreDistribution score_distribution(const SampleFigures& samples, double relative_tolerance) {
    const auto n = samples.size();
    if (n == 0) throw std::invalid_argument("score_distribution: no samples");
    const auto w = samples.width();
    if (samples.rows.size() != n * w) throw std::invalid_argument("score_distribution: a sample's row is cut short");
    const auto share = [n](std::size_t count) { return static_cast<double>(count) / static_cast<double>(n); };
    const auto row = [&](std::size_t k) { return samples.rows.data() + k * w; };
    const auto flag = [](double flags, int bit) { return (static_cast<int>(flags) & bit) != 0; };

    ScoreDistribution d;
    d.samples = n;
    for (std::size_t i = 0; i < samples.sectors.size(); ++i) {
        SectorDistribution sd;
        sd.id = samples.sectors[i];
        std::vector<double> ih, down, outage, min_op, loss;
        std::size_t rto_breach = 0, mtpd_breach = 0, not_recovered = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const double* x = row(k) + i * SampleFigures::per_sector;
            ih.push_back(x[0]);
            down.push_back(x[1]);
            outage.push_back(x[2]);
            min_op.push_back(x[3]);
            if (!std::isnan(x[4])) loss.push_back(x[4]);
            if (flag(x[5], 1)) sd.has_rto = true;
            if (flag(x[5], 2)) ++rto_breach;
            if (flag(x[5], 4)) ++mtpd_breach;
            if (flag(x[5], 8)) ++not_recovered;
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
    const auto o = SampleFigures::per_sector * samples.sectors.size();
    for (std::size_t k = 0; k < n; ++k) {
        const double* x = row(k) + o;
        compliance.push_back(x[0]);
        total_ih.push_back(x[1]);
        if (!std::isnan(x[2])) total_loss.push_back(x[2]);
        ++grades[nisc_grade(x[0])];
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
