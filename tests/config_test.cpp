// The config file (parse_settings, load_config) and the command line (parse_options).

#include "app/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/options.hpp"
#include "commands/config_error.hpp"
#include "commands/registry.hpp"
#include "support/dispatch.hpp"

namespace jamd::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const fs::path kShippedConfig = fs::path(__FILE__).parent_path().parent_path() / "config/jamd.json";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The key() of the ConfigError that parse_settings throws for `text`.
std::string error_key(const std::string& text) {
  try {
    (void)parse_settings(text);
  } catch (const ConfigError& e) {
    return e.key();
  }
  return "<no ConfigError>";
}

/// The what() of the std::runtime_error that load_config throws for `options`.
std::string load_error(const Options& options) {
  try {
    (void)load_config(options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "<no runtime_error>";
}

using test::reply;

/// parse_options over "jamd" followed by `args`.
Options parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"jamd"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

/// Options as load_config takes them (designated initializers would leave members unnamed).
Options options(std::optional<std::string> config, std::optional<long> port = {},
                std::optional<long> threads = {}, std::optional<std::string> log_level = {}) {
  Options o;
  o.config = std::move(config);
  o.port = port;
  o.threads = threads;
  o.log_level = std::move(log_level);
  return o;
}

/// Gives each test its own temporary directory, removed afterwards.
class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("jamd-config-test-" + std::to_string(getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    ASSERT_TRUE(fs::create_directories(dir_));
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  /// Writes `text` to `name` in the test's directory; its path.
  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path dir_;
};

// ---- parse_settings ----

// Rule: the shipped config/jamd.json, comments and all, is exactly the built-in defaults.
TEST(ParseSettings, ShippedConfigEqualsDefaults) {
  const Settings shipped = parse_settings(read(kShippedConfig));
  EXPECT_EQ(shipped, Settings{});
  EXPECT_EQ(shipped.listen.port, 45000);
  EXPECT_THAT(shipped.listen.addresses, ElementsAre("::"));
  EXPECT_EQ(shipped.threads, 0u);
  EXPECT_EQ(shipped.log_level, "info");
  EXPECT_EQ(shipped.log_file, "");
  EXPECT_EQ(shipped.limits.max_line_bytes, 1024u);
  EXPECT_EQ(shipped.limits.max_output_bytes, 65536u);
  EXPECT_EQ(shipped.limits.send_timeout_s, 30.0);
  EXPECT_EQ(shipped.commands.size(), 3u);
}

// Rule: every key is optional: an empty object, even with comments, is the defaults.
TEST(ParseSettings, EmptyObjectIsDefaults) {
  EXPECT_EQ(parse_settings("{}"), Settings{});
  EXPECT_EQ(parse_settings("// nothing\n{ /* at all */ }\n"), Settings{});
}

// Rule: a key that is given changes that setting and nothing else.
TEST(ParseSettings, OneKeyChangesOnlyItself) {
  Settings expected;
  expected.listen.port = 1;
  EXPECT_EQ(parse_settings(R"({"port": 1})"), expected);

  expected = Settings{};
  expected.limits.max_line_bytes = 80;
  EXPECT_EQ(parse_settings(R"({"limits": {"max_line_bytes": 80}})"), expected);

  expected = Settings{};
  expected.log_file = "/var/log/jamd.log";
  EXPECT_EQ(parse_settings(R"({"logging": {"file": "/var/log/jamd.log"}})"), expected);
}

// Rule: every key is read into its setting.
TEST(ParseSettings, ReadsEveryKey) {
  const Settings s = parse_settings(R"({
    "port": 0,
    "bind": ["127.0.0.1", "::1"],
    "threads": 4,
    "busy_poll_us": 0,
    "logging": {"level": "debug", "file": "jamd.log"},
    "limits": {"max_connections": 5, "max_line_bytes": 64, "max_output_bytes": 4096,
               "idle_timeout_s": 0, "send_timeout_s": 7.5, "drain_timeout_s": 1.5},
    "commands": [{"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"}]
  })");
  EXPECT_EQ(s.listen.port, 0);
  EXPECT_THAT(s.listen.addresses, ElementsAre("127.0.0.1", "::1"));
  EXPECT_EQ(s.threads, 4u);
  EXPECT_EQ(s.busy_poll_us, 0u);
  EXPECT_EQ(s.log_level, "debug");
  EXPECT_EQ(s.log_file, "jamd.log");
  EXPECT_EQ(s.limits.max_connections, 5u);
  EXPECT_EQ(s.limits.max_line_bytes, 64u);
  EXPECT_EQ(s.limits.max_output_bytes, 4096u);
  EXPECT_EQ(s.limits.idle_timeout_s, 0.0);
  EXPECT_EQ(s.limits.send_timeout_s, 7.5);
  EXPECT_EQ(s.limits.drain_timeout_s, 1.5);
  EXPECT_EQ(s.commands, json::parse(R"([{"name": "WAKTU", "type": "time",
                                         "timezone": "Asia/Jakarta"}])"));
}

// Rule: "bind" may be one address, IPv4 or IPv6, replacing the default.
TEST(ParseSettings, BindOneAddress) {
  EXPECT_THAT(parse_settings(R"({"bind": "127.0.0.1"})").listen.addresses,
              ElementsAre("127.0.0.1"));
  EXPECT_THAT(parse_settings(R"({"bind": "::1"})").listen.addresses, ElementsAre("::1"));
  EXPECT_THAT(parse_settings(R"({"bind": "0.0.0.0"})").listen.addresses, ElementsAre("0.0.0.0"));
}

// Rule: the port runs from 0 to 65535.
TEST(ParseSettings, PortEdges) {
  EXPECT_EQ(parse_settings(R"({"port": 0})").listen.port, 0);
  EXPECT_EQ(parse_settings(R"({"port": 65535})").listen.port, 65535);
}

// Rule: a fractional idle timeout is accepted as it is.
TEST(ParseSettings, FractionalIdleTimeout) {
  EXPECT_EQ(parse_settings(R"({"limits": {"idle_timeout_s": 0.25}})").limits.idle_timeout_s, 0.25);
}

// Rule: every log level that exists is accepted.
TEST(ParseSettings, AllLogLevels) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    EXPECT_EQ(parse_settings(std::string(R"({"logging": {"level": ")") + level + "\"}}").log_level,
              level);
  }
}

