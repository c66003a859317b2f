// Monte Carlo (SPEC §5.7): per-sample seeds, thread-count independence, bands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "engines/CascadeEngine.hpp"
#include "model/Network.hpp"
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

TEST_CASE("another seed gives other samples, the same seed the same ones", "[montecarlo]") {
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

TEST_CASE("bands and scores are those of the samples run one by one, by sample index", "[montecarlo]") {
    // 37 samples: not a multiple of any block of samples the workers store together.
    const int samples = 37;
    const std::uint64_t seed = 11;
    const auto model = two_sectors();
    const auto scenario = uncertain_outage();
    std::vector<Result> alone;
    for (int i = 0; i < samples; ++i) {
        RunOptions o;
        o.seed = sample_seed(seed, static_cast<std::uint64_t>(i));
        o.sample = true;
        alone.push_back(CascadeEngine().run(model, scenario, o));
    }
    for (const int threads : {1, 2}) {
        const auto mc = run(threads, seed, samples);
        REQUIRE(mc.samples.size() == alone.size());
        for (std::size_t i = 0; i < alone.size(); ++i)
            REQUIRE(mc.samples[i].overall.inoperability_hours ==
                    score(model, build_network(model), alone[i]).overall.inoperability_hours);
        const auto& b = mc.bands;
        REQUIRE(b.times == alone[0].times);
        REQUIRE(b.sector_count == 2);
        for (std::size_t k = 0; k < b.times.size(); ++k)
            for (std::size_t s = 0; s < b.sector_count; ++s) {
                std::vector<float> column;
                double sum = 0;
                for (const auto& r : alone) {
                    column.push_back(r.sector_at(k, s));
                    sum += column.back();
                }
                std::sort(column.begin(), column.end());
                // Type 7 at n = 37: h = 36 p = 3.6, 18, 32.4.
                const double h10 = 36 * 0.1, h90 = 36 * 0.9;
                const auto at = k * b.sector_count + s;
                INFO("threads " << threads << ", step " << k << ", sector " << s);
                REQUIRE(b.p10[at] == static_cast<float>(column[3] + (h10 - 3) * (column[4] - column[3])));
                REQUIRE(b.p50[at] == column[18]);
                REQUIRE(b.p90[at] == static_cast<float>(column[32] + (h90 - 32) * (column[33] - column[32])));
                REQUIRE(b.mean[at] == static_cast<float>(sum / samples));
            }
    }
}
