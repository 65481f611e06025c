#pragma once

// What jamd keeps of one plugin to serve the host functions of plugin.h: the host table the
// plugin gets, the types it registered, its log. For the plugin set, which makes one per
// plugin, and for plugin commands, which run through it.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "core/log_limiter.hpp"
#include "jamd/plugin.h"

/// The options behind the plugin.h handle: those of a plugin or of one command entry.
struct jamd_options {
  jamd::commands::CommandOptions& options;
  std::deque<std::string> texts;  // what option_string and option_json returned, kept alive
};

/// The reply behind the plugin.h handle: what one run appends to `out` after `start`.
struct jamd_reply {
  std::string& out;
  std::size_t start;
  bool too_long = false;
  std::string failure;  // reply_internal_error's reason, or empty
};

namespace jamd::plugins {

/// A command type as a plugin registered it, copied.
struct RegisteredType {
  std::string name;
  std::string arguments;
  std::string summary;
  std::uint32_t min_args = 0;
  std::uint32_t max_args = 0;
  decltype(jamd_command_type_v1::create) create = nullptr;
  decltype(jamd_command_type_v1::run) run = nullptr;
  decltype(jamd_command_type_v1::destroy) destroy = nullptr;
};

/// Whether a plugin read the host's clock (host->now) on this thread since the last call:
/// how a plugin command tells, after its run, that it told the time. Resets the flag.
bool clock_was_read();

/// One plugin's side of the host: lives, at a fixed address, until the process ends.
class PluginHost {
 public:
  PluginHost(std::string name, commands::Services services);
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// The table the plugin gets.
  const jamd_host_v1* table() const { return &table_.table; }
  const std::string& name() const { return name_; }
  /// For warnings about the plugin, at most 10 a second with its own log lines.
  core::LogLimiter& log() { return log_; }

  /// What init did: whether it succeeded, and why the load fails ("" when it does not):
  /// init's own reason, or what was wrong with a type it registered.
  struct InitResult {
    bool initialised = false;
    std::string problem;
  };

  /// Runs the plugin's init with register_type open.
  InitResult init(const jamd_plugin_v1& descriptor, jamd_options& options, void** state);

  const std::vector<RegisteredType>& types() const { return types_; }

 private:
  struct Table {
    jamd_host_v1 table;  // first: the plugin's pointer to it is a pointer to this
    PluginHost* owner;
  };
  static PluginHost& of(const jamd_host_v1* table);
  static int register_type(const jamd_host_v1* table, const jamd_command_type_v1* type) noexcept;
  static void log_line(const jamd_host_v1* table, int level, const char* message) noexcept;
  static std::int64_t now(const jamd_host_v1* table) noexcept;
  /// Why `type` cannot be registered, or "".
  std::string problem_of(const jamd_command_type_v1* type) const;

  Table table_;
  std::string name_;
  commands::Services services_;
  core::LogLimiter log_;
  bool registering_ = false;
  std::vector<RegisteredType> types_;
  std::string problem_;  // the first thing wrong with a registered type
};

}  // namespace jamd::plugins
