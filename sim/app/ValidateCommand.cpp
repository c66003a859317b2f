#include <iostream>
#include <memory>
#include <string>

#include "app/Commands.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelJson.hpp"
#include "model/Validate.hpp"

namespace cisim::app {

namespace {

/// Validates one file; a scenario also loads its model and checks every
/// reference against it. Throws InputError at the first problem.
void validate_file(const std::string& path) {
    if (has_graphml_extension(path)) {
        load_graphml(path);  // a GraphML model, read as `convert` reads it
        return;
    }
    const auto text = read_file(path);
    if (document_kind(text, path) == DocumentKind::model) {
        parse_model(text, path);
        return;
    }
    const auto scenario = parse_scenario(text, path);
    check_scenario(scenario, at_vintage(load_model_file(resolve_model_path(scenario)), scenario.as_of));
}

}  // namespace

void add_validate_command(CLI::App& app, Status& status) {
    struct Options {
        std::vector<std::string> files;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("validate", "Check models and scenarios against the schema and the model rules");
    cmd->add_option("FILE", opts->files, "Model (.json or .graphml) or scenario files")->required();
    cmd->callback([opts, &status] {
        for (const auto& f : opts->files) {
            validate_file(f);  // InputError → one line on stderr, exit 2 (main.cpp)
            std::cout << f << ": ok\n" << std::flush;
        }
        status.code = ok;
    });
}

}  // namespace cisim::app
