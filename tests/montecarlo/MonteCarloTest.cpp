// Monte Carlo (SPEC §5.7): per-sample seeds, thread- and process-count
// independence, bands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <barrier>
#include <cstdlib>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/Households.hpp"
#include "engines/CascadeEngine.hpp"
#include "model/Network.hpp"
#include "montecarlo/MonteCarlo.hpp"
#include "montecarlo/SampleExchange.hpp"
#include "montecarlo/SensitivityRuns.hpp"

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

MonteCarloResult run(int threads, std::uint64_t seed, int samples = 64, const Model& model = two_sectors()) {
    MonteCarloOptions o;
    o.samples = samples;
    o.seed = seed;
    o.threads = threads;
    return run_monte_carlo(model, uncertain_outage(), CascadeEngine(), o);
}

/// telecom serves 1000 households, power 5000 people; telecom's 8 h buffer
/// outlasts about half of the sampled outages (8 h median).
Model with_households() {
    auto m = two_sectors();
    m.dependencies[0].buffer_h = 8;
    m.sectors[1].households = 1000;
    m.sectors[0].population = 5000;
    return m;
}

}  // namespace

TEST_CASE("Monte Carlo results do not depend on the thread count", "[montecarlo]") {
    const auto one = run(1, 42), two = run(2, 42);
    REQUIRE(one.bands.p50 == two.bands.p50);
    REQUIRE(one.bands.p10 == two.bands.p10);
    REQUIRE(one.bands.mean == two.bands.mean);
    REQUIRE(one.samples.size() == 64);
    REQUIRE(one.samples == two.samples);
}

TEST_CASE("another seed gives other samples, the same seed the same ones", "[montecarlo]") {
    const auto a = run(1, 42), b = run(1, 43), again = run(1, 42);
    REQUIRE(a.distribution.inoperability_hours.mean != b.distribution.inoperability_hours.mean);
    REQUIRE(a.distribution.inoperability_hours.mean == again.distribution.inoperability_hours.mean);
}

