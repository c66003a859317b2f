#include "io/ModelJson.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "io/Descriptor.hpp"
#include "io/Gzip.hpp"
#include "io/JsonParse.hpp"
#include "io/JsonSchema.hpp"
#include "io/ModelWriter.hpp"
#include "io/Sha256.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace cisim {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr std::string_view model_schema_id = "cisim-model/1";
constexpr std::string_view scenario_schema_id = "cisim-scenario/1";

// --- reading (the schema has already vouched for types and ranges) ---------

std::string str(const json& o, const char* key, const std::string& fallback = {}) {
    auto it = o.find(key);
    return it == o.end() ? fallback : it->get<std::string>();
}

/// str() for a value about to be discarded: the string is moved out.
std::string take(json& o, const char* key, const std::string& fallback = {}) {
    auto it = o.find(key);
    return it == o.end() ? fallback : std::move(it->get_ref<std::string&>());
}

double num(const json& o, const char* key, double fallback) {
    auto it = o.find(key);
    return it == o.end() ? fallback : it->get<double>();
}

std::optional<double> opt_num(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? std::nullopt : std::optional<double>(it->get<double>());
}

bool flag(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->get<bool>();
}

// The same readers for a streamed element read as a FlatObject.
std::string str(const io::FlatObject& o, const char* key, const std::string& fallback = {}) {
    const auto* v = o.find(key);
    return v ? v->string : fallback;
}
std::string take(io::FlatObject& o, const char* key, const std::string& fallback = {}) {
    auto* v = o.find(key);
    return v ? std::move(v->string) : fallback;
}
double num(const io::FlatObject& o, const char* key, double fallback) {
    const auto* v = o.find(key);
    return v ? v->as_double() : fallback;
}
std::optional<double> opt_num(const io::FlatObject& o, const char* key) {
    const auto* v = o.find(key);
    return v ? std::optional<double>(v->as_double()) : std::nullopt;
}
bool flag(const io::FlatObject& o, const char* key) {
    const auto* v = o.find(key);
    return v && v->boolean;
}

DependencyType dependency_type(const std::string& s) {
    if (s == "cyber") return DependencyType::cyber;
    if (s == "geographic") return DependencyType::geographic;
    if (s == "logical") return DependencyType::logical;
    return DependencyType::physical;
}

EventKind event_kind(const std::string& s) {
    for (auto k : {EventKind::it_outage, EventKind::blackout, EventKind::rolling_blackout, EventKind::earthquake,
                   EventKind::tsunami, EventKind::restore})
        if (to_string(k) == s) return k;
    return EventKind::it_outage;
}

Recovery recovery(const std::string& s) {
    if (s == "linear") return Recovery::linear;
    if (s == "exponential") return Recovery::exponential;
    return Recovery::step;
}

/// A wrong "schema" names /schema, and says so when a model and a scenario were mixed up.
void expect_schema(const json& doc, std::string_view expected, const std::string& file) {
    if (!doc.is_object()) return;  // the schema validation phrases this
    const std::string want = "\"" + std::string(expected) + "\"";
    auto it = doc.find("schema");
    if (it == doc.end()) throw InputError(file, "/schema", "missing; expected " + want);
    if (it->is_string() && *it == expected) return;
    if (it->is_string() && (*it == model_schema_id || *it == scenario_schema_id)) {
        const bool is_model = *it == model_schema_id;
        throw InputError(file, "/schema",
                         std::string("this is a ") + (is_model ? "model" : "scenario") + " (\"" +
                             it->get<std::string>() + "\"); expected a " + (is_model ? "scenario" : "model") +
                             " (" + want + ")");
    }
    throw InputError(file, "/schema", "expected " + want + ", got " + it->dump());
}

/// An {"uncertain": …} object as a distribution (the schema has vouched for its
/// form); none for anything else. `fraction`: the value is a share in [0, 1].
std::optional<Distribution> uncertain_from(const json& v, bool fraction, const std::string& file,
                                           const std::string& pointer) {
    if (!v.is_object()) return std::nullopt;
    auto kind = v.find("uncertain");
    if (kind == v.end()) return std::nullopt;
    Distribution d;
    const auto k = kind->get<std::string>();
    if (k == "lognormal") {
        d.kind = Distribution::Kind::lognormal;
        d.median_value = v.at("median").get<double>();
        d.beta = v.at("beta").get<double>();
        if (fraction && d.median_value > 1) throw InputError(file, pointer + "/median", "a share must be at most 1");
        return d;
    }
    d.kind = k == "triangular" ? Distribution::Kind::triangular : Distribution::Kind::uniform;
    d.min = v.at("min").get<double>();
    d.max = v.at("max").get<double>();
    d.mode = d.kind == Distribution::Kind::triangular ? v.at("mode").get<double>() : d.min;
    if (d.max < d.min) throw InputError(file, pointer + "/max", "must not be below min");
    if (d.kind == Distribution::Kind::triangular && (d.mode < d.min || d.mode > d.max))
        throw InputError(file, pointer + "/mode", "must lie between min and max");
    if (fraction && d.max > 1) throw InputError(file, pointer + "/max", "a share must be at most 1");
    return d;
}

