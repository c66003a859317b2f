#include "model/Model.hpp"

namespace cisim {

const Sector* Model::find_sector(const std::string& id) const {
    for (const auto& s : sectors)
        if (s.id == id) return &s;
    return nullptr;
}

const Node* Model::find_node(const std::string& id) const {
    for (const auto& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

std::string to_string(DependencyType t) {
    switch (t) {
        case DependencyType::physical: return "physical";
        case DependencyType::cyber: return "cyber";
        case DependencyType::geographic: return "geographic";
        case DependencyType::logical: return "logical";
    }
    return "physical";
}

std::string to_string(NetworkMode m) {
    switch (m) {
        case NetworkMode::none: return "none";
        case NetworkMode::sources: return "sources";
        case NetworkMode::giant: return "giant";
    }
    return "none";
}

}  // namespace cisim
