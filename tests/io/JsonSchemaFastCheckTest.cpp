// The fast schema check may only accept what valijson accepts; it compiles
// only from the keywords it knows.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "io/JsonSchema.hpp"
#include "io/JsonSchemaFastCheck.hpp"

using namespace cisim::io;
using nlohmann::json;

namespace {

SchemaFastCheck compiled(const json& schema) {
    auto check = SchemaFastCheck::compile(schema, schema);
    REQUIRE(check.has_value());
    return *check;
}

Scalar text(const std::string& s) {
    Scalar x;
    x.type = json::value_t::string;
    x.string = s;
    return x;
}

}  // namespace

TEST_CASE("the model's item schemas compile to fast checks", "[io][schema]") {
    const json doc = json::parse(schema_text(SchemaId::model));
    for (const char* array : {"sectors", "nodes", "dependencies", "links"}) {
        INFO(array);
        CHECK(SchemaFastCheck::compile(doc, doc["properties"][array]["items"]).has_value());
    }
}

TEST_CASE("keywords outside the subset leave everything to valijson", "[io][schema]") {
    for (const char* s : {R"({"not": {"type": "integer"}})", R"({"type": "string", "pattern": "a"})",
                          R"({"oneOf": [{"type": "string"}]})", R"({"additionalProperties": {"type": "string"}})",
                          R"({"enum": ["a", 1]})", R"({"$ref": "other.json#/x"})", R"({"$ref": "#/nowhere"})", "false"}) {
        INFO(s);
        const json schema = json::parse(s);
        CHECK_FALSE(SchemaFastCheck::compile(schema, schema).has_value());
    }
}

TEST_CASE("integers and anyOf: the fast check vouches only for what valijson accepts", "[io][schema]") {
    const auto check = compiled(json::parse(R"({
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 1},
            "hours": {"anyOf": [{"type": "number", "minimum": 0}, {"type": "object"}]}
        }})"));
    CHECK(check.accepts(json::parse(R"({"count": 3, "hours": 2.5})")));
    CHECK_FALSE(check.accepts(json::parse(R"({"count": 3.0})")));    // a float: left to valijson
    CHECK_FALSE(check.accepts(json::parse(R"({"count": 0})")));
    CHECK_FALSE(check.accepts(json::parse(R"({"hours": -1})")));
    CHECK_FALSE(check.accepts(json::parse(R"({"hours": {"spread": "uniform"}})")));  // other branches: valijson
}

TEST_CASE("the fast check accepts only what the schema allows", "[io][schema]") {
    const auto check = compiled(json::parse(R"({
        "type": "object", "additionalProperties": false, "required": ["id"],
        "definitions": {"hours": {"type": "number", "minimum": 0}},
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "kind": {"enum": ["a", "b"]},
            "share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "wait": {"$ref": "#/definitions/hours", "minimum": 5},
            "on": {"type": "boolean"}
        }})"));
    CHECK(check.accepts(json::parse(R"({"id": "x", "kind": "b", "share": 1, "wait": 0, "on": false})")));
    CHECK(check.accepts(json::parse(R"({"id": "日"})")));
    CHECK(check.accepts(json::parse(R"({"id": "x", "wait": 3})")));  // "$ref" siblings are ignored, as by valijson
    for (const char* bad : {R"({"kind": "a"})", R"({"id": ""})", R"({"id": 3})", R"({"id": "x", "kind": "c"})",
                            R"({"id": "x", "share": 0})", R"({"id": "x", "share": 1.5})", R"({"id": "x", "wait": -1})",
                            R"({"id": "x", "wait": "1"})", R"({"id": "x", "on": 1})", R"({"id": "x", "other": 1})",
                            R"({"id": "x", "wait": 18446744073709551615})", "[]", "3"}) {
        INFO(bad);
        CHECK_FALSE(check.accepts(json::parse(bad)));
    }
    // valijson counts characters up to the first NUL: "\u0000x" is too short for it.
    CHECK_FALSE(check.accepts(json{{"id", std::string("\0x", 2)}}));
}

TEST_CASE("a flat object is judged as its tree", "[io][schema]") {
    const auto check = compiled(json::parse(R"({
        "type": "object", "additionalProperties": false, "required": ["from"],
        "properties": {"from": {"type": "string"}, "strength": {"type": "number", "minimum": 0, "maximum": 1}}})"));
    FlatObject o;
    o.add("from") = text("a");
    CHECK(check.accepts(o));
    Scalar& strength = o.add("strength");
    strength.type = json::value_t::number_float;
    strength.number = 0.5;
    CHECK(check.accepts(o));
    CHECK(check.accepts(o.to_json()));
    strength.number = 1.5;
    CHECK_FALSE(check.accepts(o));
    strength.type = json::value_t::number_unsigned;
    strength.unsigned_integer = 1;
    CHECK(check.accepts(o));
    strength.unsigned_integer = 18446744073709551615ull;
    CHECK_FALSE(check.accepts(o));
    o.add("x") = text("y");
    CHECK_FALSE(check.accepts(o));
    o.clear();
    CHECK_FALSE(check.accepts(o));  // "from" is required
}
