// Monte Carlo score distributions: percentiles, breach probabilities, grades, convergence.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/ScoreDistribution.hpp"

using namespace cisim;

namespace {

ImpactScore sector_score(const std::string& id, double ih, std::optional<bool> rto_met, bool mtpd_breached,
                         std::optional<double> loss = {}) {
    ImpactScore s;
    s.id = id;
    s.inoperability_hours = ih;
    s.downtime_h = ih / 2;
    s.outage_h = ih;
    s.min_operability = 1.0 - ih / 100.0;
    s.rto_met = rto_met;
    s.mtpd_breached = mtpd_breached;
    s.loss = loss;
    s.recovered = ih < 30;
    return s;
}

Scores sample(double ih_a, bool a_met, bool a_mtpd, double ih_b) {
    Scores s;
    s.sectors = {sector_score("a", ih_a, a_met, a_mtpd, ih_a * 10), sector_score("b", ih_b, std::nullopt, false)};
    s.overall = overall_score(s.sectors);
    return s;
}

}  // namespace

TEST_CASE("percentile is type 7 (linear between order statistics)", "[analysis][mc]") {
    // Sorted 1, 2, 3, 4: h = 3p.
    const std::vector<double> v{4, 1, 3, 2};
    CHECK(percentile(v, 0.0) == 1.0);
    CHECK(percentile(v, 1.0) == 4.0);
    CHECK(percentile(v, 0.5) == Approx(2.5));  // h = 1.5
    CHECK(percentile(v, 0.1) == Approx(1.3));  // h = 0.3
    CHECK(percentile(v, 0.9) == Approx(3.7));  // h = 2.7
    CHECK(percentile({7.0}, 0.9) == 7.0);
    // Eleven values 0..10: p10 = 1, p50 = 5, p90 = 9 exactly.
    std::vector<double> w;
    for (int i = 10; i >= 0; --i) w.push_back(i);
    CHECK(percentile(w, 0.1) == Approx(1.0));
    CHECK(percentile(w, 0.9) == Approx(9.0));
    CHECK_THROWS_AS(percentile({}, 0.5), std::invalid_argument);
}

TEST_CASE("summarize: mean, sample sd, percentiles", "[analysis][mc]") {
    const auto s = summarize({2, 4, 4, 4, 5, 5, 7, 9});
    CHECK(s.mean == Approx(5.0));
    CHECK(s.sd == Approx(std::sqrt(32.0 / 7.0)));
    CHECK(s.p50 == Approx(4.5));
    CHECK(s.p10 == Approx(2 + 0.7 * 2));  // h = 0.7
    CHECK(s.p90 == Approx(7 + 0.3 * 2));  // h = 6.3
    const auto one = summarize({3});
    CHECK(one.sd == 0.0);
    CHECK(one.p10 == 3.0);
    CHECK(summarize({}).mean == 0.0);
}

TEST_CASE("score_distribution: per-sector probabilities and spreads", "[analysis][mc]") {
    // Sector a has an RTO; breached in 1 of 4 samples, MTPD breached in 2 of 4 (RTO met
    // there: breaches are independent flags of the input). Sector b has no RTO.
    const std::vector<Scores> samples{sample(10, true, false, 0), sample(20, true, true, 2),
                                      sample(30, false, true, 4), sample(40, true, false, 6)};
    const auto d = score_distribution(samples);
    CHECK(d.samples == 4);
    REQUIRE(d.sectors.size() == 2);
    const auto& a = d.sectors[0];
    CHECK(a.id == "a");
    CHECK(a.has_rto);
    CHECK(a.p_rto_breach == Approx(0.25));
    CHECK(a.p_mtpd_breach == Approx(0.5));
    CHECK(a.p_not_recovered == Approx(0.5));  // 30 and 40 are "not recovered" in this fixture
    CHECK(a.inoperability_hours.mean == Approx(25));
    CHECK(a.inoperability_hours.p50 == Approx(25));
    CHECK(a.inoperability_hours.p10 == Approx(13));  // h = 0.3
    CHECK(a.inoperability_hours.p90 == Approx(37));  // h = 2.7
    CHECK(a.downtime_h.mean == Approx(12.5));
    REQUIRE(a.loss);
    CHECK(a.loss->mean == Approx(250));
    const auto& b = d.sectors[1];
    CHECK_FALSE(b.has_rto);
    CHECK(b.p_rto_breach == 0.0);
    CHECK_FALSE(b.loss);
    CHECK(b.inoperability_hours.mean == Approx(3));
    // Compliance is 1 (A) in three samples and 0 (D) in one.
    CHECK(d.grade_distribution.at("A") == Approx(0.75));
    CHECK(d.grade_distribution.at("B") == 0.0);
    CHECK(d.grade_distribution.at("C") == 0.0);
    CHECK(d.grade_distribution.at("D") == Approx(0.25));
    CHECK(d.rto_compliance.mean == Approx(0.75));
    // Totals 10, 22, 34, 46: mean 28, sd √240 = 15.49, sem 7.75 > 1 % of 28.
    CHECK(d.inoperability_hours.mean == Approx(28));
    CHECK(d.inoperability_hours.sd == Approx(std::sqrt(240.0)));
    CHECK(d.sem == Approx(std::sqrt(240.0) / 2));
    CHECK_FALSE(d.converged);
    CHECK(score_distribution(samples, 0.3).converged);  // 7.75 ≤ 0.3 × 28 = 8.4
    REQUIRE(d.loss);
    CHECK(d.loss->mean == Approx(250));
}

TEST_CASE("score_distribution: identical samples converge — one sample does not", "[analysis][mc]") {
    const std::vector<Scores> same(5, sample(10, true, false, 1));
    const auto d = score_distribution(same);
    CHECK(d.sem == 0.0);
    CHECK(d.converged);
    CHECK(d.grade_distribution.at("A") == 1.0);
    CHECK_FALSE(score_distribution({sample(10, true, false, 1)}).converged);
}

TEST_CASE("score_distribution: refuses no samples and mismatched sectors", "[analysis][mc]") {
    CHECK_THROWS_AS(score_distribution(std::vector<Scores>{}), std::invalid_argument);
    CHECK_THROWS_AS(score_distribution(SampleFigures{}), std::invalid_argument);
    auto other = sample(1, true, false, 1);
    other.sectors[1].id = "c";
    CHECK_THROWS_AS(score_distribution({sample(1, true, false, 1), other}), std::invalid_argument);
}
