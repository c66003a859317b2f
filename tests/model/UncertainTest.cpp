// Distributions of uncertain values and applying drawn quantiles to a model.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/Model.hpp"
#include "model/Scenario.hpp"
#include "model/Uncertain.hpp"

using namespace cisim;

TEST_CASE("normal quantile matches known values", "[model][uncertain]") {
    REQUIRE(normal_quantile(0.5) == Approx(0).margin(1e-12));
    REQUIRE(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-12));
    REQUIRE(normal_quantile(0.01) == Approx(-2.326347874040841).epsilon(1e-12));
    REQUIRE(normal_quantile(1e-10) == Approx(-6.361340902404056).epsilon(1e-9));
}

TEST_CASE("inverse CDFs of the three distributions", "[model][uncertain]") {
    Distribution u{Distribution::Kind::uniform, 2, 2, 6};
    REQUIRE(u.quantile(0.25) == Approx(3));
    REQUIRE(u.median() == Approx(4));
    Distribution t{Distribution::Kind::triangular, 0, 1, 4};
    // F(1) = 1/4; below the mode F(x) = x²/(4·1)
    REQUIRE(t.quantile(0.25) == Approx(1));
    REQUIRE(t.quantile(1.0 / 16) == Approx(0.5));
    // above: 1 − F(x) = (4 − x)²/(4·3): F(3) = 11/12
    REQUIRE(t.quantile(11.0 / 12) == Approx(3));
    Distribution l;
    l.kind = Distribution::Kind::lognormal;
    l.median_value = 10;
    l.beta = 0.5;
    REQUIRE(l.median() == Approx(10));
    REQUIRE(l.quantile(0.975) == Approx(10 * std::exp(0.5 * 1.959963984540054)));
    REQUIRE(l.describe() == "lognormal(median 10, beta 0.5)");
}

TEST_CASE("apply_uncertain sets the drawn values, clamped to their range", "[model][uncertain]") {
    Model m;
    m.sectors.resize(2);
    m.dependencies.emplace_back();
    Scenario s;
    Event e;
    e.file_index = 3;
    s.events.push_back(e);
    std::vector<UncertainParameter> ps = {
        {"/dependencies/0/strength", "", {Distribution::Kind::uniform, 0.5, 0.5, 1.5}, UncertainPlace::dependency, 0,
         "strength"},
        {"/dependencies/0/buffer_h", "", {Distribution::Kind::uniform, 0, 0, 8}, UncertainPlace::dependency, 0,
         "buffer_h"},
        {"/sectors/1/rto_h", "", {Distribution::Kind::uniform, 2, 2, 6}, UncertainPlace::sector, 1, "rto_h"},
        {"/events/3/duration_h", "", {Distribution::Kind::uniform, 10, 10, 20}, UncertainPlace::event, 3,
         "duration_h"}};
    const std::vector<double> u = {0.9, 0.25, 0.5, 0.1};
    apply_uncertain(m, s, ps, u);
    REQUIRE(m.dependencies[0].strength == 1.0);  // 1.4 clamped to a share
    REQUIRE(m.dependencies[0].buffer_h == Approx(2));
    REQUIRE(*m.sectors[1].rto_h == Approx(4));
    REQUIRE(s.events[0].duration_h == Approx(11));
}
