// `cisim analyze MODEL [--json] [--fail ID... [--threshold T]]` (SPEC §5.1, §11).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/StaticAnalysis.hpp"
#include "app/Commands.hpp"
#include "app/Numbers.hpp"
#include "io/AnalysisJson.hpp"
#include "io/GraphMl.hpp"

namespace cisim::app {
namespace {

struct AnalyzeArgs {
    std::string model;
    bool json = false;
    std::vector<std::string> fail;
    double threshold = 0.5;
};

// Terminal columns of UTF-8 text: East Asian wide characters take two.
std::size_t display_width(const std::string& s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                          (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                          (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                          (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        width += wide ? 2 : 1;
        i += len;
    }
    return width;
}

std::string pad(const std::string& s, std::size_t width, bool right = false) {
    const auto w = display_width(s);
    const std::string fill(w < width ? width - w : 0, ' ');
    return right ? fill + s : s + fill;
}

std::string join(const std::vector<std::string>& ids, const char* sep = ", ") {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : sep) + id;
    return out;
}

// At most `limit` ids, then how many more (asset-level waves can be long; --json has them all).
std::string join_some(const std::vector<std::string>& ids, std::size_t limit = 30) {
    if (ids.size() <= limit) return join(ids);
    const std::vector<std::string> head(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(limit));
    return join(head) + ", ... (+" + std::to_string(ids.size() - limit) + " more)";
}

// A table: header row, then rows; columns padded to their widest cell.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<bool>& right_aligned) {
    std::vector<std::size_t> widths;
    for (const auto& r : rows) {
        widths.resize(std::max(widths.size(), r.size()), 0);
        for (std::size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], display_width(r[c]));
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string line = "  ";
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const bool right = c < right_aligned.size() && right_aligned[c];
            line += pad(rows[r][c], widths[c], right) + (c + 1 < rows[r].size() ? "  " : "");
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
        if (r == 0) {
            std::size_t total = 0;
            for (auto w : widths) total += w + 2;
            out << "  " << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
        }
    }
}

void print_analysis(std::ostream& out, const StaticAnalysis& a) {
    out << "Static analysis: " << a.model << "\n\n";

    out << "Dependency matrix (row depends on column; strength, max over parallel dependencies)\n";
    if (a.summarised) {
        out << "  " << a.matrix.ids.size() << " sectors, " << a.matrix.entries.size()
            << " nonzero entries: too large to print (--json lists the entries)\n";
    } else {
        std::vector<std::vector<std::string>> rows{{""}};
        for (const auto& id : a.matrix.ids) rows[0].push_back(id);
        for (std::size_t i = 0; i < a.matrix.ids.size(); ++i) {
            std::vector<std::string> row{a.matrix.ids[i]};
            for (double s : a.matrix.strength[i]) row.push_back(s > 0 ? fixed(s, 2) : ".");
            rows.push_back(std::move(row));
        }
        std::vector<bool> right(rows[0].size(), true);
        right[0] = false;
        print_table(out, rows, right);
    }

    out << "\nSectors (counts exclude the sector itself)\n";
    {
        std::vector<std::vector<std::string>> rows{
            {"id", "name", "名称", "suppliers", "dependents", "transitive", "interdependent"}};
        for (const auto& s : a.sectors)
            rows.push_back({s.id, s.name, s.name_ja, std::to_string(s.direct_suppliers.size()),
                            std::to_string(s.direct_dependents.size()), std::to_string(s.transitive_count),
                            std::to_string(s.interdependent_with.size())});
        print_table(out, rows, {false, false, false, true, true, true, true});
    }

    out << "\nInterdependent with (a dependency in either direction)\n";
    for (const auto& s : a.sectors)
        out << "  " << s.id << ": " << (s.interdependent_with.empty() ? "-" : join(s.interdependent_with)) << "\n";

    out << "\nFeedback loops (strongly connected components)\n";
    if (a.loops.empty()) out << "  none\n";
    for (const auto& loop : a.loops)
        out << "  "
            << (loop.size() == 1   ? loop.front() + " (depends on itself)"
                : loop.size() == 2 ? join(loop, " <-> ")
                                   : join(loop) + " (" + std::to_string(loop.size()) + " sectors, each reaching all others)")
            << "\n";

    out << "\nCriticality by reach (transitive dependents; ties by outgoing strength)\n";
    {
        std::vector<std::vector<std::string>> rows{{"rank", "id", "reach", "outgoing strength"}};
        for (std::size_t i = 0; i < a.criticality.size(); ++i) {
            const auto& c = a.criticality[i];
            rows.push_back({std::to_string(i + 1), c.id, std::to_string(c.reach), fixed(c.outgoing_strength, 2)});
        }
        print_table(out, rows, {true, false, true, true});
    }

    out << "\nIIM key sectors (total inoperability for a unit shock, Haimes & Jiang 2001)"
        << (a.summarised ? "; the top " + std::to_string(a.key_sectors.size()) + " of " + std::to_string(a.sectors.size()) : "")
        << "\n";
    if (a.key_sectors_error) {
        out << "  unavailable: " << *a.key_sectors_error << "\n";
    } else {
        std::vector<std::vector<std::string>> rows{{"rank", "id", "total inoperability"}};
        for (std::size_t i = 0; i < a.key_sectors.size(); ++i)
            rows.push_back({std::to_string(i + 1), a.key_sectors[i].id, fixed(a.key_sectors[i].total_inoperability, 4)});
        print_table(out, rows, {true, false, true});
    }

    if (a.cascade) {
        const auto& c = *a.cascade;
        out << "\nStatic cascade closure (fails when the lost share of its function exceeds "
            << fixed(c.threshold, 2) << ", or when a network sector's asset is cut off)\n";
        for (std::size_t w = 0; w < c.waves.size(); ++w) {
            // Dependency losses are the rule the heading names; other causes are said per unit.
            auto shown = c.waves[w];
            for (std::size_t k = 0; w > 0 && k < shown.size() && k < c.causes[w].size(); ++k)
                if (c.causes[w][k] != closure_cause_dependencies) shown[k] += " (" + c.causes[w][k] + ")";
            out << "  wave " << w << ": " << join_some(shown);
            if (!c.sector_waves[w].empty() && c.sector_waves[w] != c.waves[w])
                out << "  [sectors: " << join_some(c.sector_waves[w]) << "]";
            out << "\n";
        }
        out << "  " << c.failed_units() << " failed in " << (c.waves.empty() ? 0 : c.waves.size() - 1)
            << " wave(s) after the initial set\n";
    }
}

}  // namespace

