#pragma once
// Text from models and scenarios (ids, names, regions, event ids) written
// where it could act as something else: a spreadsheet formula in a CSV cell,
// a terminal escape sequence on stdout. One place decides for every writer.
#include <string>
#include <string_view>

namespace cisim {

/// A CSV text cell (RFC 4180 quoting when needed), neutralised against
/// formula injection as OWASP recommends: text starting with = + - @, a tab
/// or a carriage return gets a leading single quote ', and so does text
/// starting with ' itself, so readers strip exactly one leading ' from any
/// text cell. Only for text: numbers are written as they are.
std::string csv_text(std::string_view s);

/// `s` for a terminal or a text table: control characters (C0, DEL, and the
/// C1 range U+0080–U+009F) shown as \xNN or \u00NN, so that no escape
/// sequence in a name reaches the terminal.
std::string terminal_text(std::string_view s);

}  // namespace cisim
