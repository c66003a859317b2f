#pragma once
// The infrastructure model of SPEC §3: sectors, optional assets (nodes),
// dependencies and the physical links of network sectors. Plain values,
// immutable once loaded.
#include <cstdint>
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/Compact.hpp"
#include "model/Uncertain.hpp"

namespace cisim {

/// Rinaldi, Peerenboom & Kelly (2001) dependency types.
enum class DependencyType { physical, cyber, geographic, logical };

/// What a dependency feeds: the consumer's function, or the speed of its repairs.
enum class DependencyEffect { function, repair };

/// How a node combines the losses of its dependencies (SPEC §5.4 step 4).
/// `mean` is not offered in models: it makes a population the mean of its
/// classes (engines/Populations.hpp).
enum class Combination { min, product, mean };

/// Connectivity rule for network sectors (SPEC §5.5).
enum class NetworkMode { none, sources, giant };

/// A parameter spread over the members of a population (SPEC §3): its
/// quantile function, piecewise linear through knots (p_i, v_i) with p from 0
/// to 1 non-decreasing; a repeated p is a step (a mixture of parts).
struct Spread {
    std::vector<double> p, v;
    /// The value at population quantile q in [0, 1].
    double at(double q) const;
    /// The population mean (integral of the quantile function).
    double mean() const;
    double min() const { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
    double max() const { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
    bool operator==(const Spread&) const = default;
};

/// One value of a parameter given by year: it applies from `from` until the next entry.
struct YearValue {
    int from = 0;
    double value = 0;              ///< the number, or the spread's mean
    std::optional<Spread> spread;
    std::string source;
    bool operator==(const YearValue&) const = default;
};

/// Spreads of a dependency's parameters over its consumer's members (none = one value for all).
struct DependencySpreads {
    std::optional<Spread> strength, buffer_h, refill_h, delay_h;
    bool any() const { return strength || buffer_h || refill_h || delay_h; }
    bool operator==(const DependencySpreads&) const = default;
};

/// How a dependency's parameters were given beyond plain numbers.
struct ParamForms {
    /// Spreads over the consumer's members; the dependency's scalars then hold their means.
    DependencySpreads spread;
    /// Parameters given by year ("strength", "buffer_h", "refill_h", "delay_h" → entries by
    /// ascending year); the scalars and spreads hold the vintage in force.
    std::vector<std::pair<std::string, std::vector<YearValue>>> by_year;
    /// The JSON text of parameters given as objects (spread, by_year), keyed by
    /// parameter name, written back as given; a countermeasure that sets a value drops it.
    std::vector<std::pair<std::string, std::string>> given_as;
    bool operator==(const ParamForms&) const = default;
};

/// A value held out of line, copied deeply: 8 bytes when absent. Reading an
/// absent one gives an empty T; writing creates it.
template <class T>
class Boxed {
public:
    Boxed() = default;
    Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    explicit operator bool() const { return p_ != nullptr; }
    const T& operator*() const { return p_ ? *p_ : empty(); }
    const T* operator->() const { return &**this; }
    T& edit() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }
    void reset() { p_.reset(); }
    bool operator==(const Boxed& o) const { return **this == *o; }

private:
    static const T& empty() {
        static const T none{};
        return none;
    }
    std::unique_ptr<T> p_;
};

/// Repair times spread over a population: its repair_scale multipliers over
/// its members (the unit's repair_scale holds their mean), and the JSON text
/// they were given as, written back as given.
struct RepairSpread {
    Spread spread;
    std::string given;
    bool operator==(const RepairSpread&) const = default;
};

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
    Boxed<RepairSpread> repair_spread;  ///< a sector-level population's repair times spread over its members
    std::string source;             ///< where its figures come from
    std::string description;        ///< free text for readers; not simulated
    std::optional<double> households; ///< households served (whole number); outputs count those without service
    std::optional<double> population; ///< people served (whole number)
    bool operator==(const Sector&) const = default;
};

/// A node's fields that a big asset model almost never sets, kept out of line (Node::extras).
struct NodeExtras {
    std::string rolling_group;       ///< rolling blackouts: its group ("1".."N"), else balanced by capacity
    std::string ref;                 ///< where its figures come from ("ref": "source" is Node::is_source)
    std::optional<double> households; ///< households served (whole number); outputs count those without service
    std::optional<double> population; ///< people served (whole number)
    std::optional<double> elevation_m;
    bool empty() const { return rolling_group.empty() && ref.empty() && !households && !population && !elevation_m; }
    bool operator==(const NodeExtras&) const = default;
};

struct Node {
    std::string id;
    std::string sector;
    std::string name;
    std::string node_class;         ///< "class" in JSON
    std::string region;
    std::optional<double> lat, lon;
    double capacity = 1.0;          ///< share of its sector's service (normalised per sector)
    double site_amplification = 1.0; ///< PGV amplification of the site (1 = engineering bedrock Vs30≈600 m/s)
    double fragility_scale = 1.0;    ///< multiplies fragility medians (>1 = stronger; countermeasures)
    double repair_scale = 1.0;       ///< multiplies outage and repair times (<1 = faster)
    Boxed<RepairSpread> repair_spread;  ///< a population's repair times spread over its members (facilities > 1)
    /// rolling_group, ref, households, population, elevation_m, out of line: absent
    /// when all are empty (the setters keep it so); read them through the accessors.
    Boxed<NodeExtras> extras;
    std::uint32_t facilities = 1;    ///< facilities it stands for; > 1 makes it a population
    bool coastal = false;
    bool is_source = false;          ///< "source" in JSON: a source of its network sector

