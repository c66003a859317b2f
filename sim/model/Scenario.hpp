#pragma once
// A scenario of SPEC §4: what happens (events), what-if countermeasures, and
// the Monte Carlo settings. Events are small values sorted by time; hazards
// turn them into per-node disruptions (hazards/), the engines stay generic.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/Model.hpp"

namespace cisim {

enum class EventKind { it_outage, blackout, rolling_blackout, earthquake, tsunami, restore };

/// Shape of a recovery once an outage's full-severity period ends.
enum class Recovery { step, linear, exponential };

/// What an event hits. Exactly one of the selectors is set.
struct Target {
    std::string id;                 ///< a sector id or a node id ("target")
    std::string node_class;         ///< every node of a class ("class")
    std::vector<std::string> nodes; ///< an explicit list of node ids ("nodes")
    std::string region;             ///< region glob ("region"), '*' wildcards
};

struct Event {
    EventKind kind = EventKind::it_outage;
    std::string id;                 ///< optional label; defaults to "<kind>#<index>"
    int file_index = -1;            ///< position in the file's "events" (for error pointers); -1 = not from a file
    std::string description;
    double start_h = 0;
    Target target;
    double severity = 1.0;          ///< share of function lost (it_outage) / supply lost (blackouts)
    double duration_h = 0;          ///< time at full severity
    Recovery recovery = Recovery::step;
    double recovery_h = 0;          ///< time from end of full severity to full recovery
    double duration_cv = 0;         ///< Monte Carlo: coefficient of variation of a lognormal whose median is duration_h
    std::string supplier = "power"; ///< blackouts: the sector whose supply is cut
    // rolling_blackout
    int groups = 0;
    double slot_h = 0;
    double end_h = 0;
    // earthquake
    double lat = 0, lon = 0, depth_km = 0, mw = 0;
    std::string fault_type = "crustal";  ///< crustal | interplate | intraplate (Si & Midorikawa 1999)
    // tsunami
    // blackout: the utility's restoration, (hours from start_h, share restored), piecewise linear from (0, 0)
    std::vector<std::pair<double, double>> restoration;
    double height_m = 0;
    double repair_h = 0;            ///< tsunami: repair time of destroyed assets (0 = class default)
    std::string source;
};

/// One change a countermeasure makes to the model.
struct MeasureChange {
    std::string edges;              ///< "FROM->TO" with globs over ids (sector of a node matches too)
    std::string nodes;              ///< node selector: glob over id, "class:X", "sector:X"
    std::optional<double> buffer_h, strength, delay_h, refill_h;
    std::optional<std::string> group;
    std::optional<double> fragility_scale;  ///< multiplies fragility medians (>1 = stronger)
    std::optional<double> repair_scale;     ///< multiplies repair and outage times (<1 = faster)
    std::vector<Dependency> add;            ///< new dependencies (e.g. a redundant route)
};

struct Measure {
    std::string id;
    std::string name;
    double cost = 0;                ///< in Scenario::cost_unit
    std::string source;
    std::vector<MeasureChange> changes;
};

struct MonteCarloSettings {
    int samples = 0;
    std::uint64_t seed = 1;
};

struct Scenario {
    std::string schema = "cisim-scenario/1";
    std::string name;
    std::string description;
    std::string file;               ///< where it was loaded from
    std::string model_path;         ///< as written in the file ("model")
    std::string source;
    double horizon_h = 168;
    double step_h = 1;
    double service_threshold = 0.9; ///< downtime = time below this operability
    std::optional<int> as_of;       ///< vintage of the model's by-year parameters (SPEC §3); none = latest
    std::vector<Event> events;      ///< sorted by start_h (stable)
    std::vector<Measure> measures;
    std::string cost_unit;          ///< unit of every measure's cost ("JPY", "million JPY")
    MonteCarloSettings monte_carlo;
};

std::string to_string(EventKind k);
std::string to_string(Recovery r);

/// Share of severity left at `t` hours after an outage's full-severity period ended.
double recovery_remaining(Recovery r, double recovery_h, double t);

/// Glob with '*' (any run) and '?' (one char), as used for regions and ids.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace cisim
