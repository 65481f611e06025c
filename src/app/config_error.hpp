#pragma once

// The error a config value that cannot be used is reported with. Thrown by src/app's config
// reading (config.hpp), caught by main and by the reload, which name the file before it.

#include <stdexcept>
#include <string>

namespace jamd::app {

/// A config value that cannot be used; `key` is its path in the file, such as
/// "commands[0].timezone" or "limits.max_line_bytes", or empty for the file as a whole.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, const std::string& problem)
      : std::runtime_error(key.empty() ? problem : key + ": " + problem), key_(std::move(key)) {}

  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace jamd::app