/// Records o[key] when it is uncertain and puts its median in its place (for
/// the readers of numbers below).
void take_uncertain(json& o, const char* key, bool fraction, const std::string& file, const std::string& base,
                    const std::string& label, UncertainPlace place, std::size_t index,
                    std::vector<UncertainParameter>& out) {
    auto it = o.find(key);
    if (it == o.end()) return;
    const auto pointer = base + "/" + key;
    auto d = uncertain_from(*it, fraction, file, pointer);
    if (!d) return;
    auto source = str(*it, "source");
    *it = d->median();
    out.push_back({pointer, label + " " + key, *d, place, index, key, std::move(source)});
}

// The elements of the big arrays are read once and dropped, so their strings
// are moved; they come as a json tree or as a FlatObject.
// A spread's quantile function (the schema has vouched for its form; the
// semantic check sees shares that do not add up to 1).
Spread spread_from(const json& o) {
    Spread s;
    const auto kind = o.at("spread").get<std::string>();
    if (kind == "uniform") {
        s.p = {0.0, 1.0};
        s.v = {o.at("min").get<double>(), o.at("max").get<double>()};
    } else if (kind == "quantiles") {
        const auto& values = o.at("values");
        for (std::size_t i = 0; i < values.size(); ++i) {
            s.p.push_back(values.size() > 1 ? static_cast<double>(i) / static_cast<double>(values.size() - 1) : 0.0);
            s.v.push_back(values[i].get<double>());
        }
        if (values.size() == 1) {
            s.p.push_back(1.0);
            s.v.push_back(s.v.front());
        }
    } else {  // mixture: the parts laid end to end over the population
        double at = 0;
        for (const auto& part : o.at("parts")) {
            const double share = part.at(0).get<double>();
            const auto& value = part.at(1);
            if (value.is_number()) {
                s.p.insert(s.p.end(), {at, at + share});
                s.v.insert(s.v.end(), {value.get<double>(), value.get<double>()});
            } else {
                const auto inner = spread_from(value);
                for (std::size_t i = 0; i < inner.p.size(); ++i) {
                    s.p.push_back(at + share * inner.p[i]);
                    s.v.push_back(inner.v[i]);
                }
            }
            at += share;
        }
    }
    return s;
}

/// A parameter given as a number, a spread or by year: sets the scalar (the
/// mean of a spread; the latest vintage) and keeps the rest in `d.forms`.
void param_from(const json& v, const char* name, double& scalar, std::optional<Spread> DependencySpreads::*spread,
                Dependency& d) {
    if (v.is_number()) {
        scalar = v.get<double>();
        return;
    }
    auto& forms = d.forms.edit();
    forms.given_as.emplace_back(name, v.dump());
    if (v.contains("uncertain")) {  // the median; the value is listed in Model::uncertain
        scalar = uncertain_from(v, false, {}, {})->median();
        return;
    }
    auto one = [](const json& x, double& value, std::optional<Spread>& sp) {
        if (x.is_number()) {
            value = x.get<double>();
            sp.reset();
        } else {
            sp = spread_from(x);
            value = sp->mean();
        }
    };
    if (auto years = v.find("by_year"); years != v.end()) {
        std::vector<YearValue> entries;
        for (const auto& e : *years) {
            YearValue y;
            y.from = e.at("from").get<int>();
            one(e.at("value"), y.value, y.spread);
            y.source = str(e, "source");
            entries.push_back(std::move(y));
        }
        scalar = entries.back().value;
        forms.spread.*spread = entries.back().spread;
        forms.by_year.emplace_back(name, std::move(entries));
        return;
    }
    one(v, scalar, forms.spread.*spread);
}

template <class Object>
void params_from(Object& j, Dependency& d) {
    d.strength = num(j, "strength", 1.0);
    d.buffer_h = num(j, "buffer_h", 0.0);
    d.refill_h = opt_num(j, "refill_h");
    d.delay_h = num(j, "delay_h", 0.0);
}
template <>
void params_from(json& j, Dependency& d) {
    d.strength = 1.0;
    if (auto it = j.find("strength"); it != j.end()) param_from(*it, "strength", d.strength, &DependencySpreads::strength, d);
    if (auto it = j.find("buffer_h"); it != j.end()) param_from(*it, "buffer_h", d.buffer_h, &DependencySpreads::buffer_h, d);
    if (auto it = j.find("refill_h"); it != j.end()) {
        double refill = 0;
        param_from(*it, "refill_h", refill, &DependencySpreads::refill_h, d);
        d.refill_h = refill;
    }
    if (auto it = j.find("delay_h"); it != j.end()) param_from(*it, "delay_h", d.delay_h, &DependencySpreads::delay_h, d);
}

template <class Object>
Dependency dependency_from(Object& j) {
    Dependency d;
    d.from = take(j, "from");
    d.to = take(j, "to");
    d.type = dependency_type(str(j, "type", "physical"));
    d.effect = str(j, "effect", "function") == "repair" ? DependencyEffect::repair : DependencyEffect::function;
    params_from(j, d);
    d.group = take(j, "group");
    d.set_source(take(j, "source"));
    d.set_note(take(j, "note"));
    return d;
}
Dependency dependency_from(const json& j) {
    json copy = j;
    return dependency_from(copy);
}

