#include "app/options.hpp"

#include <CLI/CLI.hpp>

#include <string_view>

#include "app/logging.hpp"
#include "app/threads.hpp"

namespace jamd::app {

const char* const kUsage =
    "usage: jamd [--config FILE] [--port N] [--threads N] [--log-level LEVEL]\n"
    "            [--check-config] [--print-config] [--version] [--help]\n"
    "\n"
    "A TCP time server: send TIME, get JAM hh:mm:ss. Flags override the config file;\n"
    "without --config the built-in defaults apply (those of config/jamd.json).\n"
    "\n"
    "  --config FILE     read the JSON config FILE; SIGHUP reads it again\n"
    "  --port N          listen on port N (0 picks a free port)\n"
    "  --threads N       I/O threads; 0 means one per CPU jamd may use\n"
    "  --log-level LEVEL trace, debug, info, warn, error, critical or off\n"
    "  --check-config    check the config and exit: 0 when it is valid, 1 when not\n"
    "  --print-config    print the settings in effect, as a config file, and exit\n"
    "  --version         print the version and exit\n"
    "  --help            print this text and exit\n";

namespace {

/// `value` of `flag` as a whole number from `min` to `max`. A value that is no number is a
/// usage error; a number out of range is refused as a bad value.
long whole_number(std::string_view flag, const std::string& value, long min, long max) {
  std::size_t used = 0;
  long n = 0;
  try {
    n = std::stol(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size()) {
    throw UsageError(std::string(flag) + ": expected a whole number, got '" + value + "'");
  }
  if (n < min || n > max) {
    throw FlagValueError(std::string(flag) + ": expected a whole number from " +
                         std::to_string(min) + " to " + std::to_string(max) + ", got " + value);
  }
  return n;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  // CLI11 parses the syntax: "--flag value" and "--flag=value", unknown flags, missing
  // values, a value given to a switch; a flag given twice keeps its last value. The values
  // are checked below, by jamd's own rules.
  CLI::App app("jamd");
  app.set_help_flag();
  app.allow_windows_style_options(false);
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  std::string config, port, threads, log_level;
  Options options;
  CLI::Option* config_flag = app.add_option("--config", config);
  CLI::Option* port_flag = app.add_option("--port", port);
  CLI::Option* threads_flag = app.add_option("--threads", threads);
  CLI::Option* log_level_flag = app.add_option("--log-level", log_level);
  app.add_flag("--check-config", options.check_config)->disable_flag_override();
  app.add_flag("--print-config", options.print_config)->disable_flag_override();
  app.add_flag("--version", options.version)->disable_flag_override();
  app.add_flag("-h,--help", options.help)->disable_flag_override();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  if (config_flag->count() > 0) options.config = config;
  if (port_flag->count() > 0) {
    options.port = static_cast<std::uint16_t>(whole_number("--port", port, 0, 65535));
  }
  if (threads_flag->count() > 0) {
    options.threads = static_cast<unsigned>(whole_number("--threads", threads, 0, kMaxThreads));
  }
  if (log_level_flag->count() > 0) {
    if (!is_log_level(log_level)) {
      throw FlagValueError("--log-level: unknown log level '" + log_level + "': use " +
                           std::string(kLogLevelNames));
    }
    options.log_level = log_level;
  }
  return options;
}

}  // namespace jamd::app