    const std::string& rolling_group() const { return extras->rolling_group; }
    const std::string& ref() const { return extras->ref; }
    std::optional<double> households() const { return extras->households; }
    std::optional<double> population() const { return extras->population; }
    std::optional<double> elevation_m() const { return extras->elevation_m; }
    void set_rolling_group(std::string value);
    void set_ref(std::string value);
    void set_households(std::optional<double> value);
    void set_population(std::optional<double> value);
    void set_elevation_m(std::optional<double> value);
    /// All five at once (the readers fill them in one NodeExtras).
    void set_extras(NodeExtras value);
    bool operator==(const Node&) const = default;
};
// A million-asset model holds a million nodes: every byte here counts (368 with
// the extras inline and the bools scattered). Grow it only knowingly.
static_assert(sizeof(void*) != 8 || sizeof(Node) <= 248, "Node grew: keep rarely-set fields out of line (Boxed)");

/// A dependency's text for readers, empty for almost every dependency of a big model.
struct DependencyText {
    std::string source;
    std::string note;               ///< free text for readers (why this figure); not simulated
    bool empty() const { return source.empty() && note.empty(); }
    bool operator==(const DependencyText&) const = default;
};

struct Dependency {
    std::string from;               ///< supplier: sector or node id
    std::string to;                 ///< consumer: sector or node id
    DependencyType type = DependencyType::physical;
    DependencyEffect effect = DependencyEffect::function;
    double strength = 1.0;          ///< share of consumer's function lost at full supply loss
    double buffer_h = 0.0;          ///< autonomy at full loss
    OptionalNumber refill_h;        ///< time to refill an empty buffer at full supply (default buffer_h)
    double delay_h = 0.0;           ///< propagation delay
    /// Inline, not in `text`: a third of a generated model's dependencies have
    /// one (boxing it measured 9 MB more per million dependencies); names are
    /// short ("grid"), so 16 bytes hold them without an allocation.
    ShortString group;              ///< redundant supplies share a group
    /// source and note, out of line: absent when both are empty (set_source and
    /// set_note keep it so); read them through source() and note().
    Boxed<DependencyText> text;
    /// How the parameters were given beyond plain numbers (spreads, by year),
    /// kept out of line: most dependencies of a million-asset model have none.
    Boxed<ParamForms> forms;

    const std::string& source() const { return text->source; }
    const std::string& note() const { return text->note; }
    void set_source(std::string value) { set_text(&DependencyText::source, std::move(value)); }
    void set_note(std::string value) { set_text(&DependencyText::note, std::move(value)); }
    void set_text(std::string DependencyText::*field, std::string value);

    /// Sets parameter `name` ("strength", "buffer_h", "refill_h", "delay_h") to one
    /// value for every member and every year (a countermeasure's "set").
    void set(const std::string& name, double value);
    bool operator==(const Dependency&) const = default;
};
// A million-asset model holds millions of dependencies: every byte here counts
// (216 with source and note inline, 160 with std::string group and
// std::optional refill_h). Grow it only knowingly.
static_assert(sizeof(void*) != 8 || sizeof(Dependency) <= 136, "Dependency grew: keep rarely-set fields out of line (Boxed)");

struct Link {
    std::string a, b;               ///< undirected physical link within one sector
    bool operator==(const Link&) const = default;
};

/// Where a dependency's ends are, as the model's check found them: an index
/// into Model::sectors, or node_flag | an index into Model::nodes.
struct DependencyEnds {
    static constexpr std::uint32_t no_sector = 0xFFFFFFFF;  ///< not known
    static constexpr std::uint32_t node_flag = 0x80000000;
    std::uint32_t from = no_sector, to = no_sector;
    bool operator==(const DependencyEnds&) const = default;
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
    /// Parameters given as {"uncertain": …} (model/Uncertain.hpp); their fields hold the median.
    std::vector<UncertainParameter> uncertain;
    /// A hint parallel to `dependencies`, for code that would otherwise look up
    /// millions of ids (the IIM's A*, build_network): filled by
    /// check_and_resolve_model (the loaders, measures), else empty. A reader
    /// compares the id at an index before trusting it, so an edit that leaves
    /// the hint stale costs speed, never a wrong answer.
    std::vector<DependencyEnds> dependency_ends;

    const Sector* find_sector(const std::string& id) const;
    const Node* find_node(const std::string& id) const;
    bool has_nodes() const { return !nodes.empty(); }
    bool operator==(const Model&) const = default;
};

/// The model as of `year` (SPEC §3): every parameter given by year takes the
/// entry in force that year, or the latest entry without a year. Throws
/// InputError (pointer into the model) when a parameter has no entry that early.
Model at_vintage(Model model, std::optional<int> year);

std::string to_string(DependencyType t);
std::string to_string(NetworkMode m);

}  // namespace cisim
