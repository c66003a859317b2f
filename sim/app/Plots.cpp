#include "app/Plots.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <system_error>
#include <vector>

#include "app/Commands.hpp"
#include "app/Verbosity.hpp"

extern char** environ;

namespace cisim::app {
namespace {

namespace fs = std::filesystem;

#ifndef CISIM_PLOTS_DIR
#define CISIM_PLOTS_DIR "plots"
#endif

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

bool is_package(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "__main__.py", ec);
}

/// The plots package directory, or empty if none is found.
fs::path find_package() {
    if (const char* v = std::getenv("CISIM_PLOTS_DIR"); v && *v) return is_package(v) ? fs::path(v) : fs::path();
    if (is_package(CISIM_PLOTS_DIR)) return CISIM_PLOTS_DIR;
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "cisim" / "plots";
        if (is_package(installed)) return installed;
    }
    return {};
}

/// The child's environment: ours, minus variables that would point Debian's
/// interpreter at another Python's modules, plus the package's search path.
std::vector<std::string> child_environment(const fs::path& package) {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view entry(*e);
        const auto name = entry.substr(0, entry.find('='));
        if (name == "PYTHONPATH" || name == "PYTHONHOME" || name == "PYTHONSAFEPATH" ||
            name == "PYTHONDONTWRITEBYTECODE")
            continue;
        env.emplace_back(entry);
    }
    env.push_back("PYTHONPATH=" + package.parent_path().string());
    env.push_back("PYTHONSAFEPATH=1");          // the working directory must not shadow the package
    env.push_back("PYTHONDONTWRITEBYTECODE=1"); // no __pycache__ in the source tree
    return env;
}

}  // namespace

int run_plots(const std::string& dir, bool keep_stdout_clean) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::cerr << dir << ": not a directory\n";
        return bad_input;
    }
    if (!fs::is_regular_file(fs::path(dir) / "summary.json", ec)) {
        std::cerr << (fs::path(dir) / "summary.json").string() << ": missing (not a cisim result directory)\n";
        return bad_input;
    }
    const auto package = find_package();
    if (package.empty()) {
        std::cerr << "cisim plot: the plots package was not found (set CISIM_PLOTS_DIR to its directory)\n";
        return failure;
    }
    const auto python = env_or("CISIM_PYTHON", "/usr/bin/python3");
    const auto module = fs::absolute(package, ec).lexically_normal().filename().string();

    std::vector<std::string> args{python, "-m", module.empty() ? "plots" : module, "--", dir};
    auto env = child_environment(fs::absolute(package, ec).lexically_normal());
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (quiet()) posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    else if (keep_stdout_clean) posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    std::fflush(stdout);
    std::cout.flush();
    pid_t pid = 0;
    const int err = posix_spawn(&pid, python.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) {
        std::cerr << "cisim plot: cannot start " << python << ": " << std::strerror(err) << "\n";
        return failure;
    }
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) {
            std::cerr << "cisim plot: waiting for " << python << ": " << std::strerror(errno) << "\n";
            return failure;
        }
    }
    if (WIFEXITED(wstatus)) {
        const int code = WEXITSTATUS(wstatus);
        if (code == 0) return ok;
        return code == bad_input ? bad_input : failure;
    }
    std::cerr << "cisim plot: " << python << " was killed by signal " << WTERMSIG(wstatus) << "\n";
    return failure;
}

}  // namespace cisim::app
