#pragma once
// Numbers as the CLI prints them in its tables.
#include <cstdio>
#include <string>

namespace cisim::app {

/// `v` with `decimals` digits after the point ("%.*f").
inline std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace cisim::app
