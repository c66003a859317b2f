#pragma once
// Uncertain inputs: a parameter whose value is one unknown number, given by a
// distribution (uniform, triangular or lognormal). Unlike a Spread, which
// describes variety across the members of a population, an uncertain value is
// the same for every member; the deterministic run takes its median, Monte
// Carlo and sensitivity analysis draw it (quantile u → inverse CDF).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace cisim {

struct Model;
struct Scenario;

struct Distribution {
    enum class Kind { uniform, triangular, lognormal };
    Kind kind = Kind::uniform;
    double min = 0, mode = 0, max = 0;  ///< uniform, triangular
    double median_value = 0, beta = 0;  ///< lognormal: median and log standard deviation
    /// Inverse CDF at u in (0, 1).
    double quantile(double u) const;
    double median() const { return quantile(0.5); }
    /// "uniform(0, 1)", "triangular(1, 2, 4)", "lognormal(median 3, beta 0.4)".
    std::string describe() const;
    bool operator==(const Distribution&) const = default;
};

/// Where an uncertain value lives: which list of the model or scenario, which element, which field.
enum class UncertainPlace { dependency, sector, node, event };

struct UncertainParameter {
    std::string pointer;        ///< JSON pointer into its file ("/dependencies/3/strength", "/events/0/duration_h")
    std::string label;          ///< for readers ("power->telecom strength")
    Distribution distribution;
    UncertainPlace place = UncertainPlace::dependency;
    std::size_t index = 0;      ///< into Model::dependencies/sectors/nodes, or the event's file_index
    std::string field;          ///< "strength", "buffer_h", "refill_h", "delay_h", "rto_h", "mtpd_h", "fragility_scale", "severity", "duration_h"
    std::string source{};       ///< the value's "source" (writers put it back)
    bool operator==(const UncertainParameter&) const = default;
};

/// The uncertain values of a model and its scenario: the model's, then the scenario's.
std::vector<UncertainParameter> uncertain_parameters(const Model& model, const Scenario& scenario);

/// The value `p` takes at quantile u: its distribution's, clamped to the field's
/// range as apply_uncertain sets it.
double uncertain_value(const UncertainParameter& p, double u);

/// Sets each parameter to its distribution's quantile u[k] (u.size() == parameters.size()),
/// clamped to the field's range (shares to [0, 1], hours to ≥ 0).
void apply_uncertain(Model& model, Scenario& scenario, std::span<const UncertainParameter> parameters,
                     std::span<const double> u);

/// Standard normal quantile (Acklam's rational approximation, refined by one Halley step).
double normal_quantile(double p);

}  // namespace cisim
