#include <iostream>
#include <memory>
#include <string>

#include "app/Commands.hpp"
#include "app/Verbosity.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelCache.hpp"
#include "io/ModelJson.hpp"
#include "io/Sha256.hpp"
#include "model/Validate.hpp"

namespace cisim::app {

namespace {

/// Errors listed per file before the rest are only counted.
constexpr std::size_t max_errors_per_file = 20;

/// Checks one file and collects what is wrong with it. A file that does not
/// parse (or a scenario whose model does not load) has that one error; a
/// parsed model or scenario has every broken semantic rule. GraphML stops at
/// its first error (its reader translates pointers one at a time).
void validate_file(const std::string& path, ErrorList& errors) {
    try {
        const auto name = input_name(path);
        // A big model whose text this build checked before is in the cache (io/ModelCache.hpp).
        if (!has_graphml_extension(path) && io::read_cached_model_file(path)) return;
        const auto text = read_file(path);
        const auto first = text.find_first_not_of(" \t\r\n");
        if (has_graphml_extension(path) || (path == "-" && first != std::string::npos && text[first] == '<')) {
            model_from_graphml(text, name);  // a GraphML model, read as `convert` reads it
            return;
        }
        if (document_kind(text, name) == DocumentKind::model) {
            const auto& cache = io::model_cache_settings();
            const bool cached = cache.takes(text.size());
            const auto sha256 = cached ? sha256_hex(text) : std::string();
            auto model = parse_model_unchecked(text, name);
            check_and_resolve_model(model, errors);
            if (cached && errors.count == 0) io::write_cached_model(cache, sha256, model);
            return;
        }
        const auto scenario = parse_scenario_unchecked(text, name);
        check_scenario(scenario, at_vintage(load_model_file(resolve_model_path(scenario)), scenario.as_of), errors);
    } catch (const InputError& e) {
        errors.add(e);
    } catch (const std::bad_alloc&) {
        errors.add(InputError(input_name(path), "", "out of memory while reading"));
    }
}

}  // namespace

void add_validate_command(CLI::App& app, Status& status) {
    struct Options {
        std::vector<std::string> files;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "validate", "Check models and scenarios against the schema and the model rules; every file, every error");
    cmd->add_option("FILE", opts->files, "Model (.json or .graphml) or scenario files; - reads stdin")->required();
    cmd->footer(
        "Each bad file lists its errors on stderr, one line each (\"FILE: /json/pointer: message\", at most 20 per file, "
        "then a count); good files print \"FILE: ok\". Exit status 2 when any file is bad.\n\n"
        "Examples:\n"
        "  cisim validate models/tokyo.json scenarios/tokyo-inland-m73.json\n"
        "  cat my-model.json | cisim validate -");
    cmd->callback([opts, &status] {
        status.code = ok;
        Stopwatch clock;
        for (const auto& f : opts->files) {
            ErrorList errors;
            errors.cap = max_errors_per_file;
            validate_file(f, errors);
            clock.lap("checked " + input_name(f));
            if (errors.count == 0) {
                info() << input_name(f) << ": ok\n" << std::flush;
                continue;
            }
            status.code = bad_input;
            for (const auto& e : errors.errors) std::cerr << e.what() << "\n";
            if (const auto more = errors.count - errors.errors.size(); more > 0)
                std::cerr << input_name(f) << ": \u2026 and " << more << (more == 1 ? " more error\n" : " more errors\n");
            std::cerr << std::flush;
        }
    });
}

}  // namespace cisim::app
