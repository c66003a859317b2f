// Exercise injects (SPEC §7): the MSEL rows, their cause chains and recipients,
// and the CSV and Markdown forms.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analysis/Injects.hpp"
#include "analysis/InjectsFormat.hpp"
#include "engines/CascadeEngine.hpp"

using namespace cisim;

namespace {

Sector sector(const std::string& id, const std::string& name, std::optional<double> rto = {},
              std::optional<double> mtpd = {}) {
    Sector s;
    s.id = id;
    s.name = name;
    s.rto_h = rto;
    s.mtpd_h = mtpd;
    return s;
}

Dependency dep(const std::string& from, const std::string& to, double buffer_h) {
    Dependency d;
    d.from = from;
    d.to = to;
    d.buffer_h = buffer_h;
    return d;
}

/// power → telecom (2 h battery) → finance (3 h): power fails for 10 h at t = 1.
struct Chain {
    Model model;
    Scenario scenario;
    Chain() {
        model.name = "chain";
        model.sectors = {sector("power", "Electric power", 24.0), sector("telecom", "Telecommunications", 24.0),
                         sector("finance", "Finance", 4.0, 5.5)};
        model.dependencies = {dep("power", "telecom", 2), dep("telecom", "finance", 3)};
        scenario.name = "chain";
        scenario.horizon_h = 24;
        scenario.step_h = 1;
        Event e;
        e.kind = EventKind::it_outage;
        e.id = "grid-failure";
        e.description = "Control system failure";
        e.target.id = "power";
        e.start_h = 1;
        e.duration_h = 10;
        scenario.events = {e};
    }
};

const Inject* find(const std::vector<Inject>& rows, const std::string& sector, InjectKind kind) {
    for (const auto& r : rows)
        if (r.sector == sector && r.kind == kind) return &r;
    return nullptr;
}

using Ids = std::vector<std::string>;

LogEntry entry(double t, LogKind kind, Level level, std::uint32_t index, std::int32_t cause_unit = -1,
               std::int32_t event = -1, double value = 0) {
    LogEntry e;
    e.t_h = t;
    e.kind = kind;
    e.level = level;
    e.index = index;
    e.cause_unit = cause_unit;
    e.event = event;
    e.value = value;
    return e;
}

/// A flat result (everything at 1) with a hand-written log.
Result flat_result(const Model& m, const Network& net, std::vector<LogEntry> log) {
    Result r;
    r.times = {0, 1, 2, 3, 4, 5, 6};
    r.horizon_h = 6;
    r.step_h = 1;
    r.sector_count = m.sectors.size();
    r.sector_operability.assign(r.times.size() * r.sector_count, 1.0f);
    r.unit_count = net.size();
    r.log = std::move(log);
    return r;
}

}  // namespace

TEST_CASE("inject_time formats T+hh:mm", "[analysis][injects]") {
    CHECK(inject_time(0) == "T+00:00");
    CHECK(inject_time(1.5) == "T+01:30");
    CHECK(inject_time(61.4) == "T+61:24");
    CHECK(inject_time(0.999999) == "T+01:00");
    CHECK(inject_time(125.25) == "T+125:15");
}

TEST_CASE("regulators: competent ministries of the Japanese sectors", "[analysis][injects]") {
    CHECK(regulators_of("telecom") == Ids{"MIC"});
    CHECK(regulators_of("broadcasting") == Ids{"MIC"});
    CHECK(regulators_of("finance") == Ids{"FSA"});
    CHECK(regulators_of("credit") == Ids{"METI"});
    CHECK(regulators_of("power") == Ids{"METI"});
    CHECK(regulators_of("railway") == Ids{"MLIT"});
    CHECK(regulators_of("water") == Ids{"MLIT"});  // since 2024-04
    CHECK(regulators_of("medical") == Ids{"MHLW"});
    CHECK(regulators_of("government") == Ids{"Cabinet Secretariat", "Digital Agency"});
    CHECK(regulators_of("space").empty());
}

