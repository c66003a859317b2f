#include "io/ModelCache.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <mutex>
#include <new>
#include <random>
#include <system_error>
#include <utility>
#include <vector>

#include "io/Descriptor.hpp"
#include "io/ModelJson.hpp"
#include "io/Sha256.hpp"
#include "model/Error.hpp"
#include "model/Validate.hpp"

namespace cisim::io {

namespace {

namespace fs = std::filesystem;

// Bump when the encoding changes. A change of the Model's members changes the
// sizes checked below, which sends whoever made it here.
constexpr std::uint32_t format_version = 2;
constexpr char magic[8] = {'C', 'I', 'S', 'I', 'M', 'M', 'C', '\n'};
constexpr char copy_magic[8] = {'C', 'I', 'S', 'I', 'M', 'G', 'Z', '\n'};  // a text's gzip'd copy
// Under glibc's mmap threshold (128 KiB): freeing a bigger buffer would raise
// the threshold, and the parse after a miss would then keep 1 GB more (measured).
constexpr std::size_t chunk_bytes = std::size_t{64} << 10;
constexpr std::size_t digest_chars = 64;  // SHA-256 in hex

static_assert(sizeof(void*) != 8 || (sizeof(Sector) == 272 && sizeof(Node) == 248 &&
                  sizeof(NodeExtras) == 112 && sizeof(Dependency) == 136 &&
                  sizeof(DependencyText) == 64 && sizeof(Link) == 64 &&
                  sizeof(UncertainParameter) == 192 && sizeof(Model) == 384),
              "a model type changed: encode and decode its new members in io/ModelCache.cpp, "
              "bump format_version, then these sizes");

// ---- encoding: native byte order and sizes (an entry is read only by the build that wrote it)

class Writer {
public:
    explicit Writer(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) { buf_.reserve(chunk_bytes); }

    void raw(const void* p, std::size_t n) {
        buf_.append(static_cast<const char*>(p), n);
        if (buf_.size() >= chunk_bytes) flush();
    }
    template <class T>
    void pod(T v) {
        raw(&v, sizeof v);
    }
    void u8(unsigned v) { pod(static_cast<std::uint8_t>(v)); }
    void u32(std::size_t v) { pod(static_cast<std::uint32_t>(v)); }
    void u64(std::size_t v) { pod(static_cast<std::uint64_t>(v)); }
    void f64(double v) { pod(v); }
    /// LEB128: lengths and counts, mostly under 128, take a byte.
    void var(std::uint64_t v) {
        char b[10];
        std::size_t n = 0;
        for (; v >= 0x80; v >>= 7) b[n++] = static_cast<char>((v & 0x7F) | 0x80);
        b[n++] = static_cast<char>(v);
        raw(b, n);
    }
    void str(std::string_view s) {
        var(s.size());
        raw(s.data(), s.size());
    }
    void opt(const std::optional<double>& v) {
        u8(v.has_value());
        if (v) f64(*v);
    }
    void flush() {
        if (!buf_.empty()) sink_(buf_);
        buf_.clear();
    }

private:
    std::function<void(std::string_view)> sink_;
    std::string buf_;
};

/// Thrown inside decoding on any fault; decode_model turns it into nullopt.
struct Bad {};

class Reader {
public:
    /// Reads `size` bytes in all: those of `first`, then what `more` gives.
    Reader(std::string_view first, std::uint64_t size, std::function<std::size_t(char*, std::size_t)> more = {})
        : more_(std::move(more)), left_(size) {
        if (first.size() > size) throw Bad{};
        buf_.assign(first);
        left_ -= first.size();
    }

    /// Bytes not read yet, buffered or not.
    std::uint64_t remaining() const { return left_ + (buf_.size() - pos_); }

