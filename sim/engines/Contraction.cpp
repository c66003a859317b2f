#include "engines/Contraction.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cisim {

bool rule_contracts(const Network& net, double step_h) {
    const std::size_t n = net.size(), sectors = net.sector_count();
    std::size_t groups_max = 0;
    for (const auto& e : net.in_edges) groups_max = std::max<std::size_t>(groups_max, static_cast<std::size_t>(e.group + 1));
    std::vector<double> w(n + sectors, 1.0), next(n + sectors, 0.0), strongest(groups_max);
    std::vector<double> sup;  // ‖T^k(1)‖∞ so far
    for (std::size_t k = 1; k <= contraction_max_powers; ++k) {
        for (std::size_t s = 0; s < sectors; ++s) {
            double sum = 0;
            for (auto i = net.sector_offsets[s]; i < net.sector_offsets[s + 1]; ++i)
                sum += net.units[net.sector_units[i]].weight * w[net.sector_units[i]];
            w[n + s] = sum;
        }
        double top = 0;
        for (std::size_t u = 0; u < n; ++u) {
            const bool product = net.units[u].combination == Combination::product;
            std::size_t groups = 0;
            double bound = 0;
            for (auto i = net.in_offsets[u]; i < net.in_offsets[u + 1]; ++i) {
                const auto& e = net.in_edges[i];
                if (e.effect != DependencyEffect::function || std::lround(e.delay_h / step_h) != 0) continue;
                const auto col = e.supplier.is_sector() ? n + e.supplier.index() : e.supplier.index();
                const double x = static_cast<double>(e.strength) * w[col];
                if (e.group >= 0) {
                    const auto g = static_cast<std::size_t>(e.group);
                    while (groups <= g) strongest[groups++] = 0;
                    strongest[g] = std::max(strongest[g], x);
                } else {
                    bound = product ? bound + x : std::max(bound, x);
                }
            }
            for (std::size_t g = 0; g < groups; ++g) bound = product ? bound + strongest[g] : std::max(bound, strongest[g]);
            next[u] = bound;
            top = std::max(top, bound);
        }
        if (top <= 0.5) return true;
        // Eight powers without a decrease: not contracting (or too slowly to matter).
        if (k > 8 && top >= sup[k - 9]) return false;
        sup.push_back(top);
        std::swap(w, next);
    }
    return false;
}

}  // namespace cisim
