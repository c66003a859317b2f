#include "io/Dot.hpp"

#include <charconv>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

namespace cisim {

namespace {

// A DOT double-quoted string; newlines become the \n line break of labels.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\r') continue;
        out += c;
    }
    return out + "\"";
}

std::string label_number(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    (void)ec;
    return std::string(buf, end);
}

std::string sector_label(const Sector& s) {
    std::string label = s.name.empty() ? s.id : s.name;
    if (!s.name_ja.empty()) label += "\n" + s.name_ja;
    return label;
}

std::string edge_label(const Dependency& d) {
    std::string label = label_number(d.strength);
    if (d.buffer_h > 0) label += " / " + label_number(d.buffer_h) + " h";
    if (d.delay_h > 0) label += " +" + label_number(d.delay_h) + " h";
    if (!d.group.empty()) label += "\n[" + d.group.str() + "]";
    return label;
}

}  // namespace

std::string model_to_dot(const Model& model) {
    std::set<std::string> sectors_with_nodes, named_sectors;
    for (const auto& n : model.nodes) sectors_with_nodes.insert(n.sector);
    for (const auto& d : model.dependencies) {
        named_sectors.insert(d.from);
        named_sectors.insert(d.to);
    }

    std::ostringstream out;
    out << "digraph " << quoted(model.name.empty() ? "cisim model" : model.name) << " {\n"
        << "  graph [rankdir=LR, fontname=\"Noto Sans CJK JP\", label=" << quoted(model.name) << ", labelloc=t];\n"
        << "  node [fontname=\"Noto Sans CJK JP\", fontsize=10];\n"
        << "  edge [fontname=\"Noto Sans CJK JP\", fontsize=8];\n";
    for (std::size_t i = 0; i < model.sectors.size(); ++i) {
        const auto& s = model.sectors[i];
        if (!sectors_with_nodes.count(s.id)) {
            out << "  " << quoted(s.id) << " [shape=box, style=rounded, label=" << quoted(sector_label(s)) << "];\n";
            continue;
        }
        out << "  subgraph " << quoted("cluster_" + std::to_string(i)) << " {\n"
            << "    label=" << quoted(sector_label(s)) << ";\n    style=rounded;\n";
        if (named_sectors.count(s.id))
            out << "    " << quoted(s.id) << " [shape=box, style=\"rounded,dashed\", label="
                << quoted(s.id + "\n(sector service)") << "];\n";
        for (const auto& n : model.nodes) {
            if (n.sector != s.id) continue;
            std::string label = n.name.empty() ? n.id : n.name;
            if (!n.node_class.empty()) label += "\n" + n.node_class;
            out << "    " << quoted(n.id) << " [shape=ellipse, label=" << quoted(label)
                << (n.is_source ? ", peripheries=2" : "") << "];\n";
        }
        out << "  }\n";
    }
    for (const auto& d : model.dependencies) {
        out << "  " << quoted(d.from) << " -> " << quoted(d.to) << " [label=" << quoted(edge_label(d))
            << ", penwidth=" << label_number(0.5 + 2.5 * d.strength);
        if (d.effect == DependencyEffect::repair) out << ", style=dashed";
        if (d.type == DependencyType::cyber) out << ", color=\"#1f77b4\"";
        out << "];\n";
    }
    for (const auto& l : model.links)
        out << "  " << quoted(l.a) << " -> " << quoted(l.b) << " [dir=none, style=dotted, color=gray50];\n";
    out << "}\n";
    return out.str();
}

}  // namespace cisim