TEST_CASE("sampled outage durations spread around the deterministic one, their median", "[montecarlo]") {
    const auto mc = run(2, 7, 400);
    // Lognormal durations with median 8 h (duration_h), cv 0.5: σ² = ln 1.25, mean 8·√1.25 = 8.944 h.
    // Power's inoperability-hours are the duration: median ≈ 8, mean ≈ 8.94 (± a few sem).
    const auto& power = mc.distribution.sectors[0];
    REQUIRE(power.inoperability_hours.p50 == Approx(8.0).margin(0.6));
    REQUIRE(power.inoperability_hours.mean == Approx(8.944).margin(0.6));
    REQUIRE(power.inoperability_hours.p10 < power.inoperability_hours.p90);
    // Telecom is hit only when the outage outlasts its 3 h buffer, and breaches its 6 h RTO
    // only beyond 9 h: z = ln(9/8)/σ = 0.1178/0.4724 = 0.249 → P(duration > 9 h) ≈ 0.40.
    const auto& telecom = mc.distribution.sectors[1];
    REQUIRE(telecom.p_rto_breach == Approx(0.40).margin(0.07));
    // Bands are ordered and the deterministic run takes the median duration.
    for (std::size_t i = 0; i < mc.bands.p10.size(); ++i) {
        REQUIRE(mc.bands.p10[i] <= mc.bands.p50[i]);
        REQUIRE(mc.bands.p50[i] <= mc.bands.p90[i]);
    }
    REQUIRE(mc.central_scores.sectors[0].inoperability_hours == Approx(8.0).margin(0.3));
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
        const auto w = mc.samples.width();
        for (std::size_t i = 0; i < alone.size(); ++i) {
            std::vector<double> row(w);
            put_figures(score(model, build_network(model), alone[i]), row);
            REQUIRE(std::equal(row.begin(), row.end(), mc.samples.rows.begin() + static_cast<std::ptrdiff_t>(i * w),
                               [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
        }
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
                // Type 7 at n = 37: h = 36 p = 3.6, 18, 32.4; within the histogram's 1/1024.
                const double h10 = 36 * 0.1, h90 = 36 * 0.9, bound = 1.0 / 1024 + 1e-6;
                const auto at = k * b.sector_count + s;
                INFO("threads " << threads << ", step " << k << ", sector " << s);
                REQUIRE(b.p10[at] == Approx(column[3] + (h10 - 3) * (column[4] - column[3])).margin(bound));
                REQUIRE(b.p50[at] == Approx(column[18]).margin(bound));
                REQUIRE(b.p90[at] == Approx(column[32] + (h90 - 32) * (column[33] - column[32])).margin(bound));
                REQUIRE(b.mean[at] == Approx(sum / samples).margin(1e-7));
            }
    }
}

namespace {

// Processes of an MPI launch played by threads of this one: the same
// collective calls as MpiExchange, in memory.
class ThreadGroup {
public:
    explicit ThreadGroup(int size) : size_(size), sync_(size), status_(static_cast<std::size_t>(size)),
                                     bytes_(static_cast<std::size_t>(size)) {}

    class Member final : public SampleExchange {
    public:
        Member(ThreadGroup& g, int rank) : g_(g), rank_(rank) {}
        int rank() const override { return rank_; }
        int size() const override { return g_.size_; }
        std::vector<int> all_status(int status) override {
            g_.status_[static_cast<std::size_t>(rank_)] = status;
            g_.sync_.arrive_and_wait();
            auto all = g_.status_;
            g_.sync_.arrive_and_wait();
            return all;
        }
        std::vector<char> gather(std::span<const char> mine) override {
            g_.bytes_[static_cast<std::size_t>(rank_)] = mine;
            g_.sync_.arrive_and_wait();
            std::vector<char> all;
            if (rank_ == 0)
                for (std::size_t r = 1; r < g_.bytes_.size(); ++r)
                    all.insert(all.end(), g_.bytes_[r].begin(), g_.bytes_[r].end());
            g_.sync_.arrive_and_wait();
            return all;
        }

    private:
        ThreadGroup& g_;
        int rank_;
    };

private:
    int size_;
    std::barrier<> sync_;
    std::vector<int> status_;
    std::vector<std::span<const char>> bytes_;
};

// Runs the Monte Carlo as `processes` processes of `threads` threads each.
std::vector<MonteCarloResult> run_shared(int processes, int threads, int samples, std::uint64_t seed,
                                         const Model& model = two_sectors()) {
    ThreadGroup group(processes);
    std::vector<MonteCarloResult> results(static_cast<std::size_t>(processes));
    const auto network = build_network(model);
    const auto scenario = uncertain_outage();
    std::vector<std::thread> members;
    for (int r = 0; r < processes; ++r)
        members.emplace_back([&, r] {
            ThreadGroup::Member exchange(group, r);
            MonteCarloOptions o;
            o.samples = samples;
            o.seed = seed;
            o.threads = threads;
            o.exchange = &exchange;
            results[static_cast<std::size_t>(r)] = run_monte_carlo(model, network, scenario, CascadeEngine(), o);
        });
    for (auto& m : members) m.join();
    return results;
}

Scores hand_made_scores(bool with_optionals) {
    Scores s;
    ImpactScore a;
    a.id = "power";
    a.weight = 0.25;
    a.min_operability = 0.125;
    a.peak_inoperability = 0.875;
    a.downtime_h = 7.5;
    a.outage_h = 9;
    a.longest_outage_h = 6.5;
    a.inoperability_hours = 1.0 / 3.0;
    a.mtpd_breached = true;
    a.recovered = false;
    if (with_optionals) {
        a.first_impact_h = 0.5;
        a.time_to_recover_h = 12.25;
        a.rto_h = 6;
        a.mtpd_h = 24;
        a.rto_met = false;
        a.loss = 1e9 / 7;
        a.outage_start_h = 1.5;
        s.overall.loss = 3.5e8;
    }
    s.sectors = {a, ImpactScore{}};
    ImpactScore c = a;
    c.id = "hospital (病院)";
    s.classes = {c};
    s.overall.rto_compliance = 2.0 / 3.0;
    s.overall.grade = "C";
    s.overall.inoperability_hours = 40.75;
    return s;
}

}  // namespace

TEST_CASE("Monte Carlo shared by several processes gives process 0 the one-process result", "[montecarlo][mpi]") {
    // 37 samples split unevenly; 2 samples leave some processes without any.
    for (const int samples : {37, 2}) {
        const auto alone = run(1, 5, samples);
        for (const int processes : {2, 3, 5})
            for (const int threads : {1, 2}) {
                INFO(samples << " samples, " << processes << " processes of " << threads << " threads");
                const auto shared = run_shared(processes, threads, samples, 5);
                const auto& root = shared[0];
                REQUIRE(root.complete);
                REQUIRE(root.samples == alone.samples);
                REQUIRE(root.bands.p10 == alone.bands.p10);
                REQUIRE(root.bands.p50 == alone.bands.p50);
                REQUIRE(root.bands.p90 == alone.bands.p90);
                REQUIRE(root.bands.mean == alone.bands.mean);
                REQUIRE(root.distribution.inoperability_hours.mean == alone.distribution.inoperability_hours.mean);
                REQUIRE(root.distribution.sectors[1].p_rto_breach == alone.distribution.sectors[1].p_rto_breach);
                for (std::size_t r = 1; r < shared.size(); ++r) {
                    REQUIRE_FALSE(shared[r].complete);
                    REQUIRE(shared[r].samples.rows.empty());
                    REQUIRE(shared[r].central_scores == alone.central_scores);
                }
            }
    }
}

TEST_CASE("households peaks over the samples are those of the samples run one by one", "[montecarlo][households]") {
    const int samples = 37;
    const std::uint64_t seed = 11;
    const auto model = with_households();
    const auto network = build_network(model);
    std::vector<double> households, people;
    for (int i = 0; i < samples; ++i) {
        RunOptions o;
        o.seed = sample_seed(seed, static_cast<std::uint64_t>(i));
        o.sample = true;
        const auto h = households_out(model, network, CascadeEngine().run(model, uncertain_outage(), o));
        REQUIRE(h.sectors.size() == 2);
        people.push_back(h.sectors[0].population->peak);
        households.push_back(h.sectors[1].households->peak);
    }
    // The samples differ: some outages end before telecom's buffer runs dry.
    REQUIRE(*std::min_element(households.begin(), households.end()) <
            *std::max_element(households.begin(), households.end()));
    const auto expect_households = summarize(households), expect_people = summarize(people);
    auto check = [&](const MonteCarloResult& mc) {
        REQUIRE(mc.count_peaks.size() == 2);
        const auto& power = mc.count_peaks[0];
        const auto& telecom = mc.count_peaks[1];
        CHECK(power.sector == 0);
        CHECK_FALSE(power.households);
        REQUIRE(power.population);
        CHECK(power.population->p50 == expect_people.p50);
        CHECK(power.population->mean == expect_people.mean);
        CHECK(telecom.sector == 1);
        CHECK_FALSE(telecom.population);
        REQUIRE(telecom.households);
        CHECK(telecom.households->p10 == expect_households.p10);
        CHECK(telecom.households->p50 == expect_households.p50);
        CHECK(telecom.households->p90 == expect_households.p90);
        CHECK(telecom.households->sd == expect_households.sd);
    };
    for (const int threads : {1, 2}) check(run(threads, seed, samples, model));
    for (const int processes : {2, 3}) check(run_shared(processes, 2, samples, seed, model)[0]);
    CHECK(run(1, seed, 8).count_peaks.empty());  // a model without households
}

TEST_CASE("a sample that fails stops every process of a shared run, none waits", "[montecarlo][mpi]") {
    // Sample 30 of 37 throws; it belongs to the last of three processes.
    struct FailingEngine final : Engine {
        std::string name() const override { return "failing"; }
        std::string description() const override { return "cascade, but sample 30 throws"; }
        Result run_once(const Model& m, const Network& n, const Scenario& s, const RunOptions& o) const override {
            if (o.sample && o.seed == sample_seed(5, 30)) throw std::domain_error("sample 30 failed");
            return CascadeEngine().run_once(m, n, s, o);
        }
    };
    ThreadGroup group(3);
    const auto model = two_sectors();
    const auto network = build_network(model);
    const auto scenario = uncertain_outage();
    std::vector<std::string> outcome(3);
    std::vector<std::thread> members;
    for (int r = 0; r < 3; ++r)
        members.emplace_back([&, r] {
            ThreadGroup::Member exchange(group, r);
            MonteCarloOptions o;
            o.samples = 37;
            o.seed = 5;
            o.exchange = &exchange;
            try {
                run_monte_carlo(model, network, scenario, FailingEngine(), o);
                outcome[static_cast<std::size_t>(r)] = "finished";
            } catch (const PeerFailure& e) {
                outcome[static_cast<std::size_t>(r)] = std::string("peer: ") + e.what();
            } catch (const std::domain_error& e) {
                outcome[static_cast<std::size_t>(r)] = std::string("own: ") + e.what();
            }
        });
    for (auto& m : members) m.join();
    CHECK(outcome[0] == "peer: Monte Carlo: MPI process 2 failed");
    CHECK(outcome[1] == "peer: Monte Carlo: MPI process 2 failed");
    CHECK(outcome[2] == "own: sample 30 failed");
}

TEST_CASE("a sample keeps the figures its distribution reads, not its scores", "[montecarlo]") {
    const auto with = hand_made_scores(true), without = hand_made_scores(false);
    SampleFigures f;
    f.sectors = {"power", ""};
    REQUIRE(f.width() == 2 * 6 + 3);
    f.rows.resize(2 * f.width());
    put_figures(with, std::span<double>(f.rows).first(f.width()));
    put_figures(without, std::span<double>(f.rows).last(f.width()));
    REQUIRE(f.size() == 2);
    const double* r = f.rows.data();
    // power: inoperability-hours, downtime, outage, min operability, loss, flags 1 + 2 + 4 + 8.
    CHECK(r[0] == 1.0 / 3.0);
    CHECK(r[1] == 7.5);
    CHECK(r[2] == 9);
    CHECK(r[3] == 0.125);
    CHECK(r[4] == 1e9 / 7);
    CHECK(r[5] == 15);
    CHECK(r[6 + 3] == 1);  // the default sector: fully operable, no loss, no flags
    CHECK(std::isnan(r[6 + 4]));
    CHECK(r[6 + 5] == 0);
    CHECK(r[12] == 2.0 / 3.0);
    CHECK(r[13] == 40.75);
    CHECK(r[14] == 3.5e8);
    const double* s = r + f.width();
    CHECK(s[5] == 4 + 8);  // no RTO: neither "has one" nor "missed"
    CHECK(std::isnan(s[14]));
    // The distribution of the figures is that of the scores.
    const auto d = score_distribution(f);
    const auto e = score_distribution(std::vector<Scores>{with, without});
    CHECK(d.sectors[0].p_rto_breach == 0.5);
    CHECK(d.sectors[0].has_rto);
    CHECK(d.sectors[0].p_mtpd_breach == 1);
    CHECK(d.sectors[0].loss->mean == 1e9 / 7);
    CHECK(d.sectors[0].inoperability_hours.mean == e.sectors[0].inoperability_hours.mean);
    CHECK(d.grade_distribution == e.grade_distribution);
    CHECK(d.loss->p50 == 3.5e8);
    CHECK(d.inoperability_hours.p90 == e.inoperability_hours.p90);
    // NaN (no loss) compares equal to itself bit for bit.
    CHECK(f == f);
    auto g = f;
    g.rows[0] = 0.5;
    CHECK_FALSE(f == g);
}

TEST_CASE("an MPI launch is recognised from the launcher's environment", "[montecarlo][mpi]") {
    // The test may itself run under a launcher: keep its variables and put them back.
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        const char* v = std::getenv(name);
        saved.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
        ::unsetenv(name);
    }
    CHECK(launched_processes() == 1);
    ::setenv("PMI_SIZE", "3", 1);  // MPICH
    CHECK(launched_processes() == 3);
    ::setenv("OMPI_COMM_WORLD_SIZE", "4", 1);  // Open MPI's comes first
    CHECK(launched_processes() == 4);
    ::setenv("OMPI_COMM_WORLD_SIZE", "4x", 1);  // not a count: the next launcher's
    CHECK(launched_processes() == 3);
    ::setenv("PMI_SIZE", "0", 1);
    CHECK(launched_processes() == 1);
    for (const auto& [name, value] : saved) {
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
}

namespace {

/// telecom loses `strength` (uncertain, uniform 0–1) of its function while
/// power is out for 10 h with no buffer: its inoperability-hours are 10 × strength.
Model uncertain_strength() {
    auto m = two_sectors();
    m.dependencies[0].buffer_h = 0;
    m.dependencies[0].strength = 0.5;  // the median, as loaded
    m.uncertain.push_back({"/dependencies/0/strength", "power->telecom strength",
                           {Distribution::Kind::uniform, 0, 0, 1}, UncertainPlace::dependency, 0, "strength"});
    return m;
}

}  // namespace

TEST_CASE("uncertain values are drawn per sample from its seed, jointly with the hazards", "[montecarlo][uncertain]") {
    const auto model = uncertain_strength();
    auto scenario = uncertain_outage();
    scenario.events[0].duration_h = 10;
    scenario.events[0].duration_cv = 0;
    MonteCarloOptions o;
    o.samples = 40;
    o.seed = 9;
    o.threads = 1;
    const auto one = run_monte_carlo(model, scenario, CascadeEngine(), o);
    o.threads = 2;
    const auto two = run_monte_carlo(model, scenario, CascadeEngine(), o);
    REQUIRE(one.central_scores.sectors[1].inoperability_hours == Approx(5));  // the median
    REQUIRE(one.samples.size() == 40);
    for (std::size_t i = 0; i < one.samples.size(); ++i) {
        const double u = uncertain_quantiles(sample_seed(9, i), 1)[0];
        INFO("sample " << i);
        // sample i's row, telecom's inoperability-hours
        REQUIRE(one.samples.rows[i * one.samples.width() + SampleFigures::per_sector] == Approx(10 * u));
    }
    REQUIRE(one.samples == two.samples);
    REQUIRE(one.bands.p50 == two.bands.p50);
    // the draws spread over (0, 1)
    REQUIRE(one.distribution.sectors[1].inoperability_hours.p10 < 3.5);
    REQUIRE(one.distribution.sectors[1].inoperability_hours.p90 > 6.5);
}

TEST_CASE("uncertain values: a shared run gives process 0 the one-process result", "[montecarlo][mpi][uncertain]") {
    const auto model = uncertain_strength();
    const auto alone = run(1, 5, 23, model);
    for (const int processes : {2, 3}) {
        const auto shared = run_shared(processes, 2, 23, 5, model);
        REQUIRE(shared[0].samples == alone.samples);
        REQUIRE(shared[0].bands.mean == alone.bands.mean);
    }
}

TEST_CASE("uncertain quantiles lie in (0, 1) and differ between samples", "[montecarlo][uncertain]") {
    const auto a = uncertain_quantiles(sample_seed(1, 0), 3), b = uncertain_quantiles(sample_seed(1, 1), 3);
    for (double u : a) REQUIRE((u > 0 && u < 1));
    REQUIRE(a != b);
    REQUIRE(a[0] != a[1]);
}

TEST_CASE("Sensitivity shared by several processes gives process 0 the one-process result", "[montecarlo][mpi]") {
    // Uncertain: the buffer (model) and the outage's duration (scenario).
    auto model = two_sectors();
    model.uncertain.push_back({"/dependencies/0/buffer_h", "power->telecom buffer_h",
                               {Distribution::Kind::uniform, 0, 0, 8}, UncertainPlace::dependency, 0, "buffer_h"});
    auto scenario = uncertain_outage();
    scenario.events[0].file_index = 0;
    scenario.uncertain.push_back({"/events/0/duration_h", "outage duration_h", {Distribution::Kind::uniform, 2, 0, 14},
                                  UncertainPlace::event, 0, "duration_h"});
    for (const auto method : {SensitivityMethod::sobol, SensitivityMethod::morris}) {
        SensitivityOptions o;
        o.method = method;
        o.samples = 13;  // 13 × 4 + 5 rows (Sobol), 13 × 3 + 5 (Morris): uneven shares
        o.seed = 3;
        const auto alone = run_sensitivity(model, scenario, CascadeEngine(), o);
        REQUIRE(alone.outputs.size() == 6);
        for (const int processes : {2, 3}) {
            INFO(to_string(method) << ", " << processes << " processes");
            ThreadGroup group(processes);
            std::vector<std::optional<SensitivityResult>> results(static_cast<std::size_t>(processes));
            std::vector<std::thread> members;
            for (int r = 0; r < processes; ++r)
                members.emplace_back([&, r] {
                    ThreadGroup::Member exchange(group, r);
                    auto mine = o;
                    mine.exchange = &exchange;
                    mine.threads = 2;
                    results[static_cast<std::size_t>(r)] = run_sensitivity(model, scenario, CascadeEngine(), mine);
                });
            for (auto& m : members) m.join();
            const auto& root = *results[0];
            REQUIRE(root.complete);
            for (std::size_t j = 0; j < alone.outputs.size(); ++j) {
                const auto &a = alone.outputs[j], &b = root.outputs[j];
                REQUIRE(b.output == a.output);
                REQUIRE(b.base == a.base);
                for (std::size_t i = 0; i < 2; ++i) {
                    REQUIRE(b.tornado[i].low == a.tornado[i].low);
                    REQUIRE(b.tornado[i].high == a.tornado[i].high);
                    if (method == SensitivityMethod::sobol) {
                        REQUIRE(b.sobol[i].s1 == a.sobol[i].s1);
                        REQUIRE(b.sobol[i].st == a.sobol[i].st);
                        REQUIRE(b.sobol[i].st_conf == a.sobol[i].st_conf);
                    } else {
                        REQUIRE(b.morris[i].mu_star == a.morris[i].mu_star);
                        REQUIRE(b.morris[i].sigma == a.morris[i].sigma);
                    }
                }
            }
            for (std::size_t r = 1; r < results.size(); ++r) {
                REQUIRE_FALSE(results[r]->complete);
                REQUIRE(results[r]->outputs.empty());
            }
        }
    }
}
