// HELP: lists every command, or describes one; generated from each command's CommandInfo.

#include "commands/command_types.hpp"
#include "commands/registry.hpp"
#include "core/replies.hpp"

namespace jamd::commands {
namespace {

class HelpCommand final : public Command {
 public:
  using Command::Command;

  After run(const RunContext& context, Args args, std::string& out) const override {
    if (args.empty()) {
      out.append("COMMANDS");
      for (const auto& command : context.registry.commands()) {
        out.append(" ").append(command->info().name);
      }
    } else if (const Command* command = context.registry.find(args[0])) {
      const CommandInfo& info = command->info();
      out.append(info.name);
      if (!info.arguments.empty()) out.append(" ").append(info.arguments);
      out.append(" - ").append(info.summary);
    } else {
      core::replies::unknown_command(out, args[0]);
      return After::keep_open;
    }
    out.append("\r\n");
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
