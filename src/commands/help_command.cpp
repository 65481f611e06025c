// HELP: lists the commands the client may run, or describes one; generated from each
// command's CommandInfo.

#include "commands/command_types.hpp"
#include "commands/registry.hpp"
#include "core/replies.hpp"

namespace jamd::commands {
namespace {

class HelpCommand final : public Command {
 public:
  using Command::Command;

  After run(const RunContext& context, Args args, std::string& out) const override {
    const Registry& registry = context.registry;
    const core::Grants& grants = context.session.grants;
    const auto& commands = registry.commands();
    if (args.empty()) {
      out.append("COMMANDS");
      for (std::size_t i = 0; i < commands.size(); ++i) {
        if (grants.allows(i)) out.append(" ").append(commands[i]->info().name);
      }
      out.append("\r\n");
      return After::keep_open;
    }
    const std::size_t i = registry.index_of(args[0]);
    if (i == commands.size()) {
      core::replies::unknown_command(out, args[0]);
    } else if (!grants.allows(i)) {
      // What the command itself answers this client: HELP tells it nothing more.
      core::replies::not_allowed(out, args[0], context.session.client);
    } else {
      const CommandInfo& info = commands[i]->info();
      out.append(info.name);
      if (!info.arguments.empty()) out.append(" ").append(info.arguments);
      out.append(" - ").append(info.summary).append("\r\n");
    }
    return After::keep_open;
  }
};

}  // namespace

std::unique_ptr<Command> make_help_command(std::string_view name, CommandOptions&,
                                           const Services&) {
  return std::make_unique<HelpCommand>(
      CommandInfo{std::string(name), 0, 1, "[command]", "lists the commands, or describes one"});
}

}  // namespace jamd::commands
