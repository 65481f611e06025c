// Loading plugins: one fixture plugin per way that a load can fail (tests/plugins/load), each
// with its exact message, through PluginSet and through the jamd program; and how the plugin
// set reuses, warns about, destroys and finalises the plugins it loaded.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/config_reader.hpp"
#include "commands/registry.hpp"
#include "plugins/plugin_set.hpp"
#include "support/dispatch.hpp"
#include "support/log_capture.hpp"
#include "support/process.hpp"

namespace jamd::plugins {
namespace {

namespace fs = std::filesystem;
using app::ConfigProblems;
using app::ConfigReader;
using app::Json;
using ::testing::ElementsAre;

constexpr const char* kRebuild = ": rebuild it against this jamd's jamd/plugin.h";
constexpr const char* kNameRule =
    "a lowercase letter, then up to 31 lowercase letters, digits or '_'";

/// The fixture plugin `mode`, as the build made it.
std::string fixture(const std::string& mode) {
  return std::string(JAMD_LOAD_FIXTURE_DIR "/") + mode + ".so";
}

/// A new empty folder, removed with all it holds at the end of the test.
class Folder {
 public:
  Folder() : path_(fs::path(test::temp_file("")).parent_path()) { fs::remove(path_ / "jamd.json"); }
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  /// The path of `name` in the folder.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  /// Copies the fixture `mode` into the folder as `name`, and returns its path.
  std::string copy(const std::string& mode, const std::string& name) const {
    fs::create_directories((path_ / name).parent_path());
    fs::copy_file(fixture(mode), path_ / name);
    return *this / name;
  }
  /// Writes `text` to `name` in the folder, and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return *this / name;
  }

 private:
  fs::path path_;
};

/// What a file holds; "" when there is none.
std::string read(const std::string& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), {}};
}

using test::LogCapture;

/// A plugin's "options" as the config reader reads them, at the path of the first entry's.
struct PluginOptions {
  explicit PluginOptions(const std::string& text) : json(Json::parse(text)) {}
  Json json;
  ConfigProblems problems;
  ConfigReader reader{json, "plugins[0].options", problems};
};

/// Loads the plugin at `path` with `options` through `plugins`, which must take it.
LoadedPlugin load(PluginSet& plugins, const std::string& path, const std::string& options = "{}") {
  PluginOptions read(options);
  LoadedPlugin plugin = plugins.load(path, read.reader, read.json.dump());
  EXPECT_FALSE(read.problems.any()) << path;
  return plugin;
}

/// Why `plugins` does not take the plugin at `path` with `options`: the PluginError's text, or
/// the first problem with an option; "" when it takes it.
std::string problem_loading(PluginSet& plugins, const std::string& path,
                            const std::string& options = "{}") {
  PluginOptions read(options);
  try {
    plugins.load(path, read.reader, read.json.dump());
    read.problems.throw_first();
  } catch (const PluginError& e) {
    return e.what();
  } catch (const app::ConfigError& e) {
    return e.what();
  }
  return "";
}

/// Why a plugin set of its own does not take the fixture `mode`.
std::string problem_loading(const std::string& mode) {
  PluginSet plugins;
  return problem_loading(plugins, fixture(mode));
}

/// The names of a loaded plugin's types.
std::vector<std::string> type_names(const LoadedPlugin& plugin) {
  std::vector<std::string> names;
  for (const auto& type : plugin.types) names.push_back(type.name);
  return names;
}

/// A registry of the one command entry `entry` (a JSON object text, at "commands[0]") with
/// the types of `plugin`; nullptr, and the first problem with the entry, when it is refused.
struct Built {
  std::shared_ptr<const commands::Registry> registry;
  std::string problem;
};
Built build(const LoadedPlugin& plugin, const std::string& entry) {
  commands::CommandTypes types;
  for (const auto& type : plugin.types) types.add(type);
  const Json json = Json::parse(entry);
  ConfigProblems problems;
  ConfigReader reader(json, "commands[0]", problems);
  commands::CommandOptions* const entries[] = {&reader};
  Built built{commands::Registry::from_config(entries, types), ""};
  try {
    problems.throw_first();
  } catch (const app::ConfigError& e) {
    built.problem = e.what();
  }
  return built;
}

// The file and its descriptor, checked before any code of the plugin runs.

