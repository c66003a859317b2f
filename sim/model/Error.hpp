#pragma once
// Input errors: one line, "FILE: /json/pointer: message", exit status 2 (SPEC §9).
#include <stdexcept>
#include <string>

namespace cisim {

/// Bad input from a user: names the file, the JSON pointer and the problem.
class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string pointer, std::string message)
        : std::runtime_error(format(file, pointer, message)),
          file_(std::move(file)), pointer_(std::move(pointer)), message_(std::move(message)) {}

    const std::string& file() const { return file_; }
    const std::string& pointer() const { return pointer_; }
    const std::string& message() const { return message_; }

private:
    static std::string format(const std::string& f, const std::string& p, const std::string& m) {
        std::string s = f.empty() ? std::string("<input>") : f;
        if (!p.empty()) s += ": " + p;
        return s + ": " + m;
    }
    std::string file_, pointer_, message_;
};

}  // namespace cisim
