#include "commands/reply_check.hpp"

#include "core/log_limiter.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"

namespace jamd::commands {
namespace {

core::LogLimiter& warnings() {
  static core::LogLimiter limiter;  // shared by every checked command: one flood, one limit
  return limiter;
}

class CheckedCommand final : public Command {
 public:
  explicit CheckedCommand(std::unique_ptr<Command> command)
      : Command(command->info()), command_(std::move(command)) {}

  After run(const RunContext& context, Args args, std::string& out) const override {
    const std::size_t start = out.size();
    const After after = command_->run(context, args, out);
    const char* problem = reply_problem(std::string_view(out).substr(start), after);
    if (problem == nullptr) return after;
    out.resize(start);
    core::replies::internal_error(out);
    warnings().warn(log::reply_contract_broken,
                    "command {} broke the reply contract: {}; the client got ERR internal error",
                    info().name, problem);
    return After::keep_open;
  }

 private:
  std::unique_ptr<Command> command_;
};

}  // namespace

const char* reply_problem(std::string_view reply, After after) {
  if (after != After::keep_open) {
    return reply.empty() ? nullptr : "it replied and closed the session";
  }
  if (reply.empty()) return "no reply";
  if (reply.size() > kMaxReplyBytes) return "the reply is longer than kMaxReplyBytes";
  if (!reply.ends_with("\r\n")) return "the reply does not end in \\r\\n";
  const std::string_view body = reply.substr(0, reply.size() - 2);
  // One pass for a good reply; the passes that tell what is wrong only for a bad one.
  if (core::is_printable_utf8(body)) return nullptr;
  if (body.find_first_of("\r\n") != std::string_view::npos) return "the reply is not one line";
  if (!core::is_utf8(body)) return "the reply is not UTF-8";
  return "the reply holds a control character";
}

std::unique_ptr<Command> with_reply_check(std::unique_ptr<Command> command) {
  return std::make_unique<CheckedCommand>(std::move(command));
}

}  // namespace jamd::commands
