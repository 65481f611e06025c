// The config's plugin keys: where a plugin's file is (plugin_path, plugin_dir_for), and the
// shape of the "plugins" list, refused before any file is opened.

#include "app/plugin_config.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/config.hpp"

namespace jamd::app {
namespace {

namespace fs = std::filesystem;

Settings with_plugin_dir(const std::string& dir) {
  Settings s = default_settings();
  s.plugin_dir = dir;
  return s;
}

TEST(PluginPath, ABareNameIsASharedObjectInThePluginDir) {
  EXPECT_EQ(plugin_path("tanggal", with_plugin_dir("/opt/jamd/plugins"), "/etc/jamd"),
            "/opt/jamd/plugins/tanggal.so");
}

TEST(PluginPath, ARelativePluginDirIsReadAgainstTheConfigFilesFolder) {
  EXPECT_EQ(plugin_path("tanggal", with_plugin_dir("plugins"), "/etc/jamd"),
            "/etc/jamd/plugins/tanggal.so");
}

TEST(PluginPath, APathWithASlashIsAFileReadAgainstTheConfigFilesFolder) {
  const Settings s = with_plugin_dir("/opt/jamd/plugins");
  EXPECT_EQ(plugin_path("./mine.so", s, "/etc/jamd").lexically_normal(), "/etc/jamd/mine.so");
  EXPECT_EQ(plugin_path("lib/x.so", s, "/etc/jamd"), "/etc/jamd/lib/x.so");
  EXPECT_EQ(plugin_path("/srv/x.so", s, "/etc/jamd"), "/srv/x.so");
}

TEST(PluginPath, WithoutAPluginDirABareNameIsLookedUpBesideTheRunningProgram) {
  // This test program runs from the build tree, but not from its top folder, where jamd is:
  // for it the default is the installed layout, relative to its own folder.
  const fs::path self = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(plugin_path("tanggal", with_plugin_dir(""), "/etc/jamd"),
            plugin_dir_for(self) / "tanggal.so");
}

TEST(PluginDirFor, AJamdInTheBuildTreeUsesTheBuildTreesPluginFolder) {
  EXPECT_EQ(plugin_dir_for(fs::path(JAMD_TEST_BUILD_DIR) / "jamd"),
            fs::path(JAMD_TEST_BUILD_DIR) / "plugins");
}

TEST(PluginDirFor, AnInstalledJamdUsesLibdirJamdPluginsOfItsPrefix) {
  EXPECT_EQ(plugin_dir_for("/opt/x/" JAMD_TEST_SBINDIR "/jamd"),
            fs::path("/opt/x/" JAMD_TEST_LIBDIR "/jamd/plugins"));
}

/// What plugin_command_types refuses in `list`, the "plugins" list: "<key>: <problem>".
std::string list_error(const std::string& list) {
  Settings s = default_settings();
  s.plugins = Json::parse(list);
  plugins::PluginSet plugins;
  std::vector<plugins::LoadedPlugin> listed;
  try {
    (void)plugin_command_types(s, "/etc/jamd/jamd.json", plugins, listed);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no ConfigError>";
}

TEST(PluginList, WithoutPluginsGivesTheBuiltInTypesOnly) {
  Settings s = default_settings();
  plugins::PluginSet plugins;
  std::vector<plugins::LoadedPlugin> listed;
  const commands::CommandTypes types = plugin_command_types(s, "", plugins, listed);
  EXPECT_TRUE(listed.empty());
  ASSERT_EQ(types.all().size(), 5u);  // time, quit, help, stats, agent
  EXPECT_NE(types.find("time"), nullptr);
}

TEST(PluginList, AnEntryThatIsNoObjectIsRefused) {
  EXPECT_EQ(list_error(R"(["tanggal"])"),
            R"(plugins[0]: expected an object with "path" and maybe "options")");
}

TEST(PluginList, AnEntryNeedsAPath) {
  EXPECT_EQ(list_error(R"([{}])"), "plugins[0].path: missing");
  EXPECT_EQ(list_error(R"([{"path": ""}])"), "plugins[0].path: expected a plugin's name or file");
  EXPECT_EQ(list_error(R"([{"path": 7}])"), "plugins[0].path: expected a string, got 7");
}

TEST(PluginList, OptionsMustBeAnObject) {
  EXPECT_EQ(list_error(R"([{"path": "x", "options": [1]}])"),
            "plugins[0].options: expected an object");
}

TEST(PluginList, AnUnknownKeyIsRefusedBeforeAnyFileIsOpened) {
  EXPECT_EQ(list_error(R"([{"path": "x", "option": {}}])"),
            R"(plugins[0].option: unknown key: a plugin's entry has "path" and "options")");
}

TEST(PluginList, AMissingFileIsNamedWithItsWholePath) {
  EXPECT_EQ(list_error(R"([{"path": "./none.so"}])"),
            "plugins[0]: /etc/jamd/none.so: cannot open it: No such file or directory");
}

TEST(ParseSettings, PluginsMustBeAList) {
  try {
    (void)parse_settings(R"({"plugins": {"path": "x"}})");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "plugins: expected a list of plugins");
  }
}

}  // namespace
}  // namespace jamd::app