TEST_CASE("injects on a buffered chain: time order and cause chains to the event", "[analysis][injects]") {
    const Chain c;
    const auto net = build_network(c.model);
    const auto result = CascadeEngine().run(c.model, c.scenario, {});
    const auto scores = score(c.model, net, result);
    const auto rows = build_injects(c.model, net, c.scenario, result, scores);
    REQUIRE_FALSE(rows.empty());
    CHECK(std::is_sorted(rows.begin(), rows.end(), [](const Inject& a, const Inject& b) { return a.t_h < b.t_h; }));

    // The initiating event comes first, at its start.
    CHECK(rows.front().kind == InjectKind::initiating_event);
    CHECK(rows.front().t_h == 1);
    CHECK(rows.front().sector == "power");
    CHECK(rows.front().cause_chain == Ids{"grid-failure"});
    CHECK_THAT(rows.front().what, Catch::Contains("Control system failure"));

    const auto* power = find(rows, "power", InjectKind::below_service);
    REQUIRE(power);
    CHECK(power->time == "T+01:00");
    CHECK(power->cause_chain == Ids{"power", "grid-failure"});

    // Telecom's 2 h battery runs dry at 3, finance's 3 h backup at 6.
    const auto* tel_backup = find(rows, "telecom", InjectKind::backup_exhausted);
    REQUIRE(tel_backup);
    CHECK(tel_backup->t_h == 3);
    CHECK_THAT(tel_backup->what, Catch::Contains("Electric power supply"));
    CHECK(tel_backup->cause_chain == Ids{"telecom", "power", "grid-failure"});
    const auto* tel = find(rows, "telecom", InjectKind::below_service);
    REQUIRE(tel);
    CHECK(tel->t_h == 3);
    const auto* fin = find(rows, "finance", InjectKind::below_service);
    REQUIRE(fin);
    CHECK(fin->t_h == 6);
    CHECK(fin->cause_chain == Ids{"finance", "telecom", "power", "grid-failure"});
    CHECK(fin->recipients == Ids{"Finance operators", "FSA", "NCO (ex-NISC)"});
    CHECK(find(rows, "finance", InjectKind::backup_exhausted)->cause_chain == fin->cause_chain);

    // Finance is down 6 → 11 (5 h): RTO 4 h breached at 10, MTPD 5.5 h not.
    const auto* rto = find(rows, "finance", InjectKind::rto_breached);
    REQUIRE(rto);
    CHECK(rto->t_h == 10);
    CHECK(rto->cause_chain == fin->cause_chain);
    CHECK_THAT(rto->what, Catch::Contains("RTO of 4 h"));
    CHECK_FALSE(find(rows, "finance", InjectKind::mtpd_breached));
    CHECK_FALSE(find(rows, "power", InjectKind::rto_breached));

    // Everyone is back when power is; restored rows name the outage they end.
    const auto* back = find(rows, "finance", InjectKind::restored);
    REQUIRE(back);
    CHECK(back->t_h == 11);
    CHECK(back->cause_chain == fin->cause_chain);
    // Same time: sectors in model order.
    std::vector<std::string> at_11;
    for (const auto& r : rows)
        if (r.t_h == 11 && r.kind == InjectKind::restored) at_11.push_back(r.sector);
    CHECK(at_11 == Ids{"power", "telecom", "finance"});

    // Same input, same list.
    const auto again = build_injects(c.model, net, c.scenario, result, scores);
    CHECK(injects_csv(again) == injects_csv(rows));
}

TEST_CASE("injects: MTPD breach and not-recovered sectors", "[analysis][injects]") {
    Chain c;
    c.scenario.events[0].duration_h = 30;  // power back at 31, after the 24 h horizon
    const auto net = build_network(c.model);
    const auto result = CascadeEngine().run(c.model, c.scenario, {});
    const auto scores = score(c.model, net, result);
    const auto rows = build_injects(c.model, net, c.scenario, result, scores);
    const auto* mtpd = find(rows, "finance", InjectKind::mtpd_breached);
    REQUIRE(mtpd);
    CHECK(mtpd->t_h == Approx(6 + 5.5));
    CHECK(mtpd->time == "T+11:30");
    // Power is down from 1 to the horizon (23 h so far < RTO 24 h): no breach yet.
    CHECK_FALSE(find(rows, "power", InjectKind::rto_breached));
    CHECK_FALSE(find(rows, "finance", InjectKind::restored));
}

