#pragma once

// What a command is: the class every command derives from, what it declares about itself, and
// what it is given when it runs. For the files of src/commands that define commands, and for
// the registry that runs them.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/coarse_clock.hpp"
#include "core/dispatcher.hpp"
#include "metrics/figures.hpp"

namespace jamd::clock {
class ClockHealth;
}

namespace jamd::commands {

class Registry;

/// What the session does after a command has run.
enum class After {
  keep_open,
  close,     ///< end the session once the replies before are sent (QUIT)
  withhold,  ///< the same, for a command that will not answer (the clock policy "refuse")
};

/// What every command declares about itself. The registry checks the arity, and HELP is
/// generated from the rest.
struct CommandInfo {
  std::string name;          ///< as configured; matched case-insensitively
  std::size_t min_args = 0;  ///< arguments after the name
  std::size_t max_args = 0;  ///< at most Command::kMaxArgs
  std::string arguments;     ///< how the arguments read in HELP, such as "[command]"
  std::string summary;       ///< one line for HELP
};

/// The arguments after the command name, as typed.
using Args = std::span<const std::string_view>;

/// What a command may look at while it runs, besides its arguments: valid for that run only.
struct RunContext {
  const core::Context& session;  ///< the client the line came from, its listener and grants
  const Registry& registry;      ///< the commands in effect for this line (HELP lists them)
};

/// The most a reply may hold, "\r\n" included: for the built-in commands and for those built
/// outside jamd alike. HELP of 400 commands with names of the longest kind fits.
inline constexpr std::size_t kMaxReplyBytes = 16384;

/// One command. Commands run on I/O threads at once: run() must not block and must be safe
/// to call concurrently. A command never sees a socket; it appends its reply to `out`.
class Command {
 public:
  static constexpr std::size_t kMaxArgs = 8;

  /// Throws std::logic_error for an arity no line can meet.
  explicit Command(CommandInfo info);
  virtual ~Command() = default;
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;

  const CommandInfo& info() const { return info_; }

  /// Runs the command with an argument count already checked against the info. Appends
  /// exactly one line of UTF-8 text ending in "\r\n", at most kMaxReplyBytes long, and
  /// returns After::keep_open; or appends nothing and returns After::close (or
  /// After::withhold) to end the session. A reply that breaks this becomes
  /// "ERR internal error" (see Registry).
  virtual After run(const RunContext& context, Args args, std::string& out) const = 0;

 private:
  CommandInfo info_;
};

/// What a command may use besides its own options, injected so that tests can replace it.
struct Services {
  std::function<std::chrono::system_clock::time_point()> clock = core::coarse_system_now;
  /// The health of the kernel's clock, for the commands that tell the time (the policy
  /// clock.unsynchronized, the leap second) and for those that report it (its snapshot());
  /// null: the clock is never judged, and time commands always answer.
  std::shared_ptr<const clock::ClockHealth> clock_health = nullptr;
  /// The figures STATS reports, collected anew on each call (thread-safe); none by default.
  std::function<metrics::Figures()> figures = [] { return metrics::Figures{}; };
  /// True once jamd is stopping (SIGTERM came), for the commands that tell a balancer
  /// (thread-safe); never, by default.
  std::function<bool()> stopping = [] { return false; };
};

}  // namespace jamd::commands
