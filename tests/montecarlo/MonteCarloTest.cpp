// Monte Carlo (SPEC §5.7): per-sample seeds, thread-count independence, bands.
#include <catch2/catch.hpp>

#include "engines/CascadeEngine.hpp"
#include "montecarlo/MonteCarlo.hpp"

using namespace cisim;

namespace {

Model two_sectors() {
    Model m;
    m.name = "mc";
    Sector p, t;
    p.id = "power";
    t.id = "telecom";
    t.rto_h = 6;
    t.mtpd_h = 12;
    m.sectors = {p, t};
    Dependency d;
    d.from = "power";
    d.to = "telecom";
    d.strength = 1;
    d.buffer_h = 3;
    m.dependencies = {d};
    return m;
}

Scenario uncertain_outage() {
    Scenario s;
    s.horizon_h = 48;
    s.step_h = 0.5;
    Event e;
    e.kind = EventKind::it_outage;
    e.target.id = "power";
    e.duration_h = 8;
    e.duration_cv = 0.5;
    s.events = {e};
    return s;
}

MonteCarloResult run(int threads, std::uint64_t seed, int samples = 64) {
    MonteCarloOptions o;
    o.samples = samples;
    o.seed = seed;
    o.threads = threads;
    return run_monte_carlo(two_sectors(), uncertain_outage(), CascadeEngine(), o);
}

}  // namespace

TEST_CASE("Monte Carlo results do not depend on the thread count", "[montecarlo]") {
    const auto one = run(1, 42), two = run(2, 42);
    REQUIRE(one.bands.p50 == two.bands.p50);
    REQUIRE(one.bands.p10 == two.bands.p10);
    REQUIRE(one.bands.mean == two.bands.mean);
    for (std::size_t i = 0; i < one.samples.size(); ++i)
        REQUIRE(one.samples[i].overall.inoperability_hours == two.samples[i].overall.inoperability_hours);
}

TEST_CASE("another seed gives other samples; the same seed the same ones", "[montecarlo]") {
    const auto a = run(1, 42), b = run(1, 43), again = run(1, 42);
    REQUIRE(a.distribution.inoperability_hours.mean != b.distribution.inoperability_hours.mean);
    REQUIRE(a.distribution.inoperability_hours.mean == again.distribution.inoperability_hours.mean);
}

TEST_CASE("sampled outage durations spread around the expected one", "[montecarlo]") {
    const auto mc = run(2, 7, 400);
    // Lognormal durations with mean 8 h: power's inoperability-hours average ≈ 8 (± a few sem).
    const auto& power = mc.distribution.sectors[0];
    REQUIRE(power.inoperability_hours.mean == Approx(8.0).margin(0.6));
    REQUIRE(power.inoperability_hours.p10 < power.inoperability_hours.p90);
    // Telecom is hit only when the outage outlasts its 3 h buffer, and breaches its 6 h RTO
    // only beyond 9 h: P(duration > 9 h) for a lognormal with mean 8, cv 0.5:
    // σ² = ln 1.25, μ = ln 8 − σ²/2 → z = (ln 9 − μ)/σ = 0.485 → P ≈ 0.314.
    const auto& telecom = mc.distribution.sectors[1];
    REQUIRE(telecom.p_rto_breach == Approx(0.31).margin(0.07));
    // Bands are ordered and the expected run is the deterministic one.
    for (std::size_t i = 0; i < mc.bands.p10.size(); ++i) {
        REQUIRE(mc.bands.p10[i] <= mc.bands.p50[i]);
        REQUIRE(mc.bands.p50[i] <= mc.bands.p90[i]);
    }
    REQUIRE(mc.expected_scores.sectors[0].inoperability_hours == Approx(8.0).margin(0.3));
}

TEST_CASE("sample seeds differ between samples and between seeds", "[montecarlo]") {
    REQUIRE(sample_seed(1, 0) != sample_seed(1, 1));
    REQUIRE(sample_seed(1, 0) != sample_seed(2, 0));
    REQUIRE(sample_seed(5, 9) == sample_seed(5, 9));
}
