#include "io/OutputDirectory.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "model/Error.hpp"

namespace fs = std::filesystem;

namespace cisim {
namespace {

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

std::string unique_suffix() {
    std::random_device rd;
    return std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
}

fs::path parent_of(const fs::path& p) {
    auto parent = p.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

/// The staging name of DIR's files: ".NAME.tmp-PID-N" in DIR's parent.
fs::path staging_name(const fs::path& target) {
    return parent_of(target) / ("." + target.filename().string() + ".tmp-" + unique_suffix());
}

/// The PID of a staging name ".NAME.tmp-PID-N", or 0 if `name` is not one.
pid_t staging_pid(const std::string& name) {
    const auto at = name.rfind(".tmp-");
    if (name.size() < 2 || name[0] != '.' || at == std::string::npos || at < 2) return 0;
    const auto rest = name.substr(at + 5);
    const auto dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash + 1 == rest.size() || dash > 9) return 0;
    for (std::size_t i = 0; i < rest.size(); ++i)
        if (i != dash && (rest[i] < '0' || rest[i] > '9')) return 0;
    return static_cast<pid_t>(std::stol(rest.substr(0, dash)));
}

/// Removes the staging directories in `parent` that processes killed before
/// they finished left behind (they can be as large as a result): directories
/// of the current user whose name is a staging name of a PID that is gone.
void remove_stale_staging(const fs::path& parent) {
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        const pid_t pid = staging_pid(name);
        if (pid <= 0) continue;
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) continue;
        if (!(::kill(pid, 0) == -1 && errno == ESRCH)) continue;
        std::error_code rm;
        fs::remove_all(it->path(), rm);
        if (!rm)
            std::cerr << it->path().string() << ": removed, the staging directory of process " << pid
                      << " that no longer runs (an interrupted run)\n";
    }
}

int exchange_paths(const fs::path& a, const fs::path& b) {
    return static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE));
}

/// `display` names the file in messages (the result's name, not the staging path).
void write_plain(const fs::path& path, const std::string& display, const std::function<void(std::ostream&)>& writer) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(display, "", "cannot write file");
    writer(out);
    out.close();
    if (!out) throw InputError(display, "", "write failed (disk full?)");
}

// A writer of text already in memory.
std::function<void(std::ostream&)> writer_of(const std::string& content) {
    return [&content](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); };
}

}  // namespace

OutputDirectory::OutputDirectory(std::string dir, bool force) : dir_(std::move(dir)), force_(force) {
    // "out/" names out: its staging and lock files go beside it, not into it.
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
    const fs::path target(dir_);
    std::error_code ec;
    if (fs::exists(target, ec) && !force_)
        throw InputError(dir_, "", "result directory exists; use --force to overwrite it");
    if (fs::exists(target, ec) && !fs::is_directory(target, ec))
        throw InputError(dir_, "", "exists and is not a directory");
    const auto parent = parent_of(target);
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent)) throw InputError(dir_, "", "cannot create the parent directory: " + ec.message());
    if (::access(parent.c_str(), W_OK | X_OK) != 0)
        throw InputError(dir_, "", "the parent directory is not writable");
    lock();
    try {
        remove_stale_staging(parent);
        staging_ = staging_name(target).string();
        if (!fs::create_directory(staging_, ec) || ec)
            throw InputError(dir_, "", "cannot create a staging directory: " + ec.message());
    } catch (...) {
        unlock();
        throw;
    }
}

OutputDirectory::~OutputDirectory() {
    if (!committed_ && !staging_.empty()) {
        std::error_code ec;
        fs::remove_all(staging_, ec);
    }
    unlock();
}

// One writer per result directory: an exclusive flock on ".NAME.lock" in the
// parent, held until the result is in place. The holder removes the file when
// done; a process that locked a file meanwhile unlinked sees another inode at
// the path and tries again.
void OutputDirectory::lock() {
    const fs::path target(dir_);
    lock_path_ = (parent_of(target) / ("." + target.filename().string() + ".lock")).string();
    for (;;) {
        const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) throw InputError(dir_, "", std::string("cannot create the lock file: ") + std::strerror(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            ::close(fd);
            if (err == EWOULDBLOCK) throw InputError(dir_, "", "another cisim is writing this result directory");
            throw InputError(dir_, "", std::string("cannot lock the lock file: ") + std::strerror(err));
        }
        struct stat held {}, named {};
        if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
            held.st_ino == named.st_ino) {
            lock_fd_ = fd;
            return;
        }
        ::close(fd);
    }
}

void OutputDirectory::unlock() {
    if (lock_fd_ < 0) return;
    ::unlink(lock_path_.c_str());  // while still holding it (see lock())
    ::close(lock_fd_);
    lock_fd_ = -1;
}

void OutputDirectory::write(const std::string& name, const std::string& content) { write(name, writer_of(content)); }

void OutputDirectory::write(const std::string& name, const std::function<void(std::ostream&)>& writer) {
    const fs::path path = fs::path(staging_) / name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    write_plain(path, (fs::path(dir_) / name).string(), writer);
}

void OutputDirectory::commit() {
    const fs::path target(dir_);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!force_) throw InputError(dir_, "", "result directory exists; use --force to overwrite it");
        // One atomic step: the new result at DIR, the old one at the staging path.
        if (exchange_paths(staging_, target) != 0) {
            if (errno != EINVAL && errno != ENOSYS)
                throw InputError(dir_, "", std::string("cannot replace the existing directory: ") + std::strerror(errno));
            // A filesystem without RENAME_EXCHANGE: two renames, under the lock.
            const auto old = staging_name(target);
            fs::rename(target, old, ec);
            if (ec) throw InputError(dir_, "", "cannot replace the existing directory: " + ec.message());
            fs::rename(staging_, target, ec);
            if (ec) {
                fs::rename(old, target);
                throw InputError(dir_, "", "cannot move the result into place: " + ec.message());
            }
            committed_ = true;
            fs::remove_all(old, ec);
        } else {
            committed_ = true;
            fs::remove_all(staging_, ec);  // the old result
        }
    } else {
        fs::rename(staging_, target, ec);
        if (ec) throw InputError(dir_, "", "cannot move the result into place: " + ec.message());
        committed_ = true;
    }
    unlock();
}

void write_file_atomically(const std::string& path, const std::string& content) {
    write_file_atomically(path, writer_of(content));
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer) {
    const fs::path target(path);
    const auto tmp = staging_name(target);
    std::error_code ec;
    try {
        write_plain(tmp, path, writer);
    } catch (...) {
        fs::remove(tmp, ec);  // nothing half-written is left behind
        throw;
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw InputError(path, "", "cannot move the file into place");
    }
}

void check_output_file(const std::string& path, bool force) {
    std::error_code ec;
    if (fs::exists(path, ec) && !force) throw InputError(path, "", "file exists; use --force to overwrite it");
    const auto parent = parent_of(fs::path(path));
    if (!fs::is_directory(parent, ec)) throw InputError(path, "", "the directory does not exist");
    if (::access(parent.c_str(), W_OK | X_OK) != 0) throw InputError(path, "", "the directory is not writable");
    if (!can_create_in(parent.string())) throw InputError(path, "", "cannot create files in the directory");
}

bool can_create_in(const std::string& dir) {
    const auto probe = staging_name(fs::path(dir) / "probe");
    if (::mkdir(probe.c_str(), 0700) != 0) return false;
    ::rmdir(probe.c_str());
    return true;
}

}  // namespace cisim
