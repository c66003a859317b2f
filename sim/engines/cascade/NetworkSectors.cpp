#include "engines/cascade/Simulation.hpp"

namespace cisim::cascade {

// The model's network sectors, in the engine's numbering.
void Simulation::add_networks(const Model& model) {
    for (auto& g : network_sectors(model, net_)) {
        NetworkState ns;
        ns.graph = std::move(g);
        for (auto& u : ns.graph.units) u = to_new_[u];
        if (ns.graph.mode == NetworkMode::giant) has_giant_ = true;
        for (std::uint32_t i = 0; i < ns.graph.size(); ++i) {
            network_of_[ns.graph.units[i]] = static_cast<std::int32_t>(networks_.size());
            local_[ns.graph.units[i]] = i;
        }
        networks_.push_back(std::move(ns));
    }
    for (auto& ns : networks_)  // once networks_ holds them: a forest keeps its graph's address
        ns.forest.emplace(ns.graph);
}

// Connectivity rule (SPEC §5.5): cuts off the unfed nodes of every network
// sector whose working set changed; returns whether any node was cut off.
bool Simulation::drop_unfed() {
    bool dropped = false;
    for (auto& ns : networks_) {
        if (!ns.dirty) continue;
        ns.dirty = false;
        auto cut = [&](const std::vector<std::uint32_t>& unfed) {
            for (const auto i : unfed) {
                const auto u = ns.graph.units[i];
                if (cut_off_[u]) continue;
                set_unit(u, 0.0, true, true);
                dropped = true;
            }
        };
        ns.forest->update();  // in giant mode it keeps the components (Connectivity.hpp)
        ns.giant = ns.forest->fed_working();
        cut(ns.forest->unfed());
    }
    return dropped;
}

}  // namespace cisim::cascade
