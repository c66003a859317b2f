// The deterministic run as the central case of K stratified realisations
// (engines/CentralEnsemble.hpp): which scenarios combine, the median curves,
// the representative whose log is kept, and independence of threads.
#include <catch2/catch.hpp>

#include <atomic>
#include <vector>

#include "engines/CentralEnsemble.hpp"
#include "engines/Engine.hpp"

using namespace cisim;

namespace {

/// One sector, one unit; realisation r of K holds operability (r + 1)/(K + 1)
/// from t = 1 h to t = 1 + 2r h and logs one entry at t = r.
class StairEngine final : public Engine {
public:
    mutable std::atomic<int> calls{0};
    std::string name() const override { return "stair"; }
    std::string description() const override { return "test double"; }
    Result run_once(const Model&, const Network&, const Scenario&, const RunOptions& o) const override {
        ++calls;
        Result r;
        r.engine = "stair";
        r.times = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        r.step_h = 1;
        r.horizon_h = 8;
        r.sector_count = 1;
        r.unit_count = 1;
        const double level = (o.realisation + 1.0) / (o.realisation_count + 1.0);
        std::vector<float> unit;
        for (double t : r.times) {
            const bool down = t >= 1 && t < 1 + 2.0 * o.realisation;
            r.sector_operability.push_back(static_cast<float>(down ? level : 1.0));
            unit.push_back(static_cast<float>(down ? 0.0 : 1.0));
        }
        r.unit_operability = UnitCurves::from_dense(unit, r.times.size(), 1);
        LogEntry e;
        e.t_h = o.realisation;
        r.log = {e};
        return r;
    }
};

Scenario with(EventKind kind) {
    Scenario s;
    Event e;
    e.kind = kind;
    s.events = {e};
    return s;
}

}  // namespace

TEST_CASE("central case: which runs combine realisations", "[engine][central]") {
    RunOptions o;
    CHECK(central_realisations(with(EventKind::earthquake), o) == default_central_realisations);
    CHECK(central_realisations(with(EventKind::tsunami), o) == default_central_realisations);
    CHECK(central_realisations(with(EventKind::it_outage), o) == 1);  // duration_cv: its median (one scalar)
    CHECK(central_realisations(with(EventKind::rolling_blackout), o) == 1);
    o.realisations = 5;
    CHECK(central_realisations(with(EventKind::earthquake), o) == 5);
    o.sample = true;  // a Monte Carlo draw is one realisation
    CHECK(central_realisations(with(EventKind::earthquake), o) == 1);
}

TEST_CASE("central case: median curves, mean unit curves, the representative's log", "[engine][central]") {
    // K = 5: realisation r is at (r + 1)/6 from t = 1 h for 2r hours: r = 0 never down, r = 4 over t = 1…8.
    // t = 1, 2: 1, 2/6, 3/6, 4/6, 5/6 → median 4/6; t = 3, 4: 1, 1, 3/6, 4/6, 5/6 → 5/6;
    // t = 5, 6: 1, 1, 1, 4/6, 5/6 → 1; later 1.
    StairEngine engine;
    Model model;
    RunOptions o;
    o.realisations = 5;
    const auto r = engine.run(model, Network{}, with(EventKind::earthquake), o);
    CHECK(engine.calls == 6);  // and the representative again, with its log
    REQUIRE(r.sector_operability.size() == 9);
    const std::vector<double> median{1, 4.0 / 6, 4.0 / 6, 5.0 / 6, 5.0 / 6, 1, 1, 1, 1};
    for (std::size_t k = 0; k < 9; ++k) CHECK(r.sector_at(k, 0) == Approx(median[k]).epsilon(1e-6));
    // Unit curves: the mean, the share of realisations with the unit up: t = 3, r = 0 and 1; t = 8, all but r = 4.
    CHECK(r.unit_at(3, 0) == Approx(2.0 / 5));
    CHECK(r.unit_at(8, 0) == Approx(4.0 / 5));
    // IH (each step holds to the next, the last closes the horizon): median 2·2/6 + 2·1/6 = 1;
    // realisations 0, 2·4/6, 4·3/6, 6·2/6, 7·1/6 = 0, 4/3, 2, 2, 7/6: the nearest is r = 4 (1/6 away).
    CHECK(r.realisations == 5);
    CHECK(r.representative == 4);
    REQUIRE(r.log.size() == 1);
    CHECK(r.log[0].t_h == 4.0);
    REQUIRE(r.representative_run);
    CHECK(r.representative_run->sector_at(2, 0) == Approx(5.0 / 6));
    CHECK_FALSE(r.representative_run->has_units());  // the story keeps sector curves and log only
    CHECK_FALSE(r.notes.empty());
}

TEST_CASE("central case: the same for any thread count", "[engine][central]") {
    StairEngine engine;
    Model model;
    RunOptions o;
    o.realisations = 7;
    const auto one = engine.run(model, Network{}, with(EventKind::earthquake), o);
    o.threads = 3;
    const auto three = engine.run(model, Network{}, with(EventKind::earthquake), o);
    CHECK(one.sector_operability == three.sector_operability);
    CHECK(one.unit_operability == three.unit_operability);
    CHECK(one.representative == three.representative);
}

TEST_CASE("central case: one realisation is the single central run, untouched", "[engine][central]") {
    StairEngine engine;
    Model model;
    RunOptions o;
    o.realisations = 1;
    const auto r = engine.run(model, Network{}, with(EventKind::earthquake), o);
    CHECK(engine.calls == 1);
    CHECK(r.realisations == 1);
    CHECK_FALSE(r.representative_run);
}