TEST(PluginLoad, AFileWithoutTheDescriptorIsNoPlugin) {
  EXPECT_EQ(problem_loading("no_descriptor"),
            "not a jamd plugin: it defines no jamd_plugin_descriptor_v1 (plugins declare it with "
            "JAMD_PLUGIN)");
}

TEST(PluginLoad, ADescriptorWithAnotherMagicNumberIsNoPlugin) {
  EXPECT_EQ(problem_loading("bad_magic"),
            "not a jamd plugin: its descriptor starts with 0x12345678, where plugin.h puts "
            "0x4a414d44");
}

TEST(PluginLoad, AnAbiMajorOf2IsRefusedNamingBothVersions) {
  EXPECT_EQ(problem_loading("abi_major_2"),
            std::string("built for plugin ABI 2.0, this jamd loads 1.0 to 1.0") + kRebuild);
}

TEST(PluginLoad, ALaterMinorIsRefusedNamingBothVersions) {
  EXPECT_EQ(problem_loading("abi_minor_future"),
            "built for plugin ABI 1.1, this jamd loads 1.0 to 1.0: use a jamd that loads it, or "
            "rebuild it against this jamd's jamd/plugin.h");
}

TEST(PluginLoad, ADescriptorOfAnotherSizeIsRefusedNamingBothSizes) {
  EXPECT_EQ(problem_loading("short_descriptor"),
            std::string("its descriptor is 40 bytes, but plugin ABI 1.0 makes it 48") + kRebuild);
}

TEST(PluginLoad, ANameThatIsNoPluginNameIsRefused) {
  EXPECT_EQ(problem_loading("bad_name"),
            std::string("its name 'Bad-Name' is not a plugin name: ") + kNameRule);
}

TEST(PluginLoad, ADescriptorWithoutAVersionIsRefused) {
  EXPECT_EQ(problem_loading("no_version"), "its descriptor has no version");
}

TEST(PluginLoad, ADescriptorWithoutInitIsRefused) {
  EXPECT_EQ(problem_loading("no_init"), "its descriptor has no init function");
}

TEST(PluginLoad, AnUndefinedSymbolIsNamed) {
  EXPECT_EQ(problem_loading("undefined_symbol"),
            "cannot be loaded: undefined symbol: jamd_fixture_nowhere");
}

TEST(PluginLoad, AMissingFileCannotBeOpened) {
  const Folder folder;
  PluginSet plugins;
  EXPECT_EQ(problem_loading(plugins, folder / "missing.so"),
            "cannot open it: No such file or directory");
}

TEST(PluginLoad, AFolderIsNoRegularFile) {
  const Folder folder;
  fs::create_directory(folder / "folder.so");
  PluginSet plugins;
  EXPECT_EQ(problem_loading(plugins, folder / "folder.so"), "not a regular file");
}

TEST(PluginLoad, ATextFileIsNoSharedObject) {
  const Folder folder;
  const std::string path = folder.write("x.so", std::string(100, 'x') + "\n");
  PluginSet plugins;
  EXPECT_EQ(problem_loading(plugins, path), "cannot be loaded: invalid ELF header");
}

TEST(PluginLoad, AFileWritableByGroupOrOthersIsRefusedWithItsMode) {
  const Folder folder;
  using fs::perms;
  const std::string by_group = folder.copy("good", "by_group.so");
  const std::string by_others = folder.copy("good", "by_others.so");
  fs::permissions(by_group,
                  perms::owner_all | perms::group_all | perms::others_read | perms::others_exec);
  fs::permissions(by_others,
                  perms::owner_all | perms::group_read | perms::group_exec | perms::others_all);
  PluginSet plugins;
  const std::string rest =
      ", so not only its owner can change the code jamd would run: chmod go-w it";
  EXPECT_EQ(problem_loading(plugins, by_group), "writable by group or others (mode 0775)" + rest);
  EXPECT_EQ(problem_loading(plugins, by_others), "writable by group or others (mode 0757)" + rest);
}

TEST(PluginLoad, ANameTakenByAPluginFromAnotherFileIsRefused) {
  PluginSet plugins;
  load(plugins, fixture("good"));
  EXPECT_EQ(problem_loading(plugins, fixture("good_again")),
            "its name 'good' is taken by " + fs::canonical(fixture("good")).string());
}

// init, and the types it registers.

TEST(PluginLoad, AnInitThatFailsGivesItsReason) {
  EXPECT_EQ(problem_loading("init_fails"), "init failed: the kitchen is out of coffee");
}