// Rule: an unknown key, at the top or inside "logging" or "limits", is refused by its path.
TEST(ParseSettings, UnknownKeysAreRefused) {
  EXPECT_EQ(error_key(R"({"prot": 45000})"), "prot");
  EXPECT_EQ(error_key(R"({"logging": {"lvl": "info"}})"), "logging.lvl");
  EXPECT_EQ(error_key(R"({"limits": {"max_lines": 3}})"), "limits.max_lines");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout": 3}})"), "limits.idle_timeout");
}

// Rule: the port must be a whole number from 0 to 65535.
TEST(ParseSettings, BadPortIsRefused) {
  EXPECT_EQ(error_key(R"({"port": -1})"), "port");
  EXPECT_EQ(error_key(R"({"port": 65536})"), "port");
  EXPECT_EQ(error_key(R"({"port": "45000"})"), "port");
  EXPECT_EQ(error_key(R"({"port": 1.5})"), "port");
  EXPECT_EQ(error_key(R"({"port": true})"), "port");
  EXPECT_EQ(error_key(R"({"port": null})"), "port");
  EXPECT_EQ(error_key(R"({"port": 18446744073709551615})"), "port");
}

// Rule: threads is a whole number from 0 to 1024.
TEST(ParseSettings, BadThreadsIsRefused) {
  EXPECT_EQ(error_key(R"({"threads": -1})"), "threads");
  EXPECT_EQ(error_key(R"({"threads": 1025})"), "threads");
  EXPECT_EQ(error_key(R"({"threads": "2"})"), "threads");
  EXPECT_EQ(parse_settings(R"({"threads": 1024})").threads, 1024u);
}

