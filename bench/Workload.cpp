// Times the SPEC §10 target workloads in one process each and prints one JSON
// line of figures; bench/compare.sh runs it beside the Python implementation.
//   cisim_workload cascade --nodes N --degree K --seed S --scenario FILE [--model FILE]
//                          [--threads T] [--curves OUT.csv] [--check-model FILE.json]
//                          [--telecom-network sources|giant]
//   cisim_workload mc --scenario FILE [--samples N] [--threads T] [--bands OUT.csv]
//   cisim_workload iim --model FILE --shock ID=VALUE... [--q OUT.csv]
//   cisim_workload sensitivity [--scenario FILE] [--params K] [--samples N] [--threads T]
//                              [--outputs OUT.f64] [--indices OUT.csv]
//   cisim_workload buldyrev [--nodes N] [--degree K] [--p P] [--seed S] [--repeat R]
//                           [--write DIR] [--survivors OUT.txt]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <malloc.h>
#include <iostream>
#include <map>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "Buldyrev.hpp"
#include "Inputs.hpp"
#include "engines/Iim.hpp"
#include "hazards/ScenarioHazards.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"
#include "montecarlo/MonteCarlo.hpp"
#include "montecarlo/SensitivityRuns.hpp"

using namespace cisim;
using namespace cisim::bench;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Args {
    std::map<std::string, std::vector<std::string>> values;
    std::string get(const std::string& key, const std::string& fallback = {}) const {
        auto it = values.find(key);
        return it == values.end() ? fallback : it->second.back();
    }
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 2; i < argc; ++i) {
        std::string key = argv[i];
        if (key.rfind("--", 0) != 0 || i + 1 >= argc) throw std::invalid_argument("expected --key value, got " + key);
        a.values[key.substr(2)].push_back(argv[++i]);
    }
    return a;
}

// FNV-1a of everything written through it: checks a generated model against a file without holding either.
class HashBuf : public std::streambuf {
public:
    std::uint64_t hash = 0xcbf29ce484222325ull;
    std::uint64_t bytes = 0;
    void add(const char* s, std::streamsize n) {
        for (std::streamsize i = 0; i < n; ++i) hash = (hash ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ull;
        bytes += static_cast<std::uint64_t>(n);
    }

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        add(s, n);
        return n;
    }
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            const char ch = static_cast<char>(c);
            add(&ch, 1);
        }
        return c;
    }
};

bool same_as_file(const Model& model, const std::string& file) {
    HashBuf generated;
    std::ostream out(&generated);
    write_model_json(out, model);
    HashBuf read;
    std::ifstream in(file, std::ios::binary);
    std::vector<char> chunk(1 << 20);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
        read.add(chunk.data(), in.gcount());
    return generated.hash == read.hash && generated.bytes == read.bytes;
}

void write_curves(const std::string& path, const Model& model, const Result& r) {
    std::ofstream out(path);
    out << "t_h,id,operability\n";
    char line[256];
    for (std::size_t k = 0; k < r.times.size(); ++k)
        for (std::size_t s = 0; s < r.sector_count; ++s) {
            std::snprintf(line, sizeof line, "%g,%s,%.9g\n", r.times[k], model.sectors[s].id.c_str(), r.sector_at(k, s));
            out << line;
        }
}

int cascade(const Args& a) {
    GenerateOptions g;
    g.nodes = std::stoull(a.get("nodes", "1000000"));
    g.degree = std::stod(a.get("degree", "5"));
    g.seed = std::stoull(a.get("seed", "42"));
    if (a.get("telecom-network", "sources") == "giant") g.telecom_network = NetworkMode::giant;
    const auto threads = std::stoi(a.get("threads", "1"));
    const auto model_file = a.get("model");
    auto start = Clock::now();
    auto in = cascade_input(g, a.get("scenario", source_path("bench/scenarios/regional-outage.json")), model_file);
    const double prepare_s = seconds_since(start);
    const double before_mib = rss_mib();
    const double prepare_peak_mib = peak_rss_mib();
    const bool reset = reset_peak_rss();
    RunOptions o;
    o.threads = threads;
    o.record_units = false;  // a million unit curves over a week would be 0.7 GB of floats
    o.log_units = false;
    start = Clock::now();
    const auto r = simulate_cascade(in.model, in.network, in.disruption, in.steps, o);
    const double engine_s = seconds_since(start);
    const double engine_peak_mib = peak_rss_mib();
    bool matches = true;
    if (const auto check = a.get("check-model"); !check.empty()) {
        auto full = generate_model(g);
        matches = same_as_file(full, check);
    }
    if (const auto curves = a.get("curves"); !curves.empty()) write_curves(curves, in.model, r);
    double low = 1;
    for (float v : r.sector_operability) low = std::min<double>(low, v);
    std::printf("{\"workload\":\"cascade\",\"units\":%zu,\"dependencies\":%zu,\"edges\":%zu,\"links\":%zu,\"steps\":%zu,"
                "\"threads\":%d,\"prepare_s\":%.3f,\"engine_s\":%.3f,\"rss_before_engine_mib\":%.1f,"
                "\"peak_rss_prepare_mib\":%.1f,\"peak_rss_engine_mib\":%.1f,\"peak_reset\":%s,\"min_sector_operability\":%.6f,"
                "\"log_entries\":%zu,\"evaluations\":%llu,\"model_matches_file\":%s}\n",
                in.network.size(), in.dependencies, in.network.in_edges.size(), in.network.link_targets.size() / 2,
                r.times.size(), threads, prepare_s, engine_s, before_mib, prepare_peak_mib, engine_peak_mib,
                reset ? "true" : "false", low, r.log.size(), static_cast<unsigned long long>(r.evaluations),
                matches ? "true" : "false");
    return matches ? 0 : 1;
}

