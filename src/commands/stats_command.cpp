// STATS: the figures of /metrics on one line, or one figure: `STATS sent_bytes_total`. The
// figures come from Services::figures, so that the command knows no socket and no counter.

#include "commands/command_types.hpp"
#include "core/replies.hpp"
#include "metrics/stats_line.hpp"

namespace jamd::commands {
namespace {

class StatsCommand final : public Command {
 public:
  StatsCommand(CommandInfo info, std::function<metrics::Figures()> figures)
      : Command(std::move(info)), figures_(std::move(figures)) {}

  After run(const RunContext&, Args args, std::string& out) const override {
    const metrics::Figures figures = figures_();
    if (args.empty()) {
      metrics::stats_line(figures, kMaxReplyBytes, out);
    } else if (!metrics::stats_of(figures, args[0], kMaxReplyBytes, out)) {
      core::replies::unknown_figure(out, args[0]);
    }
    return After::keep_open;
  }

 private:
  std::function<metrics::Figures()> figures_;
};

}  // namespace

std::unique_ptr<Command> make_stats_command(std::string_view name, CommandOptions&,
                                            const Services& services) {
  return std::make_unique<StatsCommand>(
      CommandInfo{std::string(name), 0, 1, "[figure]",
                  "replies STATS and every figure as name=value, or one figure"},
      services.figures);
}

}  // namespace jamd::commands
