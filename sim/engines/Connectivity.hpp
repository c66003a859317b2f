#pragma once
// Connectivity rule of network sectors (SPEC §5.5): in a sector that is a
// network (a grid, a telecom backbone) a node works only while it is fed, i.e.
// connected through working nodes of its own sector
//   - to a source node of the sector ("sources" mode), or
//   - to the sector's giant component ("giant" mode: the cascade of
//     interdependent networks of Buldyrev, Parshani, Paul, Stanley & Havlin,
//     "Catastrophic cascade of failures in interdependent networks", Nature
//     464:1025–1028, 2010, where only the giant cluster of each network keeps
//     functioning).
// Definitions (choices, since the percolation papers know only "present" or
// "removed" nodes while cisim's operability is graded):
//   - working: operability ≥ one half (working_threshold) and not already cut off.
//     A node that has lost more than half its function no longer relays: the
//     same half-way mark the engine logs as below_half, and the 50 % functional
//     threshold of Hazus restoration curves.
//   - fed: a source (sources mode) or a member of the giant component of the
//     working nodes (giant mode; largest by node count, ties to the component
//     holding the lowest unit index), or any node linked to a working fed node.
//     So a degraded node at the edge still receives service but passes none on.
//   - a node that is not fed has operability 0 (it is cut off, whatever its own
//     state), and stays cut off for the rest of the time step.
// How the cascade engine uses it: each step first settles the dependency rule,
// then every network sector drops its unfed nodes, and the two alternate until
// no node is dropped (Buldyrev et al.'s stages, run for all networks at once).
// In "sources" mode the fed set only grows with the working set, so this is
// the greatest fixed point of the combined rule; in "giant" mode the giant may
// move, and nodes once cut off stay cut off within the step, as in the paper.
#include <cstdint>
#include <vector>

#include "model/Model.hpp"
#include "model/Network.hpp"

namespace cisim {

/// Operability at or above which a node of a network sector relays service:
/// one half, less 1e-9, so that a node whose fixed point is exactly one half
/// (a strength-0.5 dependency on a supplier that is out) is not flipped by the
/// order in which the iteration approaches it (to within 1e-12).
inline constexpr double working_threshold = 0.5 - 1e-9;

/// One network sector's nodes and links with local indices 0..size()-1.
struct SectorGraph {
    std::uint32_t sector = 0;                ///< index into Model::sectors
    NetworkMode mode = NetworkMode::sources;
    std::vector<std::uint32_t> units;        ///< unit index of each local node, ascending
    std::vector<std::uint32_t> offsets;      ///< CSR: links of local node i are
    std::vector<std::uint32_t> targets;      ///<   targets[offsets[i]..offsets[i+1]) (local)
    std::vector<char> source;                ///< local node is a source of the sector (sources mode; 0 in giant mode)

    std::size_t size() const { return units.size(); }
};

/// The sectors of `model` with a "network" mode and assets, as SectorGraphs.
std::vector<SectorGraph> network_sectors(const Model& model, const Network& network);

/// Reusable work space of fed_nodes (no allocation once grown).
struct ConnectivityScratch {
    std::vector<std::uint32_t> queue, component;
    std::vector<std::uint32_t> label;
};

/// Which local nodes are fed. `state[i]`: 0 = cut off already (neither works nor
/// is fed), 1 = present but not working, 2 = working. `fed` is resized and
/// filled with 0/1. Linear in the nodes and links of the sector.
void fed_nodes(const SectorGraph& graph, const std::vector<char>& state, std::vector<char>& fed,
               ConnectivityScratch& scratch);

/// fed_nodes of a "sources"-mode sector kept up to date as its nodes change,
/// instead of searched again from every source. Each fed node remembers the
/// working fed neighbour it is fed through (sources are roots): a forest of
/// feed paths. An update takes apart only the subtrees behind nodes that got
/// worse, feeds them again from their border, and searches on from nodes that
/// got better, so its cost follows the change rather than the sector's size
/// (at a million assets a search of the grid takes milliseconds, and the
/// engine asks after almost every step). Which forest is kept depends on the
/// order of changes; the fed set does not: it is the one fed_nodes gives for
/// the same states (ConnectivityTest checks this on random change sequences).
/// On a "giant"-mode graph it keeps the components of the working nodes
/// instead (the cascade engine's use): a node that stops working splits only
/// its own component, searched from the node's working neighbours at once, one
/// node each in turn, until all but one search have closed their piece (Even
/// & Shiloach's deletion search, J. ACM 28:1–4, 1981), so the cost follows the
/// pieces cut off rather than the giant; the search gives up for a plain
/// breadth-first relabelling when it costs as much. A node that starts to work
/// merges its neighbours' components into the largest. The giant is the
/// largest component (components are kept in buckets by size); fed nodes are
/// counted by their neighbours in the giant, changed only where the giant
/// changed, and all counted again when the giant is another component. Large
/// batches of changes are labelled again from scratch.
class FeedForest {
public:
    /// Starts with every node working.
    explicit FeedForest(const SectorGraph& graph);
    /// Starts with the nodes in `states` (0, 1, 2 as for fed_nodes). In giant
    /// mode the components are labelled at the first update() (the engine's
    /// first comes with the first step's damage), so fed(), unfed() and
    /// fed_working() answer from then on.
    FeedForest(const SectorGraph& graph, const std::vector<char>& states);

