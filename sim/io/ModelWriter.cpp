#include "io/ModelWriter.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>

namespace cisim {
namespace {

class Writer {
public:
    explicit Writer(std::ostream& out) : out_(out) { buffer_.reserve(1 << 16); }
    ~Writer() { flush(); }

    void raw(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= (1 << 16)) flush();
    }

    void string(std::string_view s) {
        buffer_.push_back('"');
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
                case '"': buffer_.append("\\\""); break;
                case '\\': buffer_.append("\\\\"); break;
                case '\n': buffer_.append("\\n"); break;
                case '\r': buffer_.append("\\r"); break;
                case '\t': buffer_.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        static constexpr char hex[] = "0123456789abcdef";
                        buffer_.append("\\u00");
                        buffer_.push_back(hex[c >> 4]);
                        buffer_.push_back(hex[c & 15]);
                    } else {
                        buffer_.push_back(ch);
                    }
            }
        }
        buffer_.push_back('"');
    }

    // Shortest text that reads back as the same double; whole numbers without a fraction.
    void number(double x) {
        char text[32];
        const auto end = std::to_chars(text, text + sizeof text, x).ptr;
        buffer_.append(text, end);
    }

    // ,"key":
    void key(std::string_view k) {
        buffer_.append(",\"");
        buffer_.append(k);
        buffer_.append("\":");
    }
    void put(std::string_view k, const std::string& s) {
        if (s.empty()) return;
        key(k);
        string(s);
    }
    void put(std::string_view k, const std::optional<double>& x) {
        if (!x) return;
        key(k);
        number(*x);
    }
    void put(std::string_view k, double x, double fallback) {
        if (x == fallback) return;
        key(k);
        number(x);
    }

    void flush() {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
    }

private:
    std::ostream& out_;
    std::string buffer_;
};

void write_uncertain(Writer& w, const UncertainParameter& p) {
    const auto& d = p.distribution;
    w.raw("{\"uncertain\":");
    switch (d.kind) {
        case Distribution::Kind::uniform: w.string("uniform"); break;
        case Distribution::Kind::triangular: w.string("triangular"); break;
        case Distribution::Kind::lognormal: w.string("lognormal"); break;
    }
    if (d.kind == Distribution::Kind::lognormal) {
        w.key("median");
        w.number(d.median_value);
        w.key("beta");
        w.number(d.beta);
    } else {
        w.key("min");
        w.number(d.min);
        if (d.kind == Distribution::Kind::triangular) {
            w.key("mode");
            w.number(d.mode);
        }
        w.key("max");
        w.number(d.max);
    }
    w.put("source", p.source);
    w.raw("}");
}

/// A sector's and a node's uncertain values (a dependency's are in its given_as).
class UncertainFields {
public:
    explicit UncertainFields(const Model& model) {
        for (const auto& p : model.uncertain)
            if (p.place == UncertainPlace::sector || p.place == UncertainPlace::node)
                at_[{p.place, p.index, p.field}] = &p;
    }
    const UncertainParameter* find(UncertainPlace place, std::size_t index, const std::string& field) const {
        if (at_.empty()) return nullptr;  // the common case
        auto it = at_.find({place, index, field});
        return it == at_.end() ? nullptr : it->second;
    }

private:
    std::map<std::tuple<UncertainPlace, std::size_t, std::string>, const UncertainParameter*> at_;
};

}  // namespace

std::string uncertain_to_json(const UncertainParameter& p) {
    std::ostringstream out;
    {
        Writer w(out);
        write_uncertain(w, p);
    }
    return out.str();
}

