// Synthetic models of `cisim generate` (SPEC §10): valid, seeded, sized as asked,
// connected networks, and written JSON that reads back as the same model.
#include <catch2/catch.hpp>

#include <sstream>

#include "analysis/Generate.hpp"
#include "engines/Connectivity.hpp"
#include "io/ModelJson.hpp"
#include "io/ModelWriter.hpp"
#include "model/Network.hpp"
#include "model/Validate.hpp"

using namespace cisim;

TEST_CASE("generated asset models are valid and sized as asked", "[analysis][generate]") {
    GenerateOptions o;
    o.nodes = 3000;
    o.degree = 2.5;
    o.seed = 9;
    const auto m = generate_model(o);
    REQUIRE(m.nodes.size() == 3000);
    REQUIRE(m.dependencies.size() == 7500);
    REQUIRE_NOTHROW(check_model(m));
    // Same seed, same model; another seed, another one.
    REQUIRE(model_to_json(generate_model(o)) == model_to_json(m));
    o.seed = 10;
    REQUIRE(model_to_json(generate_model(o)) != model_to_json(m));
    // Every node of both network sectors is fed when all work.
    const auto net = build_network(m);
    ConnectivityScratch scratch;
    std::vector<char> fed;
    const auto graphs = network_sectors(m, net);
    REQUIRE(graphs.size() == 2);
    for (const auto& g : graphs) {
        fed_nodes(g, std::vector<char>(g.size(), 2), fed, scratch);
        for (char f : fed) REQUIRE(f == 1);
    }
}

TEST_CASE("the streaming writer reads back as the same model", "[analysis][generate]") {
    GenerateOptions o;
    o.nodes = 500;
    o.degree = 4;
    const auto m = generate_model(o);
    std::ostringstream text;
    write_model_json(text, m);
    const auto back = parse_model(text.str(), "generated.json");
    REQUIRE(model_to_json(back) == model_to_json(m));
}

TEST_CASE("generated sector-level models have a spectral radius below 0.9", "[analysis][generate]") {
    GenerateOptions o;
    o.nodes = 400;
    o.degree = 5;
    o.sector_level = true;
    const auto m = generate_model(o);
    REQUIRE(m.sectors.size() == 400);
    REQUIRE(m.dependencies.size() == 2000);
    REQUIRE_NOTHROW(check_model(m));
    std::vector<double> row(m.sectors.size(), 0.0);
    for (const auto& d : m.dependencies) row[std::stoul(d.to.substr(1))] += d.strength;
    for (double r : row) REQUIRE(r <= 0.9);  // a row-sum bound on the spectral radius
}
