#include "analysis/Generate.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "model/SplitMix.hpp"

namespace cisim {
namespace {

// Independent draw streams, one per kind of attribute.
enum Stream : std::uint64_t { sector_draw = 1, class_draw, place_draw, capacity_draw, supplier_draw, local_draw,
                              strength_draw, buffer_draw, delay_draw, link_draw, extra_draw };

class Draws {
public:
    explicit Draws(std::uint64_t seed) : seed_(splitmix64(seed)) {}
    std::uint64_t bits(Stream s, std::uint64_t i, std::uint64_t j = 0) const {
        return splitmix64(seed_ ^ splitmix64((static_cast<std::uint64_t>(s) << 56) ^ splitmix64(i * 0x100000001b3ull + j)));
    }
    /// Uniform in [0, 1).
    double uniform(Stream s, std::uint64_t i, std::uint64_t j = 0) const {
        return static_cast<double>(bits(s, i, j) >> 11) * 0x1.0p-53;
    }
    /// Uniform in [0, n).
    std::size_t below(std::size_t n, Stream s, std::uint64_t i, std::uint64_t j = 0) const {
        return static_cast<std::size_t>(uniform(s, i, j) * static_cast<double>(n));
    }

private:
    std::uint64_t seed_;
};

double round_to(double x, double unit) { return std::round(x / unit) * unit; }

struct SectorType {
    const char* id;
    const char* name;
    double share;           // of the assets
    const char* classes[2];
    double first_class;     // share of the first class
    double rto_h, mtpd_h;
};

// Illustrative sector mix; not calibrated on any country.
constexpr SectorType sector_types[] = {
    {"power", "Electric power", 0.15, {"plant", "substation"}, 0.05, 24, 72},
    {"telecom", "Telecommunications", 0.20, {"exchange", "base_station"}, 0.10, 24, 72},
    {"water", "Water supply", 0.10, {"treatment", "pump"}, 0.20, 24, 96},
    {"finance", "Finance", 0.10, {"data_center", "branch"}, 0.10, 4, 24},
    {"medical", "Medical care", 0.10, {"hospital", "clinic"}, 0.30, 12, 72},
    {"logistics", "Logistics", 0.15, {"terminal", "depot"}, 0.20, 48, 168},
    {"government", "Government", 0.10, {"office", "office"}, 1.00, 24, 120},
    {"transport", "Transport", 0.10, {"port", "station"}, 0.10, 24, 168},
};
constexpr std::size_t type_count = std::size(sector_types);

// Share of a consumer sector's dependencies on each supplier sector (rows: consumer).
constexpr double supplier_mix[type_count][type_count] = {
    //  power telecom water finance medical logist. gov   transp.
    {0.30, 0.40, 0.10, 0.00, 0.00, 0.15, 0.00, 0.05},  // power
    {0.55, 0.35, 0.00, 0.00, 0.00, 0.05, 0.00, 0.05},  // telecom
    {0.55, 0.30, 0.05, 0.00, 0.00, 0.10, 0.00, 0.00},  // water
    {0.40, 0.50, 0.00, 0.10, 0.00, 0.00, 0.00, 0.00},  // finance
    {0.35, 0.20, 0.25, 0.00, 0.00, 0.15, 0.00, 0.05},  // medical
    {0.30, 0.30, 0.00, 0.05, 0.00, 0.10, 0.00, 0.25},  // logistics
    {0.35, 0.40, 0.10, 0.05, 0.00, 0.05, 0.00, 0.05},  // government
    {0.45, 0.30, 0.00, 0.05, 0.00, 0.15, 0.00, 0.05},  // transport
};

constexpr double buffer_choices[] = {1, 2, 3, 4, 6, 8, 12, 24, 48, 72};
constexpr double delay_choices[] = {1, 2, 3, 6};

std::size_t pick_weighted(const double* weights, std::size_t n, double u) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += weights[i];
    double acc = 0;
    for (std::size_t i = 0; i < n; ++i) {
        acc += weights[i] / total;
        if (u < acc) return i;
    }
    return n - 1;
}

// Dependencies per consumer: floor or ceil of the mean, summing to `total`.
std::size_t share_of(std::size_t c, std::size_t count, std::size_t total) {
    const auto hi = static_cast<std::uint64_t>(c + 1) * total / count;
    const auto lo = static_cast<std::uint64_t>(c) * total / count;
    return static_cast<std::size_t>(hi - lo);
}

Model sector_level_model(const GenerateOptions& o, const Draws& draw) {
    Model m;
    const auto n = o.nodes;
    m.sectors.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        Sector s;
        s.id = "s" + std::to_string(i);
        s.name = "Sector " + std::to_string(i);
        s.rto_h = 24;
        s.mtpd_h = 72;
        m.sectors.push_back(std::move(s));
    }
    if (n < 2) return m;
    const auto total = std::min<std::size_t>(static_cast<std::size_t>(std::llround(static_cast<double>(n) * o.degree)), n * (n - 1));
    m.dependencies.reserve(total);
    m.dependency_ends.reserve(total);
    std::vector<std::size_t> chosen;
    for (std::size_t c = 0; c < n; ++c) {
        const auto k = share_of(c, n, total);
        chosen.clear();
        for (std::size_t slot = 0, attempt = 0; chosen.size() < k; ++attempt) {
            std::size_t from = draw.below(n - 1, supplier_draw, c, attempt);
            if (from >= c) ++from;  // never itself
            if (attempt > 64 * k) from = (c + 1 + chosen.size()) % n;  // dense corner: take the next free
            if (std::find(chosen.begin(), chosen.end(), from) != chosen.end()) continue;
            chosen.push_back(from);
            Dependency d;
            d.from = m.sectors[from].id;
            d.to = m.sectors[c].id;
            // Row sums of strengths stay below 0.9: the IIM's A* has spectral radius < 0.9.
            d.strength = std::floor(0.9 / static_cast<double>(k) * (0.2 + 0.8 * draw.uniform(strength_draw, c, slot)) * 1e4) / 1e4;
            m.dependencies.push_back(std::move(d));
            m.dependency_ends.push_back({static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(c)});
            ++slot;
        }
    }
    return m;
}

}  // namespace

