// Si & Midorikawa (1999) relations, distances and site amplification, checked
// against values worked out by hand from the published equations.
#include <catch2/catch.hpp>

#include <cmath>

#include "hazards/GroundMotion.hpp"

using namespace cisim;
using Catch::Matchers::WithinRel;

TEST_CASE("PGV600 of a crustal Mw 7.3 at D = 30 km, X = 20 km", "[hazard][ground_motion]") {
    // 0.58·7.3 + 0.0038·30 − 1.29 = 4.234 + 0.114 − 1.29 = 3.058
    // 0.0028·10^(0.5·7.3) = 0.0028·4466.84 = 12.507;  log10(20 + 12.507) = 1.51198
    // 0.002·20 = 0.04  →  log10 PGV = 3.058 − 1.51198 − 0.04 = 1.50602  →  PGV = 32.06 cm/s
    CHECK_THAT(SiMidorikawa1999::pgv600(7.3, 30, FaultType::crustal, 20), WithinRel(32.064, 1e-4));
}

TEST_CASE("PGA of a crustal Mw 7.3 at D = 30 km, X = 20 km", "[hazard][ground_motion]") {
    // 0.50·7.3 + 0.0043·30 + 0.61 = 3.65 + 0.129 + 0.61 = 4.389
    // 0.0055·4466.84 = 24.568;  log10(20 + 24.568) = 1.64902;  0.003·20 = 0.06
    // log10 PGA = 4.389 − 1.64902 − 0.06 = 2.67998  →  PGA = 478.6 gal
    CHECK_THAT(SiMidorikawa1999::pga(7.3, 30, FaultType::crustal, 20), WithinRel(478.61, 1e-4));
}

TEST_CASE("Fault-type terms shift log10 of the motion by d", "[hazard][ground_motion]") {
    const double crustal_v = SiMidorikawa1999::pgv600(7.0, 40, FaultType::crustal, 50);
    CHECK_THAT(SiMidorikawa1999::pgv600(7.0, 40, FaultType::interplate, 50), WithinRel(crustal_v * std::pow(10, -0.02), 1e-12));
    CHECK_THAT(SiMidorikawa1999::pgv600(7.0, 40, FaultType::intraplate, 50), WithinRel(crustal_v * std::pow(10, 0.12), 1e-12));
    const double crustal_a = SiMidorikawa1999::pga(7.0, 40, FaultType::crustal, 50);
    CHECK_THAT(SiMidorikawa1999::pga(7.0, 40, FaultType::interplate, 50), WithinRel(crustal_a * std::pow(10, 0.01), 1e-12));
    CHECK_THAT(SiMidorikawa1999::pga(7.0, 40, FaultType::intraplate, 50), WithinRel(crustal_a * std::pow(10, 0.22), 1e-12));
}

TEST_CASE("Magnitude is capped at 8.3", "[hazard][ground_motion]") {
    CHECK(SiMidorikawa1999::pgv600(9.0, 24, FaultType::interplate, 100) ==
          SiMidorikawa1999::pgv600(8.3, 24, FaultType::interplate, 100));
    CHECK(SiMidorikawa1999::pga(9.0, 24, FaultType::interplate, 100) ==
          SiMidorikawa1999::pga(8.3, 24, FaultType::interplate, 100));
    CHECK(SiMidorikawa1999::pgv600(8.0, 24, FaultType::interplate, 100) <
          SiMidorikawa1999::pgv600(8.3, 24, FaultType::interplate, 100));
}

TEST_CASE("Motion decreases with distance", "[hazard][ground_motion]") {
    double previous = 1e9;
    for (double x : {3.0, 10.0, 30.0, 100.0, 300.0}) {
        const double v = SiMidorikawa1999::pgv600(7.3, 30, FaultType::crustal, x);
        CHECK(v < previous);
        previous = v;
    }
}

TEST_CASE("Haversine: one degree of latitude is 111.195 km", "[hazard][ground_motion]") {
    // 6371 km × π / 180 = 111.1949 km
    CHECK_THAT(haversine_km(35.0, 139.0, 36.0, 139.0), WithinRel(111.1949, 1e-5));
    CHECK(haversine_km(35.68, 139.77, 35.68, 139.77) == 0.0);
    // Along a parallel the distance shrinks with cos(latitude) (small-step check).
    CHECK_THAT(haversine_km(60.0, 10.0, 60.0, 10.01), WithinRel(111.1949 * 0.01 * 0.5, 1e-4));
}

TEST_CASE("Fault distance: hypocentral distance minus half the Utsu (1977) length", "[hazard][ground_motion]") {
    // L(7.3) = 10^(0.5·7.3 − 1.85) = 10^1.8 = 63.096 km
    CHECK_THAT(utsu_fault_length_km(7.3), WithinRel(63.096, 1e-4));
    CHECK_THAT(fault_distance_km(50, 7.3), WithinRel(50 - 31.548, 1e-4));
    CHECK(fault_distance_km(20, 7.3) == 3.0);  // inside the sphere: the 3 km floor
    // Mw 9.0 uses the capped 8.3: L = 10^(4.15 − 1.85) = 199.5 km
    CHECK_THAT(fault_distance_km(300, 9.0), WithinRel(300 - 99.763, 1e-4));
}

TEST_CASE("Fujimoto & Midorikawa (2006) amplification: 1.41 at AVS30 = 400 m/s", "[hazard][ground_motion]") {
    // log10 ARV = 2.367 − 0.852·log10 400 = 2.367 − 0.852·2.60206 = 0.14996  →  1.4127
    CHECK_THAT(arv_from_avs30(400), WithinRel(1.4127, 1e-4));
    CHECK(arv_from_avs30(200) > arv_from_avs30(400));
}

TEST_CASE("Site motion combines distance, depth and site amplification", "[hazard][ground_motion]") {
    Event quake;
    quake.kind = EventKind::earthquake;
    quake.lat = 35.0;
    quake.lon = 139.0;
    quake.depth_km = 30;
    quake.mw = 7.3;
    // A site one degree north: epicentral 111.195 km, hypocentral √(111.195² + 30²) = 115.17 km,
    // X = 115.17 − 31.548 = 83.62 km.
    const auto m = site_motion(quake, 36.0, 139.0, 2.0);
    CHECK_THAT(m.hypocentral_km, WithinRel(115.171, 1e-4));
    CHECK_THAT(m.fault_km, WithinRel(83.623, 1e-4));
    CHECK_THAT(m.pgv_cm_s, WithinRel(2.0 * SiMidorikawa1999::pgv600(7.3, 30, FaultType::crustal, m.fault_km), 1e-12));
    CHECK_THAT(m.pga_gal, WithinRel(SiMidorikawa1999::pga(7.3, 30, FaultType::crustal, m.fault_km), 1e-12));
    CHECK_THAT(m.pga_g(), WithinRel(m.pga_gal / 980.665, 1e-12));
    quake.fault_type = "subduction";
    CHECK_THROWS_AS(site_motion(quake, 36.0, 139.0, 1.0), std::invalid_argument);
}
