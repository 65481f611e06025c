#pragma once

// The command table, and the dispatcher the core hands every line to. src/app builds one from
// the config at start and on every reload; the core calls dispatch(); HELP reads it through
// its RunContext.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_counts.hpp"
#include "commands/command_options.hpp"
#include "commands/command_types.hpp"
#include "core/address_rules.hpp"
#include "core/dispatcher.hpp"

namespace jamd::commands {

/// The command table: built once, then only read, so lookups take no lock. As the dispatcher
/// it splits the words, finds the command case-insensitively, checks that the session may
/// run it, then the line's bytes and the arity, and runs it.
class Registry final : public core::Dispatcher {
 public:
  /// Builds the commands of the config's entries, in order, each with the factory that
  /// `types` has for its "type". An entry's "allow" list (addresses and prefixes) is the
  /// registry's own key, read before the factory runs and never one of the type's options:
  /// only clients it matches may run that command. Returns nullptr once an entry was refused
  /// (a bad name, an unknown type, a name taken, a bad allow list, an option its factory
  /// refused or did not read): the reason is recorded in that entry, and no later entry is
  /// read.
  static std::shared_ptr<const Registry> from_config(std::span<CommandOptions* const> entries,
                                                     const CommandTypes& types,
                                                     const Services& services = {});

  /// The same for a registry of `base`'s commands and then those of `entries` (the admin
  /// port's): `base`'s commands are shared, not made again, so that one instance of each
  /// serves both registries, and an entry named as one of them is refused.
  static std::shared_ptr<const Registry> extending(const Registry& base,
                                                   std::span<CommandOptions* const> entries,
                                                   const CommandTypes& types,
                                                   const Services& services = {});

  /// Adds a command that every client may run; a name that is already taken, in any case,
  /// throws std::invalid_argument.
  void add(std::unique_ptr<Command> command);

  /// The command called `name` in any case, or nullptr.
  const Command* find(std::string_view name) const;
  /// Where the command called `name` in any case is in commands(), which is also its index
  /// in a session's Grants; commands().size() when there is none.
  std::size_t index_of(std::string_view name) const;

  /// Every command, sorted by name.
  const std::vector<std::shared_ptr<Command>>& commands() const { return commands_; }

  core::Outcome dispatch(const core::Context& context, std::string_view line,
                         std::string& out) const override;
  /// Grants every command whose allow list matches `client`, and those without a list.
  void grant(const core::Peer& client, core::Grants& grants) const override;
  /// Counts the line under CommandCounts::kUnknown.
  void answered_unknown() const override;

 private:
  /// Reads one entry and adds its command; false once the entry was refused.
  bool add_entry(CommandOptions& entry, const CommandTypes& types, const Services& services);
  /// Adds `command`, which only the clients `allow` matches may run (empty: every client).
  void insert(std::shared_ptr<Command> command, std::vector<core::Prefix> allow);

  // Sorted by name, case-insensitively; shared only with a registry extending this one.
  std::vector<std::shared_ptr<Command>> commands_;
  std::vector<std::vector<core::Prefix>> allow_;  // each command's, at its index
  bool restricted_ = false;                       // some command has an allow list
  std::vector<std::size_t> slots_;                // each command's in command_counts()
  std::size_t unknown_slot_ = command_counts().slot(CommandCounts::kUnknown);
};

}  // namespace jamd::commands
