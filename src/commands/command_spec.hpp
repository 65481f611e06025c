#pragma once

#include <set>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "commands/config_error.hpp"

namespace jamd::commands {

/// One entry of the config's "commands" list, as a factory reads it. Reading an option marks
/// it used; an option nobody read is an error, so that a typo never passes silently.
class CommandSpec {
 public:
  /// Throws ConfigError when `entry` is not an object with a valid "name" and a "type".
  CommandSpec(const nlohmann::json& entry, std::string path);

  const std::string& name() const { return name_; }
  const std::string& type() const { return type_; }
  /// The path of the entry in the config, such as "commands[2]".
  const std::string& path() const { return path_; }

  /// A string option, or `fallback` when it is missing.
  std::string text(const std::string& key, const std::string& fallback);

  /// Throws the ConfigError for option `key` of this entry.
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

  /// Throws for the first option that no one read.
  void check_all_used() const;

 private:
  const nlohmann::json& entry_;
  std::string path_;
  std::string name_;
  std::string type_;
  std::set<std::string, std::less<>> used_{"name", "type"};
};

}  // namespace jamd::commands