int monte_carlo(const Args& a) {
    const auto scenario_file = a.get("scenario", source_path("bench/scenarios/japan-week.json"));
    auto scenario = load_scenario(scenario_file);
    const auto model = load_model(resolve_model_path(scenario));
    MonteCarloOptions o;
    o.samples = std::stoi(a.get("samples", "10000"));
    o.seed = std::stoull(a.get("seed", std::to_string(scenario.monte_carlo.seed)));
    o.threads = std::stoi(a.get("threads", "2"));
    CascadeEngine engine;
    const auto start = Clock::now();
    const auto mc = run_monte_carlo(model, scenario, engine, o);
    const double s = seconds_since(start);
    if (const auto bands = a.get("bands"); !bands.empty()) {
        std::ofstream out(bands);
        out << "t_h,id,mean\n";
        for (std::size_t k = 0; k < mc.bands.times.size(); ++k)
            for (std::size_t j = 0; j < mc.bands.sector_count; ++j)
                out << mc.bands.times[k] << "," << model.sectors[j].id << "," << mc.bands.mean[k * mc.bands.sector_count + j] << "\n";
    }
    std::printf("{\"workload\":\"mc\",\"samples\":%d,\"threads\":%d,\"steps\":%zu,\"seconds\":%.3f,\"samples_per_s\":%.0f}\n",
                o.samples, o.threads, mc.bands.times.size(), s, o.samples / s);
    return 0;
}

int iim(const Args& a) {
    auto start = Clock::now();
    const auto model = load_model(a.get("model"));
    const double load_s = seconds_since(start);
    // The loader frees millions of small blocks; glibc merges them on the
    // next large allocation (about 0.03 s here), which would otherwise be
    // charged to build_s. Done here and reported apart, as cascade_input does.
    start = Clock::now();
    malloc_trim(0);
    const double heap_s = seconds_since(start);
    std::map<std::string, double> shocks;
    if (auto it = a.values.find("shock"); it != a.values.end())
        for (const auto& s : it->second) {
            const auto eq = s.find('=');
            shocks[s.substr(0, eq)] = std::stod(s.substr(eq + 1));
        }
    IimOptions options;
    options.method = IimMethod::sparse;
    // The engine steps alone, then the whole solve_iim (which adds the exact
    // spectral radius and the indices it reports).
    start = Clock::now();
    const auto coupling = build_iim_coupling(model);
    const double build_s = seconds_since(start);
    start = Clock::now();
    const IimSolver solver(coupling.a_star, model.file, options);
    std::vector<double> c(model.sectors.size(), 0.0);
    for (const auto& [id, v] : shocks)
        if (const auto* s = model.find_sector(id)) c[static_cast<std::size_t>(s - model.sectors.data())] += v;
    (void)solver.solve(c);
    const double engine_solve_s = seconds_since(start);
    start = Clock::now();
    const double radius = solver.spectral_radius();
    const double radius_s = seconds_since(start);
    start = Clock::now();
    const auto solution = solve_iim(model, shocks, options);
    const double solve_s = seconds_since(start);
    if (const auto q = a.get("q"); !q.empty()) {
        std::ofstream out(q);
        out << "id,q\n";
        char line[128];
        for (std::size_t i = 0; i < solution.q.size(); ++i) {
            std::snprintf(line, sizeof line, "%s,%.17g\n", solution.ids[i].c_str(), solution.q[i]);
            out << line;
        }
    }
    std::printf("{\"workload\":\"iim\",\"sectors\":%zu,\"dependencies\":%zu,\"load_s\":%.3f,\"heap_s\":%.4f,"
                "\"build_s\":%.4f,\"engine_solve_s\":%.4f,\"radius_s\":%.4f,\"solve_s\":%.3f,\"spectral_radius\":%.6f}\n",
                model.sectors.size(), model.dependencies.size(), load_s, heap_s, build_s, engine_solve_s, radius_s,
                solve_s, radius);
    return 0;
}

