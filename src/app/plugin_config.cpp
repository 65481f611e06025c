#include "app/plugin_config.hpp"

#include <system_error>

#include "app/builtin_commands.hpp"
#include "app/config.hpp"

namespace jamd::app {

namespace fs = std::filesystem;

fs::path plugin_dir_for(const fs::path& executable) {
  const fs::path folder = executable.parent_path();
  if (folder == fs::path(JAMD_BUILD_DIR)) return JAMD_BUILD_PLUGIN_DIR;
  return (folder / JAMD_PLUGIN_DIR_FROM_SBINDIR).lexically_normal();
}

fs::path plugin_path(const std::string& path, const Settings& settings,
                     const fs::path& config_dir) {
  if (path.find('/') != std::string::npos) return config_dir / path;
  fs::path folder = settings.plugin_dir;
  if (folder.empty()) {
    std::error_code error;
    folder = plugin_dir_for(fs::read_symlink("/proc/self/exe", error));
  }
  return config_dir / folder / (path + ".so");
}

commands::CommandTypes plugin_command_types(const Settings& settings,
                                            const std::string& config_file,
                                            plugins::PluginSet& plugins,
                                            std::vector<plugins::LoadedPlugin>& listed) {
  commands::CommandTypes types = builtin_command_types();
  const fs::path config_dir = fs::path(config_file).parent_path();
  for (std::size_t i = 0; i < settings.plugins.size(); ++i) {
    const std::string key = "plugins[" + std::to_string(i) + "]";
    ConfigProblems problems;
    ConfigReader entry(settings.plugins[i], key, problems,
                       R"(expected an object with "path" and maybe "options")");
    const std::string name = entry.text("path");
    if (!problems.any() && name.empty()) entry.refuse("path", "expected a plugin's name or file");
    ConfigReader options = entry.optional_object("options");
    entry.refuse_unread(R"(unknown key: a plugin's entry has "path" and "options")");
    problems.throw_first();

    const std::string path = plugin_path(name, settings, config_dir).lexically_normal();
    plugins::LoadedPlugin plugin;
    try {
      plugin =
          plugins.load(path, options, settings.plugins[i].value("options", Json::object()).dump());
    } catch (const plugins::PluginError& e) {
      throw ConfigError(key, path + ": " + e.what());
    }
    problems.throw_first();  // an option of the plugin's
    for (std::size_t j = 0; j < listed.size(); ++j) {
      if (listed[j].path == plugin.path) {
        throw ConfigError(key, path + ": plugins[" + std::to_string(j) + "] loads it already");
      }
    }
    for (const commands::CommandType& type : plugin.types) types.add(type);
    listed.push_back(std::move(plugin));
  }
  return types;
}

}  // namespace jamd::app
