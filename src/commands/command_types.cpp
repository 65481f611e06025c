#include "commands/command_types.hpp"

#include <utility>

namespace jamd::commands {

#define JAMD_COMMAND(type) \
  std::unique_ptr<Command> make_##type##_command(CommandSpec& spec, const Services& services);
#include "commands/command_types.inc"
#undef JAMD_COMMAND

Factory find_factory(std::string_view type) {
  static constexpr std::pair<std::string_view, Factory> kTypes[] = {
#define JAMD_COMMAND(type) {#type, &make_##type##_command},
#include "commands/command_types.inc"
#undef JAMD_COMMAND
  };
  for (const auto& [name, factory] : kTypes) {
    if (name == type) return factory;
  }
  return nullptr;
}

}  // namespace jamd::commands
