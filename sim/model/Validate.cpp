#include "model/Validate.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "model/Error.hpp"

namespace cisim {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

std::string fmt(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    const double a = std::fabs(x);
    const auto r = (a == 0 || (a >= 1e-6 && a < 1e15)) ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                                                       : std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string q(std::string_view s) { return quote(s); }

/// Appends `c`, control characters escaped so a message stays on one line.
void append_printable(std::string& out, char ch) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
    } else out += ch;
}

/// RFC 6901 escaping of one pointer token.
std::string token(std::string_view t) {
    std::string out;
    for (char c : t) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else append_printable(out, c);
    }
    return out;
}

std::string at(const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); }

/// A JSON pointer spelled out only when a message needs it: the checks run on
/// every element of models with millions of them. "BASE[/INDEX]LEAF".
class Pointer {
public:
    Pointer(const char* text) : base_(text) {}
    Pointer(const std::string& text) : base_(text) {}
    Pointer(std::string_view base, std::size_t index, std::string_view leaf = {})
        : base_(base), index_(index), leaf_(leaf) {}

    /// This pointer with `leaf` ("/strength") appended; `leaf` must outlive it.
    Pointer leaf(std::string_view leaf) const { return {base_, index_, leaf}; }

    std::string str() const {
        std::string out(base_);
        if (index_ != none) out += "/" + std::to_string(index_);
        return out += leaf_;
    }

private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::string_view base_;
    std::size_t index_ = none;
    std::string_view leaf_;
};

/// Throws for the first broken rule, naming the file every message is about.
/// With an ErrorList, each() keeps going: a rule broken inside each(f) is
/// listed and f's remaining checks are skipped (they may rely on it), the
/// next element is checked.
class Checker {
public:
    explicit Checker(const std::string& file, ErrorList* errors = nullptr) : file_(file), errors_(errors) {}

    template <class F>
    void each(F&& f) const {
        if (!errors_) return f();
        try {
            f();
        } catch (const InputError& e) {
            errors_->add(e);
        }
    }

    [[noreturn]] void fail(const Pointer& pointer, const std::string& message) const {
        throw InputError(file_, pointer.str(), message);
    }

    /// x in [lo, hi], with open ends where asked; the same phrasing as the schema messages.
    void range(double x, const Pointer& pointer, double lo, double hi, bool lo_open = false,
               bool hi_open = false) const {
        const bool ok = std::isfinite(x) && (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
        if (ok) return;
        if (!std::isfinite(x)) fail(pointer, fmt(x) + " is not a finite number");
        if (hi == inf) {
            if (lo_open) fail(pointer, fmt(x) + " must be greater than " + fmt(lo));
            if (lo == 0) fail(pointer, fmt(x) + " is negative; expected a value >= 0");
            fail(pointer, fmt(x) + " is below the minimum " + fmt(lo));
        }
        fail(pointer, fmt(x) + " is outside " + (lo_open ? "(" : "[") + fmt(lo) + ", " + fmt(hi) + (hi_open ? ")" : "]"));
    }
    void hours(double x, const Pointer& pointer) const { range(x, pointer, 0, inf); }
    void positive(double x, const Pointer& pointer) const { range(x, pointer, 0, inf, true); }
    void fraction(double x, const Pointer& pointer) const { range(x, pointer, 0, 1); }
    void finite(double x, const Pointer& pointer) const { range(x, pointer, -inf, inf); }

    /// Event and measure ids name things in every output (terminals, CSV):
    /// no control characters (C0, DEL, C1 U+0080–U+009F), spaces allowed.
    void printable(const std::string& text, const Pointer& pointer, const char* what) const {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f &&
                            static_cast<unsigned char>(text[i + 1]) >= 0x80;
            if (c < ' ' || c == 0x7f || c1) fail(pointer, std::string(what) + " " + q(text) + " contains a control character");
        }
    }

    /// Ids are also matched by globs ("*", "?"), edge selectors ("A->B") and
    /// node selectors ("class:X", "sector:X"), so they must not look like one.
    void id(const std::string& id, const Pointer& pointer) const {
        if (id.empty()) fail(pointer, "empty id");
        for (unsigned char c : id)
            if (c <= ' ' || c == 0x7f) fail(pointer, "id " + q(id) + " contains whitespace or a control character");
        if (id.find_first_of("*?") != std::string::npos) fail(pointer, "id " + q(id) + " contains a glob character ('*' or '?')");
        if (id.find("->") != std::string::npos) fail(pointer, "id " + q(id) + " contains \"->\"");
        if (id.rfind("class:", 0) == 0 || id.rfind("sector:", 0) == 0)
            fail(pointer, "id " + q(id) + " starts with a selector prefix (\"class:\" or \"sector:\")");
    }

private:
    const std::string& file_;
    ErrorList* errors_;
};