Model generate_model(const GenerateOptions& o) {
    const Draws draw(o.seed);
    Model m = o.sector_level ? sector_level_model(o, draw) : Model{};
    const std::string what = o.sector_level ? " sectors" : " assets";
    m.name = "Synthetic model (" + std::to_string(o.nodes) + what + ", degree " + std::to_string(o.degree).substr(0, 4) +
             ", seed " + std::to_string(o.seed) + ")";
    m.source = "synthetic: cisim generate (seeded, illustrative; not a real infrastructure)";
    if (o.sector_level) return m;

    for (const auto& t : sector_types) {
        Sector s;
        s.id = t.id;
        s.name = t.name;
        s.rto_h = t.rto_h;
        s.mtpd_h = t.mtpd_h;
        if (s.id == "power") s.network = NetworkMode::sources;
        if (s.id == "telecom") s.network = o.telecom_network;
        m.sectors.push_back(std::move(s));
    }
    m.combination_by_class["hospital"] = Combination::product;

    const auto n = o.nodes;
    // Regions: a side × side grid over Japan's bounding box, ~1000 assets each.
    const auto side = static_cast<std::size_t>(std::max(1.0, std::round(std::sqrt(static_cast<double>(n) / 1000.0))));
    const auto regions = side * side;
    std::vector<std::uint8_t> sector(n);
    std::vector<std::uint32_t> region(n);
    double shares[type_count];
    for (std::size_t t = 0; t < type_count; ++t) shares[t] = sector_types[t].share;
    m.nodes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto t = i < type_count ? i : pick_weighted(shares, type_count, draw.uniform(sector_draw, i));
        sector[i] = static_cast<std::uint8_t>(t);
        const auto row = draw.below(side, place_draw, i, 0), col = draw.below(side, place_draw, i, 1);
        region[i] = static_cast<std::uint32_t>(row * side + col);
        Node& x = m.nodes[i];
        x.id = "n" + std::to_string(i);
        x.sector = sector_types[t].id;
        const bool first_class = draw.uniform(class_draw, i) < sector_types[t].first_class || i == 0;
        x.node_class = sector_types[t].classes[first_class ? 0 : 1];
        x.region = "r" + std::to_string(row) + "-" + std::to_string(col);
        x.lat = round_to(31.0 + 12.0 * (static_cast<double>(row) + draw.uniform(place_draw, i, 2)) / static_cast<double>(side), 1e-4);
        x.lon = round_to(130.0 + 15.0 * (static_cast<double>(col) + draw.uniform(place_draw, i, 3)) / static_cast<double>(side), 1e-4);
        x.capacity = round_to(0.5 + 1.5 * draw.uniform(capacity_draw, i), 0.01);
        // Power plants feed the grid; exchanges feed the telecom network.
        x.is_source = (t == 0 || (t == 1 && o.telecom_network == NetworkMode::sources)) && first_class;
    }
    // Nodes 0 and 1 are a plant and an exchange: each network has a source.
    m.nodes[0].is_source = true;
    if (n > 1 && o.telecom_network == NetworkMode::sources) {
        m.nodes[1].node_class = sector_types[1].classes[0];
        m.nodes[1].is_source = true;
    }

    // Buckets: assets of each (region, sector), and of each sector.
    std::vector<std::uint32_t> bucket_offsets(regions * type_count + 1, 0), bucket(n);
    std::vector<std::uint32_t> sector_offsets(type_count + 1, 0), by_sector(n);
    for (std::size_t i = 0; i < n; ++i) {
        ++bucket_offsets[region[i] * type_count + sector[i] + 1];
        ++sector_offsets[sector[i] + 1];
    }
    for (std::size_t b = 0; b + 1 < bucket_offsets.size(); ++b) bucket_offsets[b + 1] += bucket_offsets[b];
    for (std::size_t t = 0; t < type_count; ++t) sector_offsets[t + 1] += sector_offsets[t];
    {
        auto fill = bucket_offsets;
        auto fill_s = sector_offsets;
        for (std::uint32_t i = 0; i < n; ++i) {
            bucket[fill[region[i] * type_count + sector[i]]++] = i;
            by_sector[fill_s[sector[i]]++] = i;
        }
    }
    auto in_bucket = [&](std::size_t b) { return bucket_offsets[b + 1] - bucket_offsets[b]; };

    // Dependencies: mostly on assets of the same region.
    if (n > 1) {
        const auto total = std::min<std::size_t>(static_cast<std::size_t>(std::llround(static_cast<double>(n) * o.degree)), n * (n - 1));
        m.dependencies.resize(total);
        std::size_t next = 0;
        std::vector<std::uint32_t> chosen;
        for (std::size_t c = 0; c < n; ++c) {
            const auto k = share_of(c, n, total);
            chosen.clear();
            for (std::size_t attempt = 0; chosen.size() < k; ++attempt) {
                std::uint32_t from;
                if (attempt > 64 * k + 64) {
                    from = static_cast<std::uint32_t>((c + 1 + attempt) % n);  // dense corner: scan
                } else {
                    auto t = pick_weighted(supplier_mix[sector[c]], type_count, draw.uniform(supplier_draw, c, attempt));
                    if (sector_offsets[t + 1] == sector_offsets[t]) t = sector[c];
                    const auto b = region[c] * type_count + t;
                    if (in_bucket(b) > 0 && draw.uniform(local_draw, c, attempt) < 0.85)
                        from = bucket[bucket_offsets[b] + draw.below(in_bucket(b), supplier_draw, c, attempt + (1ull << 40))];
                    else
                        from = by_sector[sector_offsets[t] + draw.below(sector_offsets[t + 1] - sector_offsets[t], supplier_draw, c, attempt + (2ull << 40))];
                }
                if (from == c || std::find(chosen.begin(), chosen.end(), from) != chosen.end()) continue;
                chosen.push_back(from);
                const auto j = next++;
                Dependency& d = m.dependencies[j];
                d.from = m.nodes[from].id;
                d.to = m.nodes[c].id;
                const auto ts = sector[from];
                d.type = ts == 1 || ts == 3 ? DependencyType::cyber : DependencyType::physical;
                // Mostly partial dependence (skewed low): a cascade weakens as it spreads, as
                // real buffers and workarounds make it; about one edge in five is above 0.5.
                const double u = draw.uniform(strength_draw, j);
                d.strength = round_to(0.1 + 0.8 * u * u * u, 0.01);
                const double b = draw.uniform(buffer_draw, j);
                d.buffer_h = b < 0.4 ? 0.0 : buffer_choices[static_cast<std::size_t>((b - 0.4) / 0.6 * std::size(buffer_choices))];
                const double dl = draw.uniform(delay_draw, j);
                d.delay_h = dl < 0.9 ? 0.0 : delay_choices[static_cast<std::size_t>((dl - 0.9) * 10 * std::size(delay_choices))];
                // Feeds from the grid are redundant with each other (best one counts).
                if (ts == 0 && sector[c] != 0) d.group = "grid";
            }
        }
    }

    // Links of the network sectors: each asset joins an earlier one of its sector
    // (in its region when there is one), so every sector is one connected mesh
    // rooted at its first asset, plus a second local link for half of them.
    std::unordered_set<std::uint64_t> linked;
    auto link = [&](std::uint32_t a, std::uint32_t b) {
        if (a == b) return;
        const auto key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
        if (!linked.insert(key).second) return;
        m.links.push_back({m.nodes[a].id, m.nodes[b].id});
    };
    for (std::size_t t = 0; t < 2; ++t) {
        for (auto k = sector_offsets[t] + 1; k < sector_offsets[t + 1]; ++k) {
            const auto v = by_sector[k];
            const auto b = region[v] * type_count + t;
            // Earlier assets of the same bucket come before v in `bucket` (both ascending).
            const auto first = bucket_offsets[b];
            const auto pos = static_cast<std::uint32_t>(std::lower_bound(bucket.begin() + first, bucket.begin() + bucket_offsets[b + 1], v) - bucket.begin());
            if (pos > first) link(v, bucket[first + draw.below(pos - first, link_draw, v)]);
            else link(v, by_sector[sector_offsets[t] + draw.below(k - sector_offsets[t], link_draw, v)]);
            if (draw.uniform(extra_draw, v) < 0.5 && in_bucket(b) > 1)
                link(v, bucket[first + draw.below(in_bucket(b), extra_draw, v, 1)]);
        }
    }
    return m;
}

}  // namespace cisim