TEST(PluginLoad, AnInitThatFailsSilentlyIsSaidToGiveNoReason) {
  EXPECT_EQ(problem_loading("init_fails_silently"), "init failed: it gave no reason");
}

TEST(PluginLoad, AnInitThatThrowsIsCaught) {
  EXPECT_EQ(problem_loading("init_throws"),
            "init failed: init threw an exception, which must not leave a plugin");
}

// duplicate_type's init fails when the type is refused; the others' succeeds all the same.
// Either way the refusal is the reason.
TEST(PluginLoad, ATypeRegisteredTwiceIsRefused) {
  EXPECT_EQ(problem_loading("duplicate_type"), "it registers type 'hello' twice");
}

TEST(PluginLoad, ATypeWhoseMinArgsExceedItsMaxArgsIsRefused) {
  EXPECT_EQ(problem_loading("bad_arity"), "type 'hello': min_args 3 is more than max_args 2");
}

TEST(PluginLoad, ATypeTakingMoreThanJamdMaxArgsIsRefused) {
  EXPECT_EQ(problem_loading("too_many_args"),
            "type 'hello': max_args 9 is more than JAMD_MAX_ARGS (8)");
}

TEST(PluginLoad, ATypeNameThatIsNoNameIsRefused) {
  EXPECT_EQ(problem_loading("bad_type_name"),
            std::string("its type name 'Hello' is not valid: ") + kNameRule);
}

TEST(PluginLoad, ATypeWithoutRunIsRefused) {
  EXPECT_EQ(problem_loading("no_run"), "type 'hello' has no run function");
}

TEST(PluginLoad, ATypeOfAnotherSizeIsRefusedNamingBothSizes) {
  EXPECT_EQ(
      problem_loading("short_type"),
      std::string("it registered a type of 4 bytes, but plugin ABI 1.0 makes it 64") + kRebuild);
}

// Its init ran and stays run: every later load of it fails the same way.
TEST(PluginLoad, APluginWithARefusedTypeFailsEveryLaterLoadToo) {
  PluginSet plugins;
  const std::string problem = "type 'hello': min_args 3 is more than max_args 2";
  EXPECT_EQ(problem_loading(plugins, fixture("bad_arity")), problem);
  EXPECT_EQ(problem_loading(plugins, fixture("bad_arity")), problem);
}

TEST(PluginLoad, AGoodPluginGivesItsTypesUnderItsName) {
  PluginSet plugins;
  const LoadedPlugin good = load(plugins, fixture("good"));
  EXPECT_EQ(good.name, "good");
  EXPECT_EQ(good.version, "1.0.0");
  EXPECT_EQ(good.path, fs::canonical(fixture("good")).string());
  EXPECT_THAT(type_names(good), ElementsAre("good.hello"));
  const Built built = build(good, R"({"name": "HELLO", "type": "good.hello"})");
  ASSERT_NE(built.registry, nullptr) << built.problem;
  EXPECT_EQ(test::reply(*built.registry, "HELLO"), "HELLO\r\n");
}

TEST(PluginLoad, AnOptionOfThePluginThatNoOneReadIsRefused) {
  PluginSet plugins;
  EXPECT_EQ(problem_loading(plugins, fixture("good"), R"({"colour": 1})"),
            "plugins[0].options.colour: unknown option of plugin 'good'");
}

// create, for each command entry of a plugin's type.

TEST(PluginLoad, AnOptionOfACommandThatNoOneReadIsRefused) {
  PluginSet plugins;
  const Built built = build(load(plugins, fixture("good")),
                            R"({"name": "HELLO", "type": "good.hello", "colour": 1})");
  EXPECT_EQ(built.registry, nullptr);
  EXPECT_EQ(built.problem, "commands[0].colour: unknown option for a command of type 'good.hello'");
}

TEST(PluginLoad, ACreateThatFailsGivesItsReasonForTheEntry) {
  PluginSet plugins;
  const Built built = build(load(plugins, fixture("create_fails")),
                            R"({"name": "NOPE", "type": "create_fails.hello"})");
  EXPECT_EQ(built.registry, nullptr);
  EXPECT_EQ(built.problem,
            "commands[0]: plugin create_fails: create of type 'hello' failed: no hello today");
}

