// IT-BCP scoring on hand-made operability curves (SPEC §6).
#include <catch2/catch.hpp>

#include "analysis/Scoring.hpp"

using namespace cisim;

namespace {

std::vector<double> hours(std::size_t n, double step = 1.0) {
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) * step;
    return t;
}

/// A sector-level result: one column per sector, rows = times.
Result sector_result(const std::vector<double>& times, const std::vector<std::vector<double>>& curves,
                     double threshold = 0.9) {
    Result r;
    r.engine = "hand";
    r.times = times;
    r.horizon_h = times.back();
    r.step_h = times.size() > 1 ? times[1] - times[0] : 0;
    r.service_threshold = threshold;
    r.sector_count = curves.size();
    r.sector_operability.resize(times.size() * curves.size());
    for (std::size_t t = 0; t < times.size(); ++t)
        for (std::size_t s = 0; s < curves.size(); ++s)
            r.sector_operability[t * curves.size() + s] = static_cast<float>(curves[s][t]);
    return r;
}

Sector sector(const std::string& id, std::optional<double> rto = {}, std::optional<double> mtpd = {},
              double weight = 1.0, std::optional<double> output = {}) {
    Sector s;
    s.id = id;
    s.name = id;
    s.rto_h = rto;
    s.mtpd_h = mtpd;
    s.weight = weight;
    s.output = output;
    return s;
}

/// A curve at 1 except `value` on samples [from, to).
std::vector<double> dip(std::size_t n, std::size_t from, std::size_t to, double value) {
    std::vector<double> c(n, 1.0);
    for (std::size_t i = from; i < to && i < n; ++i) c[i] = value;
    return c;
}

}  // namespace

TEST_CASE("nisc_grade boundaries: A = 100 %, B >= 80 %, C >= 60 %, D below", "[analysis][scoring]") {
    CHECK(nisc_grade(1.0) == "A");
    CHECK(nisc_grade(1.0 - 1e-9) == "B");
    CHECK(nisc_grade(0.8) == "B");
    CHECK(nisc_grade(0.8 - 1e-9) == "C");
    CHECK(nisc_grade(0.6) == "C");
    CHECK(nisc_grade(0.6 - 1e-9) == "D");
    CHECK(nisc_grade(0.0) == "D");
    // Rounding noise at a boundary does not drop a grade.
    CHECK(nisc_grade(0.1 + 0.7) == "B");  // 0.7999999999999999
    CHECK(nisc_grade(3.0 * 0.2) == "C");  // 0.6000000000000001
}

TEST_CASE("score_curve: every figure of a single step outage", "[analysis][scoring]") {
    // Hourly samples 0..10; operability 0.4 on samples 2,3,4 (hours 2..5), then 1.
    const auto t = hours(11);
    const auto c = dip(11, 2, 5, 0.4);
    const auto s = score_curve("x", t, c, 0.9);
    CHECK(s.min_operability == Approx(0.4));
    CHECK(s.peak_inoperability == Approx(0.6));
    REQUIRE(s.first_impact_h);
    CHECK(*s.first_impact_h == 2.0);
    CHECK(s.downtime_h == Approx(3.0));  // three samples, one hour each
    CHECK(s.outage_h == Approx(3.0));    // 2 → 5
    REQUIRE(s.outage_start_h);
    CHECK(*s.outage_start_h == 2.0);
    REQUIRE(s.time_to_recover_h);
    CHECK(*s.time_to_recover_h == 5.0);
    // Each sample holds over its hour: 3 × 0.6.
    CHECK(s.inoperability_hours == Approx(3 * 0.6));
    CHECK(s.longest_outage_h == Approx(3.0));
    CHECK(s.recovered);
}

TEST_CASE("score_curve: never impacted", "[analysis][scoring]") {
    const auto s = score_curve("x", hours(5), std::vector<double>(5, 1.0), 0.9);
    CHECK(s.min_operability == 1.0);
    CHECK(s.peak_inoperability == 0.0);
    CHECK_FALSE(s.first_impact_h);
    CHECK_FALSE(s.outage_start_h);
    REQUIRE(s.time_to_recover_h);
    CHECK(*s.time_to_recover_h == 0.0);
    CHECK(s.downtime_h == 0.0);
    CHECK(s.outage_h == 0.0);
    CHECK(s.inoperability_hours == 0.0);
}

