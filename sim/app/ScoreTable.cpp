#include "app/ScoreTable.hpp"

#include <cstdio>
#include <string>

namespace cisim::app {
namespace {

std::string num(const std::optional<double>& v, const char* spec = "%.1f") {
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, spec, *v);
    return buf;
}

}  // namespace

void print_score_table(std::ostream& out, const Model& model, const Scores& scores) {
    char line[256];
    std::snprintf(line, sizeof line, "%-14s %8s %9s %9s %9s %10s %7s %7s %6s %5s\n", "sector", "min_op", "down_h",
                  "outage_h", "recover_h", "inop_h", "RTO_h", "MTPD_h", "RTO", "MTPD");
    out << line;
    for (std::size_t i = 0; i < scores.sectors.size(); ++i) {
        const auto& s = scores.sectors[i];
        const std::string rto = !s.rto_met ? "-" : (*s.rto_met ? "met" : "MISS");
        const auto recover = s.time_to_recover_h ? num(s.time_to_recover_h) : std::string(">horizon");
        std::snprintf(line, sizeof line, "%-14s %8.3f %9.1f %9.1f %9s %10.1f %7s %7s %6s %5s\n", s.id.c_str(),
                      s.min_operability, s.downtime_h, s.outage_h, recover.c_str(), s.inoperability_hours,
                      num(s.rto_h, "%.0f").c_str(), num(s.mtpd_h, "%.0f").c_str(), rto.c_str(),
                      s.mtpd_breached ? "MISS" : (s.mtpd_h ? "ok" : "-"));
        out << line;
    }
    (void)model;
    const auto& o = scores.overall;
    std::snprintf(line, sizeof line, "\nRTO compliance %.1f %%  grade %s  inoperability-hours %.1f", 100 * o.rto_compliance,
                  o.grade.c_str(), o.inoperability_hours);
    out << line;
    if (o.loss) {
        std::snprintf(line, sizeof line, "  loss %.3g", *o.loss);
        out << line;
    }
    out << "\n";
}

}  // namespace cisim::app
