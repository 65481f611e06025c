#pragma once

// What a command that tells the time does while the clock is not synchronised: for TIME and
// for plugin commands that read the host's clock.

#include <optional>
#include <string>

#include "clock/clock_health.hpp"
#include "commands/command.hpp"

namespace jamd::commands {

/// Applies `action`, the one ClockHealth::gate() gives: nullopt for Policy::serve (answer as
/// usual); for "error", appends "ERR clock not synchronized" and gives After::keep_open; for
/// "refuse", appends nothing and gives After::withhold.
std::optional<After> apply_clock_policy(clock::Policy action, std::string& out);

}  // namespace jamd::commands
