// Sensitivity of a scenario's scores to its uncertain values, end to end on a
// hand-made model whose answer is known.
#include <catch2/catch.hpp>

#include <cmath>

#include "engines/CascadeEngine.hpp"
#include "model/Error.hpp"
#include "montecarlo/SensitivityRuns.hpp"

using namespace cisim;

namespace {

/// C depends on S1 and S2 (strength of each uncertain, uniform 0–1, min rule);
/// only S1 fails, fully, for 10 h: C's inoperability-hours are 10 × the S1
/// edge's strength, whatever the S2 edge's.
Model two_suppliers() {
    Model m;
    for (const char* id : {"S1", "S2", "C"}) {
        Sector s;
        s.id = id;
        m.sectors.push_back(s);
    }
    for (const char* from : {"S1", "S2"}) {
        Dependency d;
        d.from = from;
        d.to = "C";
        d.strength = 0.5;
        m.dependencies.push_back(d);
    }
    for (std::size_t i = 0; i < 2; ++i)
        m.uncertain.push_back({"/dependencies/" + std::to_string(i) + "/strength", m.dependencies[i].from + "->C strength",
                               {Distribution::Kind::uniform, 0, 0, 1}, UncertainPlace::dependency, i, "strength"});
    return m;
}

Scenario s1_fails() {
    Scenario s;
    s.file = "s.json";
    s.horizon_h = 24;
    s.step_h = 0.5;
    Event e;
    e.kind = EventKind::it_outage;
    e.target.id = "S1";
    e.severity = 1;
    e.duration_h = 10;
    s.events = {e};
    return s;
}

const SensitivityOutput& output(const SensitivityResult& r, const std::string& name) {
    for (const auto& o : r.outputs)
        if (o.output == name) return o;
    FAIL("no output " << name);
    throw;
}

}  // namespace

TEST_CASE("Sobol: C's inoperability-hours depend on the S1 edge alone", "[montecarlo][sensitivity]") {
    SensitivityOptions o;
    o.samples = 512;
    o.seed = 3;
    o.threads = 1;
    const auto one = run_sensitivity(two_suppliers(), s1_fails(), CascadeEngine(), o);
    REQUIRE(one.runs == 512 * 4);
    REQUIRE(one.parameters.size() == 2);
    const auto& c = output(one, "sector.C.inoperability_hours");
    INFO("S1 edge: S1 " << c.sobol[0].s1 << " ± " << c.sobol[0].s1_conf << ", ST " << c.sobol[0].st);
    INFO("S2 edge: S1 " << c.sobol[1].s1 << " ± " << c.sobol[1].s1_conf << ", ST " << c.sobol[1].st);
    REQUIRE(std::fabs(c.sobol[0].s1 - 1) <= std::max(c.sobol[0].s1_conf, 1e-9));
    REQUIRE(std::fabs(c.sobol[0].st - 1) <= std::max(c.sobol[0].st_conf, 1e-9));
    REQUIRE(std::fabs(c.sobol[1].s1) <= std::max(c.sobol[1].s1_conf, 1e-9));
    REQUIRE(std::fabs(c.sobol[1].st) <= std::max(c.sobol[1].st_conf, 1e-9));
    // S1's own hours do not vary: no variance to apportion.
    const auto& s1 = output(one, "sector.S1.inoperability_hours");
    REQUIRE(s1.sobol[0].s1 == 0);
    o.threads = 2;
    const auto two = run_sensitivity(two_suppliers(), s1_fails(), CascadeEngine(), o);
    for (std::size_t i = 0; i < one.outputs.size(); ++i)
        for (std::size_t p = 0; p < 2; ++p) {
            REQUIRE(one.outputs[i].sobol[p].s1 == two.outputs[i].sobol[p].s1);
            REQUIRE(one.outputs[i].sobol[p].st_conf == two.outputs[i].sobol[p].st_conf);
        }
}

TEST_CASE("Morris: C's inoperability-hours move 10 h per unit of the S1 edge's strength", "[montecarlo][sensitivity]") {
    SensitivityOptions o;
    o.method = SensitivityMethod::morris;
    o.samples = 20;
    const auto r = run_sensitivity(two_suppliers(), s1_fails(), CascadeEngine(), o);
    REQUIRE(r.runs == 20 * 3);
    const auto& c = output(r, "sector.C.inoperability_hours");
    REQUIRE(c.morris[0].mu_star == Approx(10).epsilon(0.02));  // the step grid of 0.5 h rounds a little
    REQUIRE(c.morris[1].mu_star == Approx(0).margin(1e-9));
}

TEST_CASE("sensitivity without uncertain values is an input error", "[montecarlo][sensitivity]") {
    auto m = two_suppliers();
    m.uncertain.clear();
    REQUIRE_THROWS_AS(run_sensitivity(m, s1_fails(), CascadeEngine(), {}), InputError);
}
