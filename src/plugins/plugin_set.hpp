#pragma once

// Every plugin jamd has loaded, for the life of the process: main owns one, and the config
// loads through it at start and on every reload. A plugin is loaded and initialised once,
// reused by every later config that lists it, and finalised at exit.

#include <memory>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "commands/command_types.hpp"
#include "plugins/plugin_command.hpp"
#include "plugins/plugin_file.hpp"
#include "plugins/plugin_host.hpp"

namespace jamd::plugins {

/// A plugin that a config lists, and what it gives.
struct LoadedPlugin {
  std::string name;
  std::string version;
  std::string path;                          ///< canonical
  std::vector<commands::CommandType> types;  ///< named "<plugin>.<type>"
};

/// The plugins of the process. It must outlive every registry with a command of theirs.
class PluginSet {
 public:
  /// `services` serve the plugins' host functions (the clock).
  explicit PluginSet(commands::Services services = {});
  /// Destroys every instance left, then calls fini for every plugin that was initialised,
  /// the last loaded first.
  ~PluginSet();
  PluginSet(const PluginSet&) = delete;
  PluginSet& operator=(const PluginSet&) = delete;

  /// The plugin at `path`: loaded, checked and initialised with `options` the first time;
  /// the same one again later, with a warning when its file changed on disk or
  /// `options_json` differs from the first time (both need a restart). Throws PluginError;
  /// a problem with an option is recorded in `options` instead, and the plugin is returned.
  LoadedPlugin load(const std::string& path, commands::CommandOptions& options,
                    const std::string& options_json);

  /// Destroys the instances of the commands that are gone. Control thread only.
  void destroy_unused();

 private:
  struct Plugin {
    PluginFile file;
    std::string options_json;
    std::unique_ptr<PluginHost> host;
    void* state = nullptr;
    std::string problem;  // why it cannot be used although its init succeeded, or ""
  };

  LoadedPlugin listing(const Plugin& plugin);

  commands::Services services_;
  Graveyard graveyard_;
  std::vector<std::unique_ptr<Plugin>> plugins_;  // every plugin whose init succeeded
};

}  // namespace jamd::plugins
