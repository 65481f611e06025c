#include "commands/command_types.hpp"

#include <utility>

namespace jamd::commands {

// Every command type, one line each: JAMD_COMMAND(type) pairs the config "type" with the
// function make_<type>_command, defined in src/commands/<type>_command.cpp.
#define JAMD_COMMAND_TYPES(JAMD_COMMAND) \
  JAMD_COMMAND(time)                     \
  JAMD_COMMAND(quit)                     \
  JAMD_COMMAND(help)

#define JAMD_DECLARE(type) \
  std::unique_ptr<Command> make_##type##_command(CommandSpec& spec, const Services& services);
JAMD_COMMAND_TYPES(JAMD_DECLARE)
#undef JAMD_DECLARE

Factory find_factory(std::string_view type) {
#define JAMD_ENTRY(type) {#type, &make_##type##_command},
  static constexpr std::pair<std::string_view, Factory> kTypes[] = {JAMD_COMMAND_TYPES(JAMD_ENTRY)};
#undef JAMD_ENTRY
  for (const auto& [name, factory] : kTypes) {
    if (name == type) return factory;
  }
  return nullptr;
}

}  // namespace jamd::commands
