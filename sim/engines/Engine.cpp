#include "engines/Engine.hpp"

#include <stdexcept>

#include "engines/CentralEnsemble.hpp"

namespace cisim {

Result Engine::run(const Model& model, const Network& network, const Scenario& scenario,
                   const RunOptions& options) const {
    const auto k = central_realisations(scenario, options);
    if (k <= 1) return run_once(model, network, scenario, options);
    return run_central_case(*this, model, network, scenario, options, k);
}

void EngineRegistry::add(std::unique_ptr<Engine> engine) {
    if (find(engine->name())) throw std::logic_error("engine registered twice: " + engine->name());
    engines_.push_back(std::move(engine));
}

const Engine* EngineRegistry::find(const std::string& name) const {
    for (const auto& e : engines_)
        if (e->name() == name) return e.get();
    return nullptr;
}

std::vector<const Engine*> EngineRegistry::list() const {
    std::vector<const Engine*> out;
    for (const auto& e : engines_) out.push_back(e.get());
    return out;
}

std::vector<std::string> EngineRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& e : engines_) out.push_back(e->name());
    return out;
}

std::string to_string(LogKind k) {
    switch (k) {
        case LogKind::direct_hit: return "direct_hit";
        case LogKind::supply_lost: return "supply_lost";
        case LogKind::buffer_exhausted: return "buffer_exhausted";
        case LogKind::buffer_refilled: return "buffer_refilled";
        case LogKind::below_service: return "below_service";
        case LogKind::below_half: return "below_half";
        case LogKind::recovered_service: return "recovered_service";
        case LogKind::restored: return "restored";
        case LogKind::repaired: return "repaired";
    }
    return "direct_hit";
}

std::string to_string(Level l) { return l == Level::unit ? "node" : "sector"; }

}  // namespace cisim
