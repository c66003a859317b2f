// Dependency::text (model/Model.hpp): source and note out of line, absent
// when both are empty, so that most dependencies of a big model cost no box.
#include <catch2/catch.hpp>

#include "model/Model.hpp"

using namespace cisim;

TEST_CASE("a dependency's text is boxed only while it has some", "[model]") {
    Dependency d;
    d.set_source("");
    CHECK_FALSE(d.text);
    d.set_note("why");
    REQUIRE(d.text);
    CHECK(d.note() == "why");
    CHECK(d.source().empty());
    d.set_source("s");
    d.set_note("");
    CHECK(d.source() == "s");
    d.set_source("");
    CHECK_FALSE(d.text);  // emptied again: the box goes
}

TEST_CASE("an empty box of text equals none", "[model]") {
    Dependency boxed;
    boxed.text.edit();
    CHECK(boxed.text);
    CHECK(boxed == Dependency{});
    Dependency with_note;
    with_note.set_note("why");
    CHECK_FALSE(with_note == Dependency{});
}
