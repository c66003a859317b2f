#pragma once
// JMA instrumental seismic intensity (計測震度) from peak ground velocity:
// Midorikawa S., Fujimoto K., Muramatsu I. (1999), "Correlation of new J.M.A.
// instrumental seismic intensity with former J.M.A. seismic intensity and
// ground motion parameters", J. Social Safety Science 1, 51–56:
//
//   I = 2.68 + 1.72 log10 PGV   (PGV in cm/s, fitted for 4 ≤ I ≤ 7)
//
// Deviation: applied over the whole range and clamped to [0, 7]; below I = 4
// it is an extrapolation (no fragility curve responds there).
// Classes follow JMA's intensity scale (気象庁震度階級): 0 < 0.5 ≤ 1 < 1.5 ≤ 2
// < 2.5 ≤ 3 < 3.5 ≤ 4 < 4.5 ≤ 5- < 5.0 ≤ 5+ < 5.5 ≤ 6- < 6.0 ≤ 6+ < 6.5 ≤ 7.
#include <string>

namespace cisim {

/// Instrumental intensity from PGV (cm/s), clamped to [0, 7]; 0 for PGV ≤ 0.
double jma_intensity_from_pgv(double pgv_cm_s);

/// PGV (cm/s) at which the relation gives intensity `i` (inverse of the above, unclamped).
double pgv_for_jma_intensity(double i);

/// JMA class name of an instrumental intensity: "0" … "4", "5-", "5+", "6-", "6+", "7".
std::string jma_class(double intensity);

/// Japanese class name: "震度0" … "震度4", "震度5弱", "震度5強", "震度6弱", "震度6強", "震度7".
std::string jma_class_ja(double intensity);

}  // namespace cisim
