#pragma once
// Semantic rules of models and scenarios that a JSON Schema cannot express
// (SPEC §3, §9): unique ids, resolving references, no node self-loops, links
// within one network sector, finite numbers in range. They hold for every
// model however it was made (JSON, GraphML, C++), so they live here, not in io.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/Error.hpp"
#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim {

/// Most time steps one run may take (horizon_h / step_h): no accidental hang.
inline constexpr double max_steps = 1e6;

/// Every broken rule of a file, not only the first: what `cisim validate` lists.
struct ErrorList {
    std::size_t cap = 20;             ///< errors kept; the rest are counted only
    std::vector<InputError> errors;   ///< the first `cap`, in the order the checks meet them
    std::size_t count = 0;            ///< all of them
    void add(const InputError& e) {
        if (errors.size() < cap) errors.push_back(e);
        ++count;
    }
};

/// Throws InputError(model.file, /json/pointer, message) for the first broken rule:
/// no sectors; an id empty, malformed, or used twice (sectors and nodes share
/// one namespace); an unknown sector, node or class; a node depending on itself
/// (a sector may: the IIM diagonal); a duplicate dependency; a link that is a
/// self-link, crosses sectors or lies in a sector without "network"; a
/// "sources" network without a source node; a number that is not finite or
/// out of range; rto_h above mtpd_h. Unknown classes in "combination" are
/// errors too (a typo would silently fall back to "min").
void check_model(const Model& model);
/// The same rules, each broken one added to `errors`: every element is
/// checked (up to its first problem), so one file reports all of them.
void check_model(const Model& model, ErrorList& errors);
/// check_model, then model.dependency_ends from the lookups the check made.
void check_and_resolve_model(Model& model);
/// The same, collecting every error as check_model(model, errors) does; the
/// ends are resolved only when there is none.
void check_and_resolve_model(Model& model, ErrorList& errors);

/// Rules of a scenario on its own: time settings (at most max_steps steps),
/// event consistency (one selector, end_h >= start_h, ranges), unique event
/// and measure ids, measures that change something. Pointers use the events'
/// positions in the file.
void check_scenario_settings(const Scenario& scenario);

/// check_scenario_settings, and everything the scenario names exists in
/// `model`: targets, classes, node lists, suppliers, and every measure's edge
/// and node selectors match something. Every event reaches a unit: a region
/// glob other than "*" matches a node's region (the message lists the model's
/// regions); an earthquake needs a node with lat/lon, a tsunami a coastal node
/// in its region. The one check for validate, run, mc, measures and injects.
void check_scenario(const Scenario& scenario, const Model& model);
/// The same (settings included), each broken rule added to `errors`.
void check_scenario(const Scenario& scenario, const Model& model, ErrorList& errors);

/// `text` in double quotes for an error message: control characters escaped
/// and long text shortened, so a message stays one readable line.
std::string quote(std::string_view text);

}  // namespace cisim
