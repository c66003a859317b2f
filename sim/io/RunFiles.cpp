#include "io/RunFiles.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <sstream>
#include <string_view>

#include "hazards/JmaIntensity.hpp"
#include "model/Text.hpp"

namespace cisim {
namespace {

using nlohmann::ordered_json;

ordered_json opt(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }
ordered_json opt(const std::optional<bool>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

// Rounded to what the model can claim; keeps golden files stable across compilers.
double r6(double v) { return std::round(v * 1e6) / 1e6; }
ordered_json r6(const std::optional<double>& v) { return v ? ordered_json(r6(*v)) : ordered_json(nullptr); }

ordered_json score_json(const ImpactScore& s) {
    ordered_json j;
    j["id"] = s.id;
    j["min_operability"] = r6(s.min_operability);
    j["peak_inoperability"] = r6(s.peak_inoperability);
    j["first_impact_h"] = r6(s.first_impact_h);
    j["downtime_h"] = r6(s.downtime_h);
    j["outage_h"] = r6(s.outage_h);
    j["longest_outage_h"] = r6(s.longest_outage_h);
    j["time_to_recover_h"] = r6(s.time_to_recover_h);
    j["inoperability_hours"] = r6(s.inoperability_hours);
    j["rto_h"] = opt(s.rto_h);
    j["mtpd_h"] = opt(s.mtpd_h);
    j["rto_met"] = opt(s.rto_met);
    j["mtpd_breached"] = s.mtpd_breached;
    j["loss"] = r6(s.loss);
    return j;
}

std::string fmt(double v, const char* spec) {
    char buf[64];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

std::string target_text(const Event& e) {
    if (!e.target.id.empty()) return e.target.id;
    if (!e.target.node_class.empty()) return "class:" + e.target.node_class;
    if (!e.target.region.empty()) return "region:" + e.target.region;
    std::string s;
    for (const auto& n : e.target.nodes) s += (s.empty() ? "" : ";") + n;
    return s;
}

std::optional<double> event_end(const Event& e) {
    switch (e.kind) {
        case EventKind::it_outage:
        case EventKind::blackout: return e.start_h + e.duration_h + e.recovery_h;
        case EventKind::rolling_blackout: return e.end_h;
        default: return std::nullopt;
    }
}

/// Households (people) of sector `s` without service: keys only for the figures the model gives.
void add_counts(ordered_json& row, const HouseholdsOut& h, std::size_t s) {
    auto it = std::find_if(h.sectors.begin(), h.sectors.end(), [&](const SectorCountOut& c) { return c.sector == s; });
    if (it == h.sectors.end()) return;
    if (const auto& c = it->households) {
        row["households_out_peak"] = r6(c->peak);
        row["households_out_peak_t_h"] = r6(c->peak_t_h);
        row["household_hours"] = r6(c->hours);
    }
    if (const auto& c = it->population) {
        row["population_out_peak"] = r6(c->peak);
        row["population_out_peak_t_h"] = r6(c->peak_t_h);
        row["person_hours"] = r6(c->hours);
    }
}

}  // namespace

std::string event_label(const Scenario& scenario, std::size_t i) {
    const auto& e = scenario.events[i];
    return e.id.empty() ? to_string(e.kind) + "#" + std::to_string(i + 1) : e.id;
}

std::vector<std::string> reach_notes(const Scenario& scenario, const std::vector<EventReach>& reach) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < reach.size() && i < scenario.events.size(); ++i) {
        const auto& r = reach[i];
        const auto kind = scenario.events[i].kind;
        if (r.units_damaged > 0 || kind == EventKind::restore) continue;
        std::string note = "event " + event_label(scenario, i) + " (" + to_string(kind) + ") reaches " +
                           std::to_string(r.units_reached) + (r.units_reached == 1 ? " unit" : " units");
        if (r.max_jma_intensity && r.max_jma_unit >= 0)
            note += " (highest JMA intensity " + fmt(*r.max_jma_intensity, "%.1f") + ", class " +
                    jma_class(*r.max_jma_intensity) + ", at " + r.max_jma_at + ")";
        if (r.units_inundated) note += " (" + std::to_string(*r.units_inundated) + " inundated)";
        out.push_back(note + " but damages none");
    }
    return out;
}

void write_hazard_csv(std::ostream& out, const Network& network, const Scenario& scenario,
                      const std::vector<AssetHazard>& rows) {
    out << "# damage states: Hazus slight/moderate/extensive/complete (sim/hazards/Fragility.hpp); "
           "p_* = P(damage state), repair_h = hours to repair (README.md, Formats)\n";
    out << "id,event,pga_g,pgv_cm_s,jma_intensity,p_slight,p_moderate,p_extensive,p_complete,inundated,repair_h\n";
    for (const auto& row : rows) {
        out << csv_field(network.units[row.unit].id) << ',' << csv_field(event_label(scenario, row.event)) << ',';
        if (row.shaking) {
            const auto& s = *row.shaking;
            out << fmt(s.motion.pga_g(), "%.6g") << ',' << fmt(s.motion.pgv_cm_s, "%.6g") << ','
                << fmt(s.intensity, "%.4f");
            for (std::size_t k = 1; k < s.probabilities.size(); ++k) out << ',' << fmt(s.probabilities[k], "%.6f");
        } else {
            out << ",,,,,,";
        }
        out << ',';
        if (row.inundated) out << (*row.inundated ? '1' : '0');
        out << ',' << fmt(row.repair_h, "%.6g") << '\n';
    }
}

std::string csv_field(const std::string& s) { return csv_text(s); }

std::string summary_json(const RunSummary& run) {
    ordered_json j;
    j["cisim"] = CISIM_VERSION;
    j["kind"] = "run";
    j["scenario"] = {{"name", run.scenario.name}, {"file", run.scenario_file.path},
                     {"sha256", run.scenario_file.sha256}, {"description", run.scenario.description}};
    j["model"] = {{"name", run.model.name}, {"file", run.model_file.path}, {"sha256", run.model_file.sha256}};
    j["engine"] = run.result.engine;
    j["seed"] = run.result.seed;
    j["horizon_h"] = run.result.horizon_h;
    j["step_h"] = run.result.step_h;
    j["service_threshold"] = run.result.service_threshold;
    auto events = ordered_json::array();
    for (std::size_t i = 0; i < run.scenario.events.size(); ++i) {
        const auto& e = run.scenario.events[i];
        ordered_json row = {{"id", event_label(run.scenario, i)}, {"kind", to_string(e.kind)}, {"start_h", e.start_h},
                            {"end_h", opt(event_end(e))}, {"description", e.description}, {"target", target_text(e)}};
        if (run.reach && i < run.reach->size()) {
            const auto& r = (*run.reach)[i];
            row["units_reached"] = r.units_reached;
            row["units_damaged"] = r.units_damaged;
            if (r.max_jma_intensity) {
                row["max_jma_intensity"] = r6(*r.max_jma_intensity);
                row["max_jma_at"] = r.max_jma_unit >= 0 ? ordered_json(r.max_jma_at) : ordered_json(nullptr);
            }
            if (r.units_inundated) row["units_inundated"] = *r.units_inundated;
        }
        events.push_back(std::move(row));
    }
    j["events"] = events;
    if (const auto uncertain = uncertain_parameters(run.model, run.scenario); !uncertain.empty()) {
        // Listed only when there are some, so that other summaries stay as they were.
        auto list = ordered_json::array();
        for (std::size_t k = 0; k < uncertain.size(); ++k) {
            const auto& p = uncertain[k];
            list.push_back({{"parameter", p.pointer}, {"in", k < run.model.uncertain.size() ? "model" : "scenario"},
                            {"label", p.label}, {"distribution", p.distribution.describe()},
                            {"median", r6(p.distribution.median())}});
        }
        j["uncertain"] = std::move(list);
    }
    auto sectors = ordered_json::array();
    for (std::size_t i = 0; i < run.scores.sectors.size(); ++i) {
        const auto& sec = run.model.sectors[i];
        auto s = score_json(run.scores.sectors[i]);
        ordered_json row;
        row["id"] = s["id"];
        row["name"] = sec.name;
        row["name_ja"] = sec.name_ja;
        row["weight"] = sec.weight;
        for (auto it = s.begin(); it != s.end(); ++it)
            if (it.key() != "id") row[it.key()] = it.value();
        if (run.households) add_counts(row, *run.households, i);
        sectors.push_back(row);
    }
    j["sectors"] = sectors;
    auto classes = ordered_json::array();
    for (const auto& c : run.scores.classes) classes.push_back(score_json(c));
    j["classes"] = classes;
    const auto& o = run.scores.overall;
    j["overall"] = {{"rto_compliance", r6(o.rto_compliance)}, {"grade", o.grade},
                    {"inoperability_hours", r6(o.inoperability_hours)}, {"loss", r6(o.loss)}};
    auto notes = run.result.notes;
    if (run.households)
        for (const auto& note : run.households->notes) notes.push_back(note);
    if (run.reach)
        for (auto& n : reach_notes(run.scenario, *run.reach)) notes.push_back(std::move(n));
    j["notes"] = notes;
    return j.dump(2) + "\n";
}

namespace {

ordered_json summary_stats(const Summary& s) {
    return {{"mean", r6(s.mean)}, {"sd", r6(s.sd)}, {"p10", r6(s.p10)}, {"p50", r6(s.p50)}, {"p90", r6(s.p90)}};
}

}  // namespace

std::string mc_summary_json(const RunSummary& central, const MonteCarloResult& mc, std::uint64_t seed) {
    // The run's header (scenario, model, engine, events) first, then the Monte
    // Carlo's own figures, then the deterministic run's scores, labelled as such.
    const auto run = ordered_json::parse(summary_json(central));
    ordered_json j;
    for (const char* key : {"cisim", "kind", "scenario", "model", "engine", "seed", "horizon_h", "step_h",
                            "service_threshold", "events", "uncertain"})
        if (run.contains(key)) j[key] = run[key];
    j["kind"] = "mc";
    j["seed"] = seed;
    const auto& d = mc.distribution;
    auto sectors = ordered_json::array();
    for (const auto& s : d.sectors) {
        ordered_json row;
        row["id"] = s.id;
        row["p_rto_breach"] = s.has_rto ? ordered_json(r6(s.p_rto_breach)) : ordered_json(nullptr);
        row["p_mtpd_breach"] = r6(s.p_mtpd_breach);
        row["p_not_recovered"] = r6(s.p_not_recovered);
        row["inoperability_hours"] = summary_stats(s.inoperability_hours);
        row["downtime_h"] = summary_stats(s.downtime_h);
        row["outage_h"] = summary_stats(s.outage_h);
        row["min_operability"] = summary_stats(s.min_operability);
        row["loss"] = s.loss ? summary_stats(*s.loss) : ordered_json(nullptr);
        const auto sector = static_cast<std::size_t>(&s - d.sectors.data());
        for (const auto& p : mc.count_peaks)
            if (p.sector == sector) {
                if (p.households) row["households_out_peak"] = summary_stats(*p.households);
                if (p.population) row["population_out_peak"] = summary_stats(*p.population);
            }
        sectors.push_back(row);
    }
    ordered_json grades;
    for (const auto& [g, p] : d.grade_distribution) grades[g] = r6(p);
    auto ih = summary_stats(d.inoperability_hours);
    ih["sem"] = r6(d.sem);
    j["monte_carlo"] = {{"samples", d.samples}, {"seed", seed}, {"sectors", sectors},
                        {"overall", {{"grade_distribution", grades}, {"rto_compliance", summary_stats(d.rto_compliance)},
                                     {"inoperability_hours", ih}, {"converged", d.converged},
                                     {"loss", d.loss ? summary_stats(*d.loss) : ordered_json(nullptr)}}}};
    j["deterministic_central_case"] = {
        {"about", "cisim run's result, the central case of the samples (one fixed, well-spread realisation of the "
                  "stochastic parts), not a Monte Carlo statistic"},
        {"sectors", run["sectors"]}, {"classes", run["classes"]}, {"overall", run["overall"]}, {"notes", run["notes"]}};
    // Which households figures are the central case's and which the samples'.
    if (central.households)
        j["monte_carlo"]["households_basis"] =
            "deterministic_central_case.sectors[]: cisim run's central case; monte_carlo.sectors[]: peaks over the samples";
    return j.dump(2) + "\n";
}

std::string mc_bands_csv(const Model& model, const OperabilityBands& b) {
    std::string out = "t_h,id,p10,p50,p90,mean\n";
    for (std::size_t k = 0; k < b.times.size(); ++k)
        for (std::size_t s = 0; s < b.sector_count; ++s) {
            const auto at = k * b.sector_count + s;
            out += fmt(b.times[k], "%.6g") + "," + csv_field(model.sectors[s].id) + "," + fmt(b.p10[at], "%.6f") + "," +
                   fmt(b.p50[at], "%.6f") + "," + fmt(b.p90[at], "%.6f") + "," + fmt(b.mean[at], "%.6f") + "\n";
        }
    return out;
}

UnitSeries unit_series_form(const Result& result, UnitSeries requested) {
    if (!result.has_units()) return UnitSeries::full;
    if (requested != UnitSeries::automatic) return requested;
    return result.unit_count * result.times.size() <= full_unit_rows_limit ? UnitSeries::full : UnitSeries::changes;
}

namespace {

/// An operability as timeseries.csv prints it (%.6f), into `buf` (32 chars); returns the end.
char* operability_text(char* buf, double v) {
    if (v == 1.0) {  // most cells of a big model: assets never hit
        static constexpr char one[] = "1.000000";
        return std::copy(one, one + 8, buf);
    }
    return std::to_chars(buf, buf + 32, v, std::chars_format::fixed, 6).ptr;
}

}  // namespace

void write_unit_changes_csv(std::ostream& out, const Network& network, const Result& result) {
    out << "t_h,id,operability\n";
    const std::size_t units = result.unit_count;
    if (!result.has_units() || result.times.empty()) return;
    std::vector<char> quoted(units);
    for (std::size_t u = 0; u < units; ++u) quoted[u] = csv_field(network.units[u].id) != network.units[u].id;
    std::string rows;  // one step at a time
    char now[32], before[32];
    UnitCurves::Rows steps(result.unit_operability);
    for (std::size_t k = 0; k < result.times.size(); ++k) {
        rows.clear();
        const auto t = fmt(result.times[k], "%.6g");
        const auto row = steps.next();
        for (const auto [u, previous] : steps.moved()) {
            const double v = row[u];
            char* end = operability_text(now, v);
            if (k > 0) {
                if (v == previous) continue;  // 0 and −0
                // Unequal floats may print alike (a change below 1e-6).
                const char* end_before = operability_text(before, previous);
                if (std::string_view(now, static_cast<std::size_t>(end - now)) ==
                    std::string_view(before, static_cast<std::size_t>(end_before - before)))
                    continue;
            }
            rows += t;
            rows += ',';
            const auto& id = network.units[u].id;
            if (quoted[u]) rows += csv_field(id);
            else rows += id;
            rows += ',';
            rows.append(now, end);
            rows += '\n';
        }
        out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    }
}

void write_timeseries_csv(std::ostream& out, const Model& model, const Network& network, const Result& result,
                          bool with_units) {
    out << "t_h,level,id,operability\n";
    // At a million assets the file has 169 M rows: they are appended in place,
    // with numbers from to_chars (the digits of printf's %.6f).
    const std::size_t sectors = result.sector_count, units = result.has_units() && with_units ? result.unit_count : 0;
    auto id = [&](std::size_t i) -> const std::string& { return i < sectors ? model.sectors[i].id : network.units[i - sectors].id; };
    std::vector<char> quoted(sectors + units);
    for (std::size_t i = 0; i < quoted.size(); ++i) quoted[i] = csv_field(id(i)) != id(i);
    std::string rows;  // one step at a time
    char value[32];
    std::optional<UnitCurves::Rows> unit_steps;
    if (units > 0) unit_steps.emplace(result.unit_operability);
    for (std::size_t k = 0; k < result.times.size(); ++k) {
        rows.clear();
        const auto t = fmt(result.times[k], "%.6g");
        const auto unit_row = unit_steps ? unit_steps->next() : std::span<const float>{};
        for (std::size_t i = 0; i < quoted.size(); ++i) {
            const double v = i < sectors ? result.sector_at(k, i) : unit_row[i - sectors];
            rows += t;
            rows += i < sectors ? ",sector," : ",node,";
            if (quoted[i]) rows += csv_field(id(i));
            else rows += id(i);
            rows += ',';
            rows.append(value, operability_text(value, v));
            rows += '\n';
        }
        out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    }
}

std::string households_csv(const Model& model, const HouseholdsOut& h) {
    std::string out = "t_h,sector";
    if (h.has_households) out += ",households_out";
    if (h.has_population) out += ",population_out";
    out += "\n";
    auto cell = [&](const std::optional<CountOut>& c, std::size_t k) {
        return c ? "," + fmt(c->out[k], "%.3f") : std::string(",");
    };
    for (std::size_t k = 0; k < h.times.size(); ++k)
        for (const auto& s : h.sectors) {
            out += fmt(h.times[k], "%.6g") + "," + csv_field(model.sectors[s.sector].id);
            if (h.has_households) out += cell(s.households, k);
            if (h.has_population) out += cell(s.population, k);
            out += "\n";
        }
    return out;
}

void write_events_csv(std::ostream& out, const Model& model, const Network& network, const Scenario& scenario,
                      const Result& result) {
    out << "t_h,level,id,sector,kind,value,cause,event\n";
    // Cells made once per sector, unit and event, rows appended in place: a
    // million-asset run logs millions of rows.
    std::vector<std::string> sector_cell(model.sectors.size()), event_cell(scenario.events.size()), kind_cell;
    for (std::size_t s = 0; s < sector_cell.size(); ++s) sector_cell[s] = csv_field(model.sectors[s].id);
    for (std::size_t i = 0; i < event_cell.size(); ++i) event_cell[i] = csv_field(event_label(scenario, i));
    std::vector<char> quoted(network.size());
    for (std::size_t u = 0; u < quoted.size(); ++u) quoted[u] = csv_field(network.units[u].id) != network.units[u].id;
    auto unit_cell = [&](std::string& rows, std::size_t u) {
        if (quoted[u]) rows += csv_field(network.units[u].id);
        else rows += network.units[u].id;
    };
    auto number = [](std::string& rows, double v) {  // printf's %.6g
        char buf[32];
        rows.append(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6).ptr);
    };
    std::string rows;
    for (const auto& e : result.log) {
        const bool sector = e.level == Level::sector;
        number(rows, e.t_h);
        rows += sector ? ",sector," : ",node,";
        if (sector) rows += sector_cell[e.index];
        else unit_cell(rows, e.index);
        rows += ',';
        rows += sector_cell[sector ? e.index : network.units[e.index].sector];
        rows += ',';
        const auto k = static_cast<std::size_t>(e.kind);
        if (k >= kind_cell.size()) kind_cell.resize(k + 1);
        if (kind_cell[k].empty()) kind_cell[k] = to_string(e.kind);
        rows += kind_cell[k];
        rows += ',';
        number(rows, e.value);
        rows += ',';
        if (e.cause_unit >= 0) unit_cell(rows, static_cast<std::size_t>(e.cause_unit));
        else if (e.cause_sector >= 0) rows += sector_cell[static_cast<std::size_t>(e.cause_sector)];
        rows += ',';
        if (e.event >= 0 && static_cast<std::size_t>(e.event) < event_cell.size())
            rows += event_cell[static_cast<std::size_t>(e.event)];
        rows += '\n';
        if (rows.size() >= (1u << 20)) {
            out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
            rows.clear();
        }
    }
    out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
}

std::string events_csv(const Model& model, const Network& network, const Scenario& scenario, const Result& result) {
    std::ostringstream out;
    write_events_csv(out, model, network, scenario, result);
    return std::move(out).str();
}

}  // namespace cisim