/// The first `count` dependencies of `model` with a plain strength above 0
/// (no spread, no by-year entries) made uncertain: uniform over ±50 % of the
/// strength (capped at 1), the field at the median, as the loader leaves it.
void make_strengths_uncertain(Model& model, std::size_t count) {
    model.uncertain.clear();
    for (std::size_t i = 0; i < model.dependencies.size() && model.uncertain.size() < count; ++i) {
        auto& d = model.dependencies[i];
        bool plain = !d.forms->spread.strength;
        for (const auto& [name, entries] : d.forms->by_year) plain = plain && name != "strength";
        if (!plain || !(d.strength > 0)) continue;
        UncertainParameter p;
        p.pointer = "/dependencies/" + std::to_string(i) + "/strength";
        p.label = d.from + "->" + d.to + " strength";
        p.distribution.kind = Distribution::Kind::uniform;
        p.distribution.min = 0.5 * d.strength;
        p.distribution.max = std::min(1.0, 1.5 * d.strength);
        p.place = UncertainPlace::dependency;
        p.index = i;
        p.field = "strength";
        d.strength = p.distribution.median();
        model.uncertain.push_back(std::move(p));
    }
    if (model.uncertain.size() < count) throw std::invalid_argument("the model has too few plain strengths");
}

/// Sobol sensitivity (Saltelli, Jansen, 1000 bootstrap resamples) of the Japan
/// model's week: the whole run_sensitivity timed, then the index estimation
/// alone again on one thread from the same outputs (what NumPy redoes).
int sensitivity(const Args& a) {
    const auto scenario_file = a.get("scenario", source_path("bench/scenarios/japan-week.json"));
    const auto scenario = load_scenario(scenario_file);
    auto model = load_model(resolve_model_path(scenario));
    const auto k = static_cast<std::size_t>(std::stoi(a.get("params", "20")));
    make_strengths_uncertain(model, k);
    SensitivityOptions o;
    o.samples = std::stoi(a.get("samples", "1000"));
    o.seed = 1;
    o.threads = std::stoi(a.get("threads", "2"));
    o.keep_outputs = true;
    CascadeEngine engine;
    auto start = Clock::now();
    const auto r = run_sensitivity(model, scenario, engine, o);
    const double total_s = seconds_since(start);
    const std::size_t n = static_cast<std::size_t>(o.samples), width = r.outputs.size(), rows = r.runs;
    // The estimation alone, one thread, from the same outputs.
    start = Clock::now();
    std::vector<double> column(rows);
    std::vector<std::vector<SobolIndex>> again;
    for (std::size_t j = 0; j < width; ++j) {
        for (std::size_t row = 0; row < rows; ++row) column[row] = r.output_matrix[row * width + j];
        again.push_back(sobol_indices(column, n, k, o.seed));
    }
    const double estimate_s = seconds_since(start);
    for (std::size_t j = 0; j < width; ++j)
        for (std::size_t i = 0; i < k; ++i)
            if (again[j][i].s1 != r.outputs[j].sobol[i].s1 || again[j][i].st_conf != r.outputs[j].sobol[i].st_conf)
                throw std::logic_error("the estimation differs between threads");
    if (const auto path = a.get("outputs"); !path.empty()) {
        std::ofstream out(path, std::ios::binary);  // runs × outputs, row-major, little-endian float64
        out.write(reinterpret_cast<const char*>(r.output_matrix.data()),
                  static_cast<std::streamsize>(r.output_matrix.size() * sizeof(double)));
    }
    if (const auto path = a.get("indices"); !path.empty()) {
        std::ofstream out(path);
        out << "output,parameter,S1,S1_conf,ST,ST_conf\n";
        char line[256];
        for (std::size_t j = 0; j < width; ++j)
            for (std::size_t i = 0; i < k; ++i) {
                const auto& x = r.outputs[j].sobol[i];
                std::snprintf(line, sizeof line, "%s,%zu,%.17g,%.17g,%.17g,%.17g\n", r.outputs[j].output.c_str(), i,
                              x.s1, x.s1_conf, x.st, x.st_conf);
                out << line;
            }
    }
    std::printf("{\"workload\":\"sensitivity\",\"params\":%zu,\"samples\":%zu,\"runs\":%zu,\"tornado_runs\":%zu,"
                "\"outputs\":%zu,\"threads\":%d,\"seconds\":%.3f,\"estimate_1thread_s\":%.3f}\n",
                k, n, rows, r.tornado_runs, width, o.threads, total_s, estimate_s);
    return 0;
}

