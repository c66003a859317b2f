#include <iostream>

#include "app/Commands.hpp"
#include "engines/Engine.hpp"

namespace cisim::app {

void add_engines_command(CLI::App& app, Status& status) {
    auto* cmd = app.add_subcommand("engines", "List the registered engines, one line each");
    cmd->footer("Example:\n  cisim engines");
    cmd->callback([&status] {
        EngineRegistry registry;
        register_builtin_engines(registry);
        for (const auto* e : registry.list())
            std::cout << e->name() << (e->name() == default_engine ? " (default)" : "") << "\t" << e->description() << "\n";
        status.code = ok;
    });
}

}  // namespace cisim::app
