#include "hazards/JmaIntensity.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace cisim {

double jma_intensity_from_pgv(double pgv_cm_s) {
    if (!(pgv_cm_s > 0)) return 0.0;
    return std::clamp(2.68 + 1.72 * std::log10(pgv_cm_s), 0.0, 7.0);
}

double pgv_for_jma_intensity(double i) { return std::pow(10.0, (i - 2.68) / 1.72); }

namespace {
// Lower bounds of the JMA classes, with their names.
struct JmaBand { double lower; const char* name; const char* name_ja; };
constexpr std::array<JmaBand, 10> bands{{{0.0, "0", "震度0"},
                                          {0.5, "1", "震度1"},
                                          {1.5, "2", "震度2"},
                                          {2.5, "3", "震度3"},
                                          {3.5, "4", "震度4"},
                                          {4.5, "5-", "震度5弱"},
                                          {5.0, "5+", "震度5強"},
                                          {5.5, "6-", "震度6弱"},
                                          {6.0, "6+", "震度6強"},
                                          {6.5, "7", "震度7"}}};

const JmaBand& band_of(double intensity) {
    const JmaBand* hit = &bands.front();
    for (const auto& b : bands)
        if (intensity >= b.lower) hit = &b;
    return *hit;
}
}  // namespace

std::string jma_class(double intensity) { return band_of(intensity).name; }

std::string jma_class_ja(double intensity) { return band_of(intensity).name_ja; }

}  // namespace cisim
