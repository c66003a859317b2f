#pragma once
// The model expanded into what engines and hazards iterate over: "units"
// (each asset, plus one unit for every sector that has no assets), indexed
// 0..n-1, and every consumer's incoming dependencies resolved to indices.
// Sector-level edges into a sector with assets fan out to each asset; a
// supplier sector with assets supplies through its aggregate (SPEC §3).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/Model.hpp"

namespace cisim {

/// A supplier reference: a unit, or the aggregate service of a sector.
struct SupplyRef {
    static constexpr std::uint32_t sector_flag = 0x80000000u;
    std::uint32_t raw = 0;
    static SupplyRef unit(std::uint32_t u) { return {u}; }
    static SupplyRef sector(std::uint32_t s) { return {s | sector_flag}; }
    bool is_sector() const { return (raw & sector_flag) != 0; }
    std::uint32_t index() const { return raw & ~sector_flag; }
};

struct Unit {
    std::string id;
    std::uint32_t sector = 0;        ///< index into Model::sectors
    std::int32_t node = -1;          ///< index into Model::nodes, -1 for a sector-level unit
    double weight = 1.0;             ///< capacity share within its sector (sums to 1)
    Combination combination = Combination::min;
    bool population = false;         ///< stands for many facilities: a sector-level unit, or a node with facilities > 1
    std::int32_t class_of = -1;      ///< a class of this population unit (engines/Populations.hpp), or -1
};

struct InEdge {
    SupplyRef supplier;
    std::uint32_t dependency = 0;    ///< index into Model::dependencies
    float strength = 1;
    float buffer_h = 0;
    float refill_h = 0;              ///< hours to refill an empty buffer at full supply
    float delay_h = 0;
    std::int32_t group = -1;         ///< redundancy group, local to the consumer; -1 = none
    DependencyEffect effect = DependencyEffect::function;
    bool full_rate = false;          ///< the consumer is a population: a shortfall s cuts s of it fully (BufferPhase.hpp)
};

struct Network {
    std::vector<Unit> units;
    std::vector<std::uint32_t> sector_offsets;  ///< CSR: units of sector s are
    std::vector<std::uint32_t> sector_units;    ///<   sector_units[offsets[s]..offsets[s+1])
    std::vector<std::uint32_t> in_offsets;      ///< CSR: incoming edges of unit u are
    std::vector<InEdge> in_edges;               ///<   in_edges[in_offsets[u]..in_offsets[u+1])
    std::vector<std::uint32_t> link_offsets;    ///< CSR: undirected links of each unit
    std::vector<std::uint32_t> link_targets;
    std::unordered_map<std::string, std::uint32_t> unit_index;
    std::unordered_map<std::string, std::uint32_t> sector_index;

    std::size_t size() const { return units.size(); }
    std::size_t sector_count() const { return sector_offsets.empty() ? 0 : sector_offsets.size() - 1; }
};

/// Builds the expanded network; the model must have passed validation.
Network build_network(const Model& model);

/// Units whose id, sector id or (for whole sectors) sector matches `id`.
std::vector<std::uint32_t> units_of(const Model& model, const Network& net, const std::string& id);

}  // namespace cisim
