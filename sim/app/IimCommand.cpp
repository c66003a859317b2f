// `cisim iim MODEL --shock ID=VALUE... [--json]` (SPEC §5.2, §11).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "app/Commands.hpp"
#include "app/Numbers.hpp"
#include "engines/Iim.hpp"
#include "io/GraphMl.hpp"
#include "io/IimJson.hpp"

namespace cisim::app {
namespace {

struct IimArgs {
    std::string model;
    std::vector<std::string> shocks;
    bool json = false;
};

// "ID=VALUE" with VALUE a finite number in [0, 1]; usage errors name the flag.
std::pair<std::string, double> parse_shock(const std::string& text) {
    const auto eq = text.find('=');
    const std::string id = eq == std::string::npos ? text : text.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : text.substr(eq + 1);
    if (id.empty() || value.empty())
        throw CLI::ValidationError("--shock " + text, "expected ID=VALUE, e.g. --shock power=0.5");
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 1)
        throw CLI::ValidationError("--shock " + text, "VALUE must be a number in [0, 1]");
    return {id, v};
}

void print_solution(std::ostream& out, const Model& model, const IimSolution& s) {
    // The name goes last: its (possibly Japanese) width does not shift the numbers.
    std::vector<std::vector<std::string>> rows{{"sector", "c*", "q", "loss", "name"}};
    for (std::size_t i = 0; i < s.ids.size(); ++i) {
        const auto& sector = model.sectors[i];
        rows.push_back({s.ids[i], fixed(s.c_star[i], 4), fixed(s.q[i], 4),
                        sector.output ? fixed(*sector.output * s.q[i], 2) : "-",
                        sector.name.empty() ? sector.name_ja : sector.name});
    }
    std::vector<std::size_t> widths(rows[0].size(), 0);
    for (const auto& r : rows)
        for (std::size_t c = 0; c + 1 < r.size(); ++c) widths[c] = std::max(widths[c], r[c].size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string line = "  " + rows[r][0] + std::string(widths[0] - rows[r][0].size(), ' ');
        for (std::size_t c = 1; c + 1 < rows[r].size(); ++c)
            line += "  " + std::string(widths[c] - rows[r][c].size(), ' ') + rows[r][c];
        line += "  " + rows[r].back();
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
        if (r == 0) out << "  " << std::string(line.size() - 2, '-') << "\n";
    }
    out << "\n  total inoperability Σq = " << fixed(std::accumulate(s.q.begin(), s.q.end(), 0.0), 4) << "\n";
    out << "  economic loss Q = Σ x·q = " << (s.loss ? fixed(*s.loss, 2) : std::string("n/a (no sector has an output)"))
        << "\n";
    out << "  spectral radius of A* = " << fixed(s.spectral_radius, 6) << "\n";
    // How A* was built and where that shows: the same notes as --json and the engines' Result notes.
    out << "\n  Notes\n";
    for (const auto& note : s.notes) out << "  - " << note << "\n";
}

}  // namespace

void add_iim_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<IimArgs>();
    auto* cmd = app.add_subcommand("iim", "IIM steady state q = min(1, A* q + c*) for a shock (Haimes & Jiang 2001)");
    cmd->add_option("model", args->model, "Model file (.json or .graphml; - reads stdin)")->required();
    cmd->footer("Examples:\n  cisim iim models/japan-ci.json --shock power=0.5\n  cisim iim models/japan-ci.json --shock power=0.5 --shock telecom=0.2 --json");
    cmd->add_option("--shock", args->shocks, "Perturbation c*: ID=VALUE, ID a sector (or node) id, VALUE in [0, 1]")
        ->required();
    cmd->add_flag("--json", args->json, R"(Print {"q": {ID: q}, "loss", "spectral_radius", …} as JSON)");
    cmd->callback([args, &status] {
        std::map<std::string, double> shocks;
        std::vector<std::string> order;
        for (const auto& text : args->shocks) {
            const auto [id, value] = parse_shock(text);
            if (!shocks.emplace(id, value).second)
                throw CLI::ValidationError("--shock " + text, "sector '" + id + "' is shocked twice");
            order.push_back(text);
        }
        const Model model = load_model_file(args->model);
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto id = order[k].substr(0, order[k].find('='));
            if (!model.find_sector(id) && !model.find_node(id))
                throw CLI::ValidationError("--shock " + order[k], "no sector or node '" + id + "' in " + input_name(args->model));
        }
        const auto solution = solve_iim(model, shocks);
        if (args->json) {
            std::cout << iim_to_json(solution);
        } else {
            std::ostringstream text;
            text << "IIM steady state: " << (model.name.empty() ? args->model : model.name) << "\n\n";
            print_solution(text, model, solution);
            std::cout << text.str();
        }
        status.code = ok;
    });
}

}  // namespace cisim::app
