#include "analysis/Households.hpp"

#include <algorithm>
#include <stdexcept>

namespace cisim {

namespace {

/// Share without service; operability outside [0, 1] (float noise) is clamped.
double share_out(double operability) { return 1.0 - std::clamp(operability, 0.0, 1.0); }

using Figure = std::optional<double> NodeExtras::*;  // households or population
using SectorFigure = std::optional<double> Sector::*;

/// The count curve of sector `s` for one figure, or none when neither the
/// sector nor its nodes give it. `unit_series`: the Result holds unit curves.
std::optional<CountOut> count(const Model& model, const Network& network, const Result& result, std::size_t s,
                              Figure node_figure, SectorFigure sector_figure, bool unit_series, bool& approximated) {
    const std::size_t nt = result.times.size();
    std::vector<double> out(nt, 0.0);
    std::vector<float> curve(unit_series ? nt : 0);  // a unit's
    bool by_nodes = false;
    double node_total = 0;
    for (auto k = network.sector_offsets[s]; k < network.sector_offsets[s + 1]; ++k) {
        const auto u = network.sector_units[k];
        const auto node = network.units[u].node;
        if (node < 0) continue;
        const auto& figure = (*model.nodes[static_cast<std::size_t>(node)].extras).*node_figure;
        if (!figure) continue;
        by_nodes = true;
        node_total += *figure;
        if (unit_series) {
            result.unit_operability.curve(u, curve);
            for (std::size_t t = 0; t < nt; ++t) out[t] += *figure * share_out(curve[t]);
        }
    }
    if (by_nodes && unit_series) {
        auto c = summarise_count(result.times, std::move(out));
        c.by_nodes = true;
        return c;
    }
    const auto& own = model.sectors[s].*sector_figure;
    if (!by_nodes && !own) return std::nullopt;
    const double total = by_nodes ? node_total : *own;
    approximated = approximated || by_nodes;
    for (std::size_t t = 0; t < nt; ++t) out[t] = total * share_out(result.sector_at(t, s));
    auto c = summarise_count(result.times, std::move(out));
    c.by_nodes = by_nodes;
    return c;
}

}  // namespace

bool carries_households(const Model& model) {
    const auto sector = [](const Sector& s) { return s.households || s.population; };
    const auto node = [](const Node& n) { return n.households() || n.population(); };
    return std::any_of(model.sectors.begin(), model.sectors.end(), sector) ||
           std::any_of(model.nodes.begin(), model.nodes.end(), node);
}

CountOut summarise_count(const std::vector<double>& times, std::vector<double> out) {
    if (times.size() != out.size()) throw std::invalid_argument("summarise_count: times and counts differ in length");
    CountOut c;
    const std::size_t n = times.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double dt = i + 1 < n ? times[i + 1] - times[i] : 0.0;
        c.hours += dt * out[i];
        if (out[i] > c.peak) {
            c.peak = out[i];
            c.peak_t_h = times[i];
        }
    }
    c.out = std::move(out);
    return c;
}

HouseholdsOut households_out(const Model& model, const Network& network, const Result& result) {
    const std::size_t nt = result.times.size();
    if (result.sector_count != model.sectors.size() || result.sector_operability.size() != nt * result.sector_count ||
        network.sector_count() != model.sectors.size())
        throw std::invalid_argument("households_out: the result does not match the model's sectors");
    const bool unit_series = result.has_units() && result.unit_count == network.size() &&
                             result.unit_operability.unit_count() == result.unit_count &&
                             result.unit_operability.step_count() == nt;
    HouseholdsOut h;
    h.times = result.times;
    if (!carries_households(model)) return h;
    bool approximated = false;
    for (std::size_t s = 0; s < model.sectors.size(); ++s) {
        SectorCountOut row;
        row.sector = s;
        row.households = count(model, network, result, s, &NodeExtras::households, &Sector::households, unit_series, approximated);
        row.population = count(model, network, result, s, &NodeExtras::population, &Sector::population, unit_series, approximated);
        if (!row.households && !row.population) continue;
        h.has_households = h.has_households || row.households.has_value();
        h.has_population = h.has_population || row.population.has_value();
        h.sectors.push_back(std::move(row));
    }
    if (approximated)
        h.notes.push_back("the result holds no asset curves: households and people of assets are counted against their "
                          "sector's operability");
    return h;
}

}  // namespace cisim
