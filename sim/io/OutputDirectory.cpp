#include "io/OutputDirectory.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "model/Error.hpp"

namespace fs = std::filesystem;

namespace cisim {
namespace {

std::string unique_suffix() {
    std::random_device rd;
    return std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
}

fs::path parent_of(const fs::path& p) {
    auto parent = p.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

void write_plain(const fs::path& path, const std::function<void(std::ostream&)>& writer) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path.string(), "", "cannot write file");
    writer(out);
    out.close();
    if (!out) throw InputError(path.string(), "", "write failed (disk full?)");
}

// A writer of text already in memory.
std::function<void(std::ostream&)> writer_of(const std::string& content) {
    return [&content](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); };
}

}  // namespace

OutputDirectory::OutputDirectory(std::string dir, bool force) : dir_(std::move(dir)), force_(force) {
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
    staging_ = (parent / ("." + target.filename().string() + ".tmp-" + unique_suffix())).string();
    if (!fs::create_directory(staging_, ec) || ec)
        throw InputError(dir_, "", "cannot create a staging directory: " + ec.message());
}

OutputDirectory::~OutputDirectory() {
    if (committed_) return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

void OutputDirectory::write(const std::string& name, const std::string& content) { write(name, writer_of(content)); }

void OutputDirectory::write(const std::string& name, const std::function<void(std::ostream&)>& writer) {
    const fs::path path = fs::path(staging_) / name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    write_plain(path, writer);
}

void OutputDirectory::commit() {
    const fs::path target(dir_);
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!force_) throw InputError(dir_, "", "result directory exists; use --force to overwrite it");
        const auto old = parent_of(target) / ("." + target.filename().string() + ".old-" + unique_suffix());
        fs::rename(target, old, ec);
        if (ec) throw InputError(dir_, "", "cannot replace the existing directory: " + ec.message());
        fs::rename(staging_, target, ec);
        if (ec) {
            fs::rename(old, target);
            throw InputError(dir_, "", "cannot move the result into place: " + ec.message());
        }
        fs::remove_all(old, ec);
    } else {
        fs::rename(staging_, target, ec);
        if (ec) throw InputError(dir_, "", "cannot move the result into place: " + ec.message());
    }
    committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
    write_file_atomically(path, writer_of(content));
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer) {
    const fs::path target(path);
    const auto tmp = parent_of(target) / ("." + target.filename().string() + ".tmp-" + unique_suffix());
    std::error_code ec;
    try {
        write_plain(tmp, writer);
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
}

}  // namespace cisim
