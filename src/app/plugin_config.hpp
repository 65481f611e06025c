#pragma once

// The "plugins" list of the config: where each plugin's file is, and the command types that
// a config may use once they are loaded. load_config calls it at start and on every reload.

#include <filesystem>
#include <string>
#include <vector>

#include "commands/command_types.hpp"
#include "plugins/plugin_set.hpp"

namespace jamd::app {

struct Settings;

/// Where plugins named without a path are when the config sets no plugin_dir, for the jamd
/// program at `executable`: the plugin folder of its build tree when it runs from there, or
/// else <libdir>/jamd/plugins of the installation it is part of.
std::filesystem::path plugin_dir_for(const std::filesystem::path& executable);

/// The path that plugins[].path `path` names: a bare name is <plugin_dir>/<name>.so, and a
/// relative path is read against `config_dir`, as a relative plugin_dir is.
std::filesystem::path plugin_path(const std::string& path, const Settings& settings,
                                  const std::filesystem::path& config_dir);

/// The built-in command types and those of every plugin in the settings' "plugins" list,
/// loaded through `plugins`; those plugins are added to `listed`. `config_file` is the file
/// the settings were read from, or "" for none. Throws ConfigError naming the entry, the
/// plugin's path and the problem.
commands::CommandTypes plugin_command_types(const Settings& settings,
                                            const std::string& config_file,
                                            plugins::PluginSet& plugins,
                                            std::vector<plugins::LoadedPlugin>& listed);

}  // namespace jamd::app