/// A repair_scale given as a number or, for a population, spread over its members.
double repair_scale_from(const json& o, Boxed<RepairSpread>& spread) {
    auto it = o.find("repair_scale");
    if (it == o.end()) return 1.0;
    if (it->is_number()) return it->get<double>();
    auto& r = spread.edit();
    r.spread = spread_from(*it);
    r.given = it->dump();
    return r.spread.mean();
}
double repair_scale_from(const io::FlatObject& o, Boxed<RepairSpread>&) { return num(o, "repair_scale", 1.0); }

template <class Object>
Node node_from(Object& n) {
    Node x;
    x.id = take(n, "id");
    x.sector = take(n, "sector");
    x.name = take(n, "name");
    x.node_class = take(n, "class");
    x.region = take(n, "region");
    x.lat = opt_num(n, "lat");
    x.lon = opt_num(n, "lon");
    x.capacity = num(n, "capacity", 1.0);
    x.coastal = flag(n, "coastal");
    x.set_elevation_m(opt_num(n, "elevation_m"));
    x.site_amplification = num(n, "site_amplification", 1.0);
    x.is_source = flag(n, "source");
    x.fragility_scale = num(n, "fragility_scale", 1.0);
    x.repair_scale = repair_scale_from(n, x.repair_spread);
    x.facilities = static_cast<std::uint32_t>(num(n, "facilities", 1.0));
    x.set_rolling_group(take(n, "rolling_group"));
    x.set_ref(take(n, "ref"));
    x.set_households(opt_num(n, "households"));
    x.set_population(opt_num(n, "population"));
    return x;
}

template <class Object>
Link link_from(Object& l) {
    return {take(l, "a"), take(l, "b")};
}

/// The root arrays of a model read one element at a time: each element is
/// schema-checked alone and converted, so no tree of the whole model is built.
bool is_streamed_array(const std::string& key) { return key == "nodes" || key == "dependencies" || key == "links"; }

/// A list of unknown length built in fixed-size chunks, then moved into one
/// vector of the exact size: a vector grown by doubling would copy and touch
/// two to three times the memory of five million dependencies, and peak at
/// one and a half times their size.
template <class T>
class Chunked {
public:
    void push_back(T&& x) {
        if (chunks_.empty() || chunks_.back().size() == chunk_size) chunks_.emplace_back().reserve(chunk_size);
        chunks_.back().push_back(std::move(x));
        ++size_;
    }
    /// Moves everything into `out` (which is empty), freeing each chunk once moved.
    void move_into(std::vector<T>& out) {
        out.reserve(size_);
        for (auto& chunk : chunks_) {
            std::move(chunk.begin(), chunk.end(), std::back_inserter(out));
            std::vector<T>().swap(chunk);
        }
        chunks_.clear();
        size_ = 0;
    }

private:
    static constexpr std::size_t chunk_size = std::size_t{1} << 15;
    std::vector<std::vector<T>> chunks_;
    std::size_t size_ = 0;
};

/// Receives the streamed elements and converts them; the first invalid one
/// ends the parse (a hundred million bad elements need not all be checked).
class StreamedElements {
public:
    explicit StreamedElements(const std::string& file) : file_(file) {}

    template <class Object>  // json or io::FlatObject
    void operator()(const std::string& key, std::size_t index, Object& element) {
        if (auto v = io::find_item_violation(io::SchemaId::model, key, index, element))
            throw InputError(file_, io::json_pointer(v->path), v->message);
        if constexpr (std::is_same_v<Object, json>) collect_uncertain(key, index, element);
        if (key == "nodes") nodes_.push_back(node_from(element));
        else if (key == "dependencies") dependencies_.push_back(dependency_from(element));
        else links_.push_back(link_from(element));
    }

    /// Lists the element's uncertain values (a FlatObject has none: they are objects).
    void collect_uncertain(const std::string& key, std::size_t index, json& element) {
        const auto base = "/" + key + "/" + std::to_string(index);
        if (key == "nodes") {
            take_uncertain(element, "fragility_scale", false, file_, base, str(element, "id"), UncertainPlace::node,
                           index, uncertain_);
        } else if (key == "dependencies") {
            for (const char* name : {"strength", "buffer_h", "refill_h", "delay_h"}) {
                auto it = element.find(name);
                if (it == element.end()) continue;
                const auto pointer = base + "/" + name;
                if (auto d = uncertain_from(*it, std::string_view(name) == "strength", file_, pointer))
                    uncertain_.push_back({pointer, str(element, "from") + "->" + str(element, "to") + " " + name, *d,
                                          UncertainPlace::dependency, index, name, str(*it, "source")});
            }
        }
    }

    /// The elements read, into `m`.
    void move_into(Model& m) {
        m.uncertain = std::move(uncertain_);
        nodes_.move_into(m.nodes);
        dependencies_.move_into(m.dependencies);
        links_.move_into(m.links);
    }

private:
    const std::string& file_;
    std::vector<UncertainParameter> uncertain_;
    Chunked<Node> nodes_;
    Chunked<Dependency> dependencies_;
    Chunked<Link> links_;
};

