#pragma once
// Moved to the library (io/ScenarioInputs.hpp) for the Python package; the
// commands in cisim::app find it in the enclosing namespace.
#include "io/ScenarioInputs.hpp"
