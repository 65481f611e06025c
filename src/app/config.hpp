#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/options.hpp"
#include "commands/config_error.hpp"
#include "commands/registry.hpp"
#include "core/limits.hpp"
#include "core/server.hpp"

namespace jamd::app {

/// Everything config/jamd.json can say. The defaults here are those of the shipped file.
struct Settings {
  core::Listen listen{{"::"}, 45000, 0, 10};  ///< threads 0 means one per CPU
  std::string log_level = "info";
  std::string log_file;  ///< empty: standard error
  core::Limits limits;
  nlohmann::json commands = nlohmann::json::parse(R"([
    {"name": "TIME", "type": "time", "timezone": "local"},
    {"name": "QUIT", "type": "quit"},
    {"name": "HELP", "type": "help"}
  ])");

  bool operator==(const Settings&) const = default;
};

/// Parses a config text (comments allowed); a missing key keeps its default. Throws
/// ConfigError naming the key that is wrong.
Settings parse_settings(const std::string& text);

/// A checked configuration, ready to serve.
struct Config {
  Settings settings;
  std::shared_ptr<const commands::Registry> registry;
};

/// Reads the --config file (or takes the defaults without one), applies the other flags and
/// builds the command registry. Throws std::runtime_error naming the file and the key.
Config load_config(const Options& options);

}  // namespace jamd::app