TEST_CASE("injects: a feedback loop in the causes ends the chain", "[analysis][injects]") {
    Model m;
    m.sectors = {sector("power", "Electric power"), sector("telecom", "Telecommunications")};
    const auto net = build_network(m);
    Scenario s;
    // Each names the other as its cause: no origin in the log.
    const auto r = flat_result(m, net, {entry(1, LogKind::below_service, Level::sector, 0, 1),
                                        entry(1, LogKind::below_service, Level::sector, 1, 0)});
    const auto rows = build_injects(m, net, s, r, score(m, net, r));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cause_chain == Ids{"power", "telecom"});
    CHECK(rows[1].cause_chain == Ids{"telecom", "power"});
}

TEST_CASE("injects: a supplier cut by a blackout ends the chain at the blackout", "[analysis][injects]") {
    Model m;
    m.sectors = {sector("power", "Electric power"), sector("medical", "Medical care")};
    const auto net = build_network(m);
    Scenario s;
    Event b;
    b.kind = EventKind::blackout;
    b.id = "kanto-blackout";
    b.supplier = "power";
    b.target.region = "kanto*";
    b.start_h = 0;
    b.duration_h = 5;
    s.events = {b};
    const auto r = flat_result(m, net, {entry(3, LogKind::buffer_exhausted, Level::sector, 1, 0),
                                        entry(3, LogKind::supply_lost, Level::sector, 1, 0),
                                        entry(3, LogKind::below_service, Level::sector, 1, 0, -1, 0.4)});
    const auto rows = build_injects(m, net, s, r, score(m, net, r));
    const auto* row = find(rows, "medical", InjectKind::below_service);
    REQUIRE(row);
    CHECK(row->cause_chain == Ids{"medical", "power", "kanto-blackout"});
    CHECK(row->what == "Operability below 90 % (now 40 %)");
    CHECK(row->recipients == Ids{"Medical care operators", "MHLW", "NCO (ex-NISC)"});
    // The blackout's own row goes to the power sector (its supplier).
    CHECK(rows.front().kind == InjectKind::initiating_event);
    CHECK(rows.front().sector == "power");
}

TEST_CASE("injects on an asset model: one backup row per sector and supply — asset rows capped",
          "[analysis][injects]") {
    Model m;
    m.sectors = {sector("power", "Electric power"), sector("medical", "Medical care")};
    auto node = [](std::string id, std::string sec) {
        Node n;
        n.id = std::move(id);
        n.sector = std::move(sec);
        return n;
    };
    m.nodes = {node("plant-1", "power"), node("hosp-1", "medical"), node("hosp-2", "medical")};
    const auto net = build_network(m);
    const auto p1 = net.unit_index.at("plant-1");
    const auto h1 = net.unit_index.at("hosp-1"), h2 = net.unit_index.at("hosp-2");
    Scenario s;
    Event e;
    e.id = "plant-trip";
    e.target.id = "plant-1";
    s.events = {e};
    const auto unit = Level::unit;
    const auto sec = Level::sector;
    const std::int32_t p1c = static_cast<std::int32_t>(p1);
    const auto r = flat_result(m, net,
                               {entry(0, LogKind::direct_hit, unit, p1, -1, 0, 1.0),
                                entry(0, LogKind::below_service, sec, 0, -1, 0, 0.0),
                                entry(0, LogKind::below_service, unit, p1, -1, 0, 0.0),
                                entry(3, LogKind::buffer_exhausted, unit, h1, p1c),
                                entry(3, LogKind::supply_lost, unit, h1, p1c),
                                entry(3, LogKind::below_service, unit, h1, p1c, -1, 0.0),
                                entry(3, LogKind::below_service, sec, 1, p1c, -1, 0.5),
                                entry(4, LogKind::buffer_exhausted, unit, h2, p1c),
                                entry(4, LogKind::supply_lost, unit, h2, p1c),
                                entry(4, LogKind::below_service, unit, h2, p1c, -1, 0.0),
                                entry(4, LogKind::below_half, sec, 1, p1c, -1, 0.0)});
    const auto sc = score(m, net, r);

    const auto rows = build_injects(m, net, s, r, sc);
    CHECK(std::none_of(rows.begin(), rows.end(), [](const Inject& i) { return !i.node.empty(); }));
    std::size_t backups = 0;
    for (const auto& i : rows)
        if (i.kind == InjectKind::backup_exhausted) {
            ++backups;
            CHECK(i.t_h == 3);
            CHECK(i.sector == "medical");
            CHECK_THAT(i.what, Catch::Contains("hosp-1"));
            CHECK(i.cause_chain == Ids{"medical", "power", "plant-trip"});  // units shown as sectors
        }
    CHECK(backups == 1);
    CHECK(find(rows, "medical", InjectKind::below_half)->cause_chain == Ids{"medical", "power", "plant-trip"});

    InjectOptions with_nodes;
    with_nodes.node_rows = true;
    const auto detailed = build_injects(m, net, s, r, sc, with_nodes);
    std::vector<std::string> nodes;
    for (const auto& i : detailed)
        if (!i.node.empty()) nodes.push_back(i.node + "@" + to_string(i.kind));
    CHECK(nodes == Ids{"plant-1@direct_hit", "plant-1@below_service", "hosp-1@backup_exhausted",
                       "hosp-1@below_service", "hosp-2@backup_exhausted", "hosp-2@below_service"});
    const auto h2row = std::find_if(detailed.begin(), detailed.end(),
                                    [](const Inject& i) { return i.node == "hosp-2"; });
    REQUIRE(h2row != detailed.end());
    CHECK(h2row->cause_chain == Ids{"hosp-2", "plant-1", "plant-trip"});
    // Sector rows precede asset rows at the same time.
    const auto first_sector_3 = std::find_if(detailed.begin(), detailed.end(),
                                             [](const Inject& i) { return i.t_h == 3 && i.node.empty(); });
    const auto first_node_3 = std::find_if(detailed.begin(), detailed.end(),
                                           [](const Inject& i) { return i.t_h == 3 && !i.node.empty(); });
    CHECK(first_sector_3 < first_node_3);

    CHECK(build_inject_list(m, net, s, r, sc, with_nodes).node_rows_left_out == 0);
    with_nodes.max_node_rows = 3;
    const auto capped = build_inject_list(m, net, s, r, sc, with_nodes);
    CHECK(std::count_if(capped.injects.begin(), capped.injects.end(), [](const Inject& i) { return !i.node.empty(); }) == 3);
    CHECK(capped.injects.size() == rows.size() + 3);
    CHECK(capped.node_rows_left_out == 3);  // said, not silently dropped
}