    const char* take(std::size_t n) {
        if (n > remaining()) throw Bad{};
        if (buf_.size() - pos_ < n) refill(n);
        const char* p = buf_.data() + pos_;
        pos_ += n;
        return p;
    }
    template <class T>
    T pod() {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    std::uint8_t u8() { return pod<std::uint8_t>(); }
    std::uint32_t u32() { return pod<std::uint32_t>(); }
    std::uint64_t u64() { return pod<std::uint64_t>(); }
    double f64() { return pod<double>(); }
    /// LEB128 in its one shortest form (as Writer::var writes it): a redundant
    /// last group, or bits beyond 64, are refused.
    std::uint64_t var() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto b = static_cast<unsigned char>(*take(1));
            if (shift == 63 && b > 1) throw Bad{};
            v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) {
                if (b == 0 && shift > 0) throw Bad{};
                return v;
            }
        }
        throw Bad{};
    }
    bool flag() {
        const auto v = u8();
        if (v > 1) throw Bad{};
        return v == 1;
    }
    template <class E>
    E enumerator(E last) {
        const auto v = u8();
        if (v > static_cast<unsigned>(last)) throw Bad{};
        return static_cast<E>(v);
    }
    std::string str() {
        const auto n = var();
        if (n > remaining()) throw Bad{};
        std::string s(static_cast<std::size_t>(n), '\0');
        // Long strings (a description) may span several refills.
        std::size_t done = 0;
        while (done < s.size()) {
            const std::size_t part = std::min<std::size_t>(s.size() - done, chunk_bytes);
            std::memcpy(s.data() + done, take(part), part);
            done += part;
        }
        return s;
    }
    std::optional<double> opt() {
        if (!flag()) return std::nullopt;
        return f64();
    }
    /// A count of elements each encoded in at least `min_bytes`: no count
    /// larger than the bytes left could justify (a corrupt count would ask for terabytes).
    std::size_t count(std::size_t min_bytes) {
        const auto n = var();
        if (n > remaining() / std::max<std::size_t>(min_bytes, 1)) throw Bad{};
        return static_cast<std::size_t>(n);
    }
    bool at_end() const { return remaining() == 0; }

private:
    void refill(std::size_t n) {
        buf_.erase(0, pos_);
        pos_ = 0;
        while (buf_.size() < n) {
            if (!more_) throw Bad{};
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left_, std::max(n, chunk_bytes)));
            const std::size_t old = buf_.size();
            buf_.resize(old + want);
            const std::size_t got = more_(buf_.data() + old, want);
            buf_.resize(old + got);
            if (got == 0) throw Bad{};
            left_ -= got;
        }
    }

    std::function<std::size_t(char*, std::size_t)> more_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::uint64_t left_;
};

void put(Writer& w, const Spread& s) {
    w.var(s.p.size());
    for (double x : s.p) w.f64(x);
    w.var(s.v.size());
    for (double x : s.v) w.f64(x);
}

Spread get_spread(Reader& r) {
    Spread s;
    s.p.resize(r.count(8));
    for (auto& x : s.p) x = r.f64();
    s.v.resize(r.count(8));
    for (auto& x : s.v) x = r.f64();
    return s;
}

void put(Writer& w, const std::optional<Spread>& s) {
    w.u8(s.has_value());
    if (s) put(w, *s);
}

std::optional<Spread> get_optional_spread(Reader& r) {
    if (!r.flag()) return std::nullopt;
    return get_spread(r);
}

void put(Writer& w, const Boxed<RepairSpread>& b) {
    w.u8(static_cast<bool>(b));
    if (!b) return;
    put(w, b->spread);
    w.str(b->given);
}

void get(Reader& r, Boxed<RepairSpread>& b) {
    if (!r.flag()) return;
    auto& v = b.edit();
    v.spread = get_spread(r);
    v.given = r.str();
}

void put(Writer& w, const Sector& s) {
    for (const auto* t : {&s.id, &s.name, &s.name_ja, &s.source, &s.description}) w.str(*t);
    for (const auto* o : {&s.output, &s.rto_h, &s.mtpd_h, &s.households, &s.population}) w.opt(*o);
    w.f64(s.weight);
    w.u8(static_cast<unsigned>(s.network));
    w.f64(s.repair_scale);
    put(w, s.repair_spread);
}

