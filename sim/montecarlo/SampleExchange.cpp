#include "montecarlo/SampleExchange.hpp"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cisim {

void run_share_together(SampleExchange* exchange, const std::function<void()>& share, const std::string& what) {
    if (!exchange) return share();
    std::exception_ptr error;
    try {
        share();
    } catch (...) {
        error = std::current_exception();
    }
    const auto status = exchange->all_status(error ? 1 : 0);
    if (error) std::rethrow_exception(error);
    for (std::size_t p = 0; p < status.size(); ++p)
        if (status[p] != 0) throw PeerFailure(what + ": MPI process " + std::to_string(p) + " failed");
}

int launched_processes() {
    // Open MPI's mpirun, then MPICH's (Hydra) and other PMI launchers.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        const char* value = std::getenv(name);
        if (!value) continue;
        int size = 0;
        const std::string_view text(value);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
        if (ec == std::errc() && end == text.data() + text.size() && size >= 1) return size;
    }
    return 1;
}

namespace {

// Every field of ImpactScore and OverallScore goes through here: a field added
// to them must be added to both functions (the static_asserts are a reminder).
static_assert(sizeof(ImpactScore) == 200, "ImpactScore changed: update encode_scores/decode_scores");
static_assert(sizeof(OverallScore) == 64, "OverallScore changed: update encode_scores/decode_scores");

class Writer {
public:
    explicit Writer(std::vector<char>& out) : out_(out) {}
    template <class T>
    void raw(const T& v) {
        const auto* p = reinterpret_cast<const char*>(&v);
        out_.insert(out_.end(), p, p + sizeof v);
    }
    void text(const std::string& s) {
        raw(static_cast<std::uint64_t>(s.size()));
        out_.insert(out_.end(), s.begin(), s.end());
    }
    template <class T>
    void maybe(const std::optional<T>& v) {
        raw(static_cast<char>(v.has_value()));
        if (v) raw(*v);
    }

private:
    std::vector<char>& out_;
};

class Reader {
public:
    explicit Reader(std::span<const char> in) : in_(in) {}
    bool done() const { return at_ == in_.size(); }
    template <class T>
    T raw() {
        T v;
        need(sizeof v);
        std::memcpy(&v, in_.data() + at_, sizeof v);
        at_ += sizeof v;
        return v;
    }
    std::string text() {
        const auto n = raw<std::uint64_t>();
        need(n);
        std::string s(in_.data() + at_, static_cast<std::size_t>(n));
        at_ += static_cast<std::size_t>(n);
        return s;
    }
    template <class T>
    std::optional<T> maybe() {
        if (!raw<char>()) return std::nullopt;
        return raw<T>();
    }

private:
    void need(std::uint64_t n) const {
        if (n > in_.size() - at_) throw std::runtime_error("Monte Carlo: truncated sample scores from another process");
    }
    std::span<const char> in_;
    std::size_t at_ = 0;
};

void put(Writer& w, const ImpactScore& s) {
    w.text(s.id);
    w.raw(s.weight);
    w.raw(s.min_operability);
    w.raw(s.peak_inoperability);
    w.maybe(s.first_impact_h);
    w.raw(s.downtime_h);
    w.raw(s.outage_h);
    w.raw(s.longest_outage_h);
    w.maybe(s.time_to_recover_h);
    w.raw(s.inoperability_hours);
    w.maybe(s.rto_h);
    w.maybe(s.mtpd_h);
    w.maybe(s.rto_met);
    w.raw(s.mtpd_breached);
    w.maybe(s.loss);
    w.maybe(s.outage_start_h);
    w.raw(s.recovered);
}

ImpactScore get_impact(Reader& r) {
    ImpactScore s;
    s.id = r.text();
    s.weight = r.raw<double>();
    s.min_operability = r.raw<double>();
    s.peak_inoperability = r.raw<double>();
    s.first_impact_h = r.maybe<double>();
    s.downtime_h = r.raw<double>();
    s.outage_h = r.raw<double>();
    s.longest_outage_h = r.raw<double>();
    s.time_to_recover_h = r.maybe<double>();
    s.inoperability_hours = r.raw<double>();
    s.rto_h = r.maybe<double>();
    s.mtpd_h = r.maybe<double>();
    s.rto_met = r.maybe<bool>();
    s.mtpd_breached = r.raw<bool>();
    s.loss = r.maybe<double>();
    s.outage_start_h = r.maybe<double>();
    s.recovered = r.raw<bool>();
    return s;
}

void put_list(Writer& w, const std::vector<ImpactScore>& list) {
    w.raw(static_cast<std::uint64_t>(list.size()));
    for (const auto& s : list) put(w, s);
}

std::vector<ImpactScore> get_list(Reader& r) {
    const auto n = r.raw<std::uint64_t>();
    std::vector<ImpactScore> list;
    for (std::uint64_t i = 0; i < n; ++i) list.push_back(get_impact(r));  // no reserve: n is not trusted
    return list;
}

}  // namespace

std::vector<char> encode_scores(std::span<const Scores> samples) {
    std::vector<char> out;
    if (!samples.empty())  // every sample lists the same sectors and classes
        out.reserve(samples.size() * (samples[0].sectors.size() + samples[0].classes.size() + 1) * sizeof(ImpactScore));
    Writer w(out);
    for (const auto& s : samples) {
        put_list(w, s.sectors);
        put_list(w, s.classes);
        w.raw(s.overall.rto_compliance);
        w.text(s.overall.grade);
        w.raw(s.overall.inoperability_hours);
        w.maybe(s.overall.loss);
    }
    return out;
}

void decode_scores(std::span<const char> bytes, std::vector<Scores>& out) {
    Reader r(bytes);
    while (!r.done()) {
        Scores s;
        s.sectors = get_list(r);
        s.classes = get_list(r);
        s.overall.rto_compliance = r.raw<double>();
        s.overall.grade = r.text();
        s.overall.inoperability_hours = r.raw<double>();
        s.overall.loss = r.maybe<double>();
        out.push_back(std::move(s));
    }
}

}  // namespace cisim
