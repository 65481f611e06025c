// AGENT: HAProxy's agent check (its "agent-send"), answered with the words HAProxy reads:
// "ready up" while jamd serves, "drain" once it is stopping. In drain HAProxy sends the
// instance no new session but leaves its sessions alone, where a failed health check would
// mark it down and, with on-marked-down shutdown-sessions, cut them (docs/scale-out.md).

#include "commands/command_types.hpp"

namespace jamd::commands {
namespace {

// "ready" cancels a drain an agent (this jamd's predecessor, say) asked for; "up" cancels an
// agent's "down", which jamd never says.
constexpr std::string_view kServing = "ready up\r\n";
constexpr std::string_view kStopping = "drain\r\n";

class AgentCommand final : public Command {
 public:
  AgentCommand(CommandInfo info, std::function<bool()> stopping)
      : Command(std::move(info)), stopping_(std::move(stopping)) {}

  After run(const RunContext&, Args, std::string& out) const override {
    out.append(stopping_() ? kStopping : kServing);
    return After::keep_open;
  }

 private:
  std::function<bool()> stopping_;
};

}  // namespace

std::unique_ptr<Command> make_agent_command(std::string_view name, CommandOptions&,
                                            const Services& services) {
  return std::make_unique<AgentCommand>(
      CommandInfo{std::string(name), 0, 0, "",
                  "replies HAProxy's agent check: ready up, or drain once jamd is stopping"},
      services.stopping);
}

}  // namespace jamd::commands