void get(Reader& r, Sector& s) {
    for (auto* t : {&s.id, &s.name, &s.name_ja, &s.source, &s.description}) *t = r.str();
    for (auto* o : {&s.output, &s.rto_h, &s.mtpd_h, &s.households, &s.population}) *o = r.opt();
    s.weight = r.f64();
    s.network = r.enumerator(NetworkMode::giant);
    s.repair_scale = r.f64();
    get(r, s.repair_spread);
}

void put(Writer& w, const Node& n) {
    const auto& x = *n.extras;
    for (const auto* t : {&n.id, &n.sector, &n.name, &n.node_class, &n.region, &x.rolling_group, &x.ref}) w.str(*t);
    for (const auto* o : {&n.lat, &n.lon, &x.elevation_m, &x.households, &x.population}) w.opt(*o);
    for (double x : {n.capacity, n.site_amplification, n.fragility_scale, n.repair_scale}) w.f64(x);
    w.u8(n.coastal);
    w.u8(n.is_source);
    w.u32(n.facilities);
    put(w, n.repair_spread);
}

void get(Reader& r, Node& n) {
    NodeExtras x;
    for (auto* t : {&n.id, &n.sector, &n.name, &n.node_class, &n.region, &x.rolling_group, &x.ref}) *t = r.str();
    for (auto* o : {&n.lat, &n.lon, &x.elevation_m, &x.households, &x.population}) *o = r.opt();
    n.set_extras(std::move(x));
    for (auto* x : {&n.capacity, &n.site_amplification, &n.fragility_scale, &n.repair_scale}) *x = r.f64();
    n.coastal = r.flag();
    n.is_source = r.flag();
    n.facilities = r.u32();
    get(r, n.repair_spread);
}

void put(Writer& w, const ParamForms& f) {
    for (const auto* s : {&f.spread.strength, &f.spread.buffer_h, &f.spread.refill_h, &f.spread.delay_h}) put(w, *s);
    w.var(f.by_year.size());
    for (const auto& [name, entries] : f.by_year) {
        w.str(name);
        w.var(entries.size());
        for (const auto& e : entries) {
            w.pod(static_cast<std::int64_t>(e.from));
            w.f64(e.value);
            put(w, e.spread);
            w.str(e.source);
        }
    }
    w.var(f.given_as.size());
    for (const auto& [name, text] : f.given_as) {
        w.str(name);
        w.str(text);
    }
}

void get(Reader& r, ParamForms& f) {
    for (auto* s : {&f.spread.strength, &f.spread.buffer_h, &f.spread.refill_h, &f.spread.delay_h})
        *s = get_optional_spread(r);
    f.by_year.resize(r.count(2));
    for (auto& [name, entries] : f.by_year) {
        name = r.str();
        entries.resize(r.count(18));
        for (auto& e : entries) {
            const auto from = r.pod<std::int64_t>();
            if (from < INT32_MIN || from > INT32_MAX) throw Bad{};
            e.from = static_cast<int>(from);
            e.value = r.f64();
            e.spread = get_optional_spread(r);
            e.source = r.str();
        }
    }
    f.given_as.resize(r.count(2));
    for (auto& [name, text] : f.given_as) {
        name = r.str();
        text = r.str();
    }
}

void put(Writer& w, const Dependency& d) {
    w.str(d.from);
    w.str(d.to);
    w.str(d.group);
    w.str(d.source());
    w.str(d.note());
    w.u8(static_cast<unsigned>(d.type));
    w.u8(static_cast<unsigned>(d.effect));
    for (double x : {d.strength, d.buffer_h, d.delay_h}) w.f64(x);
    w.opt(d.refill_h);
    w.u8(static_cast<bool>(d.forms));
    if (d.forms) put(w, *d.forms);
}

