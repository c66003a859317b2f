#pragma once
// A POSIX file descriptor closed when it goes out of scope (sim/io's readers
// and the model cache open files with flags std::fstream has no words for).
#include <unistd.h>

namespace cisim::io {

struct Descriptor {
    int fd;
    explicit Descriptor(int open_fd) : fd(open_fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd > 2) ::close(fd);  // never stdin, stdout or stderr
    }
};

}  // namespace cisim::io