void add_analyze_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<AnalyzeArgs>();
    auto* cmd = app.add_subcommand("analyze", "Static analysis: dependency matrix, interdependencies, loops, rankings");
    cmd->add_option("model", args->model, "Model file (.json or .graphml; - reads stdin)")->required();
    cmd->footer("Examples:\n  cisim analyze models/japan-ci.json\n  cisim analyze models/tokyo.json --fail power --json");
    cmd->add_flag("--json", args->json, "Print the analysis as one JSON object");
    auto* fail = cmd->add_option("--fail", args->fail, "Initial failed set for the static cascade closure (sector or node ids)");
    cmd->add_option("--threshold", args->threshold, "Closure threshold: fail when the lost share exceeds it (default 0.5)")
        ->check(CLI::Range(0.0, 1.0))
        ->needs(fail);
    cmd->callback([args, &status] {
        const Model model = load_model_file(args->model);
        AnalysisOptions options;
        options.fail = args->fail;
        options.threshold = args->threshold;
        const auto analysis = analyze_model(model, options);
        if (args->json) {
            write_analysis_json(std::cout, analysis);
        } else {
            std::ostringstream text;
            print_analysis(text, analysis);
            std::cout << text.str();
        }
        status.code = ok;
    });
}

}  // namespace cisim::app