/// Fills `m` from the document (where the streamed arrays are empty).
void model_from(json& j, const std::string& file, Model& m) {
    m.schema = str(j, "schema");
    m.name = str(j, "name");
    m.time_unit = str(j, "time_unit", "h");
    m.file = file;
    m.source = str(j, "source");
    m.description = str(j, "description");
    auto& sectors = j.at("sectors");
    for (std::size_t i = 0; i < sectors.size(); ++i) {
        auto& s = sectors[i];
        for (const char* key : {"rto_h", "mtpd_h"})
            take_uncertain(s, key, false, file, "/sectors/" + std::to_string(i), str(s, "id"), UncertainPlace::sector,
                           i, m.uncertain);
        Sector x;
        x.id = str(s, "id");
        x.name = str(s, "name");
        x.name_ja = str(s, "name_ja");
        x.output = opt_num(s, "output");
        x.rto_h = opt_num(s, "rto_h");
        x.mtpd_h = opt_num(s, "mtpd_h");
        x.weight = num(s, "weight", 1.0);
        const auto network = str(s, "network");
        x.network = network == "sources" ? NetworkMode::sources
                    : network == "giant" ? NetworkMode::giant
                                         : NetworkMode::none;
        x.repair_scale = repair_scale_from(s, x.repair_spread);
        x.source = str(s, "source");
        x.description = str(s, "description");
        x.households = opt_num(s, "households");
        x.population = opt_num(s, "population");
        m.sectors.push_back(std::move(x));
    }
    if (auto comb = j.find("combination"); comb != j.end())
        for (const auto& [cls, rule] : comb->items())
            m.combination_by_class[cls] = rule == "product" ? Combination::product : Combination::min;
}

Event event_from(json& j, int index, const std::string& file, std::vector<UncertainParameter>& uncertain) {
    Event e;
    {
        const auto base = "/events/" + std::to_string(index);
        const auto label = str(j, "id", to_string(event_kind(str(j, "kind"))) + "#" + std::to_string(index));
        take_uncertain(j, "severity", true, file, base, label, UncertainPlace::event, static_cast<std::size_t>(index),
                       uncertain);
        take_uncertain(j, "duration_h", false, file, base, label, UncertainPlace::event,
                       static_cast<std::size_t>(index), uncertain);
    }
    e.kind = event_kind(str(j, "kind"));
    e.file_index = index;
    e.id = str(j, "id", to_string(e.kind) + "#" + std::to_string(index));
    e.description = str(j, "description");
    e.source = str(j, "source");
    e.start_h = num(j, "start_h", 0.0);
    e.target.id = str(j, "target");
    e.target.node_class = str(j, "class");
    if (auto nodes = j.find("nodes"); nodes != j.end()) e.target.nodes = nodes->get<std::vector<std::string>>();
    e.target.region = str(j, "region");
    e.severity = num(j, "severity", 1.0);
    e.duration_h = num(j, "duration_h", 0.0);
    e.recovery = recovery(str(j, "recovery", "step"));
    e.recovery_h = num(j, "recovery_h", 0.0);
    e.duration_cv = num(j, "duration_cv", 0.0);
    e.supplier = str(j, "supplier", "power");
    if (auto g = j.find("groups"); g != j.end()) e.groups = g->get<int>();
    e.slot_h = num(j, "slot_h", 0.0);
    e.end_h = num(j, "end_h", 0.0);
    e.lat = num(j, "lat", 0.0);
    e.lon = num(j, "lon", 0.0);
    e.depth_km = num(j, "depth_km", 0.0);
    e.mw = num(j, "mw", 0.0);
    e.fault_type = str(j, "fault_type", "crustal");
    e.height_m = num(j, "height_m", 0.0);
    e.repair_h = num(j, "repair_h", 0.0);
    if (auto r = j.find("restoration"); r != j.end())
        for (const auto& point : *r) e.restoration.emplace_back(point.at(0).get<double>(), point.at(1).get<double>());
    return e;
}

MeasureChange change_from(const json& j) {
    MeasureChange c;
    c.edges = str(j, "edges");
    c.nodes = str(j, "nodes");
    c.buffer_h = opt_num(j, "buffer_h");
    c.strength = opt_num(j, "strength");
    c.delay_h = opt_num(j, "delay_h");
    c.refill_h = opt_num(j, "refill_h");
    if (auto g = j.find("group"); g != j.end()) c.group = g->get<std::string>();
    c.fragility_scale = opt_num(j, "fragility_scale");
    c.repair_scale = opt_num(j, "repair_scale");
    if (auto add = j.find("add"); add != j.end())
        for (const auto& d : *add) c.add.push_back(dependency_from(d));
    return c;
}