void get(Reader& r, Dependency& d) {
    d.from = r.str();
    d.to = r.str();
    d.group = r.str();
    DependencyText text;  // boxed only when there is some (Dependency::text)
    for (auto* t : {&text.source, &text.note}) *t = r.str();
    if (!text.empty()) d.text.edit() = std::move(text);
    d.type = r.enumerator(DependencyType::logical);
    d.effect = r.enumerator(DependencyEffect::repair);
    for (auto* x : {&d.strength, &d.buffer_h, &d.delay_h}) *x = r.f64();
    const auto refill = r.opt();
    if (refill && std::isnan(*refill)) throw Bad{};  // Dependency::refill_h holds NaN as "not given"
    d.refill_h = refill;
    if (r.flag()) get(r, d.forms.edit());
}

void put(Writer& w, const UncertainParameter& u) {
    for (const auto* t : {&u.pointer, &u.label, &u.field, &u.source}) w.str(*t);
    const auto& d = u.distribution;
    w.u8(static_cast<unsigned>(d.kind));
    for (double x : {d.min, d.mode, d.max, d.median_value, d.beta}) w.f64(x);
    w.u8(static_cast<unsigned>(u.place));
    w.u64(u.index);
}

void get(Reader& r, UncertainParameter& u) {
    for (auto* t : {&u.pointer, &u.label, &u.field, &u.source}) *t = r.str();
    auto& d = u.distribution;
    d.kind = r.enumerator(Distribution::Kind::lognormal);
    for (auto* x : {&d.min, &d.mode, &d.max, &d.median_value, &d.beta}) *x = r.f64();
    u.place = r.enumerator(UncertainPlace::event);
    u.index = static_cast<std::size_t>(r.u64());
}

void put(Writer& w, const Link& l) {
    w.str(l.a);
    w.str(l.b);
}

void get(Reader& r, Link& l) {
    l.a = r.str();
    l.b = r.str();
}

void put(Writer& w, const DependencyEnds& e) {
    w.u32(e.from);
    w.u32(e.to);
}

void get(Reader& r, DependencyEnds& e) {
    e.from = r.u32();
    e.to = r.u32();
}

/// A list: its length, then its elements.
template <class T>
void put_all(Writer& w, const std::vector<T>& v) {
    w.var(v.size());
    for (const auto& x : v) put(w, x);
}

/// A list of elements encoded in at least `min_bytes` each, built in place
/// once each (a resize first would write a million-asset model's 1.1 GB of
/// dependencies twice).
template <class T>
void get_all(Reader& r, std::vector<T>& v, std::size_t min_bytes) {
    const auto n = r.count(min_bytes);
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) get(r, v.emplace_back());
}

void put_model(Writer& w, const Model& m) {
    for (const auto* t : {&m.schema, &m.name, &m.time_unit, &m.source, &m.description}) w.str(*t);
    put_all(w, m.sectors);
    put_all(w, m.nodes);
    put_all(w, m.dependencies);
    put_all(w, m.links);
    w.var(m.combination_by_class.size());
    for (const auto& [node_class, rule] : m.combination_by_class) {
        w.str(node_class);
        w.u8(static_cast<unsigned>(rule));
    }
    put_all(w, m.uncertain);
    put_all(w, m.dependency_ends);
}

// Least encoded sizes, for Reader::count.
constexpr std::size_t sector_bytes = 5 + 5 + 8 + 1 + 8 + 1;
constexpr std::size_t node_bytes = 7 + 5 + 4 * 8 + 2 + 4 + 1;
constexpr std::size_t dependency_bytes = 5 + 2 + 3 * 8 + 1 + 1;

Model get_model(Reader& r) {
    Model m;
    for (auto* t : {&m.schema, &m.name, &m.time_unit, &m.source, &m.description}) *t = r.str();
    get_all(r, m.sectors, sector_bytes);
    get_all(r, m.nodes, node_bytes);
    get_all(r, m.dependencies, dependency_bytes);
    get_all(r, m.links, 2);
    const auto classes = r.count(2);
    for (std::size_t i = 0; i < classes; ++i) {
        auto node_class = r.str();
        const auto rule = r.enumerator(Combination::mean);
        // In the map's order, each once: the one form the writer gives.
        if (!m.combination_by_class.empty() && !(m.combination_by_class.rbegin()->first < node_class)) throw Bad{};
        m.combination_by_class.emplace_hint(m.combination_by_class.end(), std::move(node_class), rule);
    }
    get_all(r, m.uncertain, 4 + 1 + 5 * 8 + 1 + 8);
    get_all(r, m.dependency_ends, 8);
    return m;
}