TEST(PluginLoad, AnOptionThatCreateRefusesIsNamed) {
  PluginSet plugins;
  const LoadedPlugin plugin = load(plugins, fixture("option_refused"));
  const Built blue =
      build(plugin, R"({"name": "PAINT", "type": "option_refused.paint", "colour": "blue"})");
  EXPECT_EQ(blue.registry, nullptr);
  EXPECT_EQ(blue.problem, R"(commands[0].colour: only "red" is known)");
  const Built red =
      build(plugin, R"({"name": "PAINT", "type": "option_refused.paint", "colour": "red"})");
  ASSERT_NE(red.registry, nullptr) << red.problem;
  EXPECT_EQ(test::reply(*red.registry, "PAINT"), "RED\r\n");
}

TEST(PluginLoad, RegisterTypeOutsideInitFailsWithAWarningAndFailsNothingElse) {
  PluginSet plugins;
  const LoadedPlugin plugin = load(plugins, fixture("register_outside_init"));
  const LogCapture log;
  // create succeeds only when register_type returned JAMD_ERROR.
  const Built built = build(plugin, R"({"name": "EARLY", "type": "register_outside_init.early"})");
  ASSERT_NE(built.registry, nullptr) << built.problem;
  EXPECT_EQ(test::reply(*built.registry, "EARLY"), "EARLY\r\n");
  EXPECT_EQ(log.text(),
            "warning: plugin register_outside_init: register_type was called outside init; type "
            "'late' is not added\n");
  EXPECT_THAT(type_names(load(plugins, fixture("register_outside_init"))),
              ElementsAre("register_outside_init.early"));
}

// The public headers, compiled strictly as each language version they promise (see
// plugins/load/CMakeLists.txt): each is also a plugin that loads.
TEST(PluginLoad, TheHeaderChecksArePluginsThatLoad) {
  PluginSet plugins;
  EXPECT_EQ(load(plugins, fixture("header_c99")).name, "header_c99");
  const std::pair<const char*, const char*> standards[] = {{"header_cxx17", "201703"},
                                                           {"header_cxx20", "202002"}};
  for (const auto& [mode, standard] : standards) {
    const LoadedPlugin plugin = load(plugins, fixture(mode));
    const Built built = build(plugin, R"({"name": "STD", "type": ")" + plugin.name +
                                          R"(.standard", "words": 2, "loud": true})");
    ASSERT_NE(built.registry, nullptr) << built.problem;
    EXPECT_EQ(test::reply(*built.registry, "STD"),
              std::string(standard) + " " + standard + "!\r\n");
  }
}

// What the plugin set does with what it loaded: lifecycle writes each call of its functions
// into the file its option "journal" names.

/// lifecycle's options for the journal at `path`.
std::string journal_options(const std::string& path, bool fail = false) {
  return Json{{"journal", path}, {"fail", fail}}.dump();
}

constexpr const char* kLifecycleEntry = R"({"name": "ALIVE", "type": "lifecycle.alive"})";

TEST(PluginSet, APluginLoadedAgainFromTheSameFileIsNotInitialisedAgain) {
  const Folder folder;
  const std::string journal = folder / "journal";
  fs::create_symlink(fixture("lifecycle"), folder / "link.so");
  PluginSet plugins;
  const LoadedPlugin first = load(plugins, fixture("lifecycle"), journal_options(journal));
  const LoadedPlugin again = load(plugins, fixture("lifecycle"), journal_options(journal));
  const LoadedPlugin linked = load(plugins, folder / "link.so", journal_options(journal));
  EXPECT_EQ(read(journal), "init\n");
  EXPECT_EQ(again.path, first.path);
  EXPECT_EQ(linked.path, first.path);
  EXPECT_THAT(type_names(linked), ElementsAre("lifecycle.alive"));
}

TEST(PluginSet, AnInitThatFailedIsTriedAgainByTheNextLoad) {
  const Folder folder;
  const std::string journal = folder / "journal";
  PluginSet plugins;
  EXPECT_EQ(problem_loading(plugins, fixture("lifecycle"), journal_options(journal, true)),
            "init failed: told to fail");
  EXPECT_EQ(problem_loading(plugins, fixture("lifecycle"), journal_options(journal)), "");
  EXPECT_EQ(read(journal), "init\ninit\n");
}

TEST(PluginSet, AFileChangedOnDiskSinceItWasLoadedGivesAWarning) {
  const Folder folder;
  const std::string path = folder.copy("good", "good.so");
  PluginSet plugins;
  load(plugins, path);
  const LogCapture log;
  load(plugins, path);
  EXPECT_EQ(log.text(), "");
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(10));
  EXPECT_THAT(type_names(load(plugins, path)), ElementsAre("good.hello"));
  EXPECT_EQ(log.text(), "warning: plugin good: " + fs::canonical(path).string() +
                            " changed on disk since it was loaded: restart jamd to load it\n");
}