    /// Node i's state from the next update() on (0, 1, 2 as for fed_nodes).
    void set_state(std::uint32_t i, char state);
    /// Applies the states set since the last update; then fed() is fed_nodes'
    /// answer for them and unfed() lists the present nodes that are not fed.
    void update();

    char state(std::uint32_t i) const { return state_[i]; }
    bool fed(std::uint32_t i) const { return fed_[i] != 0; }
    const std::vector<std::uint32_t>& unfed() const { return unfed_; }
    /// Nodes that are fed and working: in giant mode the giant component.
    std::size_t fed_working() const { return fed_working_; }

private:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    void attach(std::uint32_t i, std::uint32_t parent);
    void detach(std::uint32_t i);  // i and the nodes fed through it
    void spread();                 // from the queue of fed working nodes

    // Giant mode: components of the working nodes.
    void update_giant();
    void label_all();                                        // every component from scratch
    bool race(std::uint32_t c);                              // c lost nodes next to seeds_; false: gave up
    void relabel_pieces(std::uint32_t c);                    // the same, searched whole
    void join(std::uint32_t i);                              // i starts to work
    std::uint32_t relabel(std::uint32_t from, std::uint32_t start, std::uint32_t to);  // returns the count
    void move(std::uint32_t i, std::uint32_t to);
    std::uint32_t new_component();
    void set_size(std::uint32_t c, std::uint32_t size);
    std::uint32_t largest();
    void count_fed();                                        // fed_, giant_nb_ and unfed_ from scratch
    void recount_fed();                                      // where the giant changed
    std::uint32_t find(std::uint32_t s);

    const SectorGraph* graph_;
    std::vector<char> state_, target_, fed_, changed_flag_;
    std::vector<std::uint32_t> parent_, first_child_, next_, prev_;
    std::vector<std::uint32_t> changed_, loose_, queue_, stack_, unfed_;
    std::size_t fed_working_ = 0;

    // Giant mode. Components have ids 0..n-1 (free ones in free_), listed in
    // buckets by size (head_[size], next_/prev_ reused per component).
    std::vector<std::uint32_t> comp_;          // component of a working node, none otherwise
    std::vector<std::uint32_t> size_, head_, free_;
    std::vector<std::uint32_t> giant_nb_;      // neighbours in the giant
    std::vector<char> unfed_flag_;
    std::uint32_t giant_ = none, max_size_ = 0;
    bool giant_lost_ = false;                  // the giant's id was freed in this update
    bool labelled_ = true;                     // components labelled (giant mode: from the first update)
    std::vector<std::uint32_t> stamp_, search_;  // visited in this search (stamp_ == epoch_), by which
    std::uint32_t epoch_ = 0;
    std::vector<std::uint32_t> seeds_, left_, joined_, touched_, order_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> removed_;  // (old component, node)
    std::vector<std::uint32_t> qnext_;         // per node: next in a search's queue, or in a removed list
    std::vector<std::uint32_t> rfirst_, rcount_, affected_;  // per component: removed nodes
    std::vector<std::uint32_t> root_, done_, found_, head_q_, tail_q_;  // per search of race()
};

}  // namespace cisim
