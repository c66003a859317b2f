// CSV cells against formula injection and text for terminals (model/Text.hpp).
#include <catch2/catch.hpp>

#include "model/Text.hpp"

using namespace cisim;

TEST_CASE("CSV text cells that start like a formula get a leading quote", "[model][text][csv]") {
    CHECK(csv_text("power") == "power");
    CHECK(csv_text("") == "");
    CHECK(csv_text("=1+2") == "'=1+2");
    CHECK(csv_text("+x") == "'+x");
    CHECK(csv_text("-x") == "'-x");
    CHECK(csv_text("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_text("\tx") == "'\tx");
    CHECK(csv_text("'x") == "''x");  // readers strip exactly one
    CHECK(csv_text("a=b") == "a=b");
    // RFC 4180 quoting on top.
    CHECK(csv_text("a,b") == "\"a,b\"");
    CHECK(csv_text("=HYPERLINK(\"u\",\"t\")") == "\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"");
    CHECK(csv_text("\rx") == "\"'\rx\"");
}

TEST_CASE("control characters are shown escaped for terminals", "[model][text]") {
    CHECK(terminal_text("Power 電力") == "Power 電力");
    CHECK(terminal_text("\x1b[31mred") == "\\x1b[31mred");
    CHECK(terminal_text("a\x07\x7f") == "a\\x07\\x7f");
    CHECK(terminal_text("\n") == "\\x0a");
    CHECK(terminal_text("\xc2\x9b" "31m") == "\\u009b31m");  // C1 CSI in UTF-8
    CHECK(terminal_text("\xc2\xa0") == "\xc2\xa0");          // U+00A0 is text
}
