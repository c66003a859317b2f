#pragma once
// Graphviz DOT export of a model, for `dot -Tsvg`: sectors without assets are
// boxes; a sector with assets is a cluster holding its assets (and a box for
// the sector's aggregate service when a dependency names the sector);
// dependencies are edges labelled "strength / buffer"; links are undirected
// dotted lines. Export only: DOT cannot carry every model field.
#include <string>

#include "model/Model.hpp"

namespace cisim {

/// The model as a DOT digraph (UTF-8).
std::string model_to_dot(const Model& model);

}  // namespace cisim
