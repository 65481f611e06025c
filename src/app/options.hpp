#pragma once

#include <optional>
#include <string>

namespace jamd::app {

/// The command line. The flags that set a value override the config file.
struct Options {
  std::optional<std::string> config;
  std::optional<long> port;
  std::optional<long> threads;
  std::optional<std::string> log_level;
  bool check_config = false;
  bool version = false;
  bool help = false;
};

/// Parses argv; throws std::invalid_argument with a message for the user.
Options parse_options(int argc, const char* const* argv);

/// The text of --help.
extern const char* const kUsage;

}  // namespace jamd::app