void write_model_json(std::ostream& out, const Model& model) {
    Writer w(out);
    const UncertainFields uncertain(model);
    // An uncertain value goes back as {"uncertain": …}, else the number.
    auto number_or_uncertain = [&](UncertainPlace place, std::size_t index, const char* field, auto&& plain) {
        if (const auto* p = uncertain.find(place, index, field)) {
            w.key(field);
            write_uncertain(w, *p);
        } else {
            plain();
        }
    };
    w.raw("{\"schema\":");
    w.string("cisim-model/1");
    w.put("name", model.name);
    w.key("time_unit");
    w.string(model.time_unit);
    w.put("description", model.description);
    w.put("source", model.source);
    w.raw(",\n\"sectors\":[");
    for (std::size_t i = 0; i < model.sectors.size(); ++i) {
        const auto& s = model.sectors[i];
        w.raw(i ? ",\n{\"id\":" : "\n{\"id\":");
        w.string(s.id);
        w.put("name", s.name);
        w.put("name_ja", s.name_ja);
        w.put("output", s.output);
        number_or_uncertain(UncertainPlace::sector, i, "rto_h", [&] { w.put("rto_h", s.rto_h); });
        number_or_uncertain(UncertainPlace::sector, i, "mtpd_h", [&] { w.put("mtpd_h", s.mtpd_h); });
        w.put("weight", s.weight, 1.0);
        if (s.network != NetworkMode::none) {
            w.key("network");
            w.string(to_string(s.network));
        }
        if (s.repair_spread) {
            w.key("repair_scale");
            w.raw(s.repair_spread->given);
        } else {
            w.put("repair_scale", s.repair_scale, 1.0);
        }
        w.put("source", s.source);
        w.put("description", s.description);
        w.put("households", s.households);
        w.put("population", s.population);
        w.raw("}");
    }
    w.raw("]");
    if (!model.nodes.empty()) {
        w.raw(",\n\"nodes\":[");
        for (std::size_t i = 0; i < model.nodes.size(); ++i) {
            const auto& n = model.nodes[i];
            w.raw(i ? ",\n{\"id\":" : "\n{\"id\":");
            w.string(n.id);
            w.key("sector");
            w.string(n.sector);
            w.put("name", n.name);
            w.put("class", n.node_class);
            w.put("region", n.region);
            w.put("lat", n.lat);
            w.put("lon", n.lon);
            w.put("capacity", n.capacity, 1.0);
            if (n.coastal) w.raw(",\"coastal\":true");
            w.put("elevation_m", n.elevation_m());
            w.put("site_amplification", n.site_amplification, 1.0);
            if (n.is_source) w.raw(",\"source\":true");
            number_or_uncertain(UncertainPlace::node, i, "fragility_scale",
                                [&] { w.put("fragility_scale", n.fragility_scale, 1.0); });
            if (n.repair_spread) {
                w.key("repair_scale");
                w.raw(n.repair_spread->given);
            } else {
                w.put("repair_scale", n.repair_scale, 1.0);
            }
            if (n.facilities != 1) w.put("facilities", static_cast<double>(n.facilities), 1.0);
            w.put("rolling_group", n.rolling_group());
            w.put("ref", n.ref());
            w.put("households", n.households());
            w.put("population", n.population());
            w.raw("}");
        }
        w.raw("]");
    }
    w.raw(",\n\"dependencies\":[");
    for (std::size_t i = 0; i < model.dependencies.size(); ++i) {
        const auto& d = model.dependencies[i];
        w.raw(i ? ",\n{\"from\":" : "\n{\"from\":");
        w.string(d.from);
        w.key("to");
        w.string(d.to);
        w.key("type");
        w.string(to_string(d.type));
        if (d.effect == DependencyEffect::repair) w.raw(",\"effect\":\"repair\"");
        // Parameters given as spreads or by year go back as they were given.
        auto given = [&](const char* name) -> const std::string* {
            for (const auto& [k, text] : d.forms->given_as)
                if (k == name) return &text;
            return nullptr;
        };
        auto param = [&](const char* name, auto&& plain) {
            if (const auto* text = given(name)) {
                w.key(name);
                w.raw(*text);
            } else {
                plain();
            }
        };
        param("strength", [&] { w.key("strength"); w.number(d.strength); });
        param("buffer_h", [&] { w.put("buffer_h", d.buffer_h, 0.0); });
        param("refill_h", [&] { w.put("refill_h", d.refill_h); });
        param("delay_h", [&] { w.put("delay_h", d.delay_h, 0.0); });
        w.put("group", d.group.str());
        w.put("source", d.source());
        w.put("note", d.note());
        w.raw("}");
    }
    w.raw("]");
    if (!model.links.empty()) {
        w.raw(",\n\"links\":[");
        for (std::size_t i = 0; i < model.links.size(); ++i) {
            w.raw(i ? ",\n{\"a\":" : "\n{\"a\":");
            w.string(model.links[i].a);
            w.key("b");
            w.string(model.links[i].b);
            w.raw("}");
        }
        w.raw("]");
    }
    if (!model.combination_by_class.empty()) {
        w.raw(",\n\"combination\":{");
        bool first = true;
        for (const auto& [cls, rule] : model.combination_by_class) {
            if (!first) w.raw(",");
            first = false;
            w.string(cls);
            w.raw(":");
            w.string(rule == Combination::product ? "product" : "min");
        }
        w.raw("}");
    }
    w.raw("\n}\n");
}

}  // namespace cisim
