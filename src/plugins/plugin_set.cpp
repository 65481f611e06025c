#include "plugins/plugin_set.hpp"

#include "log/log.hpp"

namespace jamd::plugins {

PluginSet::PluginSet(commands::Services services) : services_(std::move(services)) {}

PluginSet::~PluginSet() {
  graveyard_.destroy_all();
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    const Plugin& plugin = **it;
    if (plugin.file.descriptor->fini == nullptr) continue;
    try {
      plugin.file.descriptor->fini(plugin.state);
    } catch (...) {
      log::error(log::plugin_fini_threw, "plugin {}: fini threw an exception", plugin.host->name());
    }
  }
  // The files stay open: code of theirs may still be registered with the C runtime (atexit
  // handlers, thread-local destructors), and no plugin is ever unloaded.
}

LoadedPlugin PluginSet::load(const std::string& path, commands::CommandOptions& options,
                             const std::string& options_json) {
  const std::string real = canonical_path(path);
  for (const auto& plugin : plugins_) {
    if (plugin->file.path != real) continue;
    const std::string& name = plugin->host->name();
    if (!plugin->problem.empty()) throw PluginError(plugin->problem);
    if (stamp_of(real) != plugin->file.stamp) {
      log::warn(log::plugin_changed,
                "plugin {}: {} changed on disk since it was loaded: restart jamd to load it", name,
                real);
    }
    if (options_json != plugin->options_json) {
      log::warn(log::plugin_options_changed,
                "plugin {}: its options changed; they apply only after a restart", name);
    }
    // The options were read by init the first time: mark them read.
    options.json();
    return listing(*plugin);
  }

  PluginFile file = open_plugin_file(real);
  const std::string name = file.descriptor->name;
  for (const auto& plugin : plugins_) {
    if (plugin->host->name() == name) {
      file.close();
      throw PluginError("its name '" + name + "' is taken by " + plugin->file.path);
    }
  }
  auto plugin = std::make_unique<Plugin>(Plugin{file, options_json, nullptr, nullptr, ""});
  plugin->host = std::make_unique<PluginHost>(name, services_);
  jamd_options read{options, {}};
  auto [initialised, problem] = plugin->host->init(*file.descriptor, read, &plugin->state);
  // Not kept, so that a later config may try again; the file stays open, as its code ran.
  if (!initialised) throw PluginError(problem);
  plugin->problem = std::move(problem);
  Plugin& kept = *plugins_.emplace_back(std::move(plugin));
  if (!kept.problem.empty()) throw PluginError(kept.problem);
  options.refuse_unread("unknown option of plugin '" + name + "'");
  return listing(kept);
}

LoadedPlugin PluginSet::listing(const Plugin& plugin) {
  LoadedPlugin loaded{plugin.host->name(), plugin.file.descriptor->version, plugin.file.path, {}};
  for (const RegisteredType& type : plugin.host->types()) {
    loaded.types.push_back(command_type(*plugin.host, plugin.state, type, graveyard_));
  }
  return loaded;
}

void PluginSet::destroy_unused() {
  graveyard_.destroy_all();
}

}  // namespace jamd::plugins
