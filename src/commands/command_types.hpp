#pragma once

// The table of command types: what a config entry's "type" may name, and the factory that
// makes such a command. src/app fills one with the built-in types (and, later, with those of
// code built outside jamd) and passes it to Registry::from_config.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_options.hpp"

namespace jamd::commands {

/// Makes the command called `name` from its options; returns nullptr once it has refused one.
using Factory = std::unique_ptr<Command> (*)(std::string_view name, CommandOptions& options,
                                             const Services& services);

/// One type of command.
struct CommandType {
  std::string name;  ///< what "type" says in the config, matched exactly
  Factory factory = nullptr;
  /// jamd's own: its replies are checked against the contract of Command::run only in debug
  /// and fuzz builds. Every other type is checked on every run.
  bool built_in = false;
};

/// The command types a registry may be built from, by name.
class CommandTypes {
 public:
  /// Adds `type`; a name that is already taken throws std::invalid_argument.
  void add(CommandType type);

  /// The type called `name`, or nullptr.
  const CommandType* find(std::string_view name) const;

 private:
  std::vector<CommandType> types_;
};

}  // namespace jamd::commands
