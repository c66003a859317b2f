#pragma once
// Static analysis of a model (SPEC §5.1): the sector × sector dependency
// matrix, each sector's suppliers, dependents and interdependencies (the
// measure of NISC's 2007 static interdependency analysis), feedback loops,
// criticality by reach, the IIM key-sector ranking (Haimes & Jiang 2001;
// via engines/Iim.hpp), and the static cascade closure from a failed set.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/Model.hpp"

namespace cisim {

/// Sector × sector dependency strengths. Rows are consumers, columns suppliers,
/// as in the IIM matrix A* (row i: how much sector i depends on each sector).
/// Several dependencies between one pair of sectors (e.g. between their
/// assets) aggregate to their largest strength: the worst single loss.
struct DependencyMatrix {
    struct Entry {
        std::uint32_t consumer, supplier;  ///< indices into ids
        double strength;
    };
    std::vector<std::string> ids;                 ///< sector ids, model order (rows and columns)
    std::vector<Entry> entries;                   ///< the nonzero entries, by consumer then supplier
    /// strength[consumer][supplier], 0 = no dependency; empty when the
    /// analysis is summarised (StaticAnalysis::summarised): it grows with n².
    std::vector<std::vector<double>> strength;
};

/// What one sector is connected to; every list is in model order and
/// excludes the sector itself (a self-dependency appears in the loops).
struct SectorLinks {
    std::string id;
    std::string name;
    std::string name_ja;
    std::vector<std::string> direct_suppliers;       ///< sectors it depends on
    std::vector<std::string> direct_dependents;      ///< sectors that depend on it
    std::vector<std::string> transitive_dependents;  ///< sectors its failure can reach; empty when summarised
    std::size_t transitive_count = 0;                ///< how many sectors its failure can reach
    std::vector<std::string> interdependent_with;    ///< a dependency in either direction
    bool self_dependent = false;                     ///< has an intra-sector dependency
};

/// One row of the criticality ranking.
struct Criticality {
    std::string id;
    std::size_t reach = 0;           ///< number of transitive dependents
    double outgoing_strength = 0;    ///< sum of strengths of its direct dependents (tie-breaker)
};

/// One row of the IIM key-sector ranking.
struct KeySectorScore {
    std::string id;
    double total_inoperability = 0;  ///< Σq for a unit shock c* = e_id
};

/// Static cascade closure. A unit (an asset, or a sector without assets)
/// fails in wave k+1 when the share of its function lost to the units failed
/// by wave k exceeds the threshold. Losses combine as in the cascade engine
/// (SPEC §5.4): a dependency loses strength × (failed share of its supplier;
/// a sector's aggregate supply loses its failed capacity share); a redundancy
/// group loses only its best member's loss (all members failed = group lost);
/// a unit loses the largest of these, or 1 − Π(1 − loss) for classes that use
/// the product rule. Repair-only dependencies transmit no loss.
/// Network sectors also obey the connectivity rule (SPEC §5.5, as
/// engines/Connectivity.hpp): an asset that no longer reaches a source of its
/// sector ("sources"), or the sector's largest component ("giant"), through
/// assets of its sector that have not failed is cut off and fails in wave k+1
/// when the failures up to wave k cut it off; everything one failure cuts off
/// fails in that one wave, not one link per wave. Assets already unfed before
/// any failure (outside the giant component) are the model's state, not a
/// consequence, and are never listed.
struct CascadeClosure {
    double threshold = 0.5;
    std::vector<std::vector<std::string>> waves;         ///< unit ids; wave 0 is the initial failed set
    std::vector<std::vector<std::string>> causes;        ///< why each unit of `waves` failed (same shape): closure_cause_*
    std::vector<std::vector<std::string>> sector_waves;  ///< sectors, in the wave their failed capacity share first exceeds the threshold (or all their units failed)
    std::size_t failed_units() const;                    ///< total over all waves
};

/// Causes in CascadeClosure::causes; a unit failing for both reasons at once
/// has both, joined by "; " (dependencies first).
inline constexpr const char* closure_cause_initial = "initial failed set";
inline constexpr const char* closure_cause_dependencies = "lost share of function exceeds the threshold";
inline constexpr const char* closure_cause_sources = "cut off from sources";
inline constexpr const char* closure_cause_giant = "cut off from the largest component";

struct StaticAnalysis {
    std::string model;                       ///< model name
    DependencyMatrix matrix;
    std::vector<SectorLinks> sectors;        ///< model order
    std::vector<std::vector<std::string>> loops;  ///< strongly connected components of ≥2 sectors, and self-dependent sectors
    std::vector<Criticality> criticality;    ///< by reach, then outgoing strength, then model order
    std::vector<KeySectorScore> key_sectors; ///< by total inoperability, descending; empty when unavailable
    std::optional<std::string> key_sectors_error;  ///< why the IIM ranking is unavailable
    std::optional<CascadeClosure> cascade;   ///< when a failed set was given
    /// More sectors than AnalysisOptions::full_max: the outputs that grow with
    /// the square of the sector count are summarised (dense matrix and
    /// transitive-dependent lists left out; counts and entries kept), and
    /// key_sectors lists only the top AnalysisOptions::key_sectors_top, exactly.
    bool summarised = false;
};

struct AnalysisOptions {
    std::vector<std::string> fail;           ///< initial failed set (sector or node ids); empty = no closure
    double threshold = 0.5;                  ///< closure threshold θ ∈ [0, 1]
    std::size_t full_max = 1000;             ///< up to this many sectors, every output in full
    std::size_t key_sectors_top = 20;        ///< key sectors listed when summarised
};

/// Everything of SPEC §5.1 for a validated model.
StaticAnalysis analyze_model(const Model& model, const AnalysisOptions& options = {});

/// The static cascade closure alone. Unknown ids or a threshold outside [0, 1]
/// are an InputError.
CascadeClosure cascade_closure(const Model& model, const std::vector<std::string>& initial, double threshold = 0.5);

}  // namespace cisim
