// Google Benchmark micro-benchmarks of the hot loops (SPEC §10). Inputs are
// generated in memory (no JSON). Timings only: nothing here is a test.
#include <benchmark/benchmark.h>

#include "Inputs.hpp"
#include "LegacySha256.hpp"
#include "analysis/Scoring.hpp"
#include "engines/Connectivity.hpp"
#include "engines/Iim.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "io/ModelJson.hpp"
#include "io/Sha256.hpp"
#include "montecarlo/MonteCarlo.hpp"

using namespace cisim;

namespace {

GenerateOptions assets(std::int64_t n) {
    GenerateOptions g;
    g.nodes = static_cast<std::size_t>(n);
    g.degree = 5;
    g.seed = 42;
    return g;
}

// Cascade engine over a week at 1 h steps on a synthetic asset model, with the
// telecom network in "sources" mode (0) or "giant" mode (1: steps solved from scratch).
void BM_CascadeWeek(benchmark::State& state) {
    auto g = assets(state.range(0));
    if (state.range(1)) g.telecom_network = NetworkMode::giant;
    const auto in = bench::cascade_input(g, bench::source_path("bench/scenarios/regional-outage.json"));
    RunOptions o;
    o.record_units = false;
    o.log_units = false;
    for (auto _ : state) benchmark::DoNotOptimize(simulate_cascade(in.model, in.network, in.disruption, in.steps, o));
    state.counters["edges"] = static_cast<double>(in.network.in_edges.size());
}
BENCHMARK(BM_CascadeWeek)->Args({10'000, 0})->Args({100'000, 0})->Args({100'000, 1})->Unit(benchmark::kMillisecond);

// Connectivity rule: who is fed in the power grid, all working, and with every 50th node down.
void BM_FedNodes(benchmark::State& state) {
    const auto model = generate_model(assets(state.range(0)));
    const auto network = build_network(model);
    const auto graphs = network_sectors(model, network);
    const auto& grid = graphs.front();
    std::vector<char> node_state(grid.size(), 2), fed;
    if (state.range(1))
        for (std::size_t i = 1; i < grid.size(); i += 50) node_state[i] = 1;
    ConnectivityScratch scratch;
    for (auto _ : state) {
        fed_nodes(grid, node_state, fed, scratch);
        benchmark::DoNotOptimize(fed.data());
    }
    state.counters["nodes"] = static_cast<double>(grid.size());
}
BENCHMARK(BM_FedNodes)->Args({100'000, 0})->Args({100'000, 1})->Unit(benchmark::kMicrosecond);

// The same grid kept up to date instead (FeedForest): one node stops working
// and works again, two updates per iteration. Compare with BM_FedNodes, which
// is what one update cost when the engine searched the whole grid.
void BM_FeedForestUpdate(benchmark::State& state) {
    const auto model = generate_model(assets(state.range(0)));
    const auto network = build_network(model);
    const auto graphs = network_sectors(model, network);
    const auto& grid = graphs.front();
    FeedForest forest(grid);
    std::uint32_t i = 0;
    for (auto _ : state) {
        i = (i + 7919) % static_cast<std::uint32_t>(grid.size());  // a different node each time
        forest.set_state(i, 1);
        forest.update();
        forest.set_state(i, 2);
        forest.update();
        benchmark::DoNotOptimize(forest.unfed().data());
    }
    state.counters["nodes"] = static_cast<double>(grid.size());
}
BENCHMARK(BM_FeedForestUpdate)->Arg(100'000)->Unit(benchmark::kMicrosecond);

// One Monte Carlo sample of the sector-level Japan model over a week: draw, simulate, score.
void BM_MonteCarloSample(benchmark::State& state) {
    const auto scenario = load_scenario(bench::source_path("bench/scenarios/japan-week.json"));
    const auto model = load_model(resolve_model_path(scenario));
    const auto network = build_network(model);
    RunOptions o;
    o.sample = true;
    o.record_units = false;
    o.log_units = false;
    std::uint64_t i = 0;
    for (auto _ : state) {
        o.seed = sample_seed(1, i++);
        const auto dis = compile_disruption(model, network, scenario, {true, o.seed});
        const auto r = simulate_cascade(model, network, dis, {scenario.horizon_h, scenario.step_h, scenario.service_threshold}, o);
        benchmark::DoNotOptimize(score(model, network, r));
    }
}
BENCHMARK(BM_MonteCarloSample)->Unit(benchmark::kMicrosecond);

// Sparse IIM: factorise (I − A*) and solve for one shock.
void BM_IimSparse(benchmark::State& state) {
    GenerateOptions g;
    g.nodes = static_cast<std::size_t>(state.range(0));
    g.degree = 5;
    g.seed = 7;
    g.sector_level = true;
    const auto model = generate_model(g);
    IimOptions options;
    options.method = IimMethod::sparse;
    const std::map<std::string, double> shocks{{"s0", 0.5}, {"s1", 0.3}};
    for (auto _ : state) benchmark::DoNotOptimize(solve_iim(model, shocks, options));
}
BENCHMARK(BM_IimSparse)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_BuildNetwork(benchmark::State& state) {
    const auto model = generate_model(assets(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(build_network(model));
}
BENCHMARK(BM_BuildNetwork)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_Generate(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(generate_model(assets(state.range(0))));
}
BENCHMARK(BM_Generate)->Arg(100'000)->Unit(benchmark::kMillisecond);

// SHA-256 of the input files (summary.json) over 64 MiB: 0 = OpenSSL's libcrypto
// (io/Sha256.hpp), 1 = the hand-written code it replaced with the SHA
// extensions, 2 = the same without them (bench/LegacySha256.hpp).
void BM_Sha256(benchmark::State& state) {
    const std::string bytes(64u << 20, 'x');
    const auto which = state.range(0);
    for (auto _ : state) {
        std::string digest = which == 0 ? Sha256().update(bytes).hex()
                                        : bench::LegacySha256(which == 1).update(bytes).hex();
        benchmark::DoNotOptimize(digest);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_Sha256)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
