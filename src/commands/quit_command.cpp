// QUIT: ends the session once the replies to earlier lines are sent; no reply of its own.

#include "commands/command_types.hpp"

namespace jamd::commands {
namespace {

class QuitCommand final : public Command {
 public:
  using Command::Command;

  After run(const RunContext&, Args, std::string&) const override { return After::close; }
};

}  // namespace

std::unique_ptr<Command> make_quit_command(std::string_view name, CommandOptions&,
                                           const Services&) {
  return std::make_unique<QuitCommand>(CommandInfo{
      std::string(name), 0, 0, "", "closes the connection after the replies before it"});
}

}  // namespace jamd::commands
