#include "app/Verbosity.hpp"

#include <cstdio>
#include <iostream>

namespace cisim::app {

namespace {

Verbosity level = Verbosity::normal;

std::ostream& sink() {
    static std::ostream nowhere(nullptr);  // no buffer: every write is dropped
    return nowhere;
}

}  // namespace

Verbosity verbosity() { return level; }

std::ostream& info() { return quiet() ? sink() : std::cout; }
std::ostream& warn() { return quiet() ? sink() : std::cerr; }
std::ostream& trace() { return verbose() ? std::cerr : sink(); }

void add_verbosity_flags(CLI::App& cmd) {
    auto* q = cmd.add_flag_callback("-q,--quiet", [] { level = Verbosity::quiet; },
                                    "Print only errors (and what --json asks for)");
    auto* v = cmd.add_flag_callback("-v,--verbose", [] { level = Verbosity::verbose; },
                                    "Also print timings and progress on stderr");
    q->excludes(v);
}

void Stopwatch::lap(const std::string& what) {
    if (!verbose()) return;
    const auto now = std::chrono::steady_clock::now();
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", std::chrono::duration<double>(now - start_).count());
    std::cerr << "cisim: " << what << ": " << seconds << " s\n" << std::flush;
    start_ = now;
}

}  // namespace cisim::app
