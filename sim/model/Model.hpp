#pragma once
// The infrastructure model of SPEC §3: sectors, optional assets (nodes),
// dependencies and the physical links of network sectors. Plain values,
// immutable once loaded.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cisim {

/// Rinaldi, Peerenboom & Kelly (2001) dependency types.
enum class DependencyType { physical, cyber, geographic, logical };

/// What a dependency feeds: the consumer's function, or the speed of its repairs.
enum class DependencyEffect { function, repair };

/// How a node combines the losses of its dependencies (SPEC §5.4 step 4).
enum class Combination { min, product };

/// Connectivity rule for network sectors (SPEC §5.5).
enum class NetworkMode { none, sources, giant };

struct Sector {
    std::string id;
    std::string name;
    std::string name_ja;
    std::optional<double> output;   ///< annual economic output (model currency)
    std::optional<double> rto_h;    ///< recovery time objective
    std::optional<double> mtpd_h;   ///< maximum tolerable period of disruption
    double weight = 1.0;            ///< importance in the overall score
    NetworkMode network = NetworkMode::none;
    double repair_scale = 1.0;      ///< multiplies outage and repair times of its units (countermeasures)
    std::string source;             ///< where its figures come from
    std::string description;        ///< free text for readers; not simulated
    std::optional<double> households; ///< households served (whole number); outputs count those without service
    std::optional<double> population; ///< people served (whole number)
};

struct Node {
    std::string id;
    std::string sector;
    std::string name;
    std::string node_class;         ///< "class" in JSON
    std::string region;
    std::optional<double> lat, lon;
    double capacity = 1.0;          ///< share of its sector's service (normalised per sector)
    bool coastal = false;
    std::optional<double> elevation_m;
    double site_amplification = 1.0; ///< PGV amplification of the site (1 = engineering bedrock Vs30≈600 m/s)
    bool is_source = false;          ///< "source" in JSON: a source of its network sector
    double fragility_scale = 1.0;    ///< multiplies fragility medians (>1 = stronger; countermeasures)
    double repair_scale = 1.0;       ///< multiplies outage and repair times (<1 = faster)
    std::string ref;                 ///< where its figures come from ("ref": "source" is the flag above)
    std::optional<double> households; ///< households served (whole number); outputs count those without service
    std::optional<double> population; ///< people served (whole number)
};

struct Dependency {
    std::string from;               ///< supplier: sector or node id
    std::string to;                 ///< consumer: sector or node id
    DependencyType type = DependencyType::physical;
    DependencyEffect effect = DependencyEffect::function;
    double strength = 1.0;          ///< share of consumer's function lost at full supply loss
    double buffer_h = 0.0;          ///< autonomy at full loss
    std::optional<double> refill_h; ///< time to refill an empty buffer at full supply (default buffer_h)
    double delay_h = 0.0;           ///< propagation delay
    std::string group;              ///< redundant supplies share a group
    std::string source;
    std::string note;               ///< free text for readers (why this figure); not simulated
};

struct Link {
    std::string a, b;               ///< undirected physical link within one sector
};

struct Model {
    std::string schema = "cisim-model/1";
    std::string name;
    std::string time_unit = "h";
    std::string file;               ///< where it was loaded from (for messages)
    std::string source;
    std::string description;        ///< free text for readers (scope, vintage, caveats)
    std::vector<Sector> sectors;
    std::vector<Node> nodes;
    std::vector<Dependency> dependencies;
    std::vector<Link> links;
    std::map<std::string, Combination> combination_by_class;  ///< node class → rule (default min)

    const Sector* find_sector(const std::string& id) const;
    const Node* find_node(const std::string& id) const;
    bool has_nodes() const { return !nodes.empty(); }
};

std::string to_string(DependencyType t);
std::string to_string(NetworkMode m);

}  // namespace cisim