Scenario scenario_from(json& j, const std::string& file) {
    Scenario s;
    s.schema = str(j, "schema");
    s.name = str(j, "name");
    s.description = str(j, "description");
    s.file = file;
    s.model_path = str(j, "model");
    s.source = str(j, "source");
    s.horizon_h = num(j, "horizon_h", s.horizon_h);
    s.step_h = num(j, "step_h", s.step_h);
    s.service_threshold = num(j, "service_threshold", s.service_threshold);
    if (auto as_of = j.find("as_of"); as_of != j.end()) s.as_of = as_of->get<int>();
    s.cost_unit = str(j, "cost_unit");
    if (auto events = j.find("events"); events != j.end())
        for (std::size_t i = 0; i < events->size(); ++i) s.events.push_back(event_from((*events)[i], static_cast<int>(i), file, s.uncertain));
    std::stable_sort(s.events.begin(), s.events.end(),
                     [](const Event& a, const Event& b) { return a.start_h < b.start_h; });
    if (auto measures = j.find("measures"); measures != j.end())
        for (const auto& mj : *measures) {
            Measure m;
            m.id = str(mj, "id");
            m.name = str(mj, "name");
            m.cost = num(mj, "cost", 0.0);
            m.source = str(mj, "source");
            const auto& set = mj.at("set");
            if (set.is_array())
                for (const auto& c : set) m.changes.push_back(change_from(c));
            else
                m.changes.push_back(change_from(set));
            s.measures.push_back(std::move(m));
        }
    if (auto mc = j.find("monte_carlo"); mc != j.end()) {
        if (auto n = mc->find("samples"); n != mc->end()) s.monte_carlo.samples = n->get<int>();
        if (auto seed = mc->find("seed"); seed != mc->end()) s.monte_carlo.seed = seed->get<std::uint64_t>();
    }
    return s;
}

// --- writing -----------------------------------------------------------------

/// Whole numbers are written without a fraction ("168", not "168.0").
ojson number(double x) {
    if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < 9007199254740992.0)
        return ojson(static_cast<std::int64_t>(x));
    return ojson(x);
}

void put(ojson& j, const char* key, const std::string& s) {
    if (!s.empty()) j[key] = s;
}
void put(ojson& j, const char* key, const std::optional<double>& x) {
    if (x) j[key] = number(*x);
}
void put(ojson& j, const char* key, double x, double fallback) {
    if (x != fallback || std::isnan(x)) j[key] = number(x);
}

ojson dependency_to(const Dependency& d) {
    ojson j;
    j["from"] = d.from;
    j["to"] = d.to;
    j["type"] = to_string(d.type);
    if (d.effect == DependencyEffect::repair) j["effect"] = "repair";
    auto given = [&](const char* name) -> const std::string* {
        for (const auto& [k, text] : d.forms->given_as)
            if (k == name) return &text;
        return nullptr;
    };
    if (auto* g = given("strength")) j["strength"] = ojson::parse(*g);
    else j["strength"] = number(d.strength);
    if (auto* g = given("buffer_h")) j["buffer_h"] = ojson::parse(*g);
    else put(j, "buffer_h", d.buffer_h, 0.0);
    if (auto* g = given("refill_h")) j["refill_h"] = ojson::parse(*g);
    else put(j, "refill_h", d.refill_h);
    if (auto* g = given("delay_h")) j["delay_h"] = ojson::parse(*g);
    else put(j, "delay_h", d.delay_h, 0.0);
    put(j, "group", d.group.str());
    put(j, "source", d.source());
    put(j, "note", d.note());
    return j;
}

void put_target(ojson& j, const Target& t) {
    if (!t.id.empty()) j["target"] = t.id;
    else if (!t.node_class.empty()) j["class"] = t.node_class;
    else if (!t.nodes.empty()) j["nodes"] = t.nodes;
    else if (!t.region.empty()) j["region"] = t.region;
}

/// Only the keys of the event's kind, so the output validates.
ojson event_to(const Event& e) {
    ojson j;
    j["kind"] = to_string(e.kind);
    put(j, "id", e.id);
    put(j, "description", e.description);
    put(j, "source", e.source);
    j["start_h"] = number(e.start_h);
    switch (e.kind) {
        case EventKind::it_outage:
            put_target(j, e.target);
            j["severity"] = number(e.severity);
            j["duration_h"] = number(e.duration_h);
            j["recovery"] = to_string(e.recovery);
            put(j, "recovery_h", e.recovery_h, 0.0);
            put(j, "duration_cv", e.duration_cv, 0.0);
            break;
        case EventKind::blackout:
            j["region"] = e.target.region;
            if (e.supplier != "power") j["supplier"] = e.supplier;
            j["severity"] = number(e.severity);
            if (e.restoration.empty()) {
                j["duration_h"] = number(e.duration_h);
                if (e.recovery != Recovery::step) j["recovery"] = to_string(e.recovery);
                put(j, "recovery_h", e.recovery_h, 0.0);
            } else {
                ojson points = ojson::array();
                for (const auto& [t, share] : e.restoration) points.push_back(ojson::array({number(t), number(share)}));
                j["restoration"] = std::move(points);
            }
            put(j, "duration_cv", e.duration_cv, 0.0);
            break;
        case EventKind::rolling_blackout:
            j["region"] = e.target.region;
            if (e.supplier != "power") j["supplier"] = e.supplier;
            j["severity"] = number(e.severity);
            j["groups"] = e.groups;
            j["slot_h"] = number(e.slot_h);
            j["end_h"] = number(e.end_h);
            break;
        case EventKind::earthquake:
            j["lat"] = number(e.lat);
            j["lon"] = number(e.lon);
            j["depth_km"] = number(e.depth_km);
            j["mw"] = number(e.mw);
            j["fault_type"] = e.fault_type;
            break;
        case EventKind::tsunami:
            j["region"] = e.target.region;
            j["height_m"] = number(e.height_m);
            put(j, "repair_h", e.repair_h, 0.0);
            break;
        case EventKind::restore:
            put_target(j, e.target);
            break;
    }
    return j;
}

