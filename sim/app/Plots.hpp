#pragma once
// Figures and report.html for a result directory, drawn by the Python package
// in plots/ (STYLE.md, Plots: the C++ side never draws). Used by `cisim plot`
// and `cisim run --plots`.
#include <string>

namespace cisim::app {

/// Runs `python3 -m plots DIR` (fork/exec, no shell) and returns cisim's exit
/// status: 0 drawn, 1 Python or drawing failed, 2 DIR is not a result directory.
/// The package is found at $CISIM_PLOTS_DIR, else the source tree's plots/,
/// else <prefix>/share/cisim/plots next to the binary; the interpreter is
/// $CISIM_PYTHON, else /usr/bin/python3 (Debian's, with matplotlib).
/// Python's messages go to stdout, to stderr when `keep_stdout_clean` (stdout
/// carries JSON), nowhere when quiet (app/Verbosity.hpp).
int run_plots(const std::string& dir, bool keep_stdout_clean = false);

}  // namespace cisim::app
