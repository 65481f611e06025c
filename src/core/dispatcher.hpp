#pragma once

// The one interface between the network core and what answers lines. The core calls it; the
// command registry (src/commands) implements it, and so do the core's tests with fakes.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/grants.hpp"
#include "core/peer.hpp"

namespace jamd::core {

/// The listener a session came in on.
enum class Listener : std::uint8_t {
  main,   ///< the public port (45000)
  admin,  ///< the operator's port
};

/// Grants of every command, for a Context made without a session (tests, the fuzzer).
inline const Grants& every_command() {
  static const Grants all;
  return all;
}

/// What the dispatcher may know of the session a line comes from.
struct Context {
  const Peer& client;
  Listener listener = Listener::main;
  /// What Dispatcher::grant() gave this session for the dispatcher in effect.
  const Grants& grants = every_command();
};

/// What became of a line.
struct Outcome {
  enum class Kind : std::uint8_t {
    not_a_command,  ///< its first word names no command; nothing was written, whatever the
                    ///< line's bytes: the caller answers it
    replied,        ///< handled (a blank line gets no reply); the session goes on
    close,          ///< the session ends once the replies before it are sent
    withheld,       ///< the command would not answer (a clock that does not know the time, as
                    ///< RFC 868 has it): nothing was written, and the session ends as for
                    ///< close. Told apart from close so that it can be counted apart
  };
  Kind kind = Kind::replied;
  /// The command the line was for: as configured when one was found, as typed when it is
  /// not a command, and empty for a line without words or with bytes that are not text.
  /// Valid while the dispatcher and the line live.
  std::string_view command;

  /// True when the session ends after this line: close or withheld.
  bool ends_session() const { return kind == Kind::close || kind == Kind::withheld; }
};

/// Answers request lines. Called from many I/O threads at once: it must not block.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;

  /// Answers one request `line` (terminator removed) from the session of `context`: appends
  /// its reply line, if any, to `out`. Each line is split and looked up once: for a line
  /// that is not a command, the caller chooses the reply.
  virtual Outcome dispatch(const Context& context, std::string_view line,
                           std::string& out) const = 0;

  /// Works out which commands the client at `client` may run, into `grants` (whose storage
  /// it reuses). A session calls it once for each config it is served under: with its first
  /// lines, and with its first lines after each reload; never per line. By default every
  /// command is granted.
  virtual void grant(const Peer& client, Grants& grants) const {
    (void)client;
    grants.grant_all();
  }
  /// Told that the caller answered a line that dispatch() found no command for as an unknown
  /// command: not called for a first line the caller takes for HTTP, which is no command
  /// line at all. For counting; by default nothing.
  virtual void answered_unknown() const {}
};

}  // namespace jamd::core