TEST_CASE("score_curve: a shallow dip impacts without downtime", "[analysis][scoring]") {
    // 0.95 is impaired (< 0.99) but above the 0.9 service threshold.
    const auto s = score_curve("x", hours(6), dip(6, 1, 3, 0.95), 0.9);
    REQUIRE(s.first_impact_h);
    CHECK(*s.first_impact_h == 1.0);
    CHECK(s.downtime_h == 0.0);
    CHECK(s.outage_h == 0.0);
    CHECK_FALSE(s.outage_start_h);
    CHECK(*s.time_to_recover_h == 3.0);
    CHECK(s.inoperability_hours == Approx(2 * 0.05));
}

TEST_CASE("score_curve: a value exactly at the threshold is not below it", "[analysis][scoring]") {
    // Stored as float, 0.9f < 0.9 in double; the tolerance keeps it at the threshold.
    const double at = static_cast<float>(0.9);
    const auto s = score_curve("x", hours(4), dip(4, 1, 3, at), 0.9);
    CHECK(s.downtime_h == 0.0);
    CHECK(s.first_impact_h);
}

TEST_CASE("score_curve: two outages — downtime sums them, outage spans them", "[analysis][scoring]") {
    // Below at samples 1,2 and 6 (hourly, 0..9); back after each.
    auto c = std::vector<double>(10, 1.0);
    c[1] = c[2] = 0.5;
    c[6] = 0.0;
    const auto s = score_curve("x", hours(10), c, 0.9);
    CHECK(s.downtime_h == Approx(3.0));
    CHECK(s.outage_h == Approx(6.0));  // 1 → 7
    CHECK(s.longest_outage_h == Approx(2.0));  // samples 1 and 2
    CHECK(*s.time_to_recover_h == 7.0);
    CHECK(s.min_operability == 0.0);
}

TEST_CASE("score_curve: not recovered by the horizon", "[analysis][scoring]") {
    // Drops at hour 3 and stays at 0.2 to the horizon (hour 8).
    const auto s = score_curve("x", hours(9), dip(9, 3, 9, 0.2), 0.9);
    CHECK_FALSE(s.time_to_recover_h);
    CHECK_FALSE(s.recovered);
    CHECK(s.outage_h == Approx(5.0));    // 3 → horizon 8
    CHECK(s.downtime_h == Approx(5.0));  // the last sample closes the horizon
    CHECK(s.inoperability_hours == Approx(5 * 0.8));  // samples 3..7; the last closes the horizon
}

TEST_CASE("score_curve: recovered to service but not to 0.99", "[analysis][scoring]") {
    auto c = dip(8, 2, 8, 0.95);
    c[2] = c[3] = 0.5;
    const auto s = score_curve("x", hours(8), c, 0.9);
    CHECK(s.recovered);
    CHECK(s.outage_h == Approx(2.0));
    CHECK_FALSE(s.time_to_recover_h);
}

TEST_CASE("score_curve: uneven time axis integrates each interval", "[analysis][scoring]") {
    const std::vector<double> t{0, 0.5, 2, 2.25, 5};
    const std::vector<double> c{1, 0, 0, 1, 1};
    const auto s = score_curve("x", t, c, 0.9);
    CHECK(s.downtime_h == Approx(1.75));  // samples at 0.5 (1.5 h) and 2 (0.25 h)
    CHECK(s.outage_h == Approx(1.75));    // 0.5 → 2.25
    CHECK(s.inoperability_hours == Approx(1.5 + 0.25));
}

