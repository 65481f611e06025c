#pragma once

// The table of command types: what a config entry's "type" may name, and the factory that
// makes such a command. src/app fills one with the built-in types and those of the plugins
// the config lists, and passes it to Registry::from_config.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_options.hpp"

namespace jamd::commands {

/// Makes the command called `name` from its options; returns nullptr once it has refused one.
using Factory = std::function<std::unique_ptr<Command>(
    std::string_view name, CommandOptions& options, const Services& services)>;

/// Who makes sure that a type's commands keep the contract of Command::run.
enum class ReplyCheck {
  always,        ///< the registry checks every reply: code that is not jamd's own
  debug_builds,  ///< jamd's own: the registry checks only in debug and fuzz builds
  by_command,    ///< the command checks every reply itself (plugin commands, which know more)
};

/// One type of command.
struct CommandType {
  std::string name;  ///< what "type" says in the config, matched exactly
  Factory factory;
  ReplyCheck check = ReplyCheck::always;
};

/// The command types a registry may be built from, by name.
class CommandTypes {
 public:
  /// Adds `type`; a name that is already taken throws std::invalid_argument.
  void add(CommandType type);

  /// The type called `name`, or nullptr.
  const CommandType* find(std::string_view name) const;

  /// Every type, in the order they were added.
  const std::vector<CommandType>& all() const { return types_; }

 private:
  std::vector<CommandType> types_;
};

}  // namespace jamd::commands
