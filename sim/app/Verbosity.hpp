#pragma once
// -q/--quiet and -v/--verbose of every subcommand. Quiet: only errors (stdout
// keeps only what was asked for by name, such as --json). Verbose: timings
// and progress on stderr. Errors always reach stderr (main.cpp).
#include <CLI/CLI.hpp>

#include <chrono>
#include <ostream>
#include <string>

namespace cisim::app {

enum class Verbosity { quiet, normal, verbose };

Verbosity verbosity();
inline bool quiet() { return verbosity() == Verbosity::quiet; }
inline bool verbose() { return verbosity() == Verbosity::verbose; }

/// Informational output (score tables, "results in DIR", "FILE: ok"):
/// std::cout, or a sink when quiet.
std::ostream& info();
/// Notes and warnings: std::cerr, or a sink when quiet.
std::ostream& warn();
/// Timings and progress: std::cerr when verbose, else a sink.
std::ostream& trace();

/// Adds -q/--quiet and -v/--verbose (exclusive) to `cmd`.
void add_verbosity_flags(CLI::App& cmd);

/// Seconds since it was made (or last lapped), written to trace() as
/// "cisim: WHAT: 0.123 s".
class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    void lap(const std::string& what);

private:
    std::chrono::steady_clock::time_point start_;
};

}  // namespace cisim::app
