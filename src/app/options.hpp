#pragma once

// jamd's command line: main parses it once, and load_config lays its values over the config.
// Every value is checked here, where it is parsed.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace jamd::app {

/// The command line. The flags that set a value override the config file.
struct Options {
  std::optional<std::string> config;
  std::optional<std::uint16_t> port;
  std::optional<unsigned> threads;
  std::optional<std::string> log_level;
  bool check_config = false;
  bool print_config = false;
  bool version = false;
  bool help = false;
};

/// A command line that does not parse: jamd exits 2 and prints the usage.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A flag whose value parses but is not allowed (a port past 65535, an unknown log level):
/// refused like a bad config value, jamd exits 1.
class FlagValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses argv; throws UsageError or FlagValueError with a message for the user.
Options parse_options(int argc, const char* const* argv);

/// The text of --help; no line is wider than 80 columns.
extern const char* const kUsage;

}  // namespace jamd::app
