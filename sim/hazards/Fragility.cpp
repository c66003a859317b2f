#include "hazards/Fragility.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cisim {

namespace {

using C = LognormalCurve;
using R = RestorationTime;

// Restoration times shared by several classes (days, mean and sd).
// Hazus electric power restoration functions (after ATC-13, 1985), substations.
constexpr std::array<R, 4> substation_restoration{R{1, 0.5}, R{3, 1.5}, R{7, 3.5}, R{30, 15}};
// Hazus, generation plants.
constexpr std::array<R, 4> generation_restoration{R{0.5, 0.1}, R{3.6, 3.6}, R{22, 21}, R{65, 30}};
// Hazus, distribution circuits.
constexpr std::array<R, 4> circuit_restoration{R{0.3, 0.2}, R{1, 0.5}, R{3, 1.5}, R{7, 3}};
// Hazus potable water restoration functions, treatment plants / pumping plants.
constexpr std::array<R, 4> treatment_restoration{R{0.9, 0.3}, R{1.9, 1.2}, R{32, 31}, R{95, 65}};
constexpr std::array<R, 4> pumping_restoration{R{0.9, 0.3}, R{3.1, 2.7}, R{13.5, 10}, R{35, 18}};
// Assumption for facilities housed in ordinary buildings (data centres,
// hospitals, offices): functional interruption of the order of Hazus's
// building loss-of-function times, shortened because operators move service
// to a backup site long before a building is rebuilt.
constexpr std::array<R, 4> building_restoration{R{1, 0.5}, R{7, 3.5}, R{60, 30}, R{180, 60}};

// Hazus "equivalent-PGA" building fragility, β = 0.64 for every state
// (Hazus Technical Manual Table 5.16a–d, as tabulated in USGS ShakeCast V3
// Appendix E "HAZUS Model Building Fragility"): medians in g.
constexpr std::array<C, 4> c2m_high_code{C{0.17, 0.64}, C{0.36, 0.64}, C{0.87, 0.64}, C{1.95, 0.64}};
constexpr std::array<C, 4> c2m_moderate_code{C{0.15, 0.64}, C{0.26, 0.64}, C{0.55, 0.64}, C{1.02, 0.64}};
constexpr std::array<C, 4> s1l_high_code{C{0.19, 0.64}, C{0.31, 0.64}, C{0.64, 0.64}, C{1.49, 0.64}};

// Hazus lifeline curves (PGA, g). Substation and generation rows checked
// against NHERI SimCenter's machine-readable transcription of Hazus 5.1
// (DamageAndLossModelLibrary, seismic/power_network/portfolio/Hazus v5.1).
constexpr std::array<C, 4> substation_medium_anchored{C{0.15, 0.60}, C{0.25, 0.50}, C{0.35, 0.40}, C{0.70, 0.40}};
constexpr std::array<C, 4> generation_ml_anchored{C{0.10, 0.60}, C{0.25, 0.60}, C{0.52, 0.55}, C{0.92, 0.55}};
constexpr std::array<C, 4> circuits_anchored{C{0.28, 0.30}, C{0.40, 0.55}, C{0.72, 0.15}, C{1.10, 0.15}};
// Hazus damage-state definitions as functional loss (see the header).
constexpr std::array<double, 4> circuit_loss{0.04, 0.12, 0.50, 0.80};
constexpr std::array<double, 4> offline_loss{1.0, 1.0, 1.0, 1.0};
// Not cross-checked here (transcribed from the Hazus-MH 2.1 tables named in models/README.md).
constexpr std::array<C, 4> central_office_anchored{C{0.13, 0.55}, C{0.26, 0.50}, C{0.46, 0.62}, C{1.03, 0.62}};
constexpr std::array<C, 4> treatment_medium_anchored{C{0.37, 0.40}, C{0.52, 0.40}, C{0.73, 0.50}, C{1.28, 0.55}};
constexpr std::array<C, 4> pumping_anchored{C{0.15, 0.70}, C{0.36, 0.65}, C{0.66, 0.65}, C{1.50, 0.80}};

const std::array<FragilityClass, 20> table{{
    {"substation", substation_medium_anchored, substation_restoration,
     "Hazus EP.S.M.A medium-voltage (230 kV) substation, anchored; restoration: Hazus electric power restoration, substations"},
    {"power_distribution", circuits_anchored, circuit_restoration,
     "Hazus EP.C.A distribution circuits, anchored; loss = share of circuits failed per Hazus state (4/12/50/80 %); restoration: Hazus distribution circuits",
     circuit_loss},
    {"power_plant", generation_ml_anchored, generation_restoration,
     "Hazus EP.G.ML.A medium/large generation plant, anchored; off line in every state (slight = turbine trip); restoration: Hazus generation plants",
     offline_loss},
    {"telecom_office", central_office_anchored, substation_restoration,
     "Hazus communication central office, anchored; restoration: assumption, Hazus substation times (equipment racks, power plant)"},
    {"base_station", central_office_anchored, substation_restoration,
     "assumption: central-office curves and times (no Hazus class for base stations)"},
    {"data_center", c2m_high_code, building_restoration,
     "Hazus C2M high-code equivalent-PGA building curves; restoration: assumption (building_restoration)"},
    {"bank_data_center", c2m_high_code, building_restoration,
     "Hazus C2M high-code equivalent-PGA building curves; restoration: assumption (building_restoration)"},
    {"water_treatment", treatment_medium_anchored, treatment_restoration,
     "Hazus medium water treatment plant, anchored; restoration: Hazus water treatment plants"},
    {"pumping_station", pumping_anchored, pumping_restoration,
     "Hazus pumping plant, anchored; restoration: Hazus pumping plants"},
    {"water_distribution", pumping_anchored, pumping_restoration,
     "assumption: Hazus pumping-plant curves and restoration for an area's distribution network (pipes are not modelled separately)"},
    {"hospital", c2m_high_code, building_restoration,
     "Hazus C2M (mid-rise concrete shear wall) high-code equivalent-PGA curves: disaster base hospitals are built to current code; restoration: assumption"},
    {"rail", c2m_high_code, {R{1, 0.5}, R{7, 3.5}, R{30, 15}, R{90, 45}},
     "assumption: C2M high-code curves for stations and structures; restoration: CDMC 2013 (subways ~1 week, JR/private lines ~1 month)"},
    {"road", {C{0.25, 0.60}, C{0.35, 0.60}, C{0.45, 0.60}, C{0.70, 0.60}}, {R{0.5, 0.25}, R{2, 1}, R{7, 3.5}, R{30, 15}},
     "Hazus conventional highway bridge medians (HWB5/12/17/24) applied to PGA instead of Sa(1.0 s), a deviation; restoration: CDMC 2013 (main roads 1-2 days to clear)"},
    {"port", generation_ml_anchored, {R{1, 0.5}, R{7, 3.5}, R{60, 30}, R{180, 90}},
     "assumption: generation-plant curves for cargo-handling equipment (Hazus port curves not cross-checked; liquefaction not modelled); restoration: assumption"},
    {"logistics_hub", s1l_high_code, building_restoration,
     "Hazus S1L (low-rise steel frame) high-code equivalent-PGA curves; restoration: assumption"},
    {"gas", pumping_anchored, {R{1, 0.5}, R{7, 3.5}, R{30, 15}, R{60, 30}},
     "assumption: pumping-plant curves for LNG terminals and governors; restoration: 2011 city gas (~80 % back in ~1 month, ~90 % in ~2 months)"},
    {"airport", c2m_high_code, building_restoration,
     "Hazus C2M high-code equivalent-PGA curves for terminals and control towers; restoration: assumption"},
    {"government", c2m_high_code, building_restoration,
     "Hazus C2M high-code equivalent-PGA building curves; restoration: assumption"},
    {"broadcasting", central_office_anchored, substation_restoration,
     "assumption: central-office curves and substation restoration times for broadcasting stations"},
    {"default", c2m_moderate_code, building_restoration,
     "Hazus C2M moderate-code equivalent-PGA building curves (a generic building); restoration: assumption"},
}};

// Portable uniform in [0, 1) from the top 53 bits (std distributions differ across libraries).
double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double standard_normal(Rng& rng) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const double u1 = 1.0 - uniform01(rng), u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

const std::array<FragilityClass, 20>& fragility_table() { return table; }

const FragilityClass& fragility_of(std::string_view node_class) {
    for (const auto& c : table)
        if (c.name == node_class) return c;
    return table.back();
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double exceedance(const LognormalCurve& curve, double pga_g, double fragility_scale) {
    if (!(pga_g > 0)) return 0.0;
    return normal_cdf(std::log(pga_g / (curve.median * fragility_scale)) / curve.beta);
}

std::array<double, 5> damage_state_probabilities(const FragilityClass& cls, double pga_g, double fragility_scale) {
    std::array<double, 4> at_least{};
    double previous = 1.0;
    for (std::size_t i = 0; i < 4; ++i) {
        at_least[i] = std::min(previous, exceedance(cls.curves[i], pga_g, fragility_scale));
        previous = at_least[i];
    }
    return {1.0 - at_least[0], at_least[0] - at_least[1], at_least[1] - at_least[2], at_least[2] - at_least[3],
            at_least[3]};
}

DamageState damage_state_at(const std::array<double, 5>& p, double y) {
    // Exceedance summed from the top state down.
    double at_least = 0;
    std::size_t state = 0;
    for (std::size_t i = 5; i-- > 1;) {
        at_least += p[i];
        if (y < at_least && state == 0) state = i;
    }
    return static_cast<DamageState>(state);
}

double repair_days_at(const FragilityClass& cls, DamageState state, double q) {
    if (state == DamageState::none) return 0.0;
    const auto& r = cls.restoration[static_cast<std::size_t>(state) - 1];
    if (!(r.sd_days > 0)) return r.mean_days;
    // Truncated at 0: the quantile is Φ⁻¹(a + q(1 − a)) with a = Φ(−μ/σ), found by bisection.
    const double a = normal_cdf(-r.mean_days / r.sd_days);
    const double target = a + std::clamp(q, 0.0, 1.0) * (1 - a);
    double lo = -r.mean_days / r.sd_days, hi = lo + 40;
    for (int i = 0; i < 80; ++i) {
        const double mid = (lo + hi) / 2;
        (normal_cdf(mid) < target ? lo : hi) = mid;
    }
    return std::max(0.0, r.mean_days + r.sd_days * (lo + hi) / 2);
}

DamageState sample_damage_state(const std::array<double, 5>& p, Rng& rng) {
    const double u = uniform01(rng);
    double cumulative = 0;
    for (std::size_t i = 0; i < 5; ++i) {
        cumulative += p[i];
        if (u < cumulative) return static_cast<DamageState>(i);
    }
    // Rounding left u above the total: the last state with any probability.
    for (std::size_t i = 5; i-- > 0;)
        if (p[i] > 0) return static_cast<DamageState>(i);
    return DamageState::none;
}

double sample_repair_days(const FragilityClass& cls, DamageState state, Rng& rng) {
    if (state == DamageState::none) return 0.0;
    const auto& r = cls.restoration[static_cast<std::size_t>(state) - 1];
    // Rejection keeps the truncated normal exact; a bounded loop never hangs.
    for (int attempt = 0; attempt < 64; ++attempt) {
        const double t = r.mean_days + r.sd_days * standard_normal(rng);
        if (t >= 0) return t;
    }
    return r.mean_days;
}

std::string to_string(DamageState s) {
    switch (s) {
        case DamageState::none: return "none";
        case DamageState::slight: return "slight";
        case DamageState::moderate: return "moderate";
        case DamageState::extensive: return "extensive";
        case DamageState::complete: return "complete";
    }
    return "none";
}

}  // namespace cisim
