#include "engines/Engine.hpp"
// Engine headers, one per registered engine:
#include "engines/CascadeEngine.hpp"

namespace cisim {

void register_builtin_engines(EngineRegistry& registry) {
    registry.add(std::make_unique<CascadeEngine>());
}

}  // namespace cisim