TEST_CASE("score: RTO, MTPD and loss per sector", "[analysis][scoring]") {
    Model m;
    m.sectors = {sector("met", 3.0, 10.0, 1.0, 8760.0), sector("breach", 2.0, 2.5), sector("free")};
    const auto t = hours(11);
    const auto r = sector_result(t, {dip(11, 2, 5, 0.0), dip(11, 2, 5, 0.5), dip(11, 0, 11, 0.0)});
    const auto sc = score(m, build_network(m), r);
    REQUIRE(sc.sectors.size() == 3);
    const auto& met = sc.sectors[0];
    CHECK(met.outage_h == Approx(3.0));
    CHECK(met.rto_met == std::optional<bool>(true));  // outage 3 ≤ RTO 3
    CHECK_FALSE(met.mtpd_breached);
    REQUIRE(met.loss);
    // 8760 per year = 1 per hour, × inoperability-hours (0.5 + 2 + 0.5).
    CHECK(*met.loss == Approx(3.0));
    const auto& br = sc.sectors[1];
    CHECK(br.rto_met == std::optional<bool>(false));
    CHECK(br.mtpd_breached);  // 3 > 2.5
    CHECK_FALSE(br.loss);
    const auto& fr = sc.sectors[2];
    CHECK_FALSE(fr.rto_met);
    CHECK_FALSE(fr.mtpd_breached);
    // Only sectors with an RTO count: 1 of 2 met.
    CHECK(sc.overall.rto_compliance == Approx(0.5));
    CHECK(sc.overall.grade == "D");
    CHECK(sc.overall.inoperability_hours == Approx(3.0 + 1.5 + 10.0));
    REQUIRE(sc.overall.loss);
    CHECK(*sc.overall.loss == Approx(3.0));
}

TEST_CASE("score: each interruption is judged against the RTO, not their span", "[analysis][scoring]") {
    // Rolling-blackout pattern: 2 h down, 4 h up, 2 h down, hourly samples 0..12.
    Model m;
    m.sectors = {sector("rolling", 3.0, 3.5)};
    auto c = std::vector<double>(13, 1.0);
    c[1] = c[2] = c[7] = c[8] = 0.0;
    const auto sc = score(m, build_network(m), sector_result(hours(13), {c}));
    CHECK(sc.sectors[0].outage_h == Approx(8.0));          // 1 → 9
    CHECK(sc.sectors[0].longest_outage_h == Approx(2.0));
    CHECK(sc.sectors[0].rto_met == std::optional<bool>(true));
    CHECK_FALSE(sc.sectors[0].mtpd_breached);
}

TEST_CASE("score: not back by the horizon is judged on the outage so far", "[analysis][scoring]") {
    Model m;
    m.sectors = {sector("short", 6.0, 6.0), sector("long", 4.0, 4.5)};
    // Both drop at hour 5 and stay down to the horizon (hour 10): outage so far 5 h.
    const auto r = sector_result(hours(11), {dip(11, 5, 11, 0.0), dip(11, 5, 11, 0.0)});
    const auto sc = score(m, build_network(m), r);
    CHECK(sc.sectors[0].rto_met == std::optional<bool>(true));  // 5 < RTO 6: not yet breached
    CHECK_FALSE(sc.sectors[0].mtpd_breached);
    CHECK_FALSE(sc.sectors[0].time_to_recover_h);
    CHECK(sc.sectors[1].rto_met == std::optional<bool>(false));  // 5 > RTO 4
    CHECK(sc.sectors[1].mtpd_breached);
}

