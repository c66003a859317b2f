#include "io/AnalysisJson.hpp"

#include <sstream>

#include "io/JsonWriter.hpp"

namespace cisim {
namespace {

void check_utf8(const std::vector<std::string>& list) {
    for (const auto& s : list) check_json_utf8(s);
}

void check_utf8(const std::vector<std::vector<std::string>>& lists) {
    for (const auto& list : lists) check_utf8(list);
}

// Every string, in the order they are written: a bad one stops the output
// before its first byte, with the error the first bad string gives.
void check_strings(const StaticAnalysis& a) {
    check_json_utf8(a.model);
    for (const auto& s : a.sectors) {
        for (const auto* text : {&s.id, &s.name, &s.name_ja}) check_json_utf8(*text);
        check_utf8(s.direct_suppliers);
        check_utf8(s.direct_dependents);
        if (!a.summarised) check_utf8(s.transitive_dependents);
        check_utf8(s.interdependent_with);
    }
    check_utf8(a.loops);
    for (const auto& k : a.key_sectors) check_json_utf8(k.id);
    if (a.key_sectors_error) check_json_utf8(*a.key_sectors_error);
    for (const auto& c : a.criticality) check_json_utf8(c.id);
    check_utf8(a.matrix.ids);
    if (a.cascade) {
        check_utf8(a.cascade->waves);
        check_utf8(a.cascade->sector_waves);
        check_utf8(a.cascade->causes);
    }
}

void write_lists(JsonWriter& out, const std::vector<std::vector<std::string>>& lists) {
    out.begin_array();
    for (const auto& list : lists) out.strings(list);
    out.end_array();
}

}  // namespace

void write_analysis_json(std::ostream& stream, const StaticAnalysis& a) {
    check_strings(a);
    // Keys in the order SPEC §11 lists them (the order the DOM writer used).
    JsonWriter out(stream);
    out.begin_object();
    out.key("model");
    out.string(a.model);
    out.key("sectors");
    out.begin_array();
    for (const auto& s : a.sectors) {
        out.begin_object();
        out.key("id");
        out.string(s.id);
        out.key("name");
        out.string(s.name);
        out.key("name_ja");
        out.string(s.name_ja);
        out.key("direct_suppliers");
        out.strings(s.direct_suppliers);
        out.key("direct_dependents");
        out.strings(s.direct_dependents);
        // Summarised (large models): the count stands for the list, which grows with n².
        if (a.summarised) {
            out.key("transitive_dependents_count");
            out.number(std::uint64_t{s.transitive_count});
        } else {
            out.key("transitive_dependents");
            out.strings(s.transitive_dependents);
        }
        out.key("interdependent_with");
        out.strings(s.interdependent_with);
        out.key("self_dependent");
        out.boolean(s.self_dependent);
        out.end_object();
    }
    out.end_array();
    out.key("loops");
    write_lists(out, a.loops);
    out.key("key_sectors");
    out.begin_array();
    for (const auto& k : a.key_sectors) {
        out.begin_object();
        out.key("id");
        out.string(k.id);
        out.key("total_inoperability");
        out.number(k.total_inoperability);
        out.end_object();
    }
    out.end_array();
    if (a.key_sectors_error) {
        out.key("key_sectors_error");
        out.string(*a.key_sectors_error);
    }
    out.key("criticality");
    out.begin_array();
    for (const auto& c : a.criticality) {
        out.begin_object();
        out.key("id");
        out.string(c.id);
        out.key("reach");
        out.number(std::uint64_t{c.reach});
        out.key("outgoing_strength");
        out.number(c.outgoing_strength);
        out.end_object();
    }
    out.end_array();
    out.key("matrix");
    out.begin_object();
    out.key("ids");
    out.strings(a.matrix.ids);
    out.key("rows");
    out.string("consumer");
    out.key("columns");
    out.string("supplier");
    if (a.summarised) {
        // [consumer index, supplier index, strength] per nonzero entry.
        out.key("entries");
        out.begin_array();
        for (const auto& e : a.matrix.entries) {
            out.begin_array();
            out.number(std::uint64_t{e.consumer});
            out.number(std::uint64_t{e.supplier});
            out.number(e.strength);
            out.end_array();
        }
        out.end_array();
    } else {
        out.key("strength");
        out.begin_array();
        for (const auto& row : a.matrix.strength) {
            out.begin_array();
            for (const double x : row) out.number(x);
            out.end_array();
        }
        out.end_array();
    }
    out.end_object();
    if (a.summarised) {
        out.key("summarised");
        out.boolean(true);
    }
    if (a.cascade) {
        out.key("cascade");
        out.begin_object();
        out.key("threshold");
        out.number(a.cascade->threshold);
        out.key("waves");
        write_lists(out, a.cascade->waves);
        out.key("sector_waves");
        write_lists(out, a.cascade->sector_waves);
        out.key("causes");
        write_lists(out, a.cascade->causes);
        out.end_object();
    }
    out.end_object();
    out.finish();
}

std::string analysis_to_json(const StaticAnalysis& analysis) {
    std::ostringstream text;
    write_analysis_json(text, analysis);
    return std::move(text).str();
}

}  // namespace cisim
