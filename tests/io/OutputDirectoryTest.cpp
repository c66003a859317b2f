// Result directories: staging directories of killed runs are removed by the
// next run, errors name the result (not the hidden staging path), one writer
// at a time, --force replaces the result whole.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "io/OutputDirectory.hpp"
#include "model/Error.hpp"

using namespace cisim;
namespace fs = std::filesystem;

namespace {

/// A fresh empty directory under the system's temporary directory.
fs::path fresh_dir(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("cisim-outdir-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// The PID of a child that has exited and been reaped: no process has it.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

std::vector<std::string> hidden_entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().front() == '.') names.push_back(e.path().filename().string());
    return names;
}

/// Captures std::cerr while alive.
struct CerrCapture {
    std::ostringstream text;
    std::streambuf* saved = std::cerr.rdbuf(text.rdbuf());
    ~CerrCapture() { std::cerr.rdbuf(saved); }
};

}  // namespace

TEST_CASE("a run removes the staging directories of processes that no longer run", "[io][outdir]") {
    const auto parent = fresh_dir("stale");
    const auto dead = std::to_string(dead_pid());
    const auto stale = parent / (".res.tmp-" + dead + "-17");
    const auto stale_other = parent / (".other.tmp-" + dead + "-3");
    const auto live = parent / (".res.tmp-" + std::to_string(::getpid()) + "-5");
    const auto not_staging = parent / (".res.tmp-" + dead + "-x");
    const auto a_file = parent / (".res.tmp-" + dead + "-9");
    for (const auto& d : {stale, stale_other, live, not_staging}) fs::create_directories(d / "sub");
    std::ofstream(stale / "sub" / "big.csv") << "left by a killed run\n";
    std::ofstream(a_file) << "a file, not a staging directory\n";

    CerrCapture cerr;
    {
        OutputDirectory out((parent / "res").string(), false);
        out.write("summary.json", "{}\n");
        out.commit();
    }
    CHECK_FALSE(fs::exists(stale));
    CHECK_FALSE(fs::exists(stale_other));
    CHECK(fs::exists(live));
    CHECK(fs::exists(not_staging));
    CHECK(fs::exists(a_file));
    const auto said = cerr.text.str();
    CHECK(said.find(stale.string() + ": removed") != std::string::npos);
    CHECK(said.find(stale_other.string() + ": removed") != std::string::npos);
    CHECK(std::count(said.begin(), said.end(), '\n') == 2);
    fs::remove_all(parent);
}

TEST_CASE("a write error names the result directory, not the staging path", "[io][outdir]") {
    const auto parent = fresh_dir("names");
    const auto dir = (parent / "res").string();
    OutputDirectory out(dir, false);
    out.write("a/b.csv", "x\n");
    try {
        out.write("a", "y\n");  // "a" is a directory in the staging area
        FAIL("writing over a directory succeeded");
    } catch (const InputError& e) {
        CHECK(e.file() == (fs::path(dir) / "a").string());
        CHECK(std::string(e.what()).find(".tmp-") == std::string::npos);
    }
    fs::remove_all(parent);
}

TEST_CASE("a second writer of the same result directory is refused at once", "[io][outdir]") {
    const auto parent = fresh_dir("lock");
    const auto dir = (parent / "res").string();
    {
        OutputDirectory first(dir, true);
        try {
            OutputDirectory second(dir, true);
            FAIL("two writers of one result directory");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()) == dir + ": another cisim is writing this result directory");
        }
        OutputDirectory elsewhere((parent / "other").string(), true);  // another name in the same parent is fine
        first.write("summary.json", "{\"n\": 1}\n");
        first.commit();
    }
    CHECK(hidden_entries(parent).empty());
    OutputDirectory again(dir, true);  // the lock is released
    again.write("summary.json", "{\"n\": 2}\n");
    again.commit();
    CHECK(hidden_entries(parent).empty());
    fs::remove_all(parent);
}

TEST_CASE("forced replacement swaps in the whole result and leaves nothing hidden", "[io][outdir]") {
    const auto parent = fresh_dir("force");
    const auto dir = parent / "res";
    fs::create_directories(dir);
    std::ofstream(dir / "old-only.csv") << "old\n";
    {
        OutputDirectory out(dir.string(), true);
        out.write("summary.json", "new\n");
        CHECK(fs::exists(dir / "old-only.csv"));  // the old result stays until the new one is complete
        out.commit();
    }
    CHECK_FALSE(fs::exists(dir / "old-only.csv"));
    std::ifstream in(dir / "summary.json");
    std::string line;
    std::getline(in, line);
    CHECK(line == "new");
    CHECK(hidden_entries(parent).empty());
    fs::remove_all(parent);
}

TEST_CASE("an abandoned result leaves neither staging nor lock behind", "[io][outdir]") {
    const auto parent = fresh_dir("abandon");
    {
        OutputDirectory out((parent / "res").string(), false);
        out.write("summary.json", "{}\n");
    }
    CHECK_FALSE(fs::exists(parent / "res"));
    CHECK(hidden_entries(parent).empty());
    fs::remove_all(parent);
}

TEST_CASE("can_create_in tries the directory", "[io][outdir]") {
    const auto parent = fresh_dir("probe");
    CHECK(can_create_in(parent.string()));
    CHECK(hidden_entries(parent).empty());
    CHECK_FALSE(can_create_in((parent / "missing").string()));
    CHECK_FALSE(can_create_in("/proc"));  // not writable, even by root
    fs::remove_all(parent);
}

TEST_CASE("a result directory given with a trailing slash", "[io][outdir]") {
    const auto parent = fresh_dir("slash");
    {
        OutputDirectory out((parent / "res").string() + "/", false);
        out.write("summary.json", "{}\n");
        out.commit();
    }
    CHECK(fs::is_regular_file(parent / "res" / "summary.json"));
    CHECK(hidden_entries(parent).empty());
    CHECK(hidden_entries(parent / "res").empty());
    fs::remove_all(parent);
}
