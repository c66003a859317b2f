// JMA instrumental intensity from PGV, Midorikawa et al. (1999): I = 2.68 + 1.72 log10 PGV.
#include <catch2/catch.hpp>

#include "hazards/JmaIntensity.hpp"

using namespace cisim;
using Catch::Matchers::WithinAbs;

TEST_CASE("Intensity from PGV by hand", "[hazard][jma]") {
    CHECK_THAT(jma_intensity_from_pgv(10), WithinAbs(4.40, 1e-12));    // 2.68 + 1.72·1
    CHECK_THAT(jma_intensity_from_pgv(100), WithinAbs(6.12, 1e-12));   // 2.68 + 1.72·2
    CHECK_THAT(jma_intensity_from_pgv(1), WithinAbs(2.68, 1e-12));     // log10 1 = 0
    CHECK(jma_intensity_from_pgv(1e6) == 7.0);                          // clamped
    CHECK(jma_intensity_from_pgv(0) == 0.0);
    CHECK(jma_intensity_from_pgv(-5) == 0.0);
}

TEST_CASE("Inverse: PGV for intensity 5.0 is 22.33 cm/s", "[hazard][jma]") {
    // 10^((5 − 2.68) / 1.72) = 10^1.34884 = 22.327
    CHECK_THAT(pgv_for_jma_intensity(5.0), WithinAbs(22.327, 1e-3));
    CHECK_THAT(jma_intensity_from_pgv(pgv_for_jma_intensity(5.7)), WithinAbs(5.7, 1e-12));
}

TEST_CASE("JMA intensity classes", "[hazard][jma]") {
    CHECK(jma_class(0.2) == "0");
    CHECK(jma_class(0.5) == "1");
    CHECK(jma_class(3.49) == "3");
    CHECK(jma_class(4.4999) == "4");
    CHECK(jma_class(4.5) == "5-");
    CHECK(jma_class(5.0) == "5+");
    CHECK(jma_class(5.5) == "6-");
    CHECK(jma_class(6.0) == "6+");
    CHECK(jma_class(6.4999) == "6+");
    CHECK(jma_class(6.5) == "7");
    CHECK(jma_class(7.0) == "7");
    CHECK(jma_class_ja(5.2) == "震度5強");
    CHECK(jma_class_ja(5.7) == "震度6弱");
    // 100 cm/s → 6.12 → 6+ (震度6強)
    CHECK(jma_class(jma_intensity_from_pgv(100)) == "6+");
}
