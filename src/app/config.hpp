#pragma once

// jamd's settings: read from the built-in defaults (config/jamd.json, compiled in), then the
// --config file, then the flags. main loads them at start and on every reload; tests parse
// texts directly.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_error.hpp"
#include "app/config_reader.hpp"
#include "app/options.hpp"
#include "clock/clock_settings.hpp"
#include "commands/command.hpp"
#include "commands/command_types.hpp"
#include "commands/registry.hpp"
#include "core/address_rules.hpp"
#include "core/limits.hpp"
#include "core/live_config.hpp"
#include "core/server.hpp"
#include "plugins/plugin_set.hpp"

namespace jamd::app {

/// The "admin" object: the operator's listener.
struct AdminSettings {
  std::string listen;      ///< as written: "127.0.0.1:45001", "[::1]:45001", or "" for none
  std::string address;     ///< listen's address, without brackets; "" for none
  std::uint16_t port = 0;  ///< listen's port
  std::size_t max_connections = 0;
  Json commands;  ///< "admin.commands" as written: served on the admin port only

  bool operator==(const AdminSettings&) const = default;
};

/// Everything the config can say. It has no defaults of its own: every value comes from
/// parsing, and the built-in defaults are config/jamd.json (default_settings()).
struct Settings {
  core::Listen listen;
  unsigned threads{};       ///< 0: one per CPU this process may use (threads.hpp)
  unsigned busy_poll_us{};  ///< switched off when the threads take every usable CPU
  std::string log_level;
  std::string log_file;    ///< empty: standard error
  std::string log_format;  ///< "text" or "json"
  core::Limits limits;
  double stop_grace_s{};      ///< "limits.stop_grace_s": serving on after SIGTERM, before the drain
  core::AddressRules access;  ///< who may connect: "access.allow" and "access.deny"
  core::ProxyProtocol proxy;  ///< "proxy_protocol": which peers are proxies sending a header
  AdminSettings admin;        ///< "admin": the operator's port
  clock::ClockSettings clock;  ///< "clock": the kernel clock's state, and what TIME does with it
  std::string plugin_dir;      ///< empty: the default, plugin_dir_for() the jamd executable
  Json plugins;                ///< the "plugins" list as written, loaded by plugin_command_types
  Json commands;  ///< the "commands" list as written, read into a registry by build_registry

  bool operator==(const Settings&) const = default;
};

/// The built-in defaults: config/jamd.json as it was compiled in.
const Settings& default_settings();

/// The settings of a config text (comments allowed) over the built-in defaults: a key the
/// text leaves out keeps its default. Throws ConfigError naming the key that is wrong.
Settings parse_settings(std::string_view text);

/// `settings` in the config's own format, keys in the order of config/jamd.json: read back
/// with parse_settings, it gives `settings` again.
Json to_json(const Settings& settings);

/// The registry of the config's "commands" list (`list`), each entry made by the factory that
/// `types` has for its type. Throws ConfigError naming the entry's key that is wrong.
std::shared_ptr<const commands::Registry> build_registry(const Json& list,
                                                         const commands::CommandTypes& types,
                                                         const commands::Services& services = {});

/// The registry of the admin port: the commands of `base` (the public port's registry, whose
/// command instances it shares) and then those of `admin_list` ("admin.commands"), whose
/// names must differ from `base`'s. Throws ConfigError naming the entry's key that is wrong,
/// as build_registry does.
std::shared_ptr<const commands::Registry> build_admin_registry(
    const commands::Registry& base, const Json& admin_list, const commands::CommandTypes& types,
    const commands::Services& services = {});

/// A checked configuration, ready to serve.
struct Config {
  Settings settings;
  std::vector<plugins::LoadedPlugin> plugins;  ///< those the config lists
  std::shared_ptr<const commands::Registry> registry;
  std::shared_ptr<const commands::Registry> admin_registry;  ///< the admin port's
};

/// Reads the --config file (or takes the defaults without one), applies the other flags,
/// loads the plugins it lists through `plugins` and builds the command registries (the
/// public port's and the admin port's) from the built-in types and theirs, each command
/// given `services`. Throws std::runtime_error naming the file and the key.
Config load_config(const Options& options, plugins::PluginSet& plugins,
                   const commands::Services& services = {});

}  // namespace jamd::app
