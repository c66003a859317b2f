// cisim._core: the library for Python (SPEC §11). The only file that knows
// pybind11. It hands Python plain values: JSON text written by sim/io (the
// same writers as the CLI's files), column lists and NumPy arrays; the package
// (cisim/__init__.py) turns them into dicts and pandas DataFrames.
// Long calls run without the GIL: other Python threads go on meanwhile.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/Households.hpp"
#include "analysis/ScenarioRun.hpp"
#include "analysis/StaticAnalysis.hpp"
#include "engines/Engine.hpp"
#include "engines/Iim.hpp"
#include "hazards/HazardReport.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "io/AnalysisJson.hpp"
#include "io/GraphMl.hpp"
#include "io/IimJson.hpp"
#include "io/ModelJson.hpp"
#include "io/RunFiles.hpp"
#include "io/ScenarioInputs.hpp"
#include "io/Sha256.hpp"
#include "model/Error.hpp"
#include "montecarlo/MonteCarlo.hpp"

namespace py = pybind11;

namespace cisim::python {
namespace {

/// A loaded model file: what summary.json names (path, hash) and the model.
struct ModelHandle {
    std::string path;
    HashedFile<Model> file;
};

struct ScenarioHandle {
    std::string path;
    HashedFile<Scenario> file;
};

/// Operability over time as a (times × ids) array, and the ids of its columns.
struct Curves {
    std::vector<std::string> ids;
    py::array_t<double> values;
};

/// events.csv's columns, raw (no CSV quoting or formula guard: a DataFrame is no spreadsheet).
struct EventColumns {
    std::vector<double> t_h, value;
    std::vector<std::string> level, id, sector, kind, cause, event;
};

/// One run: its inputs and everything `cisim run --out` writes from.
struct RunHandle {
    ScenarioInputs inputs;
    ScenarioRun run;
};

struct McHandle {
    ScenarioInputs inputs;
    Network network;
    MonteCarloResult mc;
    std::vector<EventReach> reach;
    std::uint64_t seed = 1;
};

const Engine& engine_named(const EngineRegistry& registry, const std::string& name) {
    const Engine* engine = registry.find(name);
    if (!engine) {
        std::string known;
        for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
        throw py::value_error("unknown engine '" + name + "' (known: " + known + ")");
    }
    return *engine;
}

ScenarioInputs pair(const ScenarioHandle& scenario, const ModelHandle& model) {
    return pair_scenario_inputs(scenario.path, scenario.file, model.path, model.file);
}

py::array_t<double> matrix(const std::vector<float>& values, std::size_t rows, std::size_t cols) {
    py::array_t<double> out({rows, cols});
    auto view = out.mutable_unchecked<2>();
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) view(r, c) = values[r * cols + c];  // float → double is exact
    return out;
}

Curves sector_curves(const Model& model, const Result& result) {
    Curves c;
    for (const auto& s : model.sectors) c.ids.push_back(s.id);
    c.values = matrix(result.sector_operability, result.times.size(), result.sector_count);
    return c;
}

Curves unit_curves(const Network& network, const Result& result) {
    Curves c;
    for (const auto& u : network.units) c.ids.push_back(u.id);
    if (result.has_units()) {
        c.values = matrix(result.unit_operability.dense(), result.times.size(), result.unit_count);
        return c;
    }
    // Engines keep no unit curves when every unit is a whole sector (a
    // sector-level model): each unit's curve is its sector's.
    const auto rows = result.times.size(), cols = network.units.size();
    c.values = py::array_t<double>({rows, cols});
    auto view = c.values.mutable_unchecked<2>();
    for (std::size_t k = 0; k < rows; ++k)
        for (std::size_t u = 0; u < cols; ++u) view(k, u) = result.sector_at(k, network.units[u].sector);
    return c;
}

// The rows of events.csv (io/RunFiles.cpp events_csv), as columns.
EventColumns event_columns(const Model& model, const Network& network, const Scenario& scenario, const Result& result) {
    EventColumns c;
    for (const auto& e : result.log) {
        const bool sector = e.level == Level::sector;
        const auto& id = sector ? model.sectors[e.index].id : network.units[e.index].id;
        c.t_h.push_back(e.t_h);
        c.level.push_back(sector ? "sector" : "node");
        c.id.push_back(id);
        c.sector.push_back(sector ? id : model.sectors[network.units[e.index].sector].id);
        c.kind.push_back(to_string(e.kind));
        c.value.push_back(e.value);
        std::string cause;
        if (e.cause_unit >= 0) cause = network.units[static_cast<std::size_t>(e.cause_unit)].id;
        else if (e.cause_sector >= 0) cause = model.sectors[static_cast<std::size_t>(e.cause_sector)].id;
        c.cause.push_back(std::move(cause));
        const auto i = static_cast<std::size_t>(e.event);
        c.event.push_back(e.event >= 0 && i < scenario.events.size() ? event_label(scenario, i) : "");
    }
    return c;
}

py::dict to_dict(const EventColumns& c) {
    py::dict d;
    d["t_h"] = c.t_h;
    d["level"] = c.level;
    d["id"] = c.id;
    d["sector"] = c.sector;
    d["kind"] = c.kind;
    d["value"] = c.value;
    d["cause"] = c.cause;
    d["event"] = c.event;
    return d;
}

// summary.json as `cisim run --out` writes it.
std::string run_summary(const RunHandle& h) {
    const auto& model = h.inputs.model_file.value;
    std::optional<HouseholdsOut> households;
    if (carries_households(model)) households = households_out(model, h.run.network, h.run.result);
    const RunSummary summary{model, h.inputs.scenario_file.value, h.run.result, h.run.scores,
                             {h.inputs.model_path, h.inputs.model_file.sha256},
                             {h.inputs.scenario_path, h.inputs.scenario_file.sha256},
                             households ? &*households : nullptr, &h.run.reach};
    return summary_json(summary);
}

// summary.json as `cisim mc --out` writes it.
std::string mc_summary(const McHandle& h) {
    const auto& model = h.inputs.model_file.value;
    std::optional<HouseholdsOut> households;
    if (carries_households(model)) households = households_out(model, h.network, h.mc.central);
    const RunSummary central{model, h.inputs.scenario_file.value, h.mc.central, h.mc.central_scores,
                             {h.inputs.model_path, h.inputs.model_file.sha256},
                             {h.inputs.scenario_path, h.inputs.scenario_file.sha256},
                             households ? &*households : nullptr, &h.reach};
    return mc_summary_json(central, h.mc, h.seed);
}

// cisim.InputError: ValueError with .file, .pointer, .message; str() is the CLI's line.
PyObject* input_error_type = nullptr;

// Messages quote input, which may not be valid UTF-8: a translator must not throw.
py::object text(const std::string& s) {
    return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
}

void raise_input_error(const InputError& e) {
    py::object type = py::reinterpret_borrow<py::object>(input_error_type);
    py::object error = type(text(e.what()));
    error.attr("file") = text(e.file());
    error.attr("pointer") = text(e.pointer());
    error.attr("message") = text(e.message());
    PyErr_SetObject(input_error_type, error.ptr());
}

}  // namespace
}  // namespace cisim::python