TEST_CASE("score: weighted RTO compliance exactly at the grade boundaries", "[analysis][scoring]") {
    const auto t = hours(11);
    const auto ok = std::vector<double>(11, 1.0);
    const auto bad = dip(11, 1, 9, 0.0);  // outage 8 h > RTO 1 h
    auto grade_of = [&](const std::vector<double>& weights, const std::vector<bool>& meets) {
        Model m;
        std::vector<std::vector<double>> curves;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            m.sectors.push_back(sector("s" + std::to_string(i), 1.0, {}, weights[i]));
            curves.push_back(meets[i] ? ok : bad);
        }
        return score(m, build_network(m), sector_result(t, curves)).overall;
    };
    auto a = grade_of({1, 1, 1, 1, 1}, {true, true, true, true, true});
    CHECK(a.rto_compliance == 1.0);
    CHECK(a.grade == "A");
    auto b = grade_of({1, 1, 1, 1, 1}, {true, true, true, true, false});  // exactly 80 %
    CHECK(b.rto_compliance == Approx(0.8));
    CHECK(b.grade == "B");
    auto b_low = grade_of({2, 2, 2, 3}, {true, true, true, false});  // 6/9 = 66.7 %
    CHECK(b_low.grade == "C");
    auto just_below_b = grade_of({79, 21}, {true, false});  // 79 %
    CHECK(just_below_b.grade == "C");
    auto just_below_a = grade_of({99, 1}, {true, false});  // 99 %
    CHECK(just_below_a.grade == "B");
    auto c = grade_of({3, 2}, {true, false});  // exactly 60 %
    CHECK(c.rto_compliance == Approx(0.6));
    CHECK(c.grade == "C");
    auto d = grade_of({59, 41}, {true, false});  // 59 %
    CHECK(d.grade == "D");
    // Weights, not counts: one heavy sector meeting its RTO outweighs four light ones.
    auto w = grade_of({16, 1, 1, 1, 1}, {true, false, false, false, false});
    CHECK(w.rto_compliance == Approx(0.8));
    CHECK(w.grade == "B");
}

TEST_CASE("score: no sector with an RTO is full compliance, no output is no loss", "[analysis][scoring]") {
    Model m;
    m.sectors = {sector("a"), sector("b")};
    const auto sc = score(m, build_network(m), sector_result(hours(4), {dip(4, 0, 4, 0.0), dip(4, 1, 2, 0.5)}));
    CHECK(sc.overall.rto_compliance == 1.0);
    CHECK(sc.overall.grade == "A");
    CHECK_FALSE(sc.overall.loss);
    CHECK(sc.classes.empty());
}

TEST_CASE("score: node classes from capacity-weighted unit curves", "[analysis][scoring]") {
    Model m;
    m.sectors = {sector("medical", 2.0), sector("power")};
    auto node = [](std::string id, std::string sec, std::string cls, double cap) {
        Node n;
        n.id = std::move(id);
        n.sector = std::move(sec);
        n.node_class = std::move(cls);
        n.capacity = cap;
        return n;
    };
    // Hospitals in medical with capacities 3 and 1; a plant in power; one unclassified node.
    m.nodes = {node("h1", "medical", "hospital", 3), node("h2", "medical", "hospital", 1),
               node("p1", "power", "plant", 1), node("x", "power", "", 1)};
    const auto net = build_network(m);
    REQUIRE(net.size() == 4);
    auto r = sector_result(hours(5), {std::vector<double>(5, 1.0), std::vector<double>(5, 1.0)});
    r.unit_count = 4;
    std::vector<float> dense(5 * 4, 1.0f);
    // h1 down to 0 on samples 1,2; h2 down to 0 on sample 3 only.
    dense[1 * 4 + net.unit_index.at("h1")] = 0.0f;
    dense[2 * 4 + net.unit_index.at("h1")] = 0.0f;
    dense[3 * 4 + net.unit_index.at("h2")] = 0.0f;
    r.unit_operability = UnitCurves::from_dense(dense, 5, 4);
    const auto sc = score(m, net, r);
    REQUIRE(sc.classes.size() == 2);
    CHECK(sc.classes[0].id == "hospital");  // sorted by name
    CHECK(sc.classes[1].id == "plant");
    const auto& h = sc.classes[0];
    // Class curve: 1, 0.25, 0.25, 0.75, 1.
    CHECK(h.min_operability == Approx(0.25));
    CHECK(h.downtime_h == Approx(3.0));
    CHECK(*h.first_impact_h == 1.0);
    CHECK(*h.time_to_recover_h == 4.0);
    CHECK(h.inoperability_hours == Approx(0.75 + 0.75 + 0.25));
    CHECK_FALSE(h.rto_met);  // classes carry no objectives
    CHECK(sc.classes[1].inoperability_hours == 0.0);
}

TEST_CASE("score: a result that does not match the model is refused", "[analysis][scoring]") {
    Model m;
    m.sectors = {sector("a"), sector("b")};
    const auto r = sector_result(hours(3), {std::vector<double>(3, 1.0)});
    CHECK_THROWS_AS(score(m, build_network(m), r), std::invalid_argument);
}
