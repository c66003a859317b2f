#pragma once
// A set of indices 0..n−1 as a two-level bitset, visited in ascending order.
// The cascade engine keeps its worklists in one: units and edges are then
// visited in memory order (their arrays stream through the cache instead of
// being read at random), and a sweep over the set is Gauss–Seidel in index order.
#include <bit>
#include <cstdint>
#include <vector>

namespace cisim {

class IndexSet {
public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    void resize(std::size_t n) {
        words_.assign((n + 63) / 64, 0);
        summary_.assign((words_.size() + 63) / 64, 0);
        count_ = 0;
    }

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

    bool contains(std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1u; }

    /// Adds i; returns whether it was new.
    bool insert(std::size_t i) {
        auto& w = words_[i / 64];
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        if (w & bit) return false;
        w |= bit;
        summary_[i / 4096] |= std::uint64_t{1} << ((i / 64) % 64);
        ++count_;
        return true;
    }

    void erase(std::size_t i) {
        auto& w = words_[i / 64];
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        if (!(w & bit)) return;
        w &= ~bit;
        if (w == 0) summary_[i / 4096] &= ~(std::uint64_t{1} << ((i / 64) % 64));
        --count_;
    }

    /// The smallest member ≥ from, or `none`.
    std::size_t next(std::size_t from) const {
        std::size_t wi = from / 64;
        if (wi >= words_.size()) return none;
        if (const auto w = words_[wi] & (~std::uint64_t{0} << (from % 64))) return wi * 64 + std::countr_zero(w);
        // Later words of the same summary word, then later summary words.
        std::size_t si = (wi + 1) / 64;
        if (si >= summary_.size()) return none;
        std::uint64_t s = (wi + 1) % 64 == 0 ? summary_[si] : summary_[si] & (~std::uint64_t{0} << ((wi + 1) % 64));
        while (s == 0) {
            if (++si >= summary_.size()) return none;
            s = summary_[si];
        }
        wi = si * 64 + std::countr_zero(s);
        return wi * 64 + std::countr_zero(words_[wi]);
    }

    /// Removes every member (cost ∝ the non-empty words).
    void clear() {
        for (std::size_t si = 0; si < summary_.size(); ++si) {
            for (auto s = summary_[si]; s; s &= s - 1) words_[si * 64 + std::countr_zero(s)] = 0;
            summary_[si] = 0;
        }
        count_ = 0;
    }

    /// Calls f(i) for each member in ascending order, then empties the set.
    template <class F>
    void drain(F&& f) {
        for (std::size_t si = 0; si < summary_.size(); ++si) {
            for (auto s = summary_[si]; s; s &= s - 1) {
                const auto wi = si * 64 + std::countr_zero(s);
                for (auto w = words_[wi]; w; w &= w - 1) f(wi * 64 + std::countr_zero(w));
                words_[wi] = 0;
            }
            summary_[si] = 0;
        }
        count_ = 0;
    }

private:
    std::vector<std::uint64_t> words_, summary_;
    std::size_t count_ = 0;
};

}  // namespace cisim
