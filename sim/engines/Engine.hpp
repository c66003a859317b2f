#pragma once
// Every engine reads the same model and scenario and returns the same Result
// (STYLE.md §3–5). Engines are registered by name in one plain function.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engines/Result.hpp"
#include "hazards/Disruption.hpp"
#include "model/Model.hpp"
#include "model/Network.hpp"
#include "model/Scenario.hpp"

namespace cisim {

struct RunOptions {
    std::uint64_t seed = 1;          ///< for stochastic hazards (Monte Carlo draws)
    bool sample = false;             ///< draw stochastic parts instead of using expected values
    int threads = 1;                 ///< Monte Carlo samples at once; the cascade engine's set-up, settling parts and buffer passes
    bool record_units = true;        ///< keep the per-unit operability matrix
    bool log_units = true;           ///< log unit-level events
    bool log_sectors = true;         ///< log sector-level events (Monte Carlo samples need no log)
    /// Deterministic run: stratified realisations to combine (engines/CentralEnsemble.hpp);
    /// 0 takes the default (central_realisations()).
    std::uint32_t realisations = 0;
    std::uint32_t realisation = 0;        ///< set by Engine::run: the one run_once builds …
    std::uint32_t realisation_count = 1;  ///< … of this many
};

/// What the hazards take from `options` (HazardOptions).
inline HazardOptions hazard_options(const RunOptions& options) {
    return {options.sample, options.seed, options.realisation, options.realisation_count};
}

class Engine {
public:
    virtual ~Engine() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    /// Runs on the model's expanded network (build_network(model)): callers that
    /// score or export the result too build it once (a million assets take seconds).
    /// A deterministic run of a scenario whose hazards damage assets at random is
    /// the central case of K stratified realisations (engines/CentralEnsemble.hpp);
    /// anything else is one run_once.
    Result run(const Model& model, const Network& network, const Scenario& scenario,
               const RunOptions& options) const;
    /// The same, building the network.
    Result run(const Model& model, const Scenario& scenario, const RunOptions& options) const {
        return run(model, build_network(model), scenario, options);
    }
    /// One realisation: one draw (options.sample) or stratified realisation
    /// options.realisation of options.realisation_count.
    virtual Result run_once(const Model& model, const Network& network, const Scenario& scenario,
                            const RunOptions& options) const = 0;
    /// Whether run() reads Model::dependencies beyond what build_network put
    /// into `network`. Where it does not, a caller may free them before the run
    /// (`cisim run`: a million assets' dependencies are a third of its memory).
    virtual bool reads_dependencies(const Network&) const { return true; }
};

class EngineRegistry {
public:
    void add(std::unique_ptr<Engine> engine);
    const Engine* find(const std::string& name) const;
    std::vector<const Engine*> list() const;
    std::vector<std::string> names() const;

private:
    std::vector<std::unique_ptr<Engine>> engines_;
};

/// Registers cascade (the default), iim and diim.
void register_builtin_engines(EngineRegistry& registry);

/// The engine `cisim run` uses when none is named.
inline constexpr const char* default_engine = "cascade";

}  // namespace cisim
