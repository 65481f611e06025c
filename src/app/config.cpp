#include "app/config.hpp"

#include <arpa/inet.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/default_config.hpp"
#include "app/logging.hpp"
#include "app/plugin_config.hpp"
#include "app/threads.hpp"

namespace jamd::app {
namespace {

Json parse_json(std::string_view text) {
  try {
    return Json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line..."
    if (const auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
    throw ConfigError("", "not valid JSON: " + what);
  }
}

const Json& default_json() {
  static const Json defaults = parse_json(kDefaultConfigText);
  return defaults;
}

/// Lays `over` onto `base`: objects member by member, anything else (lists too) replaced.
void merge(Json& base, const Json& over) {
  for (const auto& [key, value] : over.items()) {
    const auto it = base.find(key);
    if (it != base.end() && it->is_object() && value.is_object()) {
      merge(*it, value);
    } else {
      base[key] = value;
    }
  }
}

/// The IP address at `key` of `reader` (such as "bind" or "bind[2]"), or "" after refusing it.
std::string address(ConfigReader& reader, const std::string& key, const Json& value) {
  if (!value.is_string()) {
    reader.refuse(key, "expected a string, got " + value.dump());
    return "";
  }
  const std::string host = value.get<std::string>();
  std::array<unsigned char, 16> scratch{};
  if (inet_pton(AF_INET, host.c_str(), scratch.data()) != 1 &&
      inet_pton(AF_INET6, host.c_str(), scratch.data()) != 1) {
    reader.refuse(key, "'" + host + "' is not an IPv4 or IPv6 address");
  }
  return host;
}

std::vector<std::string> addresses(ConfigReader& root) {
  const Json* bind = root.value("bind");
  if (bind == nullptr) return {};
  if (bind->is_string()) return {address(root, "bind", *bind)};
  if (!bind->is_array() || bind->empty()) {
    root.refuse("bind", "expected an address or a non-empty list of addresses");
    return {};
  }
  std::vector<std::string> result;
  for (std::size_t i = 0; i < bind->size(); ++i) {
    result.push_back(address(root, "bind[" + std::to_string(i) + "]", (*bind)[i]));
  }
  return result;
}

/// The prefixes of the list `key` of `object` (access.allow, proxy_protocol.trusted); an
/// entry that is not one is refused by its index, such as access.deny[1].
std::vector<core::Prefix> prefixes(ConfigReader& object, const char* key) {
  const Json* list = object.value(key);
  if (list == nullptr) return {};
  if (!list->is_array()) {
    object.refuse(key, "expected a list of addresses and prefixes, got " + list->dump());
    return {};
  }
  std::vector<core::Prefix> result;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string entry = std::string(key) + "[" + std::to_string(i) + "]";
    const Json& value = (*list)[i];
    if (!value.is_string()) {
      object.refuse(entry, "expected an address or prefix as a string, got " + value.dump());
      continue;
    }
    const core::PrefixParse parsed = core::parse_prefix(value.get<std::string>());
    if (parsed.prefix) {
      result.push_back(*parsed.prefix);
    } else {
      object.refuse(entry, parsed.error);
    }
  }
  return result;
}

/// "admin.listen": "address:port" with an IPv6 address in brackets, or "" for none.
void admin_listen(ConfigReader& admin, AdminSettings& settings) {
  settings.listen = admin.text("listen");
  const std::string& text = settings.listen;
  if (text.empty()) return;
  const auto refuse = [&admin, &text] {
    admin.refuse("listen",
                 "expected \"address:port\", such as \"127.0.0.1:45001\" or "
                 "\"[::1]:45001\", or \"\" for none, got '" +
                     text + "'");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() || text.size() - colon > 6) {
    return refuse();
  }
  std::string host = text.substr(0, colon);
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  std::array<unsigned char, 16> scratch{};
  const bool v4 = !bracketed && inet_pton(AF_INET, host.c_str(), scratch.data()) == 1;
  const bool v6 = bracketed && inet_pton(AF_INET6, host.c_str(), scratch.data()) == 1;
  unsigned long port = 0;
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return refuse();
    port = port * 10 + static_cast<unsigned long>(text[i] - '0');
  }
  if ((!v4 && !v6) || port > 65535) return refuse();
  settings.address = host;
  settings.port = static_cast<std::uint16_t>(port);
}

Json prefixes_json(const std::vector<core::Prefix>& prefixes) {
  Json list = Json::array();
  for (const core::Prefix& p : prefixes) list.push_back(p.to_string());
  return list;
}

/// The "clock" section.
clock::ClockSettings clock_settings(ConfigReader& clock) {
  clock::ClockSettings c;
  const std::string source = clock.text("source");
  if (const auto named = clock::source_named(source)) {
    c.source = *named;
  } else {
    clock.refuse("source", "unknown clock source '" + source + "': use \"kernel\" or \"none\"");
  }
  const std::string policy = clock.text("unsynchronized");
  if (const auto named = clock::policy_named(policy)) {
    c.unsynchronized = *named;
  } else {
    clock.refuse("unsynchronized",
                 "unknown policy '" + policy + "': use \"serve\", \"error\" or \"refuse\"");
  }
  c.max_error_ms = clock.number("max_error_ms", 0, 1e9);
  return c;
}

/// Every setting of `config`, which holds every key (the defaults with a file laid on them).
Settings read_settings(const Json& config) {
  ConfigProblems problems;
  ConfigReader root(config, "", problems, "the config must be a JSON object");
  Settings s;
  s.listen.port = static_cast<std::uint16_t>(root.integer("port", 0, 65535));
  s.listen.addresses = addresses(root);
  s.threads = static_cast<unsigned>(root.integer("threads", 0, kMaxThreads));
  s.busy_poll_us = static_cast<unsigned>(root.integer("busy_poll_us", 0, kMaxBusyPollUs));

  ConfigReader logging = root.object("logging");
  s.log_level = logging.text("level");
  if (!problems.any() && !is_log_level(s.log_level)) {
    logging.refuse("level",
                   "unknown log level '" + s.log_level + "': use " + std::string(kLogLevelNames));
  }
  s.log_file = logging.text("file");
  s.log_format = logging.text("format");
  if (!problems.any() && !is_log_format(s.log_format)) {
    logging.refuse(
        "format", "unknown log format '" + s.log_format + "': use " + std::string(kLogFormatNames));
  }
  logging.refuse_unread("unknown key");

  ConfigReader limits = root.object("limits");
  auto& l = s.limits;
  l.max_connections = static_cast<std::size_t>(limits.integer("max_connections", 1, 10'000'000));
  l.max_line_bytes = static_cast<std::size_t>(limits.integer("max_line_bytes", 1, 1 << 20));
  l.max_output_bytes = static_cast<std::size_t>(limits.integer("max_output_bytes", 1024, 1 << 30));
  l.idle_timeout_s = limits.seconds("idle_timeout_s");
  l.send_timeout_s = limits.seconds("send_timeout_s");
  s.stop_grace_s = limits.seconds("stop_grace_s");
  l.drain_timeout_s = limits.seconds("drain_timeout_s");
  l.max_connections_per_client =
      static_cast<std::size_t>(limits.integer("max_connections_per_client", 0, 10'000'000));
  l.new_connections_per_client_per_s = limits.number("new_connections_per_client_per_s", 0, 1e6);
  l.ipv6_client_prefix = static_cast<unsigned>(limits.integer("ipv6_client_prefix", 1, 128));
  limits.refuse_unread("unknown key");

  ConfigReader access = root.object("access");
  auto allow = prefixes(access, "allow");
  auto deny = prefixes(access, "deny");
  s.access = core::AddressRules(std::move(allow), std::move(deny));
  access.refuse_unread("unknown key");

  ConfigReader proxy = root.object("proxy_protocol");
  s.proxy.trusted = prefixes(proxy, "trusted");
  s.proxy.timeout_s = proxy.number("timeout_s", 0.001, 3600);
  proxy.refuse_unread("unknown key");

  ConfigReader clock = root.object("clock");
  s.clock = clock_settings(clock);
  clock.refuse_unread("unknown key");

  const auto list = [](ConfigReader& reader, const char* key) {
    const Json* value = reader.value(key);
    if (value != nullptr && !value->is_array()) {
      reader.refuse(key, std::string("expected a list of ") + key);
    }
    return value != nullptr && value->is_array() ? *value : Json::array();
  };
  ConfigReader admin = root.object("admin");
  admin_listen(admin, s.admin);
  s.admin.max_connections = static_cast<std::size_t>(admin.integer("max_connections", 1, 100'000));
  s.admin.commands = list(admin, "commands");
  admin.refuse_unread("unknown key");

  s.plugin_dir = root.text("plugin_dir");
  s.plugins = list(root, "plugins");
  s.commands = list(root, "commands");
  root.refuse_unread("unknown key");
  problems.throw_first();
  return s;
}

/// Seconds (or milliseconds) as the config writes them: whole numbers without a fraction.
Json seconds_json(double seconds) {
  if (seconds == std::trunc(seconds) && seconds < 1e15) return static_cast<std::int64_t>(seconds);
  return seconds;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("", std::string("cannot read the file: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const Settings& default_settings() {
  static const Settings defaults = read_settings(default_json());
  return defaults;
}

Settings parse_settings(std::string_view text) {
  const Json file = parse_json(text);
  if (!file.is_object()) throw ConfigError("", "the config must be a JSON object");
  Json config = default_json();
  merge(config, file);
  return read_settings(config);
}

Json to_json(const Settings& s) {
  const auto& bind = s.listen.addresses;
  const auto& l = s.limits;
  return Json{
      {"port", s.listen.port},
      {"bind", bind.size() == 1 ? Json(bind.front()) : Json(bind)},
      {"threads", s.threads},
      {"busy_poll_us", s.busy_poll_us},
      {"logging", {{"level", s.log_level}, {"file", s.log_file}, {"format", s.log_format}}},
      {"limits",
       {{"max_connections", l.max_connections},
        {"max_line_bytes", l.max_line_bytes},
        {"max_output_bytes", l.max_output_bytes},
        {"idle_timeout_s", seconds_json(l.idle_timeout_s)},
        {"send_timeout_s", seconds_json(l.send_timeout_s)},
        {"stop_grace_s", seconds_json(s.stop_grace_s)},
        {"drain_timeout_s", seconds_json(l.drain_timeout_s)},
        {"max_connections_per_client", l.max_connections_per_client},
        {"new_connections_per_client_per_s", seconds_json(l.new_connections_per_client_per_s)},
        {"ipv6_client_prefix", l.ipv6_client_prefix}}},
      {"access",
       {{"allow", prefixes_json(s.access.allow())}, {"deny", prefixes_json(s.access.deny())}}},
      {"proxy_protocol",
       {{"trusted", prefixes_json(s.proxy.trusted)},
        {"timeout_s", seconds_json(s.proxy.timeout_s)}}},
      {"admin",
       {{"listen", s.admin.listen},
        {"max_connections", s.admin.max_connections},
        {"commands", s.admin.commands}}},
      {"clock",
       {{"source", clock::name_of(s.clock.source)},
        {"unsynchronized", clock::name_of(s.clock.unsynchronized)},
        {"max_error_ms", seconds_json(s.clock.max_error_ms)}}},
      {"plugin_dir", s.plugin_dir},
      {"plugins", s.plugins},
      {"commands", s.commands},
  };
}

namespace {

/// The registry of the command list `list`, whose path in the config is `path`, over the
/// commands of `base` when there is one.
std::shared_ptr<const commands::Registry> registry_of(const commands::Registry* base,
                                                      const Json& list, const std::string& path,
                                                      const commands::CommandTypes& types,
                                                      const commands::Services& services) {
  if (!list.is_array()) throw ConfigError(path, "expected a list of commands");
  // One problem slot per entry: the registry reads the entries in order and stops at the
  // first refused, so the first entry with a problem is the one to name.
  std::vector<ConfigProblems> problems(list.size());
  std::vector<ConfigReader> readers;
  readers.reserve(list.size());
  std::vector<commands::CommandOptions*> entries;
  for (std::size_t i = 0; i < list.size(); ++i) {
    readers.emplace_back(list[i], path + "[" + std::to_string(i) + "]", problems[i],
                         "expected an object with \"name\" and \"type\"");
    entries.push_back(&readers.back());
  }
  auto registry = base ? commands::Registry::extending(*base, entries, types, services)
                       : commands::Registry::from_config(entries, types, services);
  for (const ConfigProblems& p : problems) p.throw_first();
  return registry;
}

}  // namespace

std::shared_ptr<const commands::Registry> build_registry(const Json& list,
                                                         const commands::CommandTypes& types,
                                                         const commands::Services& services) {
  return registry_of(nullptr, list, "commands", types, services);
}

std::shared_ptr<const commands::Registry> build_admin_registry(const commands::Registry& base,
                                                               const Json& admin_list,
                                                               const commands::CommandTypes& types,
                                                               const commands::Services& services) {
  return registry_of(&base, admin_list, "admin.commands", types, services);
}

Config load_config(const Options& options, plugins::PluginSet& plugins,
                   const commands::Services& services) {
  const std::string source = options.config.value_or("built-in defaults");
  Config config;
  try {
    config.settings =
        options.config ? parse_settings(read_file(*options.config)) : default_settings();
    const commands::CommandTypes types =
        plugin_command_types(config.settings, options.config.value_or(""), plugins, config.plugins);
    config.registry = build_registry(config.settings.commands, types, services);
    config.admin_registry =
        build_admin_registry(*config.registry, config.settings.admin.commands, types, services);
  } catch (const ConfigError& e) {
    throw std::runtime_error(source + ": " + e.what());
  }
  // The flags were checked where they were parsed.
  Settings& s = config.settings;
  if (options.port) s.listen.port = *options.port;
  if (options.threads) s.threads = *options.threads;
  if (options.log_level) s.log_level = *options.log_level;
  return config;
}

}  // namespace jamd::app
