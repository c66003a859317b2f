#pragma once
// GraphML (graphml.graphdrawing.org) export and import of a whole model, for
// Gephi, yEd and NetworkX. Sectors and assets are GraphML nodes told apart by
// a "kind" attribute; dependencies and links are directed edges, also with a
// "kind" (links are undirected in the model; they keep their a → b order).
// Every model field is a typed <key>; the combination rule of a node class is
// a graph attribute "combination:<class>". Presentation attributes added by
// tools (yEd's yfiles.type keys; label, x, y, z, size, r, g, b, color) are
// ignored on import; any other unknown attribute is an error, as in JSON.
#include <ostream>
#include <string>

#include "io/ModelJson.hpp"
#include "model/Model.hpp"

namespace cisim {

/// The model as a GraphML document (UTF-8).
std::string model_to_graphml(const Model& model);
/// The same, streamed (a million assets make gigabytes of GraphML).
void write_graphml(std::ostream& out, const Model& model);

/// Parses a GraphML document into a model and checks it (check_model).
/// `file` names the input in messages. Bad input is an InputError whose
/// pointer is an XPath-like element path, e.g. /graphml/graph/node[3]/data[@key='n_weight'].
Model model_from_graphml(const std::string& text, const std::string& file);

/// Reads a .graphml file (model_from_graphml; a missing file is an InputError).
Model load_graphml(const std::string& path);

/// The path's extension in lower case, with its dot (".graphml"), or "".
std::string file_extension(const std::string& path);

/// Whether the path ends in ".graphml" (in any case).
bool has_graphml_extension(const std::string& path);

/// A model in either format, by extension: ".graphml" through load_graphml,
/// anything else as JSON through load_model (io/ModelJson.hpp).
Model load_model_file(const std::string& path);

/// load_model_file, and the hash of the text it parsed.
HashedFile<Model> load_model_file_hashed(const std::string& path);

}  // namespace cisim