// Rule: busy_poll_us is a whole number of microseconds up to 1000.
TEST(ParseSettings, BadBusyPollIsRefused) {
  EXPECT_EQ(error_key(R"({"busy_poll_us": -1})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": 1001})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": 2.5})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": "10"})"), "busy_poll_us");
  EXPECT_EQ(parse_settings(R"({"busy_poll_us": 1000})").busy_poll_us, 1000u);
}

// Rule: bind is an address or a non-empty list of them; a bad one is named by its index.
TEST(ParseSettings, BadBindIsRefused) {
  EXPECT_EQ(error_key(R"({"bind": "localhost"})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": "256.0.0.1"})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": ""})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": 80})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": []})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": {}})"), "bind");
  EXPECT_EQ(error_key(R"({"bind": ["127.0.0.1", "example.com"]})"), "bind[1]");
  EXPECT_EQ(error_key(R"({"bind": ["::1", 7]})"), "bind[1]");
  EXPECT_EQ(error_key(R"({"bind": ["::1", "::2", "1.2.3"]})"), "bind[2]");
  EXPECT_EQ(error_key(R"({"bind": ["nope"]})"), "bind[0]");
}

// Rule: logging is an object; its level is a known level and its file a string.
TEST(ParseSettings, BadLoggingIsRefused) {
  EXPECT_EQ(error_key(R"({"logging": {"level": "verbose"}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"level": "INFO"}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"level": 3}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"file": false}})"), "logging.file");
  EXPECT_EQ(error_key(R"({"logging": "info"})"), "logging");
}

// Rule: limits is an object of in-range numbers.
TEST(ParseSettings, BadLimitsAreRefused) {
  EXPECT_EQ(error_key(R"({"limits": {"max_line_bytes": 0}})"), "limits.max_line_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"max_line_bytes": 1048577}})"), "limits.max_line_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"max_connections": 0}})"), "limits.max_connections");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout_s": -1}})"), "limits.idle_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout_s": "300"}})"), "limits.idle_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"drain_timeout_s": -0.5}})"), "limits.drain_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"max_output_bytes": 1023}})"), "limits.max_output_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"send_timeout_s": "30"}})"), "limits.send_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": 5})"), "limits");
}

// Rule: the config must be a JSON object; the error is for the file as a whole.
TEST(ParseSettings, NonObjectRootIsRefused) {
  EXPECT_EQ(error_key("[]"), "");
  EXPECT_EQ(error_key("45000"), "");
  EXPECT_EQ(error_key("null"), "");
}

// Rule: "commands" must be a list, both in the file and for the registry.
TEST(ParseSettings, CommandsNotAnArrayIsRefused) {
  try {
    (void)parse_settings(R"({"commands": {"name": "TIME", "type": "time"}})");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "commands");
  }
  try {
    (void)commands::Registry::from_config(nlohmann::json::object());
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "commands");
  }
}

// Rule: malformed JSON is refused with a message that says on which line.
TEST(ParseSettings, MalformedJsonNamesTheLine) {
  try {
    (void)parse_settings("{\n  \"port\": 1,\n  oops\n}\n");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "");
    EXPECT_THAT(e.what(), HasSubstr("line 3"));
  }
  try {
    (void)parse_settings("{\"port\": 1,}");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("line 1"));
  }
  EXPECT_EQ(error_key(""), "");
}

// ---- load_config ----

// Rule: without --config the built-in defaults apply, with the default commands.
TEST(LoadConfig, NoConfigFileGivesDefaults) {
  const Config config = load_config(Options{});
  EXPECT_EQ(config.settings, Settings{});
  ASSERT_NE(config.registry, nullptr);
  EXPECT_EQ(reply(*config.registry, "HELP"), "COMMANDS HELP QUIT TIME\r\n");
}

