#include "app/EscapedOutput.hpp"

#include <string>

#include "model/Text.hpp"

namespace cisim::app {

EscapedOutput::EscapedOutput(std::ostream& stream)
    : stream_(stream), original_(stream.rdbuf()), filter_(stream.rdbuf()) {
    stream_.rdbuf(&filter_);
}

EscapedOutput::~EscapedOutput() {
    stream_.flush();
    filter_.pubsync();
    stream_.rdbuf(original_);
}

bool EscapedOutput::Filter::put(char ch) {
    const auto c = static_cast<unsigned char>(ch);
    std::string out;
    if (lead_) {
        lead_ = false;
        if (c >= 0x80 && c <= 0x9f) out = terminal_text(std::string{'\xc2', ch});
        else out = "\xc2" + (ch == '\xc2' ? std::string() : terminal_text(std::string(1, ch)));
        if (ch == '\xc2') lead_ = true;
    } else if (c == 0xc2) {
        lead_ = true;
        return true;
    } else if (ch == '\n' || ch == '\t' || (c >= 0x20 && c != 0x7f)) {
        return to_->sputc(ch) != traits_type::eof();
    } else {
        out = terminal_text(std::string(1, ch));
    }
    return to_->sputn(out.data(), static_cast<std::streamsize>(out.size())) == static_cast<std::streamsize>(out.size());
}

EscapedOutput::Filter::int_type EscapedOutput::Filter::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    return put(traits_type::to_char_type(c)) ? c : traits_type::eof();
}

std::streamsize EscapedOutput::Filter::xsputn(const char* s, std::streamsize n) {
    // Runs of bytes that pass unchanged (what put() writes as they are: not
    // 0xC2, which may start a C1 control) go on in one call, not byte by byte:
    // `analyze --json` writes 106 MB at 100,000 sectors.
    const auto passes = [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return ch == '\n' || ch == '\t' || (c >= 0x20 && c != 0x7f && c != 0xc2);
    };
    std::streamsize i = 0;
    while (i < n) {
        std::streamsize end = i;
        if (!lead_)
            while (end < n && passes(s[end])) ++end;
        if (end > i) {
            const auto written = to_->sputn(s + i, end - i);
            if (written != end - i) return i + written;
            i = end;
        } else {
            if (!put(s[i])) return i;
            ++i;
        }
    }
    return n;
}

int EscapedOutput::Filter::sync() {
    if (lead_) {  // a lone 0xC2 at a flush: not followed by a C1 byte so far
        lead_ = false;
        to_->sputc('\xc2');
    }
    return to_->pubsync();
}

}  // namespace cisim::app
