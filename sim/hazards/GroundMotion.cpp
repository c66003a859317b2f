#include "hazards/GroundMotion.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace cisim {

bool parse_fault_type(std::string_view text, FaultType& out) {
    if (text == "crustal") out = FaultType::crustal;
    else if (text == "interplate") out = FaultType::interplate;
    else if (text == "intraplate") out = FaultType::intraplate;
    else return false;
    return true;
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double earth_radius_km = 6371.0;
    const double rad = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    const double a = std::pow(std::sin(dlat / 2), 2) +
                     std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin(dlon / 2), 2);
    return 2 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(a)));
}

double utsu_fault_length_km(double mw) { return std::pow(10.0, 0.5 * mw - 1.85); }

double fault_distance_km(double hypocentral_km, double mw) {
    const double half_length = utsu_fault_length_km(std::min(mw, SiMidorikawa1999::mw_cap)) / 2;
    return std::max(hypocentral_km - half_length, 3.0);
}

double arv_from_avs30(double avs30_m_s) { return std::pow(10.0, 2.367 - 0.852 * std::log10(avs30_m_s)); }

double SiMidorikawa1999::pgv600(double mw, double depth_km, FaultType type, double x_km) {
    const double m = std::min(mw, mw_cap);
    const double d = type == FaultType::crustal ? 0.0 : type == FaultType::interplate ? -0.02 : 0.12;
    return std::pow(10.0, 0.58 * m + 0.0038 * depth_km + d - 1.29 -
                              std::log10(x_km + 0.0028 * std::pow(10.0, 0.5 * m)) - 0.002 * x_km);
}

double SiMidorikawa1999::pga(double mw, double depth_km, FaultType type, double x_km) {
    const double m = std::min(mw, mw_cap);
    const double d = type == FaultType::crustal ? 0.0 : type == FaultType::interplate ? 0.01 : 0.22;
    return std::pow(10.0, 0.50 * m + 0.0043 * depth_km + d + 0.61 -
                              std::log10(x_km + 0.0055 * std::pow(10.0, 0.5 * m)) - 0.003 * x_km);
}

SiteMotion site_motion(const Event& quake, double lat, double lon, double site_amplification) {
    FaultType type{};
    if (!parse_fault_type(quake.fault_type, type))
        throw std::invalid_argument("unknown fault_type '" + quake.fault_type +
                                    "' (expected crustal, interplate or intraplate)");
    SiteMotion m;
    const double epicentral = haversine_km(quake.lat, quake.lon, lat, lon);
    m.hypocentral_km = std::hypot(epicentral, quake.depth_km);
    m.fault_km = fault_distance_km(m.hypocentral_km, quake.mw);
    m.pga_gal = SiMidorikawa1999::pga(quake.mw, quake.depth_km, type, m.fault_km);
    m.pgv_cm_s = SiMidorikawa1999::pgv600(quake.mw, quake.depth_km, type, m.fault_km) * site_amplification;
    return m;
}

}  // namespace cisim
