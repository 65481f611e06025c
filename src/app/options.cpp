#include "app/options.hpp"

#include <stdexcept>
#include <string_view>

namespace jamd::app {

const char* const kUsage =
    "usage: jamd [--config FILE] [--port N] [--threads N] [--log-level LEVEL]\n"
    "            [--check-config] [--version] [--help]\n"
    "\n"
    "A TCP time server: send TIME, get JAM hh:mm:ss. Flags override the config file;\n"
    "without --config the built-in defaults apply (those of config/jamd.json).\n"
    "\n"
    "  --config FILE     read the JSON config FILE; SIGHUP reads it again\n"
    "  --port N          listen on port N (0 picks a free port)\n"
    "  --threads N       I/O threads; 0 means one per CPU\n"
    "  --log-level LEVEL trace, debug, info, warn, error, critical or off\n"
    "  --check-config    check the config and exit: 0 when it is valid, 1 when not\n"
    "  --version         print the version and exit\n"
    "  --help            print this text and exit\n";

namespace {

long to_number(std::string_view flag, const std::string& value) {
  std::size_t used = 0;
  long n = 0;
  try {
    n = std::stol(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size()) {
    throw std::invalid_argument(std::string(flag) + ": expected a whole number, got '" + value +
                                "'");
  }
  return n;
}

}  // namespace

Options parse_options(int argc, const char* const* argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    std::string value;
    bool inline_value = false;
    if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string_view::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    const auto take_value = [&] {
      if (inline_value) return value;
      if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + ": needs a value");
      return std::string(argv[++i]);
    };
    if (flag == "--config") {
      options.config = take_value();
    } else if (flag == "--port") {
      options.port = to_number(flag, take_value());
    } else if (flag == "--threads") {
      options.threads = to_number(flag, take_value());
    } else if (flag == "--log-level") {
      options.log_level = take_value();
    } else if (flag == "--check-config" && !inline_value) {
      options.check_config = true;
    } else if (flag == "--version" && !inline_value) {
      options.version = true;
    } else if ((flag == "--help" || flag == "-h") && !inline_value) {
      options.help = true;
    } else {
      throw std::invalid_argument("unknown option '" + std::string(argv[i]) + "'");
    }
  }
  return options;
}

}  // namespace jamd::app