/// Where each id of a model is defined: sectors and nodes share one namespace,
/// so one hash table serves every lookup. Models reach millions of ids and ten
/// million lookups, so the table is flat (open addressing) and keeps each
/// entry's 64-bit hash and, when short, its id: most lookups touch one slot.
class IdIndex {
public:
    struct Entry {
        bool is_node;
        std::size_t index;  ///< into Model::sectors or Model::nodes
    };

    /// Indexes every id; `on_duplicate(id, earlier, later)` is called for an id seen before.
    template <class OnDuplicate>
    IdIndex(const Model& m, OnDuplicate&& on_duplicate) : m_(m) {
        std::size_t capacity = 16;
        while (capacity < 2 * (m.sectors.size() + m.nodes.size())) capacity *= 2;  // at most half full
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (std::size_t i = 0; i < m.sectors.size(); ++i) add(m.sectors[i].id, {false, i}, on_duplicate);
        for (std::size_t i = 0; i < m.nodes.size(); ++i) add(m.nodes[i].id, {true, i}, on_duplicate);
    }
    explicit IdIndex(const Model& m) : IdIndex(m, [](std::string_view, Entry, Entry) {}) {}

    std::optional<Entry> find(std::string_view id) const {
        const std::size_t h = std::hash<std::string_view>{}(id);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.ref == 0) return std::nullopt;
            if (s.hash == h && holds(s, id)) return entry_of(s);
        }
    }
    bool has(std::string_view id) const { return find(id).has_value(); }
    std::optional<std::size_t> node(std::string_view id) const {
        const auto e = find(id);
        return e && e->is_node ? std::optional<std::size_t>(e->index) : std::nullopt;
    }
    std::optional<std::size_t> sector(std::string_view id) const {
        const auto e = find(id);
        return e && !e->is_node ? std::optional<std::size_t>(e->index) : std::nullopt;
    }

private:
    static constexpr std::size_t inline_max = 15;
    struct Slot {
        std::size_t hash = 0;
        std::size_t ref = 0;  ///< 0: empty; else 1 + 2 × index + is_node
        unsigned char size = 0;  ///< of the id when at most inline_max, else inline_max + 1
        char id[inline_max] = {};
    };
    static Entry entry_of(const Slot& s) { return {((s.ref - 1) & 1) != 0, (s.ref - 1) >> 1}; }
    bool holds(const Slot& s, std::string_view id) const {
        if (s.size <= inline_max) return std::string_view(s.id, s.size) == id;
        const Entry e = entry_of(s);
        return (e.is_node ? m_.nodes[e.index].id : m_.sectors[e.index].id) == id;
    }
    template <class OnDuplicate>
    void add(std::string_view id, Entry e, OnDuplicate& on_duplicate) {
        const std::size_t h = std::hash<std::string_view>{}(id);
        std::size_t i = h & mask_;
        for (; slots_[i].ref != 0; i = (i + 1) & mask_)
            if (slots_[i].hash == h && holds(slots_[i], id)) {
                on_duplicate(id, entry_of(slots_[i]), e);
                return;
            }
        Slot& s = slots_[i];
        s = {h, 1 + 2 * e.index + (e.is_node ? 1 : 0)};
        s.size = static_cast<unsigned char>(std::min(id.size(), inline_max + 1));
        if (id.size() <= inline_max) id.copy(s.id, id.size());
    }

    const Model& m_;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

/// Households and people are counted: finite, ≥ 0, whole.
void check_count(const Checker& c, const std::optional<double>& x, const Pointer& p) {
    if (!x) return;
    c.range(*x, p, 0, inf);
    if (*x != std::floor(*x)) c.fail(p, fmt(*x) + " is not a whole number; expected a count");
}

std::string id_pointer(IdIndex::Entry e) { return at(e.is_node ? "/nodes" : "/sectors", e.index) + "/id"; }

/// A spread's values in [lo, hi] and its parts covering the whole population.
void check_spread(const Checker& c, const Spread& s, const std::string& pointer, double lo, double hi) {
    for (double v : s.v) c.range(v, pointer, lo, hi);
    if (s.p.empty() || std::fabs(s.p.back() - 1.0) > 1e-9)
        c.fail(pointer + "/parts", "the shares of the parts add up to " + fmt(s.p.empty() ? 0.0 : s.p.back()) +
                                       "; expected 1");
}

