// cisim command line (SPEC §11). The only place that knows CLI11.
#include <exception>
#include <iostream>

#include "app/Commands.hpp"
#include "model/Error.hpp"

int main(int argc, char** argv) {
    using namespace cisim::app;
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
    // (further add_*_command calls, one per subcommand)

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "cisim: " << e.what() << "\n";
        return bad_input;
    } catch (const cisim::InputError& e) {
        std::cerr << e.what() << "\n";
        return bad_input;
    } catch (const std::bad_alloc&) {
        std::cerr << "cisim: out of memory\n";
        return failure;
    } catch (const std::exception& e) {
        std::cerr << "cisim: " << e.what() << "\n";
        return failure;
    }
    return status.code;
}
