#pragma once

// Lines through a Dispatcher, as a session would feed them: for the unit tests of the
// registry and the commands. Header-only; needs jamd_protocol.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/dispatcher.hpp"
#include "core/replies.hpp"

namespace jamd::test {

/// The client every unit test dispatches for unless it names another: 192.0.2.7:40000.
inline const core::Peer& test_peer() {
  static const core::Peer peer{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7}, 40000};
  return peer;
}

/// The test client on the main listener, granted every command.
inline const core::Context& test_context() {
  static const core::Context context{test_peer(), core::Listener::main};
  return context;
}

/// What became of one line, and what was written for it.
struct Dispatched {
  core::Outcome outcome;
  std::string out;
};

/// One line from `client` on the main listener, with the grants the dispatcher gives that
/// client, as a new session would have them.
inline Dispatched dispatch(const core::Dispatcher& dispatcher, std::string_view line,
                           const core::Peer& client = test_peer()) {
  core::Grants grants;
  dispatcher.grant(client, grants);
  const core::Context context{client, core::Listener::main, grants};
  Dispatched result;
  result.outcome = dispatcher.dispatch(context, line, result.out);
  return result;
}

/// The reply a client sees to one line that keeps the session open, with the core's reply to
/// a line that no command owns.
inline std::string reply(const core::Dispatcher& dispatcher, std::string_view line,
                         const core::Peer& client = test_peer()) {
  auto [outcome, out] = dispatch(dispatcher, line, client);
  EXPECT_NE(outcome.kind, core::Outcome::Kind::close) << "line: " << line;
  if (outcome.kind == core::Outcome::Kind::not_a_command) {
    EXPECT_TRUE(out.empty()) << "line: " << line;
    dispatcher.answered_unknown();
    core::replies::not_a_command(out, line, outcome.command);
  }
  return out;
}

/// True when the line ends the session and writes nothing.
inline bool closes(const core::Dispatcher& dispatcher, std::string_view line) {
  const auto [outcome, out] = dispatch(dispatcher, line);
  return outcome.kind == core::Outcome::Kind::close && out.empty();
}

}  // namespace jamd::test
