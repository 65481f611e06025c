#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "commands/command.hpp"
#include "core/dispatcher.hpp"

namespace jamd::commands {

/// The command table: built once, then only read, so lookups take no lock. It is the
/// dispatcher the core hands every line to: it checks the bytes, splits the words, finds the
/// command case-insensitively, checks the arity, and runs it.
class Registry final : public core::Dispatcher {
 public:
  /// Builds the commands listed in the config's "commands" array, with the factories of
  /// command_types.cpp. Throws ConfigError naming the entry that is wrong.
  static std::shared_ptr<const Registry> from_config(const nlohmann::json& commands,
                                                     Services services = {});

  /// Adds a command; a name that is already taken, in any case, throws std::invalid_argument.
  void add(std::unique_ptr<Command> command);

  /// The command called `name` in any case, or nullptr.
  const Command* find(std::string_view name) const;

  /// Every command, sorted by name.
  const std::vector<std::unique_ptr<Command>>& commands() const { return commands_; }

  core::Outcome dispatch(const core::Context& context, std::string_view line,
                         std::string& out) const override;

 private:
  std::vector<std::unique_ptr<Command>> commands_;  // sorted by name, case-insensitively
};

}  // namespace jamd::commands