// ---- the entries on disk: magic, version, the text's hash, the build ID,
// the payload's length, the payload, the payload's SHA-256 in hex.

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::size_t read_some(int fd, char* p, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        const auto got = ::read(fd, p + done, n - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

/// The SHA-256 of `n` bytes of `fd` from `offset` on, read with pread (the
/// file offset is left alone); nullopt if they cannot all be read.
std::optional<std::string> digest_at(int fd, std::uint64_t offset, std::uint64_t n) {
    Sha256 digest;
    std::string chunk(std::size_t{1} << 20, '\0');
    while (n > 0) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(n, chunk.size()));
        const auto got = ::pread(fd, chunk.data(), want, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return std::nullopt;
        digest.update({chunk.data(), static_cast<std::size_t>(got)});
        offset += static_cast<std::uint64_t>(got);
        n -= static_cast<std::uint64_t>(got);
    }
    return digest.hex();
}

/// An entry's header, its payload's length left 0: write_entry fills it in last.
std::string header(const std::string& text_sha256, const char (&kind)[8]) {
    std::string h(kind, sizeof kind);
    Writer w([&](std::string_view b) { h.append(b); });
    w.u32(format_version);
    w.str(text_sha256);
    w.str(build_id());
    w.u64(0);
    w.flush();
    return h;
}

/// Where an entry's payload begins and how long it is, from the entry's first
/// bytes (`head`); Bad unless it is this kind, text and build, and the file's
/// size is the header, the payload and the digest.
struct EntryLayout {
    std::size_t header_bytes;
    std::uint64_t payload_bytes;
};
EntryLayout read_header(std::string_view head, const char (&kind)[8], const std::string& text_sha256, std::uint64_t file_bytes) {
    if (head.size() < sizeof kind || std::memcmp(head.data(), kind, sizeof kind) != 0) throw Bad{};
    Reader h(head.substr(sizeof kind), head.size() - sizeof kind);
    if (h.u32() != format_version || h.str() != text_sha256 || h.str() != build_id()) throw Bad{};
    const auto payload_bytes = h.u64();
    const auto header_bytes = head.size() - h.remaining();
    if (payload_bytes > file_bytes || file_bytes != header_bytes + payload_bytes + digest_chars) throw Bad{};
    return {static_cast<std::size_t>(header_bytes), payload_bytes};
}

fs::path entry_path(const ModelCacheSettings& settings, const std::string& text_sha256,
                    const std::string& extension = ".model") {
    // The build in the name too: the CLI and the Python module keep entries side by side.
    return fs::path(settings.dir) / (text_sha256.substr(0, 32) + "-" + build_id().substr(0, 16) + extension);
}

std::mutex settings_mutex;
std::optional<ModelCacheSettings> current_settings;
std::function<void(const std::string&)> trace_sink;

void trace(const std::string& line) {
    if (trace_sink) trace_sink("model cache: " + line);
}

/// Keeps the newest `kept` entries of a kind (by modification time: a hit touches its entry).
void prune(const ModelCacheSettings& settings, const fs::path& extension) {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> entries;
    for (const auto& e : fs::directory_iterator(settings.dir, ec)) {
        if (e.path().extension() != extension) continue;
        const auto t = fs::last_write_time(e.path(), ec);
        if (!ec) entries.emplace_back(t, e.path());
    }
    if (entries.size() <= settings.kept) return;
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = settings.kept; i < entries.size(); ++i) {
        fs::remove(entries[i].second, ec);
        trace("removed " + entries[i].second.string() + " (keeps the " + std::to_string(settings.kept) + " newest)");
    }
}

}  // namespace

