#include "app/Commands.hpp"
#include "app/Plots.hpp"

namespace cisim::app {

void add_plot_command(CLI::App& app, Status& status) {
    auto dir = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("plot", "Draw the figures (DIR/plots/*.svg, *.png) and DIR/report.html "
                                           "for a result directory");
    cmd->add_option("dir", *dir, "Result directory written by cisim run, mc or measures")->required();
    cmd->callback([dir, &status] { status.code = run_plots(*dir); });
    cmd->footer("Example:\n  cisim run scenarios/noto-2024.json --out out/noto && cisim plot out/noto");
}

}  // namespace cisim::app