TEST_CASE("injects: a backup that runs dry as its supply returns is no inject", "[analysis][injects]") {
    // power is 40 % down over [1, 11); 40 % of telecom's members (a sector-level
    // population) are cut and drain their 10 h batteries at the full rate: empty
    // at 11, the instant power returns: telecom never drops.
    Chain c;
    c.scenario.events[0].severity = 0.4;
    c.model.dependencies[0].buffer_h = 10;
    const auto net = build_network(c.model);
    const auto result = CascadeEngine().run(c.model, c.scenario, {});
    // The engine logs the buffer at zero at 11 (it does not yet know that step's
    // supply), but no supply_lost: nothing reaches telecom.
    const auto logged = [&](LogKind kind) {
        return std::count_if(result.log.begin(), result.log.end(), [&](const LogEntry& e) {
            return e.kind == kind && e.level == Level::sector && e.index == 1;
        });
    };
    REQUIRE(logged(LogKind::buffer_exhausted) == 1);
    CHECK(logged(LogKind::supply_lost) == 0);
    const auto scores = score(c.model, net, result);
    CHECK_FALSE(scores.sectors[1].outage_start_h);
    const auto rows = build_injects(c.model, net, c.scenario, result, scores);
    for (const auto& r : rows) CHECK(r.sector != "telecom");
    CHECK(std::none_of(rows.begin(), rows.end(), [](const Inject& i) { return i.kind == InjectKind::backup_exhausted; }));

    // One hour less of battery: empty at 10 while power is still down; the loss reaches telecom.
    c.model.dependencies[0].buffer_h = 9;
    const auto shorter = CascadeEngine().run(c.model, c.scenario, {});
    const auto rows2 = build_injects(c.model, net, c.scenario, shorter, score(c.model, net, shorter));
    const auto* backup = find(rows2, "telecom", InjectKind::backup_exhausted);
    REQUIRE(backup);
    CHECK(backup->t_h == 10);
    CHECK(backup->what == "Backup for Electric power supply exhausted: the loss now reaches the sector");
}