/// Buldyrev et al.'s cascade (bench/Buldyrev.hpp) by the engine (giant mode)
/// and by the plain breadth-first implementation, each timed `repeat` times
/// (the fastest is reported: the machine is shared); the survivors must agree.
int buldyrev(const Args& a) {
    BuldyrevOptions b;
    b.nodes = std::stoull(a.get("nodes", "100000"));
    b.degree = std::stod(a.get("degree", "4"));
    b.p = std::stod(a.get("p", "0.65"));
    b.seed = std::stoull(a.get("seed", "1"));
    const int repeat = std::max(1, std::stoi(a.get("repeat", "3")));
    auto start = Clock::now();
    auto in = buldyrev_input(b);
    const double generate_s = seconds_since(start);
    if (const auto dir = a.get("write"); !dir.empty()) {
        std::ofstream model(dir + "/buldyrev.json");
        write_model_json(model, in.model);
        std::ofstream scenario(dir + "/buldyrev-scenario.json");
        scenario << scenario_to_json(in.scenario) << "\n";
        if (!model || !scenario) throw std::runtime_error("cannot write to " + dir);
    }
    start = Clock::now();
    check_model(in.model);
    const auto net = build_network(in.model);
    const auto dis = compile_disruption(in.model, net, in.scenario, {false, 1});
    const StepSettings steps{in.scenario.horizon_h, in.scenario.step_h, in.scenario.service_threshold};
    const double prepare_s = seconds_since(start);
    RunOptions o;
    o.record_units = true;  // the survivors
    o.log_units = false;
    // Wall and CPU time (the machine is shared: CPU time is what load changes least).
    auto cpu_now = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
    };
    double engine_s = 1e300, plain_s = 1e300, engine_cpu_s = 1e300, plain_cpu_s = 1e300;
    Result r;
    PlainBuldyrevResult plain;
    for (int i = 0; i < repeat; ++i) {
        start = Clock::now();
        double cpu = cpu_now();
        r = simulate_cascade(in.model, net, dis, steps, o);
        engine_cpu_s = std::min(engine_cpu_s, cpu_now() - cpu);
        engine_s = std::min(engine_s, seconds_since(start));
        start = Clock::now();
        cpu = cpu_now();
        plain = plain_buldyrev(in.a, in.b, in.removed);
        plain_cpu_s = std::min(plain_cpu_s, cpu_now() - cpu);
        plain_s = std::min(plain_s, seconds_since(start));
    }
    // Survivors at the start (t = 0) by node: A's, then B's.
    std::vector<char> engine_alive(2 * b.nodes, 0);
    for (std::size_t u = 0; u < net.size(); ++u)
        if (const auto node = net.units[u].node; node >= 0)
            engine_alive[static_cast<std::size_t>(node)] = r.unit_at(0, u) > 0.5f ? 1 : 0;
    std::size_t survivors = 0, differ = 0;
    for (std::size_t i = 0; i < b.nodes; ++i) {
        survivors += plain.alive_a[i] ? 1u : 0u;
        differ += (engine_alive[i] != plain.alive_a[i]) + (engine_alive[b.nodes + i] != plain.alive_b[i]);
    }
    if (const auto path = a.get("survivors"); !path.empty()) {
        std::ofstream out(path);
        for (std::size_t i = 0; i < 2 * b.nodes; ++i)
            if (engine_alive[i]) out << in.model.nodes[i].id << "\n";
    }
    std::printf("{\"workload\":\"buldyrev\",\"nodes\":%zu,\"links\":%zu,\"p\":%g,\"removed\":%zu,"
                "\"generate_s\":%.3f,\"prepare_s\":%.3f,\"repeat\":%d,\"engine_s\":%.4f,\"plain_bfs_s\":%.4f,"
                "\"engine_over_plain\":%.2f,\"engine_cpu_s\":%.4f,\"plain_bfs_cpu_s\":%.4f,\"cpu_ratio\":%.2f,"
                "\"rounds\":%zu,\"survivors_per_network\":%zu,\"differ\":%zu}\n",
                2 * b.nodes, in.model.links.size(), b.p, in.scenario.events[0].target.nodes.size(), generate_s,
                prepare_s, repeat, engine_s, plain_s, engine_s / plain_s, engine_cpu_s, plain_cpu_s,
                engine_cpu_s / plain_cpu_s, plain.rounds, survivors, differ);
    return differ == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: cisim_workload cascade|mc|iim|sensitivity|buldyrev [--key value]...\n";
        return 2;
    }
    try {
        const std::string what = argv[1];
        const auto args = parse(argc, argv);
        if (what == "cascade") return cascade(args);
        if (what == "mc") return monte_carlo(args);
        if (what == "iim") return iim(args);
        if (what == "sensitivity") return sensitivity(args);
        if (what == "buldyrev") return buldyrev(args);
        std::cerr << "cisim_workload: unknown workload " << what << "\n";
        return 2;
    } catch (const InputError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cisim_workload: " << e.what() << "\n";
        return 1;
    }
}
