#include "commands/clock_policy.hpp"

#include "core/replies.hpp"

namespace jamd::commands {

std::optional<After> apply_clock_policy(clock::Policy action, std::string& out) {
  switch (action) {
    case clock::Policy::serve:
      break;
    case clock::Policy::error:
      core::replies::clock_not_synchronized(out);
      return After::keep_open;
    case clock::Policy::refuse:
      return After::withhold;
  }
  return std::nullopt;
}

}  // namespace jamd::commands
