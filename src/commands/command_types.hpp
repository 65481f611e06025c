#pragma once

#include <memory>
#include <string_view>

#include "commands/command.hpp"
#include "commands/command_spec.hpp"

namespace jamd::commands {

/// Makes a command from its config entry; throws ConfigError for a bad option.
using Factory = std::unique_ptr<Command> (*)(CommandSpec& spec, const Services& services);

/// The factory for a config "type", or nullptr when there is none.
Factory find_factory(std::string_view type);

}  // namespace jamd::commands
