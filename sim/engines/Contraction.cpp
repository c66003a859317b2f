#include "engines/Contraction.hpp"

#include <cmath>

namespace cisim {
namespace {

struct NetworkView {
    const Network& net;
    double step_h;
    std::size_t units() const { return net.size(); }
    std::size_t sectors() const { return net.sector_count(); }
    bool product(std::size_t u) const { return net.units[u].combination == Combination::product; }
    template <class F>
    void for_units(std::size_t s, F f) const {
        for (auto i = net.sector_offsets[s]; i < net.sector_offsets[s + 1]; ++i)
            f(net.sector_units[i], net.units[net.sector_units[i]].weight);
    }
    template <class F>
    void for_edges(std::size_t u, F f) const {
        for (auto i = net.in_offsets[u]; i < net.in_offsets[u + 1]; ++i) {
            const auto& e = net.in_edges[i];
            if (e.effect != DependencyEffect::function || std::lround(e.delay_h / step_h) != 0) continue;
            f(e.supplier.is_sector() ? net.size() + e.supplier.index() : e.supplier.index(),
              static_cast<double>(e.strength), e.group);
        }
    }
};

}  // namespace

bool rule_contracts(const Network& net, double step_h) { return contracts(NetworkView{net, step_h}); }

}  // namespace cisim
