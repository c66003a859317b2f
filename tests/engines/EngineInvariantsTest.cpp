// Invariants every registered engine keeps (STYLE.md §10): no event → no impact;
// impact is monotone in severity; same seed → same result; thread count does
// not change results.
#include <catch2/catch.hpp>

#include "engines/Engine.hpp"

using namespace cisim;

namespace {

Model three_sectors() {
    Model m;
    m.name = "invariants";
    for (const char* id : {"power", "telecom", "finance"}) {
        Sector s;
        s.id = id;
        s.rto_h = 12;
        m.sectors.push_back(s);
    }
    auto dep = [](const char* from, const char* to, double strength, double buffer_h) {
        Dependency d;
        d.from = from;
        d.to = to;
        d.strength = strength;
        d.buffer_h = buffer_h;
        return d;
    };
    m.dependencies = {dep("power", "telecom", 0.6, 2), dep("telecom", "finance", 0.5, 0), dep("telecom", "power", 0.2, 0)};
    return m;
}

Scenario outage(double severity) {
    Scenario s;
    s.horizon_h = 24;
    s.step_h = 0.5;
    if (severity > 0) {
        Event e;
        e.kind = EventKind::it_outage;
        e.target.id = "power";
        e.start_h = 1;
        e.duration_h = 6;
        e.severity = severity;
        e.recovery = Recovery::linear;
        e.recovery_h = 4;
        e.duration_cv = 0.4;
        s.events = {e};
    }
    return s;
}

double total_inoperability(const Result& r) {
    double sum = 0;
    for (float v : r.sector_operability) sum += 1.0 - v;
    return sum;
}

}  // namespace

TEST_CASE("every engine keeps the basic invariants", "[engine][invariant]") {
    EngineRegistry registry;
    register_builtin_engines(registry);
    REQUIRE(registry.find(default_engine) != nullptr);
    const auto model = three_sectors();
    for (const auto* engine : registry.list()) {
        SECTION(engine->name()) {
            RunOptions o;
            const auto quiet = engine->run(model, outage(0), o);
            for (float v : quiet.sector_operability) REQUIRE(v == 1.0f);

            double previous = 0;
            for (double severity : {0.2, 0.5, 0.8, 1.0}) {
                const double total = total_inoperability(engine->run(model, outage(severity), o));
                REQUIRE(total >= previous - 1e-9);
                previous = total;
            }
            REQUIRE(previous > 0);

            o.sample = true;
            o.seed = 9;
            const auto a = engine->run(model, outage(0.7), o);
            const auto b = engine->run(model, outage(0.7), o);
            REQUIRE(a.sector_operability == b.sector_operability);
            o.threads = 2;
            const auto c = engine->run(model, outage(0.7), o);
            REQUIRE(a.sector_operability == c.sector_operability);
        }
    }
}