PYBIND11_MODULE(_core, m) {
    using namespace cisim;
    using namespace cisim::python;
    m.doc() = "cisim's C++ library (use the cisim package, not this module)";
    m.attr("__version__") = CISIM_VERSION;

    input_error_type = PyErr_NewExceptionWithDoc(
        "cisim.InputError", "Bad input: .file, .pointer (JSON pointer) and .message; str() is the CLI's line.",
        PyExc_ValueError, nullptr);
    m.add_object("InputError", py::handle(input_error_type));
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputError& e) {
            raise_input_error(e);
        }
    });

    py::class_<ModelHandle, std::shared_ptr<ModelHandle>>(m, "ModelHandle")
        .def_property_readonly("path", [](const ModelHandle& h) { return h.path; })
        .def_property_readonly("sha256", [](const ModelHandle& h) { return h.file.sha256; })
        .def_property_readonly("name", [](const ModelHandle& h) { return h.file.value.name; })
        .def_property_readonly("sector_ids",
                               [](const ModelHandle& h) {
                                   std::vector<std::string> ids;
                                   for (const auto& s : h.file.value.sectors) ids.push_back(s.id);
                                   return ids;
                               })
        .def_property_readonly("node_ids",
                               [](const ModelHandle& h) {
                                   std::vector<std::string> ids;
                                   for (const auto& n : h.file.value.nodes) ids.push_back(n.id);
                                   return ids;
                               })
        .def("graphml", [](const ModelHandle& h) {
            std::string text;
            {
                py::gil_scoped_release released;
                text = model_to_graphml(h.file.value);
            }
            return py::bytes(text);
        })
        .def("json", [](const ModelHandle& h) {
            py::gil_scoped_release released;
            return model_to_json(h.file.value);
        });

    py::class_<ScenarioHandle, std::shared_ptr<ScenarioHandle>>(m, "ScenarioHandle")
        .def_property_readonly("path", [](const ScenarioHandle& h) { return h.path; })
        .def_property_readonly("sha256", [](const ScenarioHandle& h) { return h.file.sha256; })
        .def_property_readonly("name", [](const ScenarioHandle& h) { return h.file.value.name; })
        .def_property_readonly("model_path", [](const ScenarioHandle& h) { return resolve_model_path(h.file.value); })
        .def_property_readonly("samples", [](const ScenarioHandle& h) { return h.file.value.monte_carlo.samples; })
        .def_property_readonly("seed", [](const ScenarioHandle& h) { return h.file.value.monte_carlo.seed; })
        .def("json", [](const ScenarioHandle& h) { return scenario_to_json(h.file.value); });

    m.def("load_model_file", [](const std::string& path) {
        py::gil_scoped_release released;
        return std::make_shared<ModelHandle>(ModelHandle{path, load_model_file_hashed(path)});
    });
    // JSON text from a dict; `file` names it in messages and summary.json.
    m.def("parse_model", [](const std::string& text, const std::string& file) {
        py::gil_scoped_release released;
        return std::make_shared<ModelHandle>(ModelHandle{file, {parse_model(text, file), sha256_hex(text)}});
    });
    m.def("load_scenario_file", [](const std::string& path) {
        py::gil_scoped_release released;
        return std::make_shared<ScenarioHandle>(ScenarioHandle{path, load_scenario_hashed(path)});
    });
    m.def("parse_scenario", [](const std::string& text, const std::string& file) {
        py::gil_scoped_release released;
        return std::make_shared<ScenarioHandle>(ScenarioHandle{file, {parse_scenario(text, file), sha256_hex(text)}});
    });
    // Raises InputError when the scenario names what the model lacks.
    m.def("check_pair", [](const ScenarioHandle& scenario, const ModelHandle& model) {
        py::gil_scoped_release released;
        pair(scenario, model);
    });

    m.def("engines", [] {
        EngineRegistry registry;
        register_builtin_engines(registry);
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto* e : registry.list()) out.emplace_back(e->name(), e->description());
        return out;
    });

    py::class_<RunHandle, std::shared_ptr<RunHandle>>(m, "RunHandle")
        .def("summary_json", [](const RunHandle& h) {
            py::gil_scoped_release released;
            return run_summary(h);
        })
        .def_property_readonly("times", [](const RunHandle& h) { return h.run.result.times; })
        .def("sectors",
             [](const RunHandle& h) {
                 auto c = sector_curves(h.inputs.model_file.value, h.run.result);
                 return py::make_tuple(c.ids, c.values);
             })
        .def("units",
             [](const RunHandle& h) {
                 auto c = unit_curves(h.run.network, h.run.result);
                 return py::make_tuple(c.ids, c.values);
             })
        .def("events", [](const RunHandle& h) {
            return to_dict(event_columns(h.inputs.model_file.value, h.run.network, h.inputs.scenario_file.value,
                                         h.run.result));
        });

    m.def(
        "run",
        [](const ScenarioHandle& scenario, const ModelHandle& model, const std::string& engine_name,
           std::uint64_t seed, int threads) {
            EngineRegistry registry;
            register_builtin_engines(registry);
            const Engine& engine = engine_named(registry, engine_name);
            if (threads < 1 || threads > 256) throw py::value_error("threads must be in [1, 256]");
            py::gil_scoped_release released;
            auto h = std::make_shared<RunHandle>(RunHandle{pair(scenario, model), {}});
            RunOptions options;
            options.seed = seed;
            options.threads = threads;
            h->run = run_scenario(engine, h->inputs.model_file.value, h->inputs.scenario_file.value, options);
            return h;
        },
        py::arg("scenario"), py::arg("model"), py::arg("engine"), py::arg("seed"), py::arg("threads"));

    py::class_<McHandle, std::shared_ptr<McHandle>>(m, "McHandle")
        .def("summary_json", [](const McHandle& h) {
            py::gil_scoped_release released;
            return mc_summary(h);
        })
        .def_property_readonly("samples", [](const McHandle& h) { return h.mc.distribution.samples; })
        .def_property_readonly("seed", [](const McHandle& h) { return h.seed; })
        .def_property_readonly("times", [](const McHandle& h) { return h.mc.bands.times; })
        // mc_bands.csv's figures: (ids, p10, p50, p90, mean), each times × sectors.
        .def("bands",
             [](const McHandle& h) {
                 const auto& b = h.mc.bands;
                 std::vector<std::string> ids;
                 for (const auto& s : h.inputs.model_file.value.sectors) ids.push_back(s.id);
                 const auto rows = b.times.size(), cols = b.sector_count;
                 return py::make_tuple(ids, matrix(b.p10, rows, cols), matrix(b.p50, rows, cols),
                                       matrix(b.p90, rows, cols), matrix(b.mean, rows, cols));
             })
        .def("central_sectors", [](const McHandle& h) {
            auto c = sector_curves(h.inputs.model_file.value, h.mc.central);
            return py::make_tuple(c.ids, c.values);
        });

    m.def(
        "mc",
        [](const ScenarioHandle& scenario, const ModelHandle& model, const std::string& engine_name, int samples,
           std::uint64_t seed, int threads) {
            EngineRegistry registry;
            register_builtin_engines(registry);
            const Engine& engine = engine_named(registry, engine_name);
            if (samples < 1 || samples > 10000000) throw py::value_error("samples must be in [1, 10000000]");
            if (threads < 1 || threads > 256) throw py::value_error("threads must be in [1, 256]");
            py::gil_scoped_release released;
            auto h = std::make_shared<McHandle>();
            h->inputs = pair(scenario, model);
            h->seed = seed;
            const auto& mo = h->inputs.model_file.value;
            const auto& sc = h->inputs.scenario_file.value;
            MonteCarloOptions options;
            options.samples = samples;
            options.seed = seed;
            options.threads = threads;
            h->network = build_network(mo);
            h->mc = run_monte_carlo(mo, h->network, sc, engine, options);
            // As `cisim mc`: reach from the central case's disruption.
            const auto hazards = asset_hazards(mo, h->network, sc);
            h->reach = event_reach(mo, h->network, sc, hazards, compile_disruption(mo, h->network, sc, {false, seed}));
            return h;
        },
        py::arg("scenario"), py::arg("model"), py::arg("engine"), py::arg("samples"), py::arg("seed"),
        py::arg("threads"));

    m.def(
        "analyze",
        [](const ModelHandle& model, const std::vector<std::string>& fail, double threshold) {
            py::gil_scoped_release released;
            AnalysisOptions options;
            options.fail = fail;
            options.threshold = threshold;
            return analysis_to_json(analyze_model(model.file.value, options));
        },
        py::arg("model"), py::arg("fail"), py::arg("threshold"));

    m.def(
        "iim",
        [](const ModelHandle& model, const std::map<std::string, double>& shocks) {
            py::gil_scoped_release released;
            return iim_to_json(solve_iim(model.file.value, shocks));
        },
        py::arg("model"), py::arg("shocks"));
}
