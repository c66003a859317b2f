#pragma once
// GraphML (graphml.graphdrawing.org) export and import of a whole model, for
// Gephi, yEd and NetworkX. Sectors and assets are GraphML nodes told apart by
// a "kind" attribute; dependencies and links are directed edges, also with a
// "kind" (links are undirected in the model; they keep their a → b order).
// Every model field is a typed <key>; the combination rule of a node class is
// a graph attribute "combination:<class>"; a node's name is also its "label"
// (Gephi shows it). On import, tools' own attributes are understood: "label"
// and yEd's node label are the name when there is none, yEd's "url" and
// "description" map to the fields for them, an edge's "id" (attribute or
// NetworkX data) is the edge's own and cisim's d<i>/l<i> ids restore the
// order of dependencies and links; drawing attributes (yfiles.type keys, x, y,
// z, size, r, g, b, color, edge weight and label) are ignored. Any other
// attribute (an analysis column such as "centrality") is skipped with one
// warning per key, or is an error with `strict`. A model field given to the
// wrong kind of element, unknown XML attributes of GraphML elements and
// unknown attr.type or for values are errors, as unknown keys are in JSON.
#include <functional>
#include <ostream>
#include <string>

#include "io/ModelJson.hpp"
#include "model/Model.hpp"

namespace cisim {

/// The model as a GraphML document (UTF-8).
std::string model_to_graphml(const Model& model);
/// The same, streamed (a million assets make gigabytes of GraphML).
void write_graphml(std::ostream& out, const Model& model);

/// How attributes that are no model field are read (GraphMl.hpp's header).
struct GraphMlOptions {
    /// Such an attribute is an InputError instead of a warning.
    bool strict = false;
    /// Receives one line per skipped key, "FILE: /graphml/key[5]: line 7: warning: …";
    /// when empty, the line goes to stderr.
    std::function<void(const std::string&)> warn;
};

/// Parses a GraphML document into a model and checks it (check_model).
/// `file` names the input in messages. Bad input is an InputError whose
/// pointer is an XPath-like element path, e.g. /graphml/graph/node[3]/data[@key='n_weight'].
Model model_from_graphml(const std::string& text, const std::string& file, const GraphMlOptions& options = {});

/// Reads a .graphml file (model_from_graphml; a missing file is an InputError).
Model load_graphml(const std::string& path, const GraphMlOptions& options = {});

/// The path's extension in lower case, with its dot (".graphml"), or "".
std::string file_extension(const std::string& path);

/// Whether the path ends in ".graphml" or ".graphml.gz" (in any case).
bool has_graphml_extension(const std::string& path);

/// A model in either format, by extension: ".graphml" through load_graphml,
/// anything else as JSON through load_model (io/ModelJson.hpp).
/// `options` apply to GraphML.
Model load_model_file(const std::string& path, const GraphMlOptions& options = {});

/// load_model_file, and the hash of the text it parsed.
HashedFile<Model> load_model_file_hashed(const std::string& path, const GraphMlOptions& options = {});

/// The same, also handing over the text parsed (a result directory keeps a copy
/// of the bytes: re-reading the path could see a file changed meanwhile).
HashedFile<Model> load_model_file_hashed(const std::string& path, std::string& text, const GraphMlOptions& options = {});

/// load_model_file_hashed on a text already read from `path`.
HashedFile<Model> parse_model_file_hashed(const std::string& path, const std::string& text,
                                          const GraphMlOptions& options = {});
/// The same with the text's SHA-256 already known.
HashedFile<Model> parse_model_file_hashed(const std::string& path, const std::string& text, std::string sha256,
                                          const GraphMlOptions& options = {});

/// Whether a model read from `path` with this text is GraphML (by extension;
/// for stdin "-", by a first character '<').
bool is_graphml_input(const std::string& path, const std::string& text);

}  // namespace cisim
