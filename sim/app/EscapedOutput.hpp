#pragma once
// Everything cisim prints on stdout and stderr goes through terminal_text
// (model/Text.hpp): a sector named "\u001b[31m" must not recolour, retitle or
// rewrite the user's terminal. One filter on the streams, so that every
// printer of every subcommand is covered; newlines and tabs pass.
#include <ostream>
#include <streambuf>

namespace cisim::app {

/// While alive, `stream` writes through a filter that escapes control
/// characters (C0 but newline and tab, DEL, C1 U+0080–U+009F in UTF-8).
class EscapedOutput {
public:
    explicit EscapedOutput(std::ostream& stream);
    ~EscapedOutput();
    EscapedOutput(const EscapedOutput&) = delete;
    EscapedOutput& operator=(const EscapedOutput&) = delete;

private:
    class Filter : public std::streambuf {
    public:
        explicit Filter(std::streambuf* to) : to_(to) {}
        int_type overflow(int_type c) override;
        std::streamsize xsputn(const char* s, std::streamsize n) override;
        int sync() override;

    private:
        bool put(char c);
        std::streambuf* to_;
        bool lead_ = false;  ///< the last byte was 0xC2, held back: U+0080–U+009F may follow
    };

    std::ostream& stream_;
    std::streambuf* original_;
    Filter filter_;
};

}  // namespace cisim::app
