#include "engines/Engine.hpp"
// Engine headers, one per registered engine:
#include "engines/CascadeEngine.hpp"
#include "engines/Diim.hpp"
#include "engines/Iim.hpp"

namespace cisim {

void register_builtin_engines(EngineRegistry& registry) {
    registry.add(std::make_unique<CascadeEngine>());
    registry.add(std::make_unique<Iim>());
    registry.add(std::make_unique<Diim>());
}

}  // namespace cisim
