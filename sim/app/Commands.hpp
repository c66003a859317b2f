#pragma once
// One function per subcommand: binds options to a struct, validates with CLI11,
// calls one library function (STYLE.md §8). Each returns the process exit
// status through the `status` slot it is given.
#include <CLI/CLI.hpp>

#include <exception>

namespace cisim::app {

/// Exit statuses of SPEC §11.
enum Exit : int { ok = 0, failure = 1, bad_input = 2 };

/// Where a subcommand's callback leaves its exit status.
struct Status {
    int code = ok;
};

/// The exit status of an error that ended a command: bad_input for input and
/// usage errors, failure otherwise.
int exit_status_of(const std::exception_ptr& error);

/// Prints the error as one line on stderr and returns exit_status_of(error).
int report_error(const std::exception_ptr& error);

void add_engines_command(CLI::App& app, Status& status);
void add_run_command(CLI::App& app, Status& status);
void add_mc_command(CLI::App& app, Status& status);
void add_analyze_command(CLI::App& app, Status& status);
void add_convert_command(CLI::App& app, Status& status);
void add_validate_command(CLI::App& app, Status& status);
void add_plot_command(CLI::App& app, Status& status);
void add_iim_command(CLI::App& app, Status& status);
void add_measures_command(CLI::App& app, Status& status);
void add_injects_command(CLI::App& app, Status& status);
void add_generate_command(CLI::App& app, Status& status);
void add_sensitivity_command(CLI::App& app, Status& status);
// Further commands are declared here by the modules that implement them:
}  // namespace cisim::app
