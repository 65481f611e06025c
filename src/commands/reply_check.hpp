#pragma once

// The host's side of the reply contract of Command::run: a command whose reply breaks it
// gets its reply replaced. For the registry, which wraps commands in it, and for its tests.

#include <memory>
#include <string>
#include <string_view>

#include "commands/command.hpp"

namespace jamd::commands {

/// Whether the built-in commands are checked too: in debug and fuzz builds only (the
/// JAMD_CHECK_BUILTIN_REPLIES definition), so that a release build pays nothing for them.
#ifdef JAMD_CHECK_BUILTIN_REPLIES
inline constexpr bool kCheckBuiltinReplies = true;
#else
inline constexpr bool kCheckBuiltinReplies = false;
#endif

/// What is wrong with `reply`, all that one run appended, given what the run returned; or
/// nullptr when it keeps the contract.
const char* reply_problem(std::string_view reply, After after);

/// `command`, wrapped so that every run is checked: a reply that breaks the contract is
/// replaced by ERR internal error, the session stays open, and a warning (at most 10 a
/// second) names the command and the problem.
std::unique_ptr<Command> with_reply_check(std::unique_ptr<Command> command);

}  // namespace jamd::commands