ojson change_to(const MeasureChange& c) {
    ojson j = ojson::object();
    put(j, "edges", c.edges);
    put(j, "nodes", c.nodes);
    put(j, "buffer_h", c.buffer_h);
    put(j, "strength", c.strength);
    put(j, "delay_h", c.delay_h);
    put(j, "refill_h", c.refill_h);
    if (c.group) j["group"] = *c.group;
    put(j, "fragility_scale", c.fragility_scale);
    put(j, "repair_scale", c.repair_scale);
    if (!c.add.empty()) {
        ojson add = ojson::array();
        for (const auto& d : c.add) add.push_back(dependency_to(d));
        j["add"] = std::move(add);
    }
    return j;
}

/// Pretty, and never throwing on strings that are not UTF-8 (a model built in C++ or imported).
std::string dump(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n"; }

}  // namespace

namespace {

/// Reads `fd` to its end into `text`: first `expected` bytes in place (the
/// size fstat gave), then whatever follows. False on a read error.
bool read_rest(int fd, std::string& text, std::size_t expected) {
    text.resize(expected);
    std::size_t have = 0;
    while (have < expected) {
        const auto n = ::read(fd, text.data() + have, expected - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
    }
    text.resize(have);
    char buffer[1 << 16];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string read_file(const std::string& path) {
    std::string text;
    if (path == "-") {  // stdin, by request only; read once (a second "-" would find it empty)
        static std::atomic_flag read_before = ATOMIC_FLAG_INIT;
        if (read_before.test_and_set())
            throw InputError(input_name(path), "", "cannot read stdin twice; give one of the files as a path");
        try {
            if (!read_rest(0, text, 0))
                throw InputError(input_name(path), "", std::string("cannot read file: ") + std::strerror(errno));
        } catch (const std::bad_alloc&) {
            std::string().swap(text);
            throw InputError(input_name(path), "", "out of memory while reading");
        }
        if (io::is_gzip(text)) return io::gunzip(text, input_name(path));
        return text;
    }
    // Only regular files: /dev/zero would be read until memory runs out, and
    // a FIFO would block forever. O_NONBLOCK lets open() return on a FIFO with
    // no writer, so fstat can refuse it (for a regular file it changes nothing).
    const io::Descriptor in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (in.fd < 0) throw InputError(path, "", std::string("cannot read file: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) throw InputError(path, "", std::string("cannot read file: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw InputError(path, "", "cannot read file: it is a directory");
    if (!S_ISREG(st.st_mode))
        throw InputError(path, "", "cannot read file: not a regular file (a device, FIFO or socket); give a file, or - for stdin");
    // Straight into one string of the file's size (big models are hundreds of
    // MB), then what is left: a file that grew meanwhile.
    try {
        if (!read_rest(in.fd, text, static_cast<std::size_t>(st.st_size)))
            throw InputError(path, "", std::string("cannot read file: ") + std::strerror(errno));
    } catch (const std::bad_alloc&) {
        std::string().swap(text);
        throw InputError(path, "", "out of memory while reading");
    }
    // Not `gzip ? gunzip(text) : text`: the conditional's result is a copy of `text`.
    if (io::is_gzip(text)) return io::gunzip(text, path);
    return text;
}

namespace {

/// Unknown keys and values of the wrong type are rejected as soon as they are
/// read, before anything is built under them: a 40 MB array under a
/// misspelt key once took a gigabyte to be rejected.
io::RootStream early_checks(io::SchemaId id) {
    io::RootStream stream;
    // A document of another kind stops at its "schema": expect_schema says what it is.
    stream.member = [id](const std::string& key, const json& value) {
        return key != "schema" || value == (id == io::SchemaId::model ? model_schema_id : scenario_schema_id);
    };
    stream.check_key = [id](const std::vector<std::string>& at, const std::string& key) {
        return io::early_key_problem(id, at, key);
    };
    // Asked for every container in a million elements: what passed is
    // remembered by its place with indices left out ("dependencies/*/strength").
    auto passed = std::make_shared<std::set<std::pair<std::string, json::value_t>>>();
    stream.check_value = [id, passed](const std::vector<std::string>& at, const json& value) {
        std::string place;
        for (const auto& t : at) place += (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos ? "*" : t) + '/';
        if (passed->count({place, value.type()})) return std::string();
        auto problem = io::early_type_problem(id, at, value);
        if (problem.empty() && passed->size() < 1024) passed->emplace(std::move(place), value.type());
        return problem;
    };
    return stream;
}

// A tree of a whole model is ten times its text (a million assets would not
// fit), so nodes, dependencies and links are streamed: each element is
// schema-checked alone and converted as it is read. The errors are those of
// reading: the first problem read stops it (a syntax error, an unknown key, a
// value of the wrong type, an invalid element), then a wrong "schema", then the
// violation validate_schema would pick in the document's rest.

Model parse_model_unguarded(std::string_view json_text, const std::string& file, bool check = true) {
    StreamedElements elements(file);
    io::RootStream stream = early_checks(io::SchemaId::model);
    stream.streams = is_streamed_array;
    stream.element = std::ref(elements);
    stream.flat_element = std::ref(elements);
    io::ParsedJson parsed = io::parse_json(json_text, file, stream);
    json& doc = parsed.value;  // uncertain values are replaced by their medians as they are read
    expect_schema(doc, model_schema_id, file);
    if (auto violation = io::find_violation(io::SchemaId::model, doc))
        throw InputError(file, io::json_pointer(violation->path), violation->message);
    Model m;
    elements.move_into(m);
    model_from(doc, file, m);
    if (check) check_and_resolve_model(m);
    return m;
}

Scenario parse_scenario_unguarded(std::string_view json_text, const std::string& file, bool check = true) {
    Scenario s;
    {
        io::ParsedJson parsed = io::parse_json(json_text, file, early_checks(io::SchemaId::scenario));
        json& doc = parsed.value;
        expect_schema(doc, scenario_schema_id, file);
        io::validate_schema(io::SchemaId::scenario, doc, file);
        s = scenario_from(doc, file);
    }
    if (check) check_scenario_settings(s);
    return s;
}

/// f(), with running out of memory reported as an input error naming `file`
/// (the tree and the elements read so far are gone when the message is made).
template <class F>
auto guarded(const std::string& file, F&& f) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        throw InputError(file, "", "out of memory while reading");
    }
}

}  // namespace

Model parse_model(std::string_view json_text, const std::string& file) {
    return guarded(file, [&] { return parse_model_unguarded(json_text, file); });
}

Scenario parse_scenario(std::string_view json_text, const std::string& file) {
    return guarded(file, [&] { return parse_scenario_unguarded(json_text, file); });
}

Model parse_model_unchecked(std::string_view json_text, const std::string& file) {
    return guarded(file, [&] { return parse_model_unguarded(json_text, file, false); });
}

Scenario parse_scenario_unchecked(std::string_view json_text, const std::string& file) {
    return guarded(file, [&] { return parse_scenario_unguarded(json_text, file, false); });
}

Model load_model(const std::string& path) { return parse_model(read_file(path), input_name(path)); }

Scenario load_scenario(const std::string& path) { return parse_scenario(read_file(path), input_name(path)); }

HashedFile<Scenario> load_scenario_hashed(const std::string& path) {
    const auto text = read_file(path);
    return {parse_scenario(text, input_name(path)), sha256_hex(text)};
}

DocumentKind document_kind(std::string_view json_text, const std::string& file) {
    // Reading stops at a good "schema": parse_model / parse_scenario read the
    // rest and report its syntax errors with the same messages. Any other file
    // is read to its end (no tree of its arrays kept) so that a syntax error
    // still comes before a wrong "schema".
    io::RootStream stream;
    stream.streams = [](const std::string& key) { return key != "schema"; };
    stream.member = [](const std::string& key, const json& value) {
        return !(key == "schema" && (value == model_schema_id || value == scenario_schema_id));
    };
    io::ParsedJson parsed = io::parse_json(json_text, file, stream);
    json& doc = parsed.value;  // uncertain values are replaced by their medians as they are read
    if (!doc.is_object()) throw InputError(file, "", "expected a JSON object (a cisim model or scenario)");
    const std::string expected = "expected \"cisim-model/1\" or \"cisim-scenario/1\"";
    auto it = doc.find("schema");
    if (it == doc.end()) throw InputError(file, "/schema", "missing; " + expected);
    if (it->is_string() && *it == model_schema_id) return DocumentKind::model;
    if (it->is_string() && *it == scenario_schema_id) return DocumentKind::scenario;
    throw InputError(file, "/schema", "unknown schema " + it->dump() + "; " + expected);
}

std::string resolve_model_path(const Scenario& scenario) {
    namespace fs = std::filesystem;
    const fs::path model(scenario.model_path);
    if (model.is_absolute() || scenario.file.empty()) return model.string();
    return (fs::path(scenario.file).parent_path() / model).lexically_normal().string();
}

namespace {

/// `v` as the value of `field` in an element of the model's root array `array`,
/// checked against the schema as parse_model checks it (its messages), naming
/// `pointer` and the place inside the value. For values kept as JSON text (GraphML).
void check_field_schema(const json& v, const std::string& array, const std::string& field, const std::string& file,
                        const std::string& pointer) {
    // The least element of its array that carries the value (the schema's required keys).
    json element = array == "dependencies" ? json{{"from", "a"}, {"to", "b"}}
                   : array == "nodes"      ? json{{"id", "a"}, {"sector", "s"}}
                                           : json{{"id", "a"}};
    element[field] = v;
    if (auto violation = io::find_item_violation(io::SchemaId::model, array, 0, element)) {
        const auto& at = violation->path;  // [array, "0", field, inside…]
        const std::vector<std::string> inside(at.size() > 3 ? at.begin() + 3 : at.end(), at.end());
        throw InputError(file, pointer + io::json_pointer(inside), violation->message);
    }
}

}  // namespace

void repair_scale_from_json(std::string_view json_text, const std::string& array, double& scale,
                            Boxed<RepairSpread>& spread, const std::string& file, const std::string& pointer) {
    try {
        const auto v = json::parse(json_text);
        if (!v.is_object() || !v.contains("spread")) throw InputError(file, pointer, "expected a spread");
        check_field_schema(v, array, "repair_scale", file, pointer);
        scale = repair_scale_from(json{{"repair_scale", v}}, spread);
    } catch (const json::exception& e) {
        throw InputError(file, pointer, std::string("not a spread's JSON: ") + e.what());
    }
}

namespace {

/// An {"uncertain": …} value checked as parse_model checks it: the schema (its
/// messages, within `field` of an element of root array `array`), then the
/// ranges (uncertain_from's). Messages name `pointer` and the place inside the value.
std::optional<UncertainParameter> checked_uncertain(const json& v, const std::string& array, const std::string& field,
                                                    const std::string& file, const std::string& pointer) {
    if (!v.is_object() || !v.contains("uncertain")) return std::nullopt;
    check_field_schema(v, array, field, file, pointer);
    UncertainParameter p;
    p.distribution = *uncertain_from(v, field == "strength", file, pointer);
    p.field = field;
    p.source = str(v, "source");
    return p;
}

}  // namespace

std::optional<UncertainParameter> uncertain_from_json(std::string_view json_text, const std::string& array,
                                                      const std::string& field, const std::string& file,
                                                      const std::string& pointer) {
    try {
        return checked_uncertain(json::parse(json_text), array, field, file, pointer);
    } catch (const json::exception& e) {
        throw InputError(file, pointer, std::string("not an uncertain value's JSON: ") + e.what());
    }
}

void dependency_param_from_json(std::string_view json_text, const std::string& name, Dependency& d,
                                const std::string& file, const std::string& pointer) {
    try {
        const auto v = json::parse(json_text);
        if (!v.is_number() && !(v.is_object() && (v.contains("spread") || v.contains("by_year") ||
                                                  v.contains("uncertain"))))
            throw InputError(file, pointer, "expected a number, a spread, {\"uncertain\": …} or {\"by_year\": …}");
        if (v.is_object()) check_field_schema(v, "dependencies", name, file, pointer);
        if (name == "strength") param_from(v, "strength", d.strength, &DependencySpreads::strength, d);
        else if (name == "buffer_h") param_from(v, "buffer_h", d.buffer_h, &DependencySpreads::buffer_h, d);
        else if (name == "delay_h") param_from(v, "delay_h", d.delay_h, &DependencySpreads::delay_h, d);
        else if (name == "refill_h") {
            double refill = 0;
            param_from(v, "refill_h", refill, &DependencySpreads::refill_h, d);
            d.refill_h = refill;
        } else
            throw InputError(file, pointer, "unknown dependency parameter '" + name + "'");
    } catch (const json::exception& e) {
        throw InputError(file, pointer, std::string("not a parameter's JSON: ") + e.what());
    }
}

std::string model_to_json(const Model& model) {
    std::ostringstream out;
    write_model_json(out, model);
    return out.str();
}

std::string scenario_to_json(const Scenario& scenario) {
    ojson j;
    j["schema"] = scenario_schema_id;
    put(j, "name", scenario.name);
    put(j, "description", scenario.description);
    put(j, "source", scenario.source);
    j["model"] = scenario.model_path;
    j["horizon_h"] = number(scenario.horizon_h);
    j["step_h"] = number(scenario.step_h);
    j["service_threshold"] = number(scenario.service_threshold);
    if (scenario.as_of) j["as_of"] = *scenario.as_of;
    ojson events = ojson::array();
    for (const auto& e : scenario.events) {
        events.push_back(event_to(e));
        // An uncertain severity or duration goes back as given, not as its median:
        // scenario.json must run the same Monte Carlo and sensitivity again.
        for (const auto& p : scenario.uncertain)
            if (p.place == UncertainPlace::event && e.file_index >= 0 && p.index == static_cast<std::size_t>(e.file_index) &&
                events.back().contains(p.field))
                events.back()[p.field] = ojson::parse(uncertain_to_json(p));
    }
    j["events"] = std::move(events);
    put(j, "cost_unit", scenario.cost_unit);
    if (!scenario.measures.empty()) {
        ojson measures = ojson::array();
        for (const auto& m : scenario.measures) {
            ojson x;
            x["id"] = m.id;
            put(x, "name", m.name);
            x["cost"] = number(m.cost);
            put(x, "source", m.source);
            if (m.changes.size() == 1) {
                x["set"] = change_to(m.changes.front());
            } else {
                ojson set = ojson::array();
                for (const auto& c : m.changes) set.push_back(change_to(c));
                x["set"] = std::move(set);
            }
            measures.push_back(std::move(x));
        }
        j["measures"] = std::move(measures);
    }
    if (scenario.monte_carlo.samples > 0 || scenario.monte_carlo.seed != MonteCarloSettings{}.seed) {
        ojson mc = ojson::object();
        if (scenario.monte_carlo.samples > 0) mc["samples"] = scenario.monte_carlo.samples;
        mc["seed"] = scenario.monte_carlo.seed;
        j["monte_carlo"] = std::move(mc);
    }
    return dump(j);
}

}  // namespace cisim