void check_dependency_values(const Checker& c, const Dependency& d, const Pointer& p) {
    c.fraction(d.strength, p.leaf("/strength"));
    c.hours(d.buffer_h, p.leaf("/buffer_h"));
    if (d.refill_h) c.hours(*d.refill_h, p.leaf("/refill_h"));
    c.hours(d.delay_h, p.leaf("/delay_h"));
    if (d.forms->given_as.empty()) return;  // the common case: plain numbers
    const auto base = p.str();
    auto bounds = [](const std::string& name) { return name == "strength" ? 1.0 : inf; };
    const std::pair<const char*, const std::optional<Spread>*> spreads[] = {
        {"strength", &d.forms->spread.strength}, {"buffer_h", &d.forms->spread.buffer_h},
        {"refill_h", &d.forms->spread.refill_h}, {"delay_h", &d.forms->spread.delay_h}};
    for (const auto& [name, spread] : spreads) {
        const bool by_year = std::any_of(d.forms->by_year.begin(), d.forms->by_year.end(),
                                         [&name = name](const auto& e) { return e.first == name; });
        if (*spread && !by_year) check_spread(c, **spread, base + "/" + name, 0, bounds(name));
    }
    for (const auto& [name, entries] : d.forms->by_year) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto at_i = base + "/" + name + "/by_year/" + std::to_string(i);
            if (i > 0 && entries[i].from <= entries[i - 1].from)
                c.fail(at_i + "/from", std::to_string(entries[i].from) + " does not follow " +
                                           std::to_string(entries[i - 1].from) + "; years must ascend");
            c.range(entries[i].value, at_i + "/value", 0, bounds(name));
            if (entries[i].spread) check_spread(c, *entries[i].spread, at_i + "/value", 0, bounds(name));
        }
    }
}

/// Checks a dependency's ends; `ends` (when given) gets where they were found.
void check_dependency_refs(const Checker& c, const IdIndex& ids, const Dependency& d, const Pointer& p,
                           DependencyEnds* ends = nullptr) {
    const auto from = ids.find(d.from), to = ids.find(d.to);
    if (!from) c.fail(p.leaf("/from"), "unknown sector or node " + q(d.from));
    if (!to) c.fail(p.leaf("/to"), "unknown sector or node " + q(d.to));
    if (d.from == d.to && from->is_node)
        c.fail(p, "node " + q(d.from) + " depends on itself; only a sector may depend on itself");
    if (ends) {
        // Indices that do not fit beside the flag stay unknown.
        auto where = [](const IdIndex::Entry& e) {
            if (e.index >= DependencyEnds::node_flag) return DependencyEnds::no_sector;
            return static_cast<std::uint32_t>(e.index) | (e.is_node ? DependencyEnds::node_flag : 0);
        };
        ends->from = where(*from);
        ends->to = where(*to);
    }
}

/// Duplicate dependencies (same from, to, type, effect and group) would count twice.
void check_duplicate_dependencies(const Checker& c, const Model& m) {
    using Key = std::tuple<const std::string&, const std::string&, DependencyType, DependencyEffect, std::string_view>;
    auto key = [&](std::uint32_t i) {
        const auto& d = m.dependencies[i];
        return Key(d.from, d.to, d.type, d.effect, d.group);
    };
    // Sort 64-bit hashes, not strings: this runs on models with millions of edges.
    std::vector<std::pair<std::size_t, std::uint32_t>> hashes;
    hashes.reserve(m.dependencies.size());
    const std::hash<std::string> h;
    for (std::uint32_t i = 0; i < m.dependencies.size(); ++i) {
        const auto& d = m.dependencies[i];
        std::size_t x = h(d.from);
        x = x * 1000003u ^ h(d.to);
        x = x * 1000003u ^ std::hash<std::string_view>{}(d.group);  // equals h of the same text
        x = x * 1000003u ^ (static_cast<std::size_t>(d.type) * 4 + static_cast<std::size_t>(d.effect));
        hashes.emplace_back(x, i);
    }
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t a = 0; a < hashes.size();) {
        std::size_t b = a + 1;
        while (b < hashes.size() && hashes[b].first == hashes[a].first) ++b;
        for (std::size_t i = a; i < b; ++i)
            for (std::size_t j = i + 1; j < b; ++j)
                if (key(hashes[i].second) == key(hashes[j].second)) {
                    const auto first = std::min(hashes[i].second, hashes[j].second);
                    const auto second = std::max(hashes[i].second, hashes[j].second);
                    const auto& d = m.dependencies[second];
                    c.each([&] {
                        c.fail(at("/dependencies", second),
                               "duplicate of /dependencies/" + std::to_string(first) + " (" + d.from + " -> " + d.to +
                                   "); redundant supplies need different suppliers, or merge them");
                    });
                }
        a = b;
    }
}

/// "FROM->TO" with globs; a node also matches through its sector's id.
struct EdgeSelector {
    std::string from, to;
};

bool parse_edges(const std::string& s, EdgeSelector& out) {
    const auto arrow = s.find("->");
    if (arrow == std::string::npos || arrow == 0 || arrow + 2 >= s.size()) return false;
    out.from = s.substr(0, arrow);
    out.to = s.substr(arrow + 2);
    return true;
}

bool end_matches(const Model& m, const IdIndex& ids, const std::string& pattern, const std::string& id) {
    if (glob_match(pattern, id)) return true;
    if (auto n = ids.node(id)) return glob_match(pattern, m.nodes[*n].sector);
    return false;
}

