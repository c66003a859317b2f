#include "model/Text.hpp"

namespace cisim {

std::string csv_text(std::string_view s) {
    std::string cell;
    if (!s.empty() && std::string_view("=+-@\t\r'").find(s.front()) != std::string_view::npos) cell += '\'';
    cell += s;
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string terminal_text(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9f) {  // U+0080–U+009F in UTF-8
            const auto d = static_cast<unsigned char>(s[++i]);
            out += "\\u00";
            out += hex[d >> 4];
            out += hex[d & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace cisim
