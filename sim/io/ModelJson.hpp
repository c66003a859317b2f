#pragma once
// Models and scenarios as JSON (SPEC §3, §4): read, parse, validate against
// the schemas in models/schema, convert to plain values, and write back.
// Every problem is an InputError "FILE: /json/pointer: what was expected".
// Keys for readers only ("$schema", "description" of models and sectors,
// "note" of dependencies) are accepted and not kept; event "start_h"
// defaults to 0.
#include <optional>
#include <string>
#include <string_view>

#include "io/Sha256.hpp"
#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Reads, parses, schema-validates, converts and check_model()s a model file.
Model load_model(const std::string& path);

/// Same for a scenario (events sorted by start_h, stable); does not load its model.
Scenario load_scenario(const std::string& path);

/// Parses model JSON text; `file` names it in messages and becomes Model::file.
/// Nodes, dependencies and links are read and schema-checked one element at a
/// time (no tree of the whole text), with the messages of the whole-document check.
Model parse_model(std::string_view json_text, const std::string& file);

/// Parses scenario JSON text; event ids default to "<kind>#<index in the file>".
Scenario parse_scenario(std::string_view json_text, const std::string& file);

/// parse_model and parse_scenario without the semantic rules (check_model,
/// check_scenario_settings): for `cisim validate`, which collects all of them.
Model parse_model_unchecked(std::string_view json_text, const std::string& file);
Scenario parse_scenario_unchecked(std::string_view json_text, const std::string& file);

/// Sets dependency parameter `name` ("strength", "buffer_h", "refill_h",
/// "delay_h") from its JSON text as a model gives it (a number, a spread,
/// {"by_year": …}, or {"uncertain": …}: its median, which the caller lists in
/// Model::uncertain, see uncertain_from_json), as parse_model does; other
/// formats (GraphML) keep such values as this text. InputError(file, pointer, …) when the text is not one.
/// A sector's or node's repair_scale spread given as its model JSON text (GraphML keeps it so),
/// checked as parse_model checks it in root array `array` ("sectors" or "nodes").
void repair_scale_from_json(std::string_view json_text, const std::string& array, double& scale,
                            Boxed<RepairSpread>& spread, const std::string& file, const std::string& pointer);
void dependency_param_from_json(std::string_view json_text, const std::string& name, Dependency& d,
                                const std::string& file, const std::string& pointer);

/// An uncertain value ({"uncertain": …}) as its model JSON text (GraphML keeps
/// it so), of `field` of an element of the model's root array `array`
/// ("sectors", "nodes", "dependencies"): checked as parse_model checks it, with
/// its messages, InputError(file, pointer + the place inside the value, …).
/// Gives distribution, field and source; none when the text is no {"uncertain": …} object.
std::optional<UncertainParameter> uncertain_from_json(std::string_view json_text, const std::string& array,
                                                      const std::string& field, const std::string& file,
                                                      const std::string& pointer);

/// Canonical JSON that parses back to an equal Model: write_model_json's
/// layout (io/ModelWriter.hpp), one sector, node, dependency or link per line.
std::string model_to_json(const Model& model);

/// Canonical, pretty JSON that parses back to an equal Scenario.
std::string scenario_to_json(const Scenario& scenario);

/// The scenario's model path, relative to the scenario file's directory.
std::string resolve_model_path(const Scenario& scenario);

/// How messages name the input `path`: "<stdin>" for "-", else the path.
std::string input_name(const std::string& path);

/// The whole file (stdin when `path` is "-", which can be read once); InputError(path, "", "cannot read
/// file: …") when missing, unreadable, or not a regular file (a device or FIFO
/// could be endless or block forever). gzip data is given back decompressed
/// (io/Gzip.hpp): a model may be given as model.json.gz.
std::string read_file(const std::string& path);

/// A file's content as parsed, with the SHA-256 of the very bytes parsed (run
/// summaries record it: hashing the path again could see a file changed meanwhile).
template <class T>
struct HashedFile {
    T value;
    std::string sha256;
};

/// load_scenario, and the hash of the text it parsed.
HashedFile<Scenario> load_scenario_hashed(const std::string& path);

/// What a JSON document is, by its "schema" key.
enum class DocumentKind { model, scenario };

/// Reads `json_text` up to its "schema" key when that names a model or a
/// scenario; otherwise to its end, so that syntax errors come first.
/// InputError(file, "/schema", …) when neither.
DocumentKind document_kind(std::string_view json_text, const std::string& file);

}  // namespace cisim