bool node_selector_matches(const Model& m, const std::string& sel) {
    if (sel.rfind("class:", 0) == 0) {
        const auto cls = sel.substr(6);
        return std::any_of(m.nodes.begin(), m.nodes.end(), [&](const Node& n) { return glob_match(cls, n.node_class); });
    }
    const bool by_sector = sel.rfind("sector:", 0) == 0;
    const auto pattern = by_sector ? sel.substr(7) : sel;
    for (const auto& n : m.nodes)
        if (glob_match(pattern, by_sector ? n.sector : n.id)) return true;
    // A sector without nodes is its own unit, selected by its id.
    std::unordered_set<std::string_view> with_nodes;
    for (const auto& n : m.nodes) with_nodes.insert(n.sector);
    for (const auto& s : m.sectors)
        if (!with_nodes.count(s.id) && glob_match(pattern, s.id)) return true;
    return false;
}

std::string event_pointer(const Event& e, std::size_t i) {
    return at("/events", e.file_index >= 0 ? static_cast<std::size_t>(e.file_index) : i);
}

std::string change_pointer(const Measure& m, std::size_t mi, std::size_t ci) {
    const auto p = at("/measures", mi) + "/set";
    return m.changes.size() > 1 ? at(p, ci) : p;
}

bool has_selector_target(EventKind k) { return k == EventKind::it_outage || k == EventKind::restore; }
bool has_region(EventKind k) {
    return k == EventKind::blackout || k == EventKind::rolling_blackout || k == EventKind::tsunami;
}
bool is_blackout(EventKind k) { return k == EventKind::blackout || k == EventKind::rolling_blackout; }

bool is_located(const Node& n) { return n.lat.has_value() && n.lon.has_value(); }

/// The regions of the nodes `keep` accepts, compactly for an error message:
/// each distinct region, or, when there are many, shared prefixes ("tokyo-*")
/// at the deepest '-' level that fits, and at most `cap` items.
template <class Keep>
std::string region_summary(const Model& m, Keep&& keep) {
    constexpr std::size_t cap = 8;
    std::vector<std::string_view> regions;
    for (const auto& n : m.nodes)
        if (keep(n) && !n.region.empty()) regions.push_back(n.region);
    std::sort(regions.begin(), regions.end());
    regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
    if (regions.empty()) return "none";
    // Prefix of `r` through its `depth`-th '-', or r itself when it has fewer.
    auto prefix = [](std::string_view r, int depth) {
        std::size_t at = 0;
        for (int d = 0; d < depth; ++d) {
            at = r.find('-', at);
            if (at == std::string_view::npos) return r;
            ++at;
        }
        return r.substr(0, at);
    };
    auto grouped = [&](int depth) {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < regions.size();) {
            const auto p = prefix(regions[i], depth);
            std::size_t j = i + 1;
            while (j < regions.size() && p != regions[i] && regions[j].substr(0, p.size()) == p) ++j;
            items.push_back(j - i > 1 ? std::string(p) + "*" : std::string(regions[i]));
            i = j;
        }
        return items;
    };
    std::vector<std::string> items(regions.begin(), regions.end());
    for (int depth = 4; items.size() > cap && depth >= 1; --depth) {
        auto g = grouped(depth);
        if (g.size() <= cap || depth == 1) items = std::move(g);
    }
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < cap; ++i) out += (i ? ", " : "") + items[i];
    if (items.size() > cap) out += ", \u2026";
    return out;
}

/// Why a region glob reaches no unit of the model, or "" when it reaches one.
/// "*" reaches every unit; another glob reaches the nodes whose region it
/// matches (a sector without nodes has no region).
std::string region_miss(const Model& m, const std::string& region) {
    if (region == "*") return {};
    if (std::any_of(m.nodes.begin(), m.nodes.end(), [&](const Node& n) { return glob_match(region, n.region); }))
        return {};
    if (!m.has_nodes())
        return q(region) + " matches no node: the model has no nodes (its sectors are reached by region \"*\" only)";
    return q(region) + " matches no node (regions: " + region_summary(m, [](const Node&) { return true; }) + ")";
}

}  // namespace

std::string quote(std::string_view text) {
    constexpr std::size_t max_bytes = 80;
    std::size_t n = std::min(text.size(), max_bytes);
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole UTF-8 characters
    std::string out = "\"";
    for (char c : text.substr(0, n)) append_printable(out, c);
    return out + (n < text.size() ? "...\"" : "\"");
}

