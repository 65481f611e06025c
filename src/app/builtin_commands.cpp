#include "app/builtin_commands.hpp"

namespace jamd::commands {
// Each line of the list declares its factory here, so that a command file needs no header.
#define JAMD_BUILTIN(type)                                                                       \
  std::unique_ptr<Command> make_##type##_command(std::string_view name, CommandOptions& options, \
                                                 const Services& services);
#include "app/builtin_commands.inc"
#undef JAMD_BUILTIN
}  // namespace jamd::commands

namespace jamd::app {

const commands::CommandTypes& builtin_command_types() {
  static const commands::CommandTypes types = [] {
    commands::CommandTypes t;
#define JAMD_BUILTIN(type) \
  t.add({#type, &commands::make_##type##_command, commands::ReplyCheck::debug_builds});
#include "app/builtin_commands.inc"
#undef JAMD_BUILTIN
    return t;
  }();
  return types;
}

}  // namespace jamd::app
