#include "montecarlo/MonteCarlo.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "analysis/Households.hpp"
#include "engines/Parallel.hpp"
#include "model/Network.hpp"
#include "montecarlo/BandHistogram.hpp"

namespace cisim {

std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t i) {
    // splitmix64 of the pair: neighbouring seeds and samples give unrelated streams.
    std::uint64_t x = seed * 0x9e3779b97f4a7c15ull + i + 1;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::vector<double> uncertain_quantiles(std::uint64_t seed, std::size_t count) {
    std::vector<double> u(count);
    // splitmix64 from the sample's seed, salted: unrelated to the engine's stream.
    std::uint64_t x = seed ^ 0x6a09e667f3bcc909ull;
    for (auto& q : u) {
        x += 0x9e3779b97f4a7c15ull;
        std::uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        q = (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53;  // (0, 1), never an end
    }
    return u;
}

namespace {

// Consecutive samples a worker runs as one task.
constexpr std::size_t max_block = 64;

/// Households then people out at their peak, per counted sector (NaN: not given).
void store_peaks(const HouseholdsOut& h, double* to) {
    for (const auto& s : h.sectors) {
        *to++ = s.households ? s.households->peak : std::numeric_limits<double>::quiet_NaN();
        *to++ = s.population ? s.population->peak : std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace

MonteCarloResult run_monte_carlo(const Model& model, const Scenario& scenario, const Engine& engine,
                                 const MonteCarloOptions& options) {
    return run_monte_carlo(model, build_network(model), scenario, engine, options);
}

MonteCarloResult run_monte_carlo(const Model& model, const Network& network, const Scenario& scenario,
                                 const Engine& engine, const MonteCarloOptions& options) {
    if (options.samples < 1) throw std::invalid_argument("Monte Carlo needs at least one sample");
    const auto n = static_cast<std::size_t>(options.samples);
    const auto threads = static_cast<std::size_t>(std::max(1, options.threads));

    MonteCarloResult mc;
    RunOptions base;
    base.seed = options.seed;
    base.threads = static_cast<int>(threads);  // the central case's realisations run side by side
    base.realisations = options.realisations;
    base.record_units = model.has_nodes();
    mc.central = engine.run(model, network, scenario, base);
    mc.central_scores = score(model, network, mc.central);

    // Households and people out: each sample's peaks, two per counted sector.
    const auto counted = households_out(model, network, mc.central);
    const std::size_t peak_width = 2 * counted.sectors.size();

    const std::size_t steps = mc.central.times.size(), sectors = mc.central.sector_count;
    const std::size_t cells = steps * sectors;
    // A sample with uncertain values runs on its own copy of the model,
    // scenario and network, with the values drawn from its seed.
    const auto uncertain = uncertain_parameters(model, scenario);
    struct Drawn {
        Model model;
        Scenario scenario;
        std::optional<Network> network;  ///< when a model value changed; else the shared one
    };
    auto draw = [&](std::size_t i) -> std::unique_ptr<Drawn> {
        if (uncertain.empty()) return nullptr;
        auto d = std::make_unique<Drawn>(Drawn{model, scenario, std::nullopt});
        apply_uncertain(d->model, d->scenario, uncertain, uncertain_quantiles(sample_seed(options.seed, i), uncertain.size()));
        if (!model.uncertain.empty()) d->network = build_network(d->model);
        return d;
    };
    auto one = [&](std::size_t i, const Model& m, const Network& net, const Scenario& sc) {
        RunOptions o;
        o.seed = sample_seed(options.seed, i);
        o.sample = true;
        o.threads = 1;
        o.record_units = m.has_nodes();  // class scores need unit curves
        o.log_units = false;
        o.log_sectors = false;  // samples are summarised from their curves
        return engine.run(m, net, sc, o);  // one expanded network for every sample without uncertain values
    };
    // Samples run in blocks of consecutive indices, several blocks per thread so
    // that uneven samples still balance. Each sample's curves are counted into
    // the bands' histogram as it finishes and dropped; its score figures and
    // peaks are kept by sample index. Processes sharing the run take consecutive
    // ranges of blocks; process 0's comes first, so its rows are in place, and
    // the others' are gathered after them. The block size only divides the work:
    // results do not depend on it.
    const int rank = options.exchange ? options.exchange->rank() : 0;
    const auto processes = static_cast<std::size_t>(options.exchange ? options.exchange->size() : 1);
    const std::size_t block = std::clamp<std::size_t>(n / (8 * threads * processes), 1, max_block);
    const std::size_t blocks = (n + block - 1) / block;
    const auto block_size = [&](std::size_t bi) { return std::min(block, n - bi * block); };
    const std::size_t b_lo = blocks * static_cast<std::size_t>(rank) / processes;
    const std::size_t b_hi = blocks * static_cast<std::size_t>(rank + 1) / processes;
    const std::size_t s_lo = std::min(n, b_lo * block), s_hi = std::min(n, b_hi * block);
    BandHistogram histogram(cells, n);
    const std::size_t kept = rank == 0 ? n : s_hi - s_lo;
    for (const auto& x : mc.central_scores.sectors) mc.samples.sectors.push_back(x.id);
    const std::size_t width = mc.samples.width();
    mc.samples.rows.resize(kept * width);
    std::vector<double> peaks(kept * peak_width);
    std::atomic<int> done{0};
    const auto share = static_cast<int>(s_hi - s_lo);
    Workers workers(static_cast<int>(threads));
    auto run_share = [&] {
        workers.run(b_hi - b_lo, [&](std::size_t k) {
            const std::size_t bi = b_lo + k;
            const std::size_t first = bi * block, count = block_size(bi);
            for (std::size_t j = 0; j < count; ++j) {
                const auto drawn = draw(first + j);
                const Model& m = drawn ? drawn->model : model;
                const Network& net = drawn && drawn->network ? *drawn->network : network;
                auto r = one(first + j, m, net, drawn ? drawn->scenario : scenario);
                if (r.sector_operability.size() != cells)
                    throw std::logic_error("Monte Carlo: a sample's time axis differs from the deterministic run's");
                const std::size_t at = first + j - s_lo;
                put_figures(score(m, net, r), std::span<double>(mc.samples.rows).subspan(at * width, width));
                if (peak_width) store_peaks(households_out(m, net, r), peaks.data() + at * peak_width);
                histogram.add(r.sector_operability);
            }
            const int d = done += static_cast<int>(count);
            if (options.on_progress) options.on_progress(d, share);
        });
    };
    run_share_together(options.exchange, run_share, "Monte Carlo");
    if (options.exchange) {
        // Every process has the same model, so all make these calls or none.
        const auto counts = options.exchange->gather(rank == 0 ? std::vector<char>() : histogram.encode());
        const auto gather_rows = [&](const std::vector<double>& rows) {
            const auto mine = rank == 0 ? std::span<const double>() : std::span<const double>(rows);  // 0's are in place
            return options.exchange->gather(
                std::span<const char>(reinterpret_cast<const char*>(mine.data()), mine.size_bytes()));
        };
        const auto figure_bytes = gather_rows(mc.samples.rows);
        std::vector<char> peak_bytes;
        if (peak_width) peak_bytes = gather_rows(peaks);
        if (rank != 0) {
            mc.complete = false;
            mc.samples.rows.clear();
            return mc;
        }
        histogram.merge(counts);
        if (figure_bytes.size() != (n - s_hi) * width * sizeof(double))
            throw std::runtime_error("Monte Carlo: the processes returned a wrong number of samples");
        if (!figure_bytes.empty())
            std::memcpy(mc.samples.rows.data() + s_hi * width, figure_bytes.data(), figure_bytes.size());
        if (peak_bytes.size() != (n - s_hi) * peak_width * sizeof(double))
            throw std::runtime_error("Monte Carlo: the processes returned a wrong number of peaks");
        if (!peak_bytes.empty()) std::memcpy(peaks.data() + s_hi * peak_width, peak_bytes.data(), peak_bytes.size());
    }

    for (std::size_t c = 0; c < counted.sectors.size(); ++c) {
        CountPeaks p;
        p.sector = counted.sectors[c].sector;
        std::vector<double> column(n);
        for (std::size_t k = 0; k < 2; ++k) {
            if (!(k == 0 ? counted.sectors[c].households : counted.sectors[c].population)) continue;
            for (std::size_t i = 0; i < n; ++i) column[i] = peaks[i * peak_width + 2 * c + k];
            (k == 0 ? p.households : p.population) = summarize(column);
        }
        mc.count_peaks.push_back(std::move(p));
    }

    auto& b = mc.bands;
    b.times = mc.central.times;
    b.sector_count = sectors;
    b.p10.resize(cells);
    b.p50.resize(cells);
    b.p90.resize(cells);
    b.mean.resize(cells);
    for (std::size_t c = 0; c < cells; ++c) {
        const auto band = histogram.band(c);
        b.p10[c] = band.p10;
        b.p50[c] = band.p50;
        b.p90[c] = band.p90;
        b.mean[c] = band.mean;
    }
    mc.distribution = score_distribution(mc.samples);
    return mc;
}

}  // namespace cisim
