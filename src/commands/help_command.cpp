// HELP: lists every command, or describes one; generated from each command's CommandInfo.

#include "commands/command_types.hpp"
#include "commands/registry.hpp"
#include "core/replies.hpp"

namespace jamd::commands {
namespace {

class HelpCommand final : public Command {
 public:
  HelpCommand(CommandInfo info, const Registry& registry)
      : Command(std::move(info)), registry_(registry) {}

  After run(Args args, std::string& out) const override {
    if (args.empty()) {
      out.append("COMMANDS");
      for (const auto& command : registry_.commands()) out.append(" ").append(command->info().name);
    } else if (const Command* command = registry_.find(args[0])) {
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

 private:
  const Registry& registry_;  // owns this command, so outlives it
};

}  // namespace

std::unique_ptr<Command> make_help_command(CommandSpec& spec, const Services& services) {
  return std::make_unique<HelpCommand>(
      CommandInfo{spec.name(), 0, 1, "[command]", "lists the commands, or describes one"},
      *services.registry);
}

}  // namespace jamd::commands
