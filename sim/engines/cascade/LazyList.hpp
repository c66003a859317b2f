#pragma once
// A list of indices with a membership flag, for the cascade engine's lists of
// units that may be impaired (of the model, and of each network sector).
#include <cstdint>
#include <vector>

namespace cisim::cascade {

/// A list of indices with a membership flag; members that left are dropped lazily.
struct LazyList {
    std::vector<std::uint32_t> items;
    void add(std::uint32_t i, std::vector<char>& listed) {
        if (listed[i]) return;
        listed[i] = 1;
        items.push_back(i);
    }
    // Keeps the members for which `keep` holds (and unlists the others).
    template <class Keep>
    void compact(std::vector<char>& listed, Keep keep) {
        std::size_t w = 0;
        for (const auto i : items) {
            if (keep(i)) items[w++] = i;
            else listed[i] = 0;
        }
        items.resize(w);
    }
};

}  // namespace cisim::cascade
