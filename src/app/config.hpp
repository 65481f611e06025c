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
  core::Listen listen{{"::"}, 45000};
  unsigned threads = 0;  ///< 0 means one per CPU
  unsigned busy_poll_us = 10;
  std::string log_level = "info";
  std::string log_file;  ///< empty: standard error
  core::Limits limits{.max_connections = 10000,
                      .max_line_bytes = 1024,
                      .max_output_bytes = 65536,
                      .idle_timeout_s = 300,
                      .send_timeout_s = 30,
                      .drain_timeout_s = 2};
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
