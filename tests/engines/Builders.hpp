#pragma once
// Small builders for hand-made models and scenarios in the cascade tests.
#include <string>

#include "model/Model.hpp"
#include "model/Scenario.hpp"

namespace cisim::test {

inline Sector sector(const std::string& id, NetworkMode mode = NetworkMode::none) {
    Sector s;
    s.id = id;
    s.name = id;
    s.network = mode;
    return s;
}

inline Node node(const std::string& id, const std::string& sector, bool source = false) {
    Node n;
    n.id = id;
    n.sector = sector;
    n.is_source = source;
    return n;
}

inline Dependency dep(const std::string& from, const std::string& to, double strength = 1.0, double buffer_h = 0,
                      double delay_h = 0, const std::string& group = "") {
    Dependency d;
    d.from = from;
    d.to = to;
    d.strength = strength;
    d.buffer_h = buffer_h;
    d.delay_h = delay_h;
    d.group = group;
    return d;
}

inline Event outage(const std::string& target, double start, double duration, double severity = 1.0) {
    Event e;
    e.kind = EventKind::it_outage;
    e.target.id = target;
    e.start_h = start;
    e.duration_h = duration;
    e.severity = severity;
    return e;
}

}  // namespace cisim::test
