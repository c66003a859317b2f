// cisim command line (SPEC §11). The only place that knows CLI11.
#include <malloc.h>

#include <exception>
#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "app/Commands.hpp"
#include "app/EscapedOutput.hpp"
#include "app/Verbosity.hpp"
#include "io/ModelCache.hpp"
#include "model/Error.hpp"

namespace {

/// `cisim help [COMMAND]`: the same text as `cisim COMMAND --help` (git's, pip's convention).
void add_help_command(CLI::App& app, cisim::app::Status& status) {
    auto command = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("help", "Show the help of a command (the same as `cisim COMMAND --help`)");
    cmd->add_option("COMMAND", *command, "Command");
    cmd->footer("Example:\n  cisim help run");
    cmd->callback([&app, command, &status] {
        if (command->empty()) {
            // app.help() would show the help of the command running: this one.
            std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
        } else {
            const CLI::App* sub = nullptr;
            for (const auto* s : app.get_subcommands({}))
                if (s->get_name() == *command) sub = s;
            if (!sub) throw CLI::ValidationError("COMMAND", "unknown command '" + *command + "'; see `cisim --help`");
            std::cout << sub->help(app.get_name());
        }
        status.code = cisim::app::ok;
    });
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cisim::app;
    // Blocks of 4 MiB and up are mapped and unmapped, never kept in the heap.
    // glibc's default raises that threshold to the largest block freed so far
    // (a gzip'd copy's 8 MiB buffers), after which a million-asset parse's
    // chunks stay resident once freed: 0.55 GB more at its peak (bench/README.md).
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    // Names from models reach the terminal: no escape sequences (app/EscapedOutput.hpp).
    EscapedOutput escaped_out(std::cout), escaped_err(std::cerr);
    CLI::App app{"cisim — critical-infrastructure interdependency simulator", "cisim"};
    app.footer("`cisim help COMMAND` (or `cisim COMMAND --help`) shows a command's options and an example.\n"
               "Every command takes -q (only errors) and -v (timings on stderr); - reads a model or scenario from stdin.");
    app.set_version_flag("--version", std::string("cisim ") + CISIM_VERSION);
    app.require_subcommand(1);
    Status status;
    cisim::io::set_model_cache_trace([](const std::string& line) { trace() << "cisim: " << line << "\n"; });
    add_engines_command(app, status);
    add_run_command(app, status);
    add_mc_command(app, status);
    add_analyze_command(app, status);
    add_convert_command(app, status);
    add_validate_command(app, status);
    add_plot_command(app, status);
    add_iim_command(app, status);
    add_measures_command(app, status);
    add_injects_command(app, status);
    add_generate_command(app, status);
    add_sensitivity_command(app, status);
    // (further add_*_command calls, one per subcommand)
    for (auto* sub : app.get_subcommands({})) add_verbosity_flags(*sub);
    add_help_command(app, status);

    Stopwatch total;
    try {
        app.parse(argc, argv);
        if (const auto ran = app.get_subcommands(); !ran.empty()) total.lap(ran.front()->get_name() + " took");
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (...) {
        return report_error(std::current_exception());
    }
    // A full disk or a closed pipe must not pass for success (`> /dev/full`).
    if (!std::cout.flush()) {
        std::cerr << "cisim: cannot write to standard output\n";
        return status.code == ok ? failure : status.code;
    }
    return status.code;
}

namespace cisim::app {

int exit_status_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const CLI::ParseError&) {
        return bad_input;
    } catch (const InputError&) {
        return bad_input;
    } catch (const std::bad_alloc&) {
        return bad_input;  // input too big for this machine (the readers name the file when they can)
    } catch (...) {
        return failure;
    }
}

int report_error(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const InputError& e) {
        std::cerr << e.what() << "\n";  // names the file and the JSON path itself
    } catch (const std::bad_alloc&) {
        std::cerr << "cisim: out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "cisim: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "cisim: unknown error\n";
    }
    return exit_status_of(error);
}

}  // namespace cisim::app
