#pragma once
// Atomic result directories (SPEC §8): files are written into a hidden sibling
// directory which replaces DIR only when everything is written, so a failed or
// interrupted run never leaves a half-written DIR. An existing DIR is replaced
// only with `force`, in one step (renameat2 RENAME_EXCHANGE). One writer at a
// time: a second process writing DIR fails at once (flock on ".NAME.lock").
// Staging directories of killed runs in the parent are removed by the next run.
#include <functional>
#include <ostream>
#include <string>

namespace cisim {

class OutputDirectory {
public:
    /// Checks that DIR can be created (parent writable; DIR absent unless `force`;
    /// no other process writing DIR); throws InputError(DIR, "", …) otherwise —
    /// before any simulation runs. Removes (saying so on stderr) the staging
    /// directories in the parent whose process no longer runs.
    OutputDirectory(std::string dir, bool force);
    ~OutputDirectory();
    OutputDirectory(const OutputDirectory&) = delete;
    OutputDirectory& operator=(const OutputDirectory&) = delete;

    /// Writes one file of the result (name relative to DIR).
    void write(const std::string& name, const std::string& content);
    /// The same, streamed: `writer` writes the content (results of big models
    /// run to gigabytes, better not held in memory at once).
    void write(const std::string& name, const std::function<void(std::ostream&)>& writer);
    /// Moves the finished result into place (replacing DIR atomically) and
    /// releases the lock.
    void commit();
    const std::string& path() const { return dir_; }

private:
    void lock();
    void unlock();

    std::string dir_, staging_, lock_path_;
    int lock_fd_ = -1;
    bool force_ = false, committed_ = false;
};

/// Writes `content` to `path` atomically (temp file in the same directory + rename).
void write_file_atomically(const std::string& path, const std::string& content);
/// The same, streamed.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer);

/// Whether files can be created in `dir` (tried: a directory is made and removed;
/// permission bits alone miss read-only filesystems and root).
bool can_create_in(const std::string& dir);

/// Refuses to overwrite an existing file without `force` (InputError, exit 2).
void check_output_file(const std::string& path, bool force);

}  // namespace cisim