TEST_CASE("injects: a sector named \"... supply\" is not doubled (\"Water supply supply\")", "[analysis][injects]") {
    Model m;
    m.sectors = {sector("water", "Water supply", 24.0), sector("medical", "Medical care", 24.0)};
    m.dependencies = {dep("water", "medical", 2)};
    Scenario s;
    s.horizon_h = 12;
    Event e;
    e.kind = EventKind::it_outage;
    e.id = "pump-failure";
    e.target.id = "water";
    e.start_h = 1;
    e.duration_h = 6;
    s.events = {e};
    const auto net = build_network(m);
    const auto r = CascadeEngine().run(m, s, {});
    const auto rows = build_injects(m, net, s, r, score(m, net, r));
    const auto* backup = find(rows, "medical", InjectKind::backup_exhausted);
    REQUIRE(backup);
    CHECK(backup->what == "Backup for Water supply exhausted: the loss now reaches the sector");
    for (const auto& i : rows) CHECK_THAT(i.what, !Catch::Contains("supply supply"));
}

TEST_CASE("injects_csv quotes fields — injects_markdown escapes pipes", "[analysis][injects]") {
    Inject a;
    a.t_h = 1.25;
    a.time = "T+01:15";
    a.sector = "power";
    a.sector_name = "Electric | power";
    a.what = "Outage, \"big\" one\nsecond line";
    a.cause_chain = {"power", "ev-1"};
    a.recipients = {"Electric power operators", "METI", "NCO (ex-NISC)"};
    Inject b;
    b.t_h = 0;
    b.time = "T+00:00";
    b.what = "Earthquake (Mw 7.3)";
    b.cause_chain = {"quake"};
    b.recipients = {"NCO (ex-NISC)"};

    const auto csv = injects_csv({b, a});
    CHECK(csv ==
          "time,t_h,sector,node,what,cause_chain,recipients\n"
          "T+00:00,0,,,Earthquake (Mw 7.3),quake,NCO (ex-NISC)\n"
          "T+01:15,1.25,power,,\"Outage, \"\"big\"\" one\nsecond line\",power <- ev-1,"
          "Electric power operators;METI;NCO (ex-NISC)\n");

    const auto md = injects_markdown({b, a});
    CHECK_THAT(md, Catch::StartsWith("| Time | Sector | Node | What happens | Cause chain | Recipients |\n|---|"));
    CHECK_THAT(md, Catch::Contains("| T+01:15 | Electric \\| power |  | Outage, \"big\" one second line | power ← ev-1 |"));
    CHECK_THAT(md, Catch::Contains("| T+00:00 | (all affected) |"));
    // Every row has exactly the header's seven unescaped pipes.
    std::size_t line_start = 0;
    while (line_start < md.size()) {
        const auto end = md.find('\n', line_start);
        const auto line = md.substr(line_start, end - line_start);
        std::size_t pipes = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
        CHECK(pipes == 7);
        line_start = end + 1;
    }
}

TEST_CASE("injects: a shallow knock-on is a degraded row with its cause chain", "[analysis][injects]") {
    Chain c;
    c.model.dependencies[0].strength = 0.05;  // telecom loses 5 % while power is out
    c.model.dependencies[0].buffer_h = 0;
    const auto net = build_network(c.model);
    const auto result = CascadeEngine().run(c.model, c.scenario, {});
    const auto rows = build_injects(c.model, net, c.scenario, result, score(c.model, net, result));
    const auto* tel = find(rows, "telecom", InjectKind::degraded);
    REQUIRE(tel);
    CHECK(tel->t_h == 1);
    CHECK(tel->what == "Service degraded: operability below 99 % (now 95 %)");
    CHECK(tel->cause_chain == Ids{"telecom", "power", "grid-failure"});
    CHECK_FALSE(find(rows, "telecom", InjectKind::below_service));
    // Power falls straight below the threshold: no separate degraded row.
    CHECK_FALSE(find(rows, "power", InjectKind::degraded));
    CHECK(find(rows, "telecom", InjectKind::restored)->t_h == 11);
}

