// cisim generate: a seeded synthetic asset-level model of any size (SPEC §10, §11).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <system_error>

#include "analysis/Generate.hpp"
#include "app/Commands.hpp"
#include "app/SeedOption.hpp"
#include "app/Verbosity.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "model/Error.hpp"

namespace cisim::app {
namespace {

struct GenerateArgs {
    GenerateOptions options;
    std::string out;
    bool force = false;
};

int generate(const GenerateArgs& a) {
    check_output_file(a.out, a.force);
    const auto model = generate_model(a.options);
    // Streamed to a temporary sibling, renamed into place when complete.
    namespace fs = std::filesystem;
    const auto temp = a.out + ".partial";
    {
        std::ofstream file(temp, std::ios::binary | std::ios::trunc);
        if (!file) throw InputError(a.out, "", "cannot write file");
        write_model_json(file, model);
        file.flush();
        if (!file) {
            std::error_code ec;
            fs::remove(temp, ec);
            throw InputError(a.out, "", "write failed");
        }
    }
    std::error_code ec;
    fs::rename(temp, a.out, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw InputError(a.out, "", "cannot write file: " + ec.message());
    }
    info() << a.out << ": " << model.sectors.size() << " sectors, " << model.nodes.size() << " nodes, "
              << model.dependencies.size() << " dependencies, " << model.links.size() << " links\n";
    return ok;
}

}  // namespace

void add_generate_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("generate", "Write a seeded synthetic asset-level model of any size");
    cmd->add_option("--nodes", args->options.nodes, "Number of assets (sectors with --sector-level)")
        ->required()
        ->check(CLI::Range(std::size_t{1}, std::size_t{50'000'000}));
    cmd->add_option("--degree", args->options.degree, "Mean incoming dependencies per asset")
        ->required()
        ->check(CLI::Range(0.0, 1000.0));
    cmd->add_option("--seed", args->options.seed, "Seed (same seed, same model)")->required()->check(seed_check());
    cmd->add_option("--out", args->out, "Model file to write (cisim-model/1 JSON)")->required();
    cmd->add_flag("--sector-level", args->options.sector_level, "Sectors only, no assets (IIM-sized sector models)");
    cmd->add_flag("--force", args->force, "Replace an existing file");
    cmd->callback([args, &status] { status.code = generate(*args); });
    cmd->footer("Example:\n  cisim generate --nodes 100000 --degree 3 --seed 1 --out synthetic-100k.json");
}

}  // namespace cisim::app
