#include "commands/command_types.hpp"

#include <stdexcept>

namespace jamd::commands {

void CommandTypes::add(CommandType type) {
  if (type.factory == nullptr) {
    throw std::invalid_argument("command type '" + type.name + "' has no factory");
  }
  if (find(type.name) != nullptr) {
    throw std::invalid_argument("command type '" + type.name + "' is registered twice");
  }
  types_.push_back(std::move(type));
}

const CommandType* CommandTypes::find(std::string_view name) const {
  for (const CommandType& type : types_) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

}  // namespace jamd::commands