// Rule: the shipped file loads, and gives the defaults.
TEST(LoadConfig, ShippedFileLoads) {
  const Config config = load_config(options(kShippedConfig.string()));
  EXPECT_EQ(config.settings, Settings{});
  ASSERT_NE(config.registry, nullptr);
  EXPECT_EQ(reply(*config.registry, "HELP"), "COMMANDS HELP QUIT TIME\r\n");
}

// Rule: the registry is built from the file's commands.
TEST_F(ConfigFileTest, RegistryComesFromTheFile) {
  const std::string path = write("jamd.json", R"({
    "commands": [{"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"}]
  })");
  const Config config = load_config(options(path));
  ASSERT_NE(config.registry, nullptr);
  EXPECT_EQ(reply(*config.registry, "HELP"), "ERR unknown command 'HELP'\r\n");
  EXPECT_EQ(reply(*config.registry, "WAKTU").substr(0, 4), "JAM ");
}

// Rule: a missing file is an error naming the file.
TEST_F(ConfigFileTest, MissingFileNamesThePath) {
  const std::string path = (dir_ / "no-such.json").string();
  EXPECT_THAT(load_error(options(path)), HasSubstr(path));
}

// Rule: a bad key in the file is an error naming both the file and the key.
TEST_F(ConfigFileTest, BadKeyNamesPathAndKey) {
  const std::string path = write("bad.json", R"({"limits": {"max_line_bytes": 0}})");
  EXPECT_THAT(load_error(options(path)),
              AllOf(HasSubstr(path), HasSubstr("limits.max_line_bytes")));
}

// Rule: a bad command entry in the file is an error naming the file and the entry's key.
TEST_F(ConfigFileTest, BadCommandNamesPathAndKey) {
  const std::string path = write("bad.json", R"({"commands": [
    {"name": "TIME", "type": "time", "timezone": "Nowhere/Atlantis"}]})");
  EXPECT_THAT(load_error(options(path)), AllOf(HasSubstr(path), HasSubstr("commands[0].timezone")));
  const std::string other = write("other.json", R"({"commands": {"TIME": "time"}})");
  EXPECT_THAT(load_error(options(other)), AllOf(HasSubstr(other), HasSubstr("commands: ")));
}

// Rule: malformed JSON in the file is an error naming the file and the line.
TEST_F(ConfigFileTest, MalformedFileNamesPathAndLine) {
  const std::string path = write("broken.json", "{\n\n  \"port\": 45000\n  \"threads\": 1\n}\n");
  EXPECT_THAT(load_error(options(path)), AllOf(HasSubstr(path), HasSubstr("line 4")));
}

// Rule: --port, --threads and --log-level override the file; the rest of the file stays.
TEST_F(ConfigFileTest, FlagsOverrideTheFile) {
  const std::string path = write("jamd.json", R"({
    "port": 1, "threads": 2, "bind": "127.0.0.1", "logging": {"level": "debug"}
  })");
  const Config file = load_config(options(path));
  EXPECT_EQ(file.settings.listen.port, 1);
  EXPECT_EQ(file.settings.threads, 2u);
  EXPECT_EQ(file.settings.log_level, "debug");

  const Config flags = load_config(options(path, 7, 3, "warn"));
  EXPECT_EQ(flags.settings.listen.port, 7);
  EXPECT_EQ(flags.settings.threads, 3u);
  EXPECT_EQ(flags.settings.log_level, "warn");
  EXPECT_THAT(flags.settings.listen.addresses, ElementsAre("127.0.0.1"));
}

// Rule: flags override the defaults when there is no file.
TEST(LoadConfig, FlagsOverrideTheDefaults) {
  const Config config = load_config(options({}, 0, 1, "off"));
  Settings expected;
  expected.listen.port = 0;
  expected.threads = 1;
  expected.log_level = "off";
  EXPECT_EQ(config.settings, expected);
}