ModelCacheSettings ModelCacheSettings::from_environment() {
    ModelCacheSettings s;
    if (const char* dir = std::getenv("CISIM_CACHE_DIR"); dir && *dir) {
        s.dir = std::string(dir) == "off" ? "" : dir;
    } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
        s.dir = std::string(xdg) + "/cisim";
    } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
        s.dir = std::string(home) + "/.cache/cisim";
    }
    if (const char* min = std::getenv("CISIM_CACHE_MIN_BYTES"); min && *min) {
        char* end = nullptr;
        errno = 0;
        const auto v = std::strtoull(min, &end, 10);
        if (errno == 0 && end && *end == '\0') s.min_bytes = static_cast<std::size_t>(v);
    }
    return s;
}

const ModelCacheSettings& model_cache_settings() {
    std::lock_guard lock(settings_mutex);
    if (!current_settings) current_settings = ModelCacheSettings::from_environment();
    return *current_settings;
}

void set_model_cache_settings(ModelCacheSettings settings) {
    std::lock_guard lock(settings_mutex);
    current_settings = std::move(settings);
}

void set_model_cache_trace(std::function<void(const std::string&)> sink) { trace_sink = std::move(sink); }

const std::string& build_id() {
    static const std::string id = [] {
        // The loaded object holding this function: the executable, or the
        // Python module. Its PT_NOTE segments hold the NT_GNU_BUILD_ID note.
        struct Search {
            std::uintptr_t address;
            std::string id;
        } search{reinterpret_cast<std::uintptr_t>(&build_id), {}};
        dl_iterate_phdr(
            [](dl_phdr_info* info, std::size_t, void* data) -> int {
                auto& s = *static_cast<Search*>(data);
                bool mine = false;
                for (int i = 0; i < info->dlpi_phnum; ++i) {
                    const auto& ph = info->dlpi_phdr[i];
                    const auto start = info->dlpi_addr + ph.p_vaddr;
                    if (ph.p_type == PT_LOAD && s.address >= start && s.address < start + ph.p_memsz) mine = true;
                }
                if (!mine) return 0;
                for (int i = 0; i < info->dlpi_phnum; ++i) {
                    const auto& ph = info->dlpi_phdr[i];
                    if (ph.p_type != PT_NOTE) continue;
                    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
                    const auto* end = p + ph.p_memsz;
                    while (p + sizeof(ElfW(Nhdr)) <= end) {
                        ElfW(Nhdr) note;
                        std::memcpy(&note, p, sizeof note);
                        const auto* name = p + sizeof note;
                        const auto* desc = name + ((note.n_namesz + 3) & ~3u);
                        const auto* next = desc + ((note.n_descsz + 3) & ~3u);
                        if (next > end) break;
                        if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
                            static const char hex[] = "0123456789abcdef";
                            for (std::size_t k = 0; k < note.n_descsz; ++k) {
                                s.id += hex[desc[k] >> 4];
                                s.id += hex[desc[k] & 15];
                            }
                            return 1;
                        }
                        p = next;
                    }
                }
                return 1;
            },
            &search);
        return search.id;
    }();
    return id;
}

std::string encode_model(const Model& model) {
    std::string out;
    Writer w([&](std::string_view b) { out.append(b); });
    put_model(w, model);
    w.flush();
    return out;
}

std::optional<Model> decode_model(std::string_view bytes) {
    try {
        Reader r(bytes, bytes.size());
        auto m = get_model(r);
        if (!r.at_end()) return std::nullopt;
        return m;
    } catch (const Bad&) {
        return std::nullopt;
    } catch (const std::bad_alloc&) {
        return std::nullopt;
    }
}

