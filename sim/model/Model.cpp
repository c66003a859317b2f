#include "model/Model.hpp"

#include "model/Error.hpp"

namespace cisim {

double Spread::at(double q) const {
    if (v.empty()) return 0;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        if (q > p[i + 1] || p[i + 1] <= p[i]) continue;
        return v[i] + (v[i + 1] - v[i]) * (q - p[i]) / (p[i + 1] - p[i]);
    }
    return v.back();
}

double Spread::mean() const {
    double total = 0;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) total += (p[i + 1] - p[i]) * (v[i] + v[i + 1]) / 2;
    return total;
}

void Dependency::set_text(std::string DependencyText::*field, std::string value) {
    if (!text && value.empty()) return;  // no box for empty text: most dependencies have none
    text.edit().*field = std::move(value);
    if (text->empty()) text.reset();
}

namespace {

// Sets one of a node's extras, keeping the box absent while all are empty.
template <class F>
void set_extra(Boxed<NodeExtras>& extras, F NodeExtras::*field, F value) {
    if (!extras && value == F{}) return;  // no box for nothing: most nodes of a big model have none
    extras.edit().*field = std::move(value);
    if (extras->empty()) extras.reset();
}

}  // namespace

void Node::set_rolling_group(std::string value) { set_extra(extras, &NodeExtras::rolling_group, std::move(value)); }
void Node::set_ref(std::string value) { set_extra(extras, &NodeExtras::ref, std::move(value)); }
void Node::set_households(std::optional<double> value) { set_extra(extras, &NodeExtras::households, value); }
void Node::set_population(std::optional<double> value) { set_extra(extras, &NodeExtras::population, value); }
void Node::set_elevation_m(std::optional<double> value) { set_extra(extras, &NodeExtras::elevation_m, value); }

void Node::set_extras(NodeExtras value) {
    if (value.empty()) extras.reset();
    else extras.edit() = std::move(value);
}

void Dependency::set(const std::string& name, double value) {
    if (name == "strength") strength = value;
    else if (name == "buffer_h") buffer_h = value;
    else if (name == "refill_h") refill_h = value;
    else if (name == "delay_h") delay_h = value;
    if (!forms) return;
    auto& f = forms.edit();
    if (name == "strength") f.spread.strength.reset();
    else if (name == "buffer_h") f.spread.buffer_h.reset();
    else if (name == "refill_h") f.spread.refill_h.reset();
    else if (name == "delay_h") f.spread.delay_h.reset();
    std::erase_if(f.by_year, [&](const auto& e) { return e.first == name; });
    std::erase_if(f.given_as, [&](const auto& e) { return e.first == name; });
}

Model at_vintage(Model model, std::optional<int> year) {
    for (std::size_t d = 0; d < model.dependencies.size(); ++d) {
        auto& dep = model.dependencies[d];
        if (!dep.forms || dep.forms->by_year.empty()) continue;
        auto& forms = dep.forms.edit();
        for (const auto& [name, entries] : forms.by_year) {
            if (entries.empty()) continue;
            const YearValue* chosen = &entries.back();
            if (year) {
                chosen = nullptr;
                for (const auto& e : entries)
                    if (e.from <= *year) chosen = &e;
                if (!chosen)
                    throw InputError(model.file, "/dependencies/" + std::to_string(d) + "/" + name + "/by_year",
                                     "no value applies as of " + std::to_string(*year) + " (the first is from " +
                                         std::to_string(entries.front().from) + ")");
            }
            auto set = [&](double& scalar, std::optional<Spread>& spread) {
                scalar = chosen->value;
                spread = chosen->spread;
            };
            if (name == "strength") set(dep.strength, forms.spread.strength);
            else if (name == "buffer_h") set(dep.buffer_h, forms.spread.buffer_h);
            else if (name == "delay_h") set(dep.delay_h, forms.spread.delay_h);
            else if (name == "refill_h") {
                double refill = 0;
                set(refill, forms.spread.refill_h);
                dep.refill_h = refill;
            }
        }
    }
    return model;
}

const Sector* Model::find_sector(const std::string& id) const {
    for (const auto& s : sectors)
        if (s.id == id) return &s;
    return nullptr;
}

const Node* Model::find_node(const std::string& id) const {
    for (const auto& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

std::string to_string(DependencyType t) {
    switch (t) {
        case DependencyType::physical: return "physical";
        case DependencyType::cyber: return "cyber";
        case DependencyType::geographic: return "geographic";
        case DependencyType::logical: return "logical";
    }
    return "physical";
}

std::string to_string(NetworkMode m) {
    switch (m) {
        case NetworkMode::none: return "none";
        case NetworkMode::sources: return "sources";
        case NetworkMode::giant: return "giant";
    }
    return "none";
}

}  // namespace cisim