namespace {

/// `ends` (when given, with errors == nullptr): where each dependency's ends were found.
void check_model(const Model& m, ErrorList* errors, std::vector<DependencyEnds>* ends = nullptr) {
    const Checker c(m.file, errors);
    c.each([&] {
        if (m.time_unit != "h") c.fail("/time_unit", "unsupported time unit " + q(m.time_unit) + "; expected \"h\"");
    });
    c.each([&] {
        if (m.sectors.empty()) c.fail("/sectors", "the model has no sectors; at least one is needed");
    });

    for (std::size_t i = 0; i < m.sectors.size(); ++i) c.each([&] {
        const auto& s = m.sectors[i];
        const auto p = at("/sectors", i);
        c.id(s.id, p + "/id");
        if (s.output) c.range(*s.output, p + "/output", 0, inf);
        if (s.rto_h) c.hours(*s.rto_h, p + "/rto_h");
        if (s.mtpd_h) c.hours(*s.mtpd_h, p + "/mtpd_h");
        if (s.rto_h && s.mtpd_h && *s.rto_h > *s.mtpd_h)
            c.fail(p + "/rto_h", "rto_h " + fmt(*s.rto_h) + " exceeds mtpd_h " + fmt(*s.mtpd_h) +
                                     "; the recovery objective must lie within the maximum tolerable disruption");
        c.range(s.weight, p + "/weight", 0, inf);
        c.positive(s.repair_scale, p + "/repair_scale");
        if (s.repair_spread)
            for (double v : s.repair_spread->spread.v) c.positive(v, p + "/repair_scale");
        check_count(c, s.households, p + "/households");
        check_count(c, s.population, p + "/population");
    });
    for (std::size_t i = 0; i < m.nodes.size(); ++i) c.each([&] { c.id(m.nodes[i].id, Pointer("/nodes", i, "/id")); });
    // Ids are unique across sectors and nodes.
    const IdIndex ids(m, [&](std::string_view id, IdIndex::Entry earlier, IdIndex::Entry later) {
        c.each([&] { c.fail(id_pointer(later), "duplicate id " + q(id) + " (also " + id_pointer(earlier) + ")"); });
    });

    std::vector<std::size_t> sources(m.sectors.size(), 0);
    std::unordered_set<std::string_view> classes;
    for (std::size_t i = 0; i < m.nodes.size(); ++i) c.each([&] {
        const auto& n = m.nodes[i];
        const Pointer p("/nodes", i);
        classes.insert(n.node_class);
        const auto s = ids.sector(n.sector);
        if (!s) c.fail(p.leaf("/sector"), (ids.node(n.sector) ? q(n.sector) + " is a node, not a sector" : "unknown sector " + q(n.sector)));
        if (n.lat) c.range(*n.lat, p.leaf("/lat"), -90, 90);
        if (n.lon) c.range(*n.lon, p.leaf("/lon"), -180, 180);
        if (n.lat.has_value() != n.lon.has_value())
            c.fail(p, std::string("has ") + (n.lat ? "lat" : "lon") + " but no " + (n.lat ? "lon" : "lat"));
        c.positive(n.capacity, p.leaf("/capacity"));
        if (n.elevation_m()) c.finite(*n.elevation_m(), p.leaf("/elevation_m"));
        c.positive(n.site_amplification, p.leaf("/site_amplification"));
        c.positive(n.fragility_scale, p.leaf("/fragility_scale"));
        c.positive(n.repair_scale, p.leaf("/repair_scale"));
        if (n.repair_spread) {
            for (double v : n.repair_spread->spread.v) c.positive(v, p.leaf("/repair_scale"));
            if (n.facilities <= 1)
                c.fail(p.leaf("/repair_scale"), "a spread needs a population: give the node \"facilities\" > 1");
        }
        if (n.facilities > 1 && m.sectors[*s].network != NetworkMode::none)
            c.fail(p.leaf("/facilities"), "a node of network sector " + q(n.sector) +
                                              " is one facility (the connectivity rule acts on it); facilities must be 1");
        check_count(c, n.households(), p.leaf("/households"));
        check_count(c, n.population(), p.leaf("/population"));
        // Counted once: by the sector's nodes or by the sector, not both.
        if (n.households() && m.sectors[*s].households)
            c.fail(p.leaf("/households"), "sector " + q(n.sector) + " also gives households (" + at("/sectors", *s) +
                                              "/households); give them on the sector or on its nodes");
        if (n.population() && m.sectors[*s].population)
            c.fail(p.leaf("/population"), "sector " + q(n.sector) + " also gives population (" + at("/sectors", *s) +
                                              "/population); give it on the sector or on its nodes");
        if (n.is_source) {
            if (m.sectors[*s].network == NetworkMode::none)
                c.fail(p.leaf("/source"), "sector " + q(n.sector) + " is not a network (no \"network\" key), so it has no sources");
            ++sources[*s];
        }
    });

    if (ends) ends->assign(m.dependencies.size(), DependencyEnds{});
    for (std::size_t i = 0; i < m.dependencies.size(); ++i) c.each([&] {
        const Pointer p("/dependencies", i);
        check_dependency_refs(c, ids, m.dependencies[i], p, ends ? &(*ends)[i] : nullptr);
        check_dependency_values(c, m.dependencies[i], p);
    });
    // A sector's repair spread is for the sector-level unit; a sector with assets spreads it on them.
    std::vector<bool> spread_reported(m.sectors.size(), false);  // once per sector
    for (const auto& n : m.nodes)
        if (const auto sec = ids.sector(n.sector); sec && m.sectors[*sec].repair_spread && !spread_reported[*sec])
            c.each([&] {
                spread_reported[*sec] = true;
                c.fail(at("/sectors", *sec) + "/repair_scale",
                       "sector " + q(n.sector) + " has assets: spread repair times on its nodes (with \"facilities\" > 1)");
            });
    // A spread describes the members of a population; one facility has none.
    std::unordered_set<std::string_view> single_facility_sectors;
    for (const auto& n : m.nodes)
        if (n.facilities <= 1) single_facility_sectors.insert(n.sector);
    for (std::size_t i = 0; i < m.dependencies.size(); ++i) c.each([&] {
        const auto& d = m.dependencies[i];
        if (!d.forms) return;
        bool spread = d.forms->spread.any();
        for (const auto& [name, entries] : d.forms->by_year)
            for (const auto& e : entries) spread = spread || e.spread.has_value();
        if (!spread) return;
        const auto* node = ids.node(d.to) ? &m.nodes[*ids.node(d.to)] : nullptr;
        if ((node && node->facilities <= 1) || (!node && single_facility_sectors.count(d.to)))
            c.fail(Pointer("/dependencies", i, "/to"),
                   q(d.to) + (node ? " is one facility" : " has assets that are one facility each") +
                       ": a spread needs a population (a sector-level unit, or a node with \"facilities\" > 1)");
    });
    check_duplicate_dependencies(c, m);

    for (std::size_t i = 0; i < m.links.size(); ++i) c.each([&] {
        const auto& l = m.links[i];
        const Pointer p("/links", i);
        for (const auto* end : {&l.a, &l.b}) {
            const auto pe = p.leaf(end == &l.a ? "/a" : "/b");
            if (ids.sector(*end)) c.fail(pe, "links join nodes; " + q(*end) + " is a sector");
            if (!ids.node(*end)) c.fail(pe, "unknown node " + q(*end));
        }
        if (l.a == l.b) c.fail(p, "self-link: " + q(l.a) + " is linked to itself");
        const auto& sa = m.nodes[*ids.node(l.a)].sector;
        const auto& sb = m.nodes[*ids.node(l.b)].sector;
        if (sa != sb)
            c.fail(p.leaf("/b"), q(l.b) + " is in sector " + q(sb) + " but " + q(l.a) + " is in " + q(sa) +
                                 "; links join nodes of one network sector");
        const auto sector = ids.sector(sa);
        if (!sector) return;  // the node's unknown sector is listed with the node (collecting only)
        if (m.sectors[*sector].network == NetworkMode::none)
            c.fail(p, "sector " + q(sa) + " is not a network; set \"network\" on it to use links");
    });

    for (std::size_t i = 0; i < m.sectors.size(); ++i)
        if (m.sectors[i].network == NetworkMode::sources && sources[i] == 0)
            c.each([&] {
                c.fail(at("/sectors", i) + "/network",
                       "network sector " + q(m.sectors[i].id) + " needs at least one node with \"source\": true");
            });

    for (const auto& [cls, rule] : m.combination_by_class)
        if (!classes.count(cls)) c.each([&, &cls = cls] { c.fail("/combination/" + token(cls), "no node has class " + q(cls)); });
}

void check_scenario_settings(const Scenario& s, ErrorList* errors) {
    const Checker c(s.file, errors);
    bool horizon_ok = false;
    c.each([&] {
        c.positive(s.horizon_h, "/horizon_h");
        horizon_ok = true;
    });
    c.each([&] {
        c.positive(s.step_h, "/step_h");
        if (!horizon_ok) return;  // compared with the horizon only when that is valid
        if (s.step_h > s.horizon_h)
            c.fail("/step_h", "step " + fmt(s.step_h) + " h is longer than the horizon " + fmt(s.horizon_h) + " h");
        if (s.horizon_h / s.step_h > max_steps)
            c.fail("/step_h", fmt(s.horizon_h) + " h in steps of " + fmt(s.step_h) + " h is " +
                                  fmt(std::ceil(s.horizon_h / s.step_h)) + " steps; at most " + fmt(max_steps) + " are allowed");
    });
    c.each([&] { c.range(s.service_threshold, "/service_threshold", 0, 1, true); });

    std::unordered_map<std::string_view, std::string> event_ids;
    for (std::size_t i = 0; i < s.events.size(); ++i) c.each([&] {
        const auto& e = s.events[i];
        const auto p = event_pointer(e, i);
        if (!e.id.empty()) {
            c.printable(e.id, p + "/id", "event id");
            auto [it, fresh] = event_ids.emplace(e.id, p);
            if (!fresh) c.fail(p + "/id", "duplicate event id " + q(e.id) + " (also " + it->second + ")");
        }
        c.hours(e.start_h, p + "/start_h");
        c.fraction(e.severity, p + "/severity");
        c.hours(e.duration_h, p + "/duration_h");
        c.hours(e.recovery_h, p + "/recovery_h");
        c.range(e.duration_cv, p + "/duration_cv", 0, inf);
        for (std::size_t k = 0; k < e.restoration.size(); ++k) {
            const auto pk = p + "/restoration/" + std::to_string(k);
            c.hours(e.restoration[k].first, pk + "/0");
            c.fraction(e.restoration[k].second, pk + "/1");
            if (k > 0 && (e.restoration[k].first < e.restoration[k - 1].first ||
                          e.restoration[k].second < e.restoration[k - 1].second))
                c.fail(pk, "restoration goes back in time or in share; both must be non-decreasing");
        }
        if (has_selector_target(e.kind)) {
            const int given = !e.target.id.empty() + !e.target.node_class.empty() + !e.target.nodes.empty() +
                              !e.target.region.empty();
            if (given != 1)
                c.fail(p, "kind " + q(to_string(e.kind)) + " needs exactly one of \"target\", \"class\", \"nodes\", \"region\"");
        }
        if (has_region(e.kind) && e.target.region.empty())
            c.fail(p, "missing key \"region\", required for kind " + q(to_string(e.kind)));
        switch (e.kind) {
            case EventKind::rolling_blackout: {
                if (e.groups < 1) c.fail(p + "/groups", std::to_string(e.groups) + " is below the minimum 1");
                c.positive(e.slot_h, p + "/slot_h");
                c.hours(e.end_h, p + "/end_h");
                if (e.end_h < e.start_h)
                    c.fail(p + "/end_h", "end_h " + fmt(e.end_h) + " is before start_h " + fmt(e.start_h));
                const double slots = (std::min(e.end_h, s.horizon_h) - e.start_h) / e.slot_h;
                if (slots > max_steps)
                    c.fail(p + "/slot_h", "slots of " + fmt(e.slot_h) + " h make " + fmt(std::ceil(slots)) +
                                              " turns; at most " + fmt(max_steps) + " are allowed");
                break;
            }
            case EventKind::earthquake:
                c.range(e.lat, p + "/lat", -90, 90);
                c.range(e.lon, p + "/lon", -180, 180);
                c.hours(e.depth_km, p + "/depth_km");
                c.range(e.mw, p + "/mw", 4, 9.5);
                if (e.fault_type != "crustal" && e.fault_type != "interplate" && e.fault_type != "intraplate")
                    c.fail(p + "/fault_type", q(e.fault_type) + " is not one of \"crustal\", \"interplate\", \"intraplate\"");
                break;
            case EventKind::tsunami:
                c.range(e.height_m, p + "/height_m", 0, inf);
                c.hours(e.repair_h, p + "/repair_h");
                break;
            default: break;
        }
    });

    std::unordered_map<std::string_view, std::string> measure_ids;
    for (std::size_t mi = 0; mi < s.measures.size(); ++mi) c.each([&] {
        const auto& m = s.measures[mi];
        const auto p = at("/measures", mi);
        if (m.id.empty()) c.fail(p + "/id", "empty id");
        c.printable(m.id, p + "/id", "measure id");
        auto [it, fresh] = measure_ids.emplace(m.id, p + "/id");
        if (!fresh) c.fail(p + "/id", "duplicate measure id " + q(m.id) + " (also " + it->second + ")");
        c.range(m.cost, p + "/cost", 0, inf);
        if (m.changes.empty()) c.fail(p + "/set", "the measure changes nothing");
        for (std::size_t ci = 0; ci < m.changes.size(); ++ci) {
            const auto& ch = m.changes[ci];
            const auto pc = change_pointer(m, mi, ci);
            const bool edge_settings = ch.buffer_h || ch.strength || ch.delay_h || ch.refill_h || ch.group;
            const bool node_settings = ch.fragility_scale || ch.repair_scale;
            if (!edge_settings && !node_settings && ch.add.empty())
                c.fail(pc, "changes nothing: give a value to set (e.g. \"buffer_h\") or dependencies to \"add\"");
            if (edge_settings && ch.edges.empty())
                c.fail(pc, "edge settings (buffer_h, strength, delay_h, refill_h, group) need \"edges\" to select dependencies");
            if (node_settings && ch.nodes.empty())
                c.fail(pc, "node settings (fragility_scale, repair_scale) need \"nodes\" to select nodes");
            if (!ch.edges.empty() && !edge_settings)
                c.fail(pc + "/edges", "selects dependencies but sets nothing on them");
            if (!ch.nodes.empty() && !node_settings) c.fail(pc + "/nodes", "selects nodes but sets nothing on them");
            EdgeSelector sel;
            if (!ch.edges.empty() && !parse_edges(ch.edges, sel))
                c.fail(pc + "/edges", q(ch.edges) + " is not of the form \"FROM->TO\" (globs allowed, e.g. \"power->*\")");
            if (ch.buffer_h) c.hours(*ch.buffer_h, pc + "/buffer_h");
            if (ch.strength) c.fraction(*ch.strength, pc + "/strength");
            if (ch.delay_h) c.hours(*ch.delay_h, pc + "/delay_h");
            if (ch.refill_h) c.hours(*ch.refill_h, pc + "/refill_h");
            if (ch.fragility_scale) c.positive(*ch.fragility_scale, pc + "/fragility_scale");
            if (ch.repair_scale) c.positive(*ch.repair_scale, pc + "/repair_scale");
            for (std::size_t k = 0; k < ch.add.size(); ++k) check_dependency_values(c, ch.add[k], at(pc + "/add", k));
        }
    });
    c.each([&] {
        if (s.monte_carlo.samples < 0)
            c.fail("/monte_carlo/samples", std::to_string(s.monte_carlo.samples) + " is negative; expected a value >= 1");
    });
}

void check_scenario(const Scenario& s, const Model& model, ErrorList* errors) {
    check_scenario_settings(s, errors);
    const Checker c(s.file, errors);
    const IdIndex ids(model);
    std::unordered_set<std::string_view> classes;
    for (const auto& n : model.nodes) classes.insert(n.node_class);

    for (std::size_t i = 0; i < s.events.size(); ++i) c.each([&] {
        const auto& e = s.events[i];
        const auto p = event_pointer(e, i);
        const auto& t = e.target;
        if (!t.id.empty() && !ids.has(t.id)) c.fail(p + "/target", "unknown sector or node " + q(t.id) + " in the model");
        if (!t.node_class.empty() && !classes.count(t.node_class))
            c.fail(p + "/class", "no node of the model has class " + q(t.node_class));
        for (std::size_t k = 0; k < t.nodes.size(); ++k)
            if (!ids.node(t.nodes[k]))
                c.fail(at(p + "/nodes", k), ids.sector(t.nodes[k])
                                                ? q(t.nodes[k]) + " is a sector, not a node; use \"target\""
                                                : "unknown node " + q(t.nodes[k]) + " in the model");
        // An event that reaches no unit would run, score grade A and say nothing.
        if (!t.region.empty()) {
            if (const auto miss = region_miss(model, t.region); !miss.empty()) c.fail(p + "/region", miss);
        }
        if (e.kind == EventKind::earthquake && std::none_of(model.nodes.begin(), model.nodes.end(), is_located))
            c.fail(p, "the model has no located assets; earthquakes act on assets with lat/lon");
        if (e.kind == EventKind::tsunami) {
            auto coastal = [](const Node& n) { return n.coastal; };
            if (!model.has_nodes())
                c.fail(p, "the model has no located assets; tsunamis act on assets with \"coastal\": true");
            if (std::none_of(model.nodes.begin(), model.nodes.end(), coastal))
                c.fail(p, "the model has no coastal assets; tsunamis act on assets with \"coastal\": true");
            if (std::none_of(model.nodes.begin(), model.nodes.end(),
                             [&](const Node& n) { return n.coastal && glob_match(t.region, n.region); }))
                c.fail(p + "/region", q(t.region) + " matches no coastal node (coastal nodes' regions: " +
                                          region_summary(model, coastal) + ")");
        }
        if (is_blackout(e.kind) && !ids.sector(e.supplier))
            c.fail(p + "/supplier", "unknown sector " + q(e.supplier) + (e.supplier == "power" ? " (the default supplier)" : ""));
    });

    for (std::size_t mi = 0; mi < s.measures.size(); ++mi) c.each([&] {
        const auto& m = s.measures[mi];
        for (std::size_t ci = 0; ci < m.changes.size(); ++ci) {
            const auto& ch = m.changes[ci];
            const auto pc = change_pointer(m, mi, ci);
            EdgeSelector sel;
            if (!ch.edges.empty() && parse_edges(ch.edges, sel) &&
                std::none_of(model.dependencies.begin(), model.dependencies.end(), [&](const Dependency& d) {
                    return end_matches(model, ids, sel.from, d.from) && end_matches(model, ids, sel.to, d.to);
                }))
                c.fail(pc + "/edges", q(ch.edges) + " matches no dependency of the model");
            if (!ch.nodes.empty() && !node_selector_matches(model, ch.nodes))
                c.fail(pc + "/nodes", q(ch.nodes) + " matches no node of the model");
            for (std::size_t k = 0; k < ch.add.size(); ++k) check_dependency_refs(c, ids, ch.add[k], at(pc + "/add", k));
        }
    });
}

}  // namespace

void check_model(const Model& model) { check_model(model, nullptr); }
void check_model(const Model& model, ErrorList& errors) { check_model(model, &errors); }
void check_and_resolve_model(Model& model) {
    std::vector<DependencyEnds> ends;
    check_model(model, nullptr, &ends);
    model.dependency_ends = std::move(ends);
}
void check_and_resolve_model(Model& model, ErrorList& errors) {
    const auto before = errors.count;
    std::vector<DependencyEnds> ends;
    check_model(model, &errors, &ends);
    if (errors.count == before) model.dependency_ends = std::move(ends);
}
void check_scenario_settings(const Scenario& scenario) { check_scenario_settings(scenario, nullptr); }
void check_scenario(const Scenario& scenario, const Model& model) { check_scenario(scenario, model, nullptr); }
void check_scenario(const Scenario& scenario, const Model& model, ErrorList& errors) {
    check_scenario(scenario, model, &errors);
}

}  // namespace cisim
