#pragma once

// The figures of the commands: jamd_commands_total{command,result}, from the process's
// command counts. A source of the list that /metrics and STATS walk.

#include "commands/command_counts.hpp"
#include "metrics/figures.hpp"

namespace jamd::app {

/// Adds the source of jamd_commands_total: a series per command name and result (`ok`,
/// `error`) for every name a config has had since jamd started, and `(unknown)` for lines
/// that name no command. `counts` must outlive every read of `sources`.
void add_command_figures(metrics::Sources& sources, const commands::CommandCounts& counts);

}  // namespace jamd::app
