// cisim command line (SPEC §11). The only place that knows CLI11.
#include <exception>
#include <iostream>
#include <new>

#include "app/Commands.hpp"
#include "app/EscapedOutput.hpp"
#include "model/Error.hpp"

int main(int argc, char** argv) {
    using namespace cisim::app;
    // Names from models reach the terminal: no escape sequences (app/EscapedOutput.hpp).
    EscapedOutput escaped_out(std::cout), escaped_err(std::cerr);
    CLI::App app{"cisim — critical-infrastructure interdependency simulator"};
    app.set_version_flag("--version", std::string("cisim ") + CISIM_VERSION);
    app.require_subcommand(1);
    Status status;
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

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (...) {
        return report_error(std::current_exception());
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