TEST_CASE("injects: without supplier causes in the log, the heaviest impaired supplier is inferred",
          "[analysis][injects]") {
    // As the iim and diim engines log: crossings name the event on hit sectors only.
    Model m;
    m.sectors = {sector("power", "Electric power"), sector("water", "Water supply"),
                 sector("medical", "Medical care")};
    Dependency pm = dep("power", "medical", 0), wm = dep("water", "medical", 0);
    pm.strength = 0.4;
    wm.strength = 0.9;
    m.dependencies = {pm, wm};
    const auto net = build_network(m);
    Scenario s;
    Event e;
    e.id = "grid-down";
    e.target.id = "power";
    s.events = {e};
    auto r = flat_result(m, net, {entry(1, LogKind::below_service, Level::sector, 0, -1, 0, 0.0),
                                  entry(1, LogKind::below_service, Level::sector, 2, -1, -1, 0.6)});
    // Power is out from 1; water stays up, so power weighs most although its edge is weaker.
    for (std::size_t k = 1; k < r.times.size(); ++k) {
        r.sector_operability[k * 3 + 0] = 0.0f;
        r.sector_operability[k * 3 + 2] = 0.6f;
    }
    auto rows = build_injects(m, net, s, r, score(m, net, r));
    CHECK(find(rows, "medical", InjectKind::below_service)->cause_chain == Ids{"medical", "power", "grid-down"});
    // With water down too (0.9 × 0.5 > 0.4 × 1), water is the inferred cause; it has no origin of its own.
    for (std::size_t k = 1; k < r.times.size(); ++k) r.sector_operability[k * 3 + 1] = 0.5f;
    rows = build_injects(m, net, s, r, score(m, net, r));
    CHECK(find(rows, "medical", InjectKind::below_service)->cause_chain == Ids{"medical", "water"});
}

TEST_CASE("injects: the inferred supplier is the strongest dependency's — of equal weights, the earlier one's",
          "[analysis][injects]") {
    Model m;
    m.sectors = {sector("power", "Electric power"), sector("water", "Water supply"),
                 sector("medical", "Medical care")};
    auto strength = [](Dependency d, double s) {
        d.strength = s;
        return d;
    };
    const auto pm = strength(dep("power", "medical", 0), 0.5), wm = strength(dep("water", "medical", 0), 0.5);
    Scenario s;
    auto cause_of_medical = [&](const Model& model) {
        const auto net = build_network(model);
        auto r = flat_result(model, net, {entry(1, LogKind::below_service, Level::sector, 2, -1, -1, 0.6)});
        for (std::size_t k = 1; k < r.times.size(); ++k) {
            r.sector_operability[k * 3 + 0] = 0.0f;  // both suppliers out: weights 0.5 × 1 each
            r.sector_operability[k * 3 + 1] = 0.0f;
            r.sector_operability[k * 3 + 2] = 0.6f;
        }
        const auto rows = build_injects(model, net, s, r, score(model, net, r));
        return find(rows, "medical", InjectKind::below_service)->cause_chain;
    };
    m.dependencies = {pm, wm};
    CHECK(cause_of_medical(m) == Ids{"medical", "power"});
    m.dependencies = {wm, pm};
    CHECK(cause_of_medical(m) == Ids{"medical", "water"});
    // A second, stronger power dependency after water's: power weighs 0.8 against 0.5.
    m.dependencies = {wm, pm, strength(dep("power", "medical", 0), 0.8)};
    CHECK(cause_of_medical(m) == Ids{"medical", "power"});
    // Power's 0.5 comes after water's 0.5 (its first dependency is weaker): water.
    m.dependencies = {strength(dep("power", "medical", 0), 0.3), wm, pm};
    CHECK(cause_of_medical(m) == Ids{"medical", "water"});
}

TEST_CASE("injects of a central case tell its representative realisation's story", "[analysis][injects]") {
    // engines/CentralEnsemble.hpp: median curves are no one's story; the injects
    // follow the realisation the log follows, with that realisation's scores.
    Chain c;
    const auto net = build_network(c.model);
    const auto story = CascadeEngine().run(c.model, net, c.scenario, {});
    Result central = story;
    std::fill(central.sector_operability.begin(), central.sector_operability.end(), 1.0f);
    const auto steps = central.unit_operability.step_count(), units = central.unit_operability.unit_count();
    central.unit_operability = UnitCurves::from_dense(std::vector<float>(steps * units, 1.0f), steps, units);
    central.realisations = 3;
    central.representative_run = std::make_shared<const Result>(story);
    const auto expected = build_injects(c.model, net, c.scenario, story, score(c.model, net, story));
    const auto rows = build_injects(c.model, net, c.scenario, central, score(c.model, net, central));
    REQUIRE(rows.size() == expected.size());
    REQUIRE(find(rows, "finance", InjectKind::rto_breached));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].t_h == expected[i].t_h);
        CHECK(rows[i].kind == expected[i].kind);
        CHECK(rows[i].sector == expected[i].sector);
    }
}
