#include "app/config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace jamd::app {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kLogLevels = {"trace", "debug",    "info", "warn",
                                                        "error", "critical", "off"};

std::string join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

/// Refuses the first key of `object` that is not in `known`.
void check_keys(const json& object, const std::string& prefix,
                std::initializer_list<std::string_view> known) {
  if (!object.is_object()) {
    throw ConfigError(prefix.empty() ? "" : prefix,
                      prefix.empty() ? "the config must be a JSON object" : "expected an object");
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw ConfigError(join(prefix, key), "unknown key");
    }
  }
}

long integer(const json& value, const std::string& key, long min, long max) {
  // Compared unsigned first: a huge number read as long would wrap around.
  const bool too_big =
      value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max);
  if (!value.is_number_integer() || too_big || value.get<long>() < min || value.get<long>() > max) {
    throw ConfigError(key, "expected a whole number from " + std::to_string(min) + " to " +
                               std::to_string(max) + ", got " + value.dump());
  }
  return value.get<long>();
}

double seconds(const json& value, const std::string& key) {
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
    throw ConfigError(key, "expected a number of seconds, 0 or more, got " + value.dump());
  }
  return value.get<double>();
}

std::string text(const json& value, const std::string& key) {
  if (!value.is_string()) throw ConfigError(key, "expected a string, got " + value.dump());
  return value.get<std::string>();
}

std::string log_level(const std::string& level, const std::string& key) {
  if (std::find(kLogLevels.begin(), kLogLevels.end(), level) == kLogLevels.end()) {
    throw ConfigError(key, "unknown log level '" + level +
                               "': use trace, debug, info, warn, error, critical or off");
  }
  return level;
}

std::string address(const json& value, const std::string& key) {
  const std::string host = text(value, key);
  std::array<unsigned char, 16> scratch{};
  if (inet_pton(AF_INET, host.c_str(), scratch.data()) != 1 &&
      inet_pton(AF_INET6, host.c_str(), scratch.data()) != 1) {
    throw ConfigError(key, "'" + host + "' is not an IPv4 or IPv6 address");
  }
  return host;
}

template <typename Each>
void with(const json& object, const std::string& key, Each each) {
  if (const auto it = object.find(key); it != object.end()) each(*it);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("", std::string("cannot read the file: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Settings parse_settings(const std::string& text_of_file) {
  json root;
  try {
    root = json::parse(text_of_file, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line..."
    if (const auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
    throw ConfigError("", "not valid JSON: " + what);
  }
  Settings s;
  check_keys(root, "",
             {"port", "bind", "threads", "busy_poll_us", "logging", "limits", "commands"});
  with(root, "port", [&](const json& v) { s.listen.port = integer(v, "port", 0, 65535); });
  with(root, "bind", [&](const json& v) {
    s.listen.addresses.clear();
    if (v.is_string()) return s.listen.addresses.push_back(address(v, "bind"));
    if (!v.is_array() || v.empty()) {
      throw ConfigError("bind", "expected an address or a non-empty list of addresses");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      s.listen.addresses.push_back(address(v[i], "bind[" + std::to_string(i) + "]"));
    }
  });
  with(root, "threads", [&](const json& v) { s.threads = integer(v, "threads", 0, 1024); });
  with(root, "busy_poll_us",
       [&](const json& v) { s.busy_poll_us = integer(v, "busy_poll_us", 0, 1000); });
  with(root, "logging", [&](const json& v) {
    check_keys(v, "logging", {"level", "file"});
    with(v, "level", [&](const json& l) {
      s.log_level = log_level(text(l, "logging.level"), "logging.level");
    });
    with(v, "file", [&](const json& f) { s.log_file = text(f, "logging.file"); });
  });
  with(root, "limits", [&](const json& v) {
    auto& l = s.limits;
    check_keys(v, "limits",
               {"max_connections", "max_line_bytes", "max_output_bytes", "idle_timeout_s",
                "send_timeout_s", "drain_timeout_s"});
    with(v, "max_connections", [&](const json& n) {
      l.max_connections = integer(n, "limits.max_connections", 1, 10'000'000);
    });
    with(v, "max_line_bytes", [&](const json& n) {
      l.max_line_bytes = integer(n, "limits.max_line_bytes", 1, 1 << 20);
    });
    with(v, "max_output_bytes", [&](const json& n) {
      l.max_output_bytes = integer(n, "limits.max_output_bytes", 1024, 1 << 30);
    });
    with(v, "idle_timeout_s",
         [&](const json& n) { l.idle_timeout_s = seconds(n, "limits.idle_timeout_s"); });
    with(v, "send_timeout_s",
         [&](const json& n) { l.send_timeout_s = seconds(n, "limits.send_timeout_s"); });
    with(v, "drain_timeout_s",
         [&](const json& n) { l.drain_timeout_s = seconds(n, "limits.drain_timeout_s"); });
  });
  with(root, "commands", [&](const json& v) {
    if (!v.is_array()) throw ConfigError("commands", "expected a list of commands");
    s.commands = v;
  });
  return s;
}

Config load_config(const Options& options) {
  const std::string source = options.config.value_or("built-in defaults");
  Config config;
  try {
    if (options.config) config.settings = parse_settings(read_file(*options.config));
    config.registry = commands::Registry::from_config(config.settings.commands);
  } catch (const ConfigError& e) {
    throw std::runtime_error(source + ": " + e.what());
  }
  try {
    Settings& s = config.settings;
    if (options.port) s.listen.port = integer(*options.port, "--port", 0, 65535);
    if (options.threads) s.threads = integer(*options.threads, "--threads", 0, 1024);
    if (options.log_level) s.log_level = log_level(*options.log_level, "--log-level");
  } catch (const ConfigError& e) {
    throw std::runtime_error(e.what());
  }
  return config;
}

}  // namespace jamd::app