// Rule: a flag value out of range is an error naming the flag.
TEST_F(ConfigFileTest, BadFlagValuesAreRefused) {
  const std::string path = write("jamd.json", "{}");
  EXPECT_THAT(load_error(options(path, 70000)), HasSubstr("--port"));
  EXPECT_THAT(load_error(options({}, 70000)), HasSubstr("--port"));
  EXPECT_THAT(load_error(options({}, -1)), HasSubstr("--port"));
  EXPECT_THAT(load_error(options({}, {}, 1025)), HasSubstr("--threads"));
  EXPECT_THAT(load_error(options({}, {}, -2)), HasSubstr("--threads"));
  EXPECT_THAT(load_error(options({}, {}, {}, "loud")), HasSubstr("--log-level"));
  EXPECT_THAT(load_error(options(path, {}, {}, "loud")), HasSubstr("loud"));
}

// ---- parse_options ----

// Rule: no flags leaves every option unset.
TEST(ParseOptions, NoFlags) {
  const Options o = parse({});
  EXPECT_FALSE(o.config.has_value());
  EXPECT_FALSE(o.port.has_value());
  EXPECT_FALSE(o.threads.has_value());
  EXPECT_FALSE(o.log_level.has_value());
  EXPECT_FALSE(o.check_config);
  EXPECT_FALSE(o.version);
  EXPECT_FALSE(o.help);
}

// Rule: every flag sets its option, with its value as the next argument.
TEST(ParseOptions, AllFlags) {
  const Options o = parse({"--config", "/etc/jamd.json", "--port", "5", "--threads", "2",
                           "--log-level", "debug", "--check-config", "--version", "--help"});
  EXPECT_EQ(o.config, "/etc/jamd.json");
  EXPECT_EQ(o.port, 5);
  EXPECT_EQ(o.threads, 2);
  EXPECT_EQ(o.log_level, "debug");
  EXPECT_TRUE(o.check_config);
  EXPECT_TRUE(o.version);
  EXPECT_TRUE(o.help);
  EXPECT_TRUE(parse({"-h"}).help);
}

// Rule: "--flag=value" is the same as "--flag value"; the value may itself hold '='.
TEST(ParseOptions, EqualsForm) {
  const Options o =
      parse({"--port=5", "--threads=8", "--log-level=trace", "--config=/tmp/a=b.json"});
  EXPECT_EQ(o.port, 5);
  EXPECT_EQ(o.threads, 8);
  EXPECT_EQ(o.log_level, "trace");
  EXPECT_EQ(o.config, "/tmp/a=b.json");
}

// Rule: a flag that needs a value and has none is refused.
TEST(ParseOptions, MissingValueThrows) {
  EXPECT_THROW(parse({"--port"}), std::invalid_argument);
  EXPECT_THROW(parse({"--config"}), std::invalid_argument);
  EXPECT_THROW(parse({"--threads"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "5", "--log-level"}), std::invalid_argument);
}

// Rule: an unknown flag, or a value given to a switch, is refused.
TEST(ParseOptions, UnknownFlagThrows) {
  EXPECT_THROW(parse({"--nope"}), std::invalid_argument);
  EXPECT_THROW(parse({"-p", "5"}), std::invalid_argument);
  EXPECT_THROW(parse({"port"}), std::invalid_argument);
  EXPECT_THROW(parse({"--version=1"}), std::invalid_argument);
  EXPECT_THROW(parse({"--check-config=yes"}), std::invalid_argument);
}

// Rule: --port and --threads take whole numbers only.
TEST(ParseOptions, NonNumericValueThrows) {
  EXPECT_THROW(parse({"--port", "abc"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "5x"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "1.5"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", ""}), std::invalid_argument);
  EXPECT_THROW(parse({"--port="}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "99999999999999999999999"}), std::invalid_argument);
  EXPECT_THROW(parse({"--threads", "two"}), std::invalid_argument);
}

// Rule: the error message names the flag and the value.
TEST(ParseOptions, MessageNamesFlagAndValue) {
  try {
    (void)parse({"--port", "abc"});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("--port"), HasSubstr("abc")));
  }
}

}  // namespace
}  // namespace jamd::app
