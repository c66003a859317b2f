// `cisim convert IN OUT` (SPEC §3, §11): models between JSON and GraphML, and
// to DOT. The format of each side comes from its extension.
#include <iostream>
#include <memory>
#include <string>

#include "app/Commands.hpp"
#include "io/Dot.hpp"
#include "io/GraphMl.hpp"
#include "io/ModelWriter.hpp"
#include "io/OutputDirectory.hpp"
#include "model/Error.hpp"

namespace cisim::app {
namespace {

struct ConvertArgs {
    std::string in;
    std::string out;
    bool force = false;
    bool strict = false;
};

int convert(const ConvertArgs& a) {
    const auto in_ext = file_extension(a.in), out_ext = file_extension(a.out);
    if (a.in != "-" && in_ext != ".json" && in_ext != ".graphml")  // stdin: JSON or GraphML by its first character
        throw InputError(a.in, "", "cannot read '" + in_ext + "' files: expected .json or .graphml");
    if (out_ext != ".json" && out_ext != ".graphml" && out_ext != ".dot")
        throw InputError(a.out, "", "cannot write '" + out_ext + "' files: expected .json, .graphml or .dot");
    check_output_file(a.out, a.force);
    GraphMlOptions options;
    options.strict = a.strict;
    const Model model = load_model_file(a.in, options);
    // Streamed: a model of a million assets takes gigabytes as a document.
    write_file_atomically(a.out, [&](std::ostream& os) {
        if (out_ext == ".json") write_model_json(os, model);
        else if (out_ext == ".graphml") write_graphml(os, model);
        else os << model_to_dot(model);
    });
    return ok;
}

}  // namespace

void add_convert_command(CLI::App& app, Status& status) {
    auto args = std::make_shared<ConvertArgs>();
    auto* cmd = app.add_subcommand("convert", "Convert a model: .json <-> .graphml, and .dot out");
    cmd->add_option("in", args->in, "Input model (.json or .graphml; - reads stdin)")->required();
    cmd->add_option("out", args->out, "Output file (.json, .graphml or .dot)")->required();
    cmd->add_flag("--force", args->force, "Replace an existing output file");
    cmd->footer("Examples:\n  cisim convert models/tokyo.json tokyo.graphml\n  cisim convert models/japan-ci.json japan-ci.dot && dot -Tsvg japan-ci.dot -o japan-ci.svg");
    cmd->add_flag("--strict", args->strict,
                  "GraphML input: attributes that are no model field (e.g. NetworkX's 'centrality') are errors, "
                  "not skipped with a warning");
    cmd->callback([args, &status] { status.code = convert(*args); });
}

}  // namespace cisim::app
