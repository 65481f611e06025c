#include "commands/command_spec.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace jamd::commands {
namespace {

constexpr std::size_t kMaxNameLength = 32;

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
         });
}

}  // namespace

CommandSpec::CommandSpec(const nlohmann::json& entry, std::string path)
    : entry_(entry), path_(std::move(path)) {
  if (!entry_.is_object())
    throw ConfigError(path_, "expected an object with \"name\" and \"type\"");
  name_ = text("name", "");
  type_ = text("type", "");
  if (!valid_name(name_)) {
    fail("name", "expected a command name of 1 to 32 letters, digits, '_', '-' or '.'");
  }
  if (type_.empty()) fail("type", "missing: every command needs a type");
}

std::string CommandSpec::text(const std::string& key, const std::string& fallback) {
  used_.insert(key);
  const auto it = entry_.find(key);
  if (it == entry_.end()) return fallback;
  if (!it->is_string()) fail(key, "expected a string");
  return it->get<std::string>();
}

void CommandSpec::fail(const std::string& key, const std::string& problem) const {
  throw ConfigError(path_ + "." + key, problem);
}

void CommandSpec::check_all_used() const {
  for (const auto& [key, value] : entry_.items()) {
    if (!used_.contains(key)) fail(key, "unknown option for a command of type '" + type_ + "'");
  }
}

}  // namespace jamd::commands