TEST(PluginSet, ChangedOptionsGiveAWarningAndApplyOnlyAfterARestart) {
  const Folder folder;
  PluginSet plugins;
  load(plugins, fixture("lifecycle"), journal_options(folder / "first"));
  const LogCapture log;
  // Read by no one this time, yet no unknown option: init read them the first time.
  EXPECT_EQ(problem_loading(plugins, fixture("lifecycle"), journal_options(folder / "second")), "");
  EXPECT_EQ(log.text(),
            "warning: plugin lifecycle: its options changed; they apply only after a restart\n");
  EXPECT_EQ(read(folder / "first"), "init\n");
  EXPECT_FALSE(fs::exists(folder / "second"));
}

TEST(PluginSet, FiniIsCalledOnceWhenTheSetIsDestroyed) {
  const Folder folder;
  const std::string journal = folder / "journal";
  {
    PluginSet plugins;
    load(plugins, fixture("lifecycle"), journal_options(journal));
    load(plugins, fixture("lifecycle"), journal_options(journal));
    EXPECT_EQ(read(journal), "init\n");
  }
  EXPECT_EQ(read(journal), "init\nfini\n");
}

TEST(PluginSet, InstancesOfCommandsThatAreGoneAreDestroyedOnlyByDestroyUnused) {
  const Folder folder;
  const std::string journal = folder / "journal";
  {
    PluginSet plugins;
    Built built =
        build(load(plugins, fixture("lifecycle"), journal_options(journal)), kLifecycleEntry);
    ASSERT_NE(built.registry, nullptr) << built.problem;
    EXPECT_EQ(test::reply(*built.registry, "ALIVE"), "ALIVE\r\n");
    built.registry.reset();
    EXPECT_EQ(read(journal), "init\ncreate\n");
    plugins.destroy_unused();
    EXPECT_EQ(read(journal), "init\ncreate\ndestroy\n");
    plugins.destroy_unused();
    EXPECT_EQ(read(journal), "init\ncreate\ndestroy\n");
  }
  EXPECT_EQ(read(journal), "init\ncreate\ndestroy\nfini\n");
}

TEST(PluginSet, TheDestructorDestroysTheInstancesLeftBeforeFini) {
  const Folder folder;
  const std::string journal = folder / "journal";
  {
    PluginSet plugins;
    const LoadedPlugin plugin = load(plugins, fixture("lifecycle"), journal_options(journal));
    // An entry that create made an instance for, refused afterwards for an unknown option.
    EXPECT_EQ(build(plugin, R"({"name": "ALIVE", "type": "lifecycle.alive", "colour": 1})").problem,
              "commands[0].colour: unknown option for a command of type 'lifecycle.alive'");
    EXPECT_NE(build(plugin, kLifecycleEntry).registry, nullptr);
    EXPECT_EQ(read(journal), "init\ncreate\ncreate\n");
  }
  EXPECT_EQ(read(journal), "init\ncreate\ncreate\ndestroy\ndestroy\nfini\n");
}

// The jamd program: the line it prints for a plugin it cannot load, and its exit code.

/// The config file `config` holding `plugins` (the "plugins" list) and `extra` members.
std::string write_config(const std::string& config, const std::string& plugins,
                         const std::string& extra = "") {
  std::ofstream(config) << test::config_text(R"("plugins": )" + plugins +
                                             (extra.empty() ? "" : ", " + extra));
  return config;
}

/// The line jamd prints for the first plugin of `config`, at `path`, which fails for `problem`.
std::string refusal(const std::string& config, const std::string& path,
                    const std::string& problem) {
  return "jamd: " + config + ": plugins[0]: " + path + ": " + problem + "\n";
}

test::Outcome check(const std::string& config) {
  return test::run_jamd({"--config", config, "--check-config"});
}

/// The "plugins" list of one plugin at `path`.
std::string one_plugin(const std::string& path) {
  return R"([{"path": ")" + path + R"("}])";
}

