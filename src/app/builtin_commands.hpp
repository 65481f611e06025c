#pragma once

// The command types jamd is built with. main passes them to every registry it builds; tests
// and the fuzzer do the same.

#include "commands/command_types.hpp"

namespace jamd::app {

/// The table of built-in command types, those listed in builtin_commands.inc.
const commands::CommandTypes& builtin_command_types();

}  // namespace jamd::app
