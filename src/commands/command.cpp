#include "commands/command.hpp"

#include <stdexcept>

namespace jamd::commands {

Command::Command(CommandInfo info) : info_(std::move(info)) {
  if (info_.min_args > info_.max_args || info_.max_args > kMaxArgs) {
    throw std::logic_error("command " + info_.name + " declares an impossible arity");
  }
}

}  // namespace jamd::commands
