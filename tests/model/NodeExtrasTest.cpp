// Node::extras (model/Model.hpp): rolling_group, ref, households, population
// and elevation_m out of line, absent while all are unset, so that most nodes
// of a million-asset model cost no box.
#include <catch2/catch.hpp>

#include "model/Model.hpp"

using namespace cisim;

TEST_CASE("a node's extras are boxed only while one is set", "[model]") {
    Node n;
    n.set_rolling_group("");
    n.set_households(std::nullopt);
    CHECK_FALSE(n.extras);
    n.set_households(0);  // zero households is a figure, not none
    REQUIRE(n.extras);
    CHECK(n.households() == 0.0);
    n.set_ref("r");
    n.set_elevation_m(-1.5);
    n.set_households(std::nullopt);
    CHECK(n.ref() == "r");
    CHECK(n.elevation_m() == -1.5);
    CHECK_FALSE(n.households());
    n.set_ref("");
    CHECK(n.extras);
    n.set_elevation_m(std::nullopt);
    CHECK_FALSE(n.extras);  // emptied again: the box goes
    n.set_population(12);
    n.set_rolling_group("2");
    CHECK(n.population() == 12.0);
    CHECK(n.rolling_group() == "2");
    n.set_population(std::nullopt);
    n.set_rolling_group("");
    CHECK_FALSE(n.extras);
}

TEST_CASE("nodes compare their extras by contents, and an empty box equals none", "[model]") {
    Node boxed;
    boxed.extras.edit();
    CHECK(boxed.extras);
    CHECK(boxed == Node{});
    Node a, b;
    a.set_ref("r");
    b.set_ref("r");
    CHECK(a == b);
    b.set_ref("s");
    CHECK_FALSE(a == b);
    b.set_ref("r");
    b.set_elevation_m(3);
    CHECK_FALSE(a == b);
}
