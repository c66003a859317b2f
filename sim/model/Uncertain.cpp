#include "model/Uncertain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim {

double normal_quantile(double p) {
    if (!(p > 0) || !(p < 1)) {
        if (p == 0) return -std::numeric_limits<double>::infinity();
        if (p == 1) return std::numeric_limits<double>::infinity();
        return std::numeric_limits<double>::quiet_NaN();
    }
    // Acklam (2003), relative error 1.15e-9 before refinement.
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01,  -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    constexpr double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // One Halley step against the exact CDF brings it to full double precision.
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

double Distribution::quantile(double u) const {
    switch (kind) {
        case Kind::uniform: return min + u * (max - min);
        case Kind::triangular: {
            const double w = max - min;
            if (w <= 0) return min;
            const double fc = (mode - min) / w;
            return u < fc ? min + std::sqrt(u * w * (mode - min)) : max - std::sqrt((1 - u) * w * (max - mode));
        }
        case Kind::lognormal: return median_value * std::exp(beta * normal_quantile(u));
    }
    return 0;
}

std::string Distribution::describe() const {
    std::ostringstream out;
    out.precision(6);
    switch (kind) {
        case Kind::uniform: out << "uniform(" << min << ", " << max << ")"; break;
        case Kind::triangular: out << "triangular(" << min << ", " << mode << ", " << max << ")"; break;
        case Kind::lognormal: out << "lognormal(median " << median_value << ", beta " << beta << ")"; break;
    }
    return out.str();
}

std::vector<UncertainParameter> uncertain_parameters(const Model& model, const Scenario& scenario) {
    auto all = model.uncertain;
    all.insert(all.end(), scenario.uncertain.begin(), scenario.uncertain.end());
    return all;
}

namespace {

double share(double x) { return std::clamp(x, 0.0, 1.0); }
double hours(double x) { return std::max(x, 0.0); }

}  // namespace

double uncertain_value(const UncertainParameter& p, double u) {
    const double v = p.distribution.quantile(u);
    if (p.field == "strength" || p.field == "severity") return share(v);
    if (p.field == "fragility_scale") return std::max(v, 1e-9);  // must stay > 0
    return hours(v);
}

void apply_uncertain(Model& model, Scenario& scenario, std::span<const UncertainParameter> parameters,
                     std::span<const double> u) {
    if (u.size() != parameters.size()) throw std::invalid_argument("apply_uncertain: one quantile per parameter");
    for (std::size_t k = 0; k < parameters.size(); ++k) {
        const auto& p = parameters[k];
        const double v = p.distribution.quantile(u[k]);
        switch (p.place) {
            case UncertainPlace::dependency: {
                auto& d = model.dependencies.at(p.index);
                if (p.field == "strength") d.strength = share(v);
                else if (p.field == "buffer_h") d.buffer_h = hours(v);
                else if (p.field == "refill_h") d.refill_h = hours(v);
                else if (p.field == "delay_h") d.delay_h = hours(v);
                break;
            }
            case UncertainPlace::sector: {
                auto& s = model.sectors.at(p.index);
                if (p.field == "rto_h") s.rto_h = hours(v);
                else if (p.field == "mtpd_h") s.mtpd_h = hours(v);
                break;
            }
            case UncertainPlace::node:
                model.nodes.at(p.index).fragility_scale = std::max(v, 1e-9);  // must stay > 0
                break;
            case UncertainPlace::event:
                for (auto& e : scenario.events)
                    if (e.file_index == static_cast<int>(p.index)) {
                        if (p.field == "severity") e.severity = share(v);
                        else if (p.field == "duration_h") e.duration_h = hours(v);
                    }
                break;
        }
    }
}

}  // namespace cisim