TEST(JamdPluginLoad, AnAbiMajorOf2IsRefusedNamingBothVersions) {
  const Folder folder;
  const std::string config = write_config(folder / "jamd.json", one_plugin(fixture("abi_major_2")));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(
      outcome.output,
      refusal(config, fixture("abi_major_2"),
              std::string("built for plugin ABI 2.0, this jamd loads 1.0 to 1.0") + kRebuild));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, AMissingPluginIsRefused) {
  const Folder folder;
  const std::string config = write_config(folder / "jamd.json", one_plugin(folder / "missing.so"));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            refusal(config, folder / "missing.so", "cannot open it: No such file or directory"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, APluginWritableByGroupIsRefused) {
  const Folder folder;
  const std::string path = folder.copy("good", "good.so");
  fs::permissions(path, fs::perms::group_write, fs::perm_options::add);
  const std::string mode =
      fmt::format("{:04o}", static_cast<unsigned>(fs::status(path).permissions()));
  const std::string config = write_config(folder / "jamd.json", one_plugin(path));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            refusal(config, path,
                    "writable by group or others (mode " + mode +
                        "), so not only its owner can change the code jamd would run: chmod go-w "
                        "it"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, AFailedInitIsRefusedWithItsReason) {
  const Folder folder;
  const std::string config = write_config(folder / "jamd.json", one_plugin(fixture("init_fails")));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            refusal(config, fixture("init_fails"), "init failed: the kitchen is out of coffee"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, AnUndefinedSymbolIsNamed) {
  const Folder folder;
  const std::string config =
      write_config(folder / "jamd.json", one_plugin(fixture("undefined_symbol")));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output, refusal(config, fixture("undefined_symbol"),
                                    "cannot be loaded: undefined symbol: jamd_fixture_nowhere"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, AnUnknownOptionOfAPluginIsRefused) {
  const Folder folder;
  const std::string config =
      write_config(folder / "jamd.json",
                   R"([{"path": ")" + fixture("good") + R"(", "options": {"colour": 1}}])");
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            "jamd: " + config + ": plugins[0].options.colour: unknown option of plugin 'good'\n");
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, APluginListedTwiceIsRefused) {
  const Folder folder;
  const std::string good = fixture("good");
  const std::string config = write_config(
      folder / "jamd.json", R"([{"path": ")" + good + R"("}, {"path": ")" + good + R"("}])");
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            "jamd: " + config + ": plugins[1]: " + good + ": plugins[0] loads it already\n");
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, AGoodPluginAndItsCommandPassTheCheck) {
  const Folder folder;
  const std::string config =
      write_config(folder / "jamd.json", one_plugin(fixture("good")),
                   R"("commands": [{"name": "HELLO", "type": "good.hello"}])");
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output, "jamd: " + config + ": the config is valid\n");
  EXPECT_EQ(outcome.exit_code, 0);
}

TEST(JamdPluginLoad, APathWithASlashIsReadAgainstTheConfigFilesFolder) {
  const Folder folder;
  folder.copy("good", "sub/good.so");
  const std::string config =
      write_config(folder / "jamd.json", one_plugin("sub/good.so"),
                   R"("commands": [{"name": "HELLO", "type": "good.hello"}])");
  EXPECT_EQ(check(config).output, "jamd: " + config + ": the config is valid\n");
  write_config(config, one_plugin("./sub/missing.so"));
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output, refusal(config, folder / "sub/missing.so",
                                    "cannot open it: No such file or directory"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, ABareNameIsThatSoFileInPluginDir) {
  const Folder folder;
  const std::string dir = R"("plugin_dir": ")" JAMD_LOAD_FIXTURE_DIR R"(")";
  const std::string config =
      write_config(folder / "jamd.json", one_plugin("good"),
                   dir + R"(, "commands": [{"name": "HELLO", "type": "good.hello"}])");
  EXPECT_EQ(check(config).output, "jamd: " + config + ": the config is valid\n");
  write_config(config, one_plugin("init_fails"), dir);
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output,
            refusal(config, fixture("init_fails"), "init failed: the kitchen is out of coffee"));
  EXPECT_EQ(outcome.exit_code, 1);
}

TEST(JamdPluginLoad, ARelativePluginDirIsReadAgainstTheConfigFilesFolder) {
  const Folder folder;
  const std::string config =
      write_config(folder / "jamd.json", one_plugin("missing"), R"("plugin_dir": "plugins")");
  const test::Outcome outcome = check(config);
  EXPECT_EQ(outcome.output, refusal(config, folder / "plugins/missing.so",
                                    "cannot open it: No such file or directory"));
  EXPECT_EQ(outcome.exit_code, 1);
}

}  // namespace
}  // namespace jamd::plugins
