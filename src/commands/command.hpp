#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/coarse_clock.hpp"

namespace jamd::commands {

class Registry;

/// What the session does after a command has run.
enum class After { keep_open, close };

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

/// One command. Commands run on I/O threads at once: run() must not block and must be safe
/// to call concurrently. A command never sees a socket; it appends its reply to `out`.
class Command {
 public:
  static constexpr std::size_t kMaxArgs = 8;

  explicit Command(CommandInfo info);
  virtual ~Command() = default;
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;

  const CommandInfo& info() const { return info_; }

  /// Runs the command with an argument count already checked against the info. Appends
  /// exactly one reply line ending in "\r\n", or returns After::close to end the session.
  virtual After run(Args args, std::string& out) const = 0;

 private:
  CommandInfo info_;
};

/// What a command may use besides its own options, injected so that tests can replace it.
struct Services {
  std::function<std::chrono::system_clock::time_point()> clock = core::coarse_system_now;
  const Registry* registry = nullptr;  ///< the registry being built, for HELP
};

}  // namespace jamd::commands