namespace {

/// Runs `read` on the entry at `path`: what it returns is read (the entry is
/// marked most recently used, pruned last); an entry it refuses (Bad) or that
/// does not fit in memory is ignored, and the cache skipped.
template <class Read>
auto read_entry(const fs::path& path, Read read) -> std::optional<decltype(read())> {
    try {
        auto value = read();
        ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
        trace("read " + path.string());
        return value;
    } catch (const Bad&) {
        trace("ignored " + path.string() + " (another build's, or damaged)");
    } catch (const std::bad_alloc&) {
        trace("ignored " + path.string() + " (out of memory)");
    }
    return std::nullopt;
}

}  // namespace

std::optional<Model> read_cached_model(const ModelCacheSettings& settings, const std::string& text_sha256,
                                       const std::string& file) {
    if (settings.dir.empty() || build_id().empty()) return std::nullopt;
    const auto path = entry_path(settings, text_sha256);
    const Descriptor in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (in.fd < 0) {
        trace("no entry for this text in " + settings.dir);
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return read_entry(path, [&] {
        // The header's length is known once its strings' lengths are read: read
        // what it can be at most, then hand the rest of that read to the payload.
        std::string head(4096, '\0');
        head.resize(read_some(in.fd, head.data(), head.size()));
        const auto [header_bytes, payload_bytes] =
            read_header(head, magic, text_sha256, static_cast<std::uint64_t>(st.st_size));

        const auto after = std::string_view(head).substr(header_bytes);
        const auto first = after.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(after.size(), payload_bytes)));
        std::string tail(after.substr(first.size()));  // the digest's start, when the first read got that far
        // The payload is hashed on a second thread while this one decodes it
        // (a million assets' entry: a quarter of a second less).
        auto digest = std::async(std::launch::async, [&, payload_bytes = payload_bytes, header_bytes = header_bytes] {
            return digest_at(in.fd, header_bytes, payload_bytes);
        });
        Reader r(first, payload_bytes, [&](char* p, std::size_t n) { return read_some(in.fd, p, n); });
        auto model = get_model(r);
        if (!r.at_end()) throw Bad{};
        const auto have = tail.size();
        tail.resize(digest_chars);
        if (read_some(in.fd, tail.data() + have, digest_chars - have) != digest_chars - have || tail != digest.get())
            throw Bad{};
        model.file = file;
        return model;
    });
}

