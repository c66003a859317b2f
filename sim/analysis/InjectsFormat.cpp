#include "analysis/InjectsFormat.hpp"

#include <charconv>

#include "model/Text.hpp"

namespace cisim {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
    return out;
}

std::string csv(const std::string& s) { return csv_text(s); }

/// Shortest text that reads back as the same double.
std::string number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string md(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']') out += '\\', out += c;
        else if (c == '<') out += "&lt;";
        else if (c == '&') out += "&amp;";
        else if (c == '\r') continue;
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return terminal_text(out);  // briefings are read in terminals too: no escape sequences
}

}  // namespace

std::string injects_csv(const std::vector<Inject>& injects) {
    std::string out = "time,t_h,sector,node,what,cause_chain,recipients\n";
    for (const auto& i : injects) {
        out += csv(i.time) + ',' + number(i.t_h) + ',' + csv(i.sector) + ',' + csv(i.node) + ',' + csv(i.what) + ',' +
               csv(join(i.cause_chain, " <- ")) + ',' + csv(join(i.recipients, ";")) + '\n';
    }
    return out;
}

std::string injects_markdown(const std::vector<Inject>& injects) {
    std::string out = "| Time | Sector | Node | What happens | Cause chain | Recipients |\n"
                      "|---|---|---|---|---|---|\n";
    for (const auto& i : injects) {
        const std::string sector = i.sector.empty() ? "(all affected)" : i.sector_name.empty() ? i.sector : i.sector_name;
        out += "| " + md(i.time) + " | " + md(sector) + " | " + md(i.node) + " | " + md(i.what) + " | " +
               md(join(i.cause_chain, " ← ")) + " | " + md(join(i.recipients, "; ")) + " |\n";
    }
    return out;
}

}  // namespace cisim
