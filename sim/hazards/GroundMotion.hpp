#pragma once
// Ground motion at a site from a scenario earthquake: the attenuation
// relations of Si & Midorikawa (1999) for Japan.
//
// Si H., Midorikawa S. (1999), "New attenuation relationships for peak ground
// acceleration and velocity considering effects of fault type and site
// condition", J. Struct. Constr. Eng. (Trans. AIJ) 523, 63–70; coefficients as
// restated in NIED's "Technical Reports on National Seismic Hazard Maps for
// Japan" (2009), eq. 3.5.1-1 (cross-checked against OpenQuake's
// SiMidorikawa1999 implementation):
//
//   log10 PGV600 = 0.58 Mw + 0.0038 D + d − 1.29 − log10(X + 0.0028·10^(0.50 Mw)) − 0.002 X
//       d = 0.00 crustal, −0.02 interplate, +0.12 intraplate; cm/s on
//       engineering bedrock (Vs ≈ 600 m/s)
//   log10 PGA    = 0.50 Mw + 0.0043 D + d + 0.61 − log10(X + 0.0055·10^(0.50 Mw)) − 0.003 X
//       d = 0.00 crustal, +0.01 interplate, +0.22 intraplate; cm/s² (gal),
//       ground surface of the paper's average site
//
// with Mw moment magnitude, D hypocentral depth (km), X shortest distance to
// the fault plane (km). Mw is capped at 8.3, as NIED does for the national
// hazard maps (the data set has no larger events; the relation saturates).
//
// Deviations, stated:
// - X: the fault plane is not given in a scenario, so X follows the method of
//   JMA's Earthquake Early Warning intensity estimate (JMA 2016, "緊急地震速報
//   の概要や処理手法に関する技術的参考資料", §4): the fault is a sphere of radius
//   L/2 around the hypocentre, L from Utsu (1977) log10 L = 0.5 Mw − 1.85 (km),
//   and X = max(R_hypo − L/2, 3 km). L uses the capped Mw, so one event never
//   stands for more than a ~200 km rupture; a longer rupture (2011, ~500 km)
//   is given as several sub-sources along it (see scenarios/tohoku-2011.json).
// - Site: Node::site_amplification multiplies PGV only (1 = Vs600 bedrock).
//   Fujimoto & Midorikawa (2006) log10 ARV = 2.367 − 0.852 log10 AVS30 gives it
//   from AVS30 (arv_from_avs30; 1.41 at AVS30 = 400 m/s, the factor NIED uses
//   for Vs 600 → 400 m/s). PGA is taken as the relation gives it (average
//   site): the Hazus fragility curves downstream are PGA-based, so site
//   amplification changes the intensity, not the damage, unless a model also
//   lowers Node::fragility_scale for soft sites.
// - Median motion only: the relations' scatter (σ ≈ 0.2 in log10) is not sampled.
#include <string_view>

#include "model/Scenario.hpp"

namespace cisim {

/// Earthquake type of Si & Midorikawa (1999).
enum class FaultType { crustal, interplate, intraplate };

/// "crustal" | "interplate" | "intraplate"; false if unknown.
bool parse_fault_type(std::string_view text, FaultType& out);

/// Great-circle distance (haversine, mean Earth radius 6371.0 km).
double haversine_km(double lat1, double lon1, double lat2, double lon2);

/// Rupture length from magnitude, Utsu (1977): log10 L = 0.5 Mw − 1.85 (km).
double utsu_fault_length_km(double mw);

/// Shortest distance to the fault, JMA EEW approximation: max(R − L/2, 3 km), L from the capped Mw.
double fault_distance_km(double hypocentral_km, double mw);

/// Site amplification of PGV relative to Vs600 bedrock, Fujimoto & Midorikawa (2006).
double arv_from_avs30(double avs30_m_s);

/// Si & Midorikawa (1999) attenuation relations (medians).
struct SiMidorikawa1999 {
    static constexpr double mw_cap = 8.3;  ///< NIED (2009) practice
    /// PGV on Vs600 bedrock, cm/s.
    static double pgv600(double mw, double depth_km, FaultType type, double x_km);
    /// PGA, cm/s² (gal).
    static double pga(double mw, double depth_km, FaultType type, double x_km);
};

/// Shaking of one site.
struct SiteMotion {
    double hypocentral_km = 0;
    double fault_km = 0;        ///< X used in the relations
    double pga_gal = 0;         ///< cm/s²
    double pgv_cm_s = 0;        ///< at the site (PGV600 × site amplification)
    double pga_g() const { return pga_gal / 980.665; }
};

/// Median ground motion of earthquake `quake` at (lat, lon) with the given PGV amplification.
/// Throws std::invalid_argument on an unknown fault type.
SiteMotion site_motion(const Event& quake, double lat, double lon, double site_amplification);

}  // namespace cisim