namespace {

/// Writes an entry atomically: header, the payload `emit` gives the sink, its
/// SHA-256; then keeps the newest of its kind. A failure only skips the cache.
void write_entry(const ModelCacheSettings& settings, const fs::path& path, const std::string& head,
                 const std::function<void(const std::function<void(std::string_view)>&)>& emit) {
    // A new directory is the user's alone (0700); an existing one is left as it is.
    std::error_code ec;
    if (const auto parent = fs::path(settings.dir).parent_path(); !parent.empty()) fs::create_directories(parent, ec);
    if (::mkdir(settings.dir.c_str(), 0700) != 0 && errno != EEXIST) {
        trace("cannot create " + settings.dir + ": " + std::strerror(errno));
        return;
    }
    std::random_device entropy;
    const auto staging = path.string() + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(entropy());
    bool ok = true;
    {
        const Descriptor out{::open(staging.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
        if (out.fd < 0) {
            trace("cannot write in " + settings.dir + ": " + std::strerror(errno));
            return;
        }
        try {
            // The payload's length is known once written: it is filled in last
            // (the model is often over a gigabyte; no second encoding to count it).
            ok = write_all(out.fd, head);
            std::uint64_t payload_bytes = 0;
            Sha256 digest;
            emit([&](std::string_view b) {
                payload_bytes += b.size();
                digest.update(b);
                ok = ok && write_all(out.fd, b);
            });
            ok = ok && write_all(out.fd, digest.hex()) &&
                 ::pwrite(out.fd, &payload_bytes, sizeof payload_bytes,
                          static_cast<off_t>(head.size() - sizeof payload_bytes)) ==
                     static_cast<ssize_t>(sizeof payload_bytes);
        } catch (const std::bad_alloc&) {
            ok = false;
        }
    }
    if (ok && ::rename(staging.c_str(), path.c_str()) == 0) {
        trace("wrote " + path.string());
        try {
            prune(settings, path.extension());
        } catch (const std::exception& e) {  // a directory changed under the listing: pruned next time
            trace(std::string("not pruned: ") + e.what());
        }
        return;
    }
    trace("could not write " + path.string());
    ::unlink(staging.c_str());
}

}  // namespace

void write_cached_model(const ModelCacheSettings& settings, const std::string& text_sha256, const Model& model) {
    if (settings.dir.empty() || build_id().empty()) return;
    write_entry(settings, entry_path(settings, text_sha256), header(text_sha256, magic), [&](const auto& sink) {
        Writer w(sink);
        put_model(w, model);
        w.flush();
    });
}

std::optional<std::string> read_cached_copy(const ModelCacheSettings& settings, const std::string& text_sha256) {
    if (settings.dir.empty() || build_id().empty()) return std::nullopt;
    const auto path = entry_path(settings, text_sha256, ".copy");
    const Descriptor in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    struct stat st {};
    if (in.fd < 0 || ::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        trace("no copy of this text in " + settings.dir);
        return std::nullopt;
    }
    return read_entry(path, [&] {
        std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
        if (read_some(in.fd, bytes.data(), bytes.size()) != bytes.size()) throw Bad{};
        const auto [header_bytes, payload_bytes] = read_header(bytes, copy_magic, text_sha256, bytes.size());
        const auto payload = std::string_view(bytes).substr(header_bytes, static_cast<std::size_t>(payload_bytes));
        if (std::string_view(bytes).substr(header_bytes + payload.size()) != sha256_hex(payload)) throw Bad{};
        bytes.erase(0, header_bytes);
        bytes.resize(payload.size());
        return bytes;
    });
}

void write_cached_copy(const ModelCacheSettings& settings, const std::string& text_sha256, std::string_view gzipped) {
    if (settings.dir.empty() || build_id().empty()) return;
    write_entry(settings, entry_path(settings, text_sha256, ".copy"), header(text_sha256, copy_magic),
                [&](const auto& sink) {
                    for (std::size_t at = 0; at < gzipped.size(); at += chunk_bytes) sink(gzipped.substr(at, chunk_bytes));
                });
}

Model parse_model_cached(std::string_view text, const std::string& file, const std::string& text_sha256) {
    const auto& settings = model_cache_settings();
    if (!settings.takes(text.size())) return parse_model(text, file);
    if (auto cached = read_cached_model(settings, text_sha256, file)) return std::move(*cached);
    auto model = parse_model(text, file);
    write_cached_model(settings, text_sha256, model);
    return model;
}

std::optional<HashedFile<Model>> read_cached_model_file(const std::string& path) {
    const auto& settings = model_cache_settings();
    if (settings.dir.empty() || build_id().empty() || path == "-") return std::nullopt;
    const Descriptor in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    struct stat st {};
    if (in.fd < 0 || ::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        !settings.takes(static_cast<std::size_t>(st.st_size)))
        return std::nullopt;  // read_file says what is wrong with it
    Sha256 digest;
    std::string chunk(chunk_bytes, '\0');
    bool first = true;
    for (;;) {
        const auto got = read_some(in.fd, chunk.data(), chunk.size());
        if (first && got >= 2 && static_cast<unsigned char>(chunk[0]) == 0x1f &&
            static_cast<unsigned char>(chunk[1]) == 0x8b)
            return std::nullopt;  // gzip: its hash is the inflated text's
        first = false;
        digest.update({chunk.data(), got});
        if (got < chunk.size()) break;
    }
    const auto sha256 = digest.hex();
    auto model = read_cached_model(settings, sha256, input_name(path));
    if (!model) return std::nullopt;
    return HashedFile<Model>{std::move(*model), sha256};
}

Model parse_model_cached(std::string_view text, const std::string& file) {
    if (!model_cache_settings().takes(text.size())) return parse_model(text, file);
    return parse_model_cached(text, file, sha256_hex(text));
}

}  // namespace cisim::io
