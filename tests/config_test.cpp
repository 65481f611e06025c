// The settings: the built-in defaults, a config text over them, the printed form, the
// commands list read into a registry, and load_config, which puts them and the flags together.

#include "app/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "app/builtin_commands.hpp"
#include "app/default_config.hpp"
#include "app/options.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"
#include "support/peer.hpp"

namespace jamd::app {
namespace {

namespace fs = std::filesystem;
using test::reply;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// The HELP line of the shipped commands: TIME, QUIT and HELP among them (a command added to
/// the defaults changes no test).
const auto kDefaultCommands = AllOf(StartsWith("COMMANDS "), HasSubstr(" HELP"), HasSubstr(" QUIT"),
                                    HasSubstr(" TIME"), EndsWith("\r\n"));

/// The HELP line of a registry of `commands`.
std::string help_of(const Json& commands) {
  return reply(*build_registry(commands, builtin_command_types()), "HELP");
}

const fs::path kShippedConfig = fs::path(__FILE__).parent_path().parent_path() / "config/jamd.json";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The key() of the ConfigError that parse_settings throws for `text`.
std::string error_key(const std::string& text) {
  return test::config_error_key([&] { return parse_settings(text); });
}

/// The key() of the ConfigError that build_registry throws for the list `commands`.
std::string commands_error_key(const std::string& commands) {
  return test::config_error_key(
      [&] { return build_registry(Json::parse(commands), builtin_command_types()); });
}

TEST(ParseSettings, TheShippedConfigIsExactlyTheBuiltInDefaults) {
  const Settings shipped = parse_settings(read(kShippedConfig));
  EXPECT_EQ(shipped, default_settings());
  EXPECT_EQ(shipped.listen.port, 45000);
  EXPECT_THAT(shipped.listen.addresses, ElementsAre("::"));
  EXPECT_EQ(shipped.threads, 0u);
  EXPECT_EQ(shipped.log_level, "info");
  EXPECT_EQ(shipped.log_file, "");
  EXPECT_EQ(shipped.log_format, "text");
  EXPECT_EQ(shipped.limits.max_line_bytes, 1024u);
  EXPECT_EQ(shipped.limits.max_output_bytes, 65536u);
  EXPECT_EQ(shipped.limits.send_timeout_s, 30.0);
  EXPECT_THAT(help_of(shipped.commands), kDefaultCommands);
}

TEST(ParseSettings, AnEmptyObjectEvenWithCommentsIsTheDefaults) {
  EXPECT_EQ(parse_settings("{}"), default_settings());
  EXPECT_EQ(parse_settings("// nothing\n{ /* at all */ }\n"), default_settings());
}

TEST(ParseSettings, AKeyGivenChangesThatSettingAndNothingElse) {
  Settings expected = default_settings();
  expected.listen.port = 1;
  EXPECT_EQ(parse_settings(R"({"port": 1})"), expected);

  expected = default_settings();
  expected.limits.max_line_bytes = 80;
  EXPECT_EQ(parse_settings(R"({"limits": {"max_line_bytes": 80}})"), expected);

  expected = default_settings();
  expected.log_file = "/var/log/jamd.log";
  EXPECT_EQ(parse_settings(R"({"logging": {"file": "/var/log/jamd.log"}})"), expected);
}

TEST(ParseSettings, ReadsEveryKeyIntoItsSetting) {
  const Settings s = parse_settings(R"({
    "port": 0,
    "bind": ["127.0.0.1", "::1"],
    "threads": 4,
    "busy_poll_us": 0,
    "logging": {"level": "debug", "file": "jamd.log", "format": "json"},
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
  EXPECT_EQ(s.log_format, "json");
  EXPECT_EQ(s.limits.max_connections, 5u);
  EXPECT_EQ(s.limits.max_line_bytes, 64u);
  EXPECT_EQ(s.limits.max_output_bytes, 4096u);
  EXPECT_EQ(s.limits.idle_timeout_s, 0.0);
  EXPECT_EQ(s.limits.send_timeout_s, 7.5);
  EXPECT_EQ(s.limits.drain_timeout_s, 1.5);
  EXPECT_EQ(s.commands, Json::parse(R"([{"name": "WAKTU", "type": "time",
                                         "timezone": "Asia/Jakarta"}])"));
}

TEST(ParseSettings, BindMayBeOneAddressReplacingTheDefault) {
  EXPECT_THAT(parse_settings(R"({"bind": "127.0.0.1"})").listen.addresses,
              ElementsAre("127.0.0.1"));
  EXPECT_THAT(parse_settings(R"({"bind": "::1"})").listen.addresses, ElementsAre("::1"));
  EXPECT_THAT(parse_settings(R"({"bind": "0.0.0.0"})").listen.addresses, ElementsAre("0.0.0.0"));
}

TEST(ParseSettings, PortRunsFrom0To65535) {
  EXPECT_EQ(parse_settings(R"({"port": 0})").listen.port, 0);
  EXPECT_EQ(parse_settings(R"({"port": 65535})").listen.port, 65535);
}

TEST(ParseSettings, AcceptsAFractionalTimeoutAsItIs) {
  EXPECT_EQ(parse_settings(R"({"limits": {"idle_timeout_s": 0.25}})").limits.idle_timeout_s, 0.25);
}

TEST(ParseSettings, AcceptsEveryLogLevelThatExists) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    EXPECT_EQ(parse_settings(std::string(R"({"logging": {"level": ")") + level + "\"}}").log_level,
              level);
  }
}

TEST(ParseSettings, RefusesAnUnknownKeyByItsPathAtAnyLevel) {
  EXPECT_EQ(error_key(R"({"prot": 45000})"), "prot");
  EXPECT_EQ(error_key(R"({"logging": {"lvl": "info"}})"), "logging.lvl");
  EXPECT_EQ(error_key(R"({"limits": {"max_lines": 3}})"), "limits.max_lines");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout": 3}})"), "limits.idle_timeout");
}

TEST(ParseSettings, RefusesAPortThatIsNotAWholeNumberFrom0To65535) {
  EXPECT_EQ(error_key(R"({"port": -1})"), "port");
  EXPECT_EQ(error_key(R"({"port": 65536})"), "port");
  EXPECT_EQ(error_key(R"({"port": "45000"})"), "port");
  EXPECT_EQ(error_key(R"({"port": 1.5})"), "port");
  EXPECT_EQ(error_key(R"({"port": true})"), "port");
  EXPECT_EQ(error_key(R"({"port": null})"), "port");
  EXPECT_EQ(error_key(R"({"port": 18446744073709551615})"), "port");
}

TEST(ParseSettings, RefusesThreadsOutside0To1024) {
  EXPECT_EQ(error_key(R"({"threads": -1})"), "threads");
  EXPECT_EQ(error_key(R"({"threads": 1025})"), "threads");
  EXPECT_EQ(error_key(R"({"threads": "2"})"), "threads");
  EXPECT_EQ(parse_settings(R"({"threads": 1024})").threads, 1024u);
}

TEST(ParseSettings, RefusesBusyPollOutside0To1000Microseconds) {
  EXPECT_EQ(error_key(R"({"busy_poll_us": -1})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": 1001})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": 2.5})"), "busy_poll_us");
  EXPECT_EQ(error_key(R"({"busy_poll_us": "10"})"), "busy_poll_us");
  EXPECT_EQ(parse_settings(R"({"busy_poll_us": 1000})").busy_poll_us, 1000u);
}

TEST(ParseSettings, RefusesABadBindNamingABadListEntryByItsIndex) {
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

TEST(ParseSettings, RefusesLoggingThatIsNotAnObjectOfAKnownLevelAFileAndAFormat) {
  EXPECT_EQ(error_key(R"({"logging": {"level": "verbose"}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"level": "INFO"}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"level": 3}})"), "logging.level");
  EXPECT_EQ(error_key(R"({"logging": {"file": false}})"), "logging.file");
  EXPECT_EQ(error_key(R"({"logging": "info"})"), "logging");
  EXPECT_EQ(error_key(R"({"logging": {"format": "xml"}})"), "logging.format");
  EXPECT_EQ(error_key(R"({"logging": {"format": "JSON"}})"), "logging.format");
  EXPECT_EQ(error_key(R"({"logging": {"format": 1}})"), "logging.format");
  try {
    parse_settings(R"({"logging": {"format": "xml"}})");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "logging.format: unknown log format 'xml': use text or json");
  }
}

TEST(ParseSettings, RefusesLimitsThatAreNotInRangeNumbers) {
  EXPECT_EQ(error_key(R"({"limits": {"max_line_bytes": 0}})"), "limits.max_line_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"max_line_bytes": 1048577}})"), "limits.max_line_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"max_connections": 0}})"), "limits.max_connections");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout_s": -1}})"), "limits.idle_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"idle_timeout_s": "300"}})"), "limits.idle_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"drain_timeout_s": -0.5}})"), "limits.drain_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": {"max_output_bytes": 1023}})"), "limits.max_output_bytes");
  EXPECT_EQ(error_key(R"({"limits": {"send_timeout_s": "30"}})"), "limits.send_timeout_s");
  EXPECT_EQ(error_key(R"({"limits": 5})"), "limits");
  EXPECT_EQ(error_key(R"({"limits": {"max_connections_per_client": -1}})"),
            "limits.max_connections_per_client");
  EXPECT_EQ(error_key(R"({"limits": {"new_connections_per_client_per_s": -2}})"),
            "limits.new_connections_per_client_per_s");
  EXPECT_EQ(error_key(R"({"limits": {"new_connections_per_client_per_s": "5"}})"),
            "limits.new_connections_per_client_per_s");
  EXPECT_EQ(error_key(R"({"limits": {"ipv6_client_prefix": 0}})"), "limits.ipv6_client_prefix");
  EXPECT_EQ(error_key(R"({"limits": {"ipv6_client_prefix": 129}})"), "limits.ipv6_client_prefix");
}

TEST(ParseSettings, ReadsThePerClientLimitsOffByDefault) {
  const Settings off = parse_settings("{}");
  EXPECT_EQ(off.limits.max_connections_per_client, 0u);
  EXPECT_EQ(off.limits.new_connections_per_client_per_s, 0.0);
  EXPECT_EQ(off.limits.ipv6_client_prefix, 64u);
  const Settings s = parse_settings(R"({"limits": {"max_connections_per_client": 32,
    "new_connections_per_client_per_s": 2.5, "ipv6_client_prefix": 56}})");
  EXPECT_EQ(s.limits.max_connections_per_client, 32u);
  EXPECT_EQ(s.limits.new_connections_per_client_per_s, 2.5);
  EXPECT_EQ(s.limits.ipv6_client_prefix, 56u);
  EXPECT_EQ(parse_settings(to_json(s).dump()), s);
}

TEST(ParseSettings, ReadsTheProxyProtocolsTrustedPrefixesAndTimeout) {
  EXPECT_TRUE(parse_settings("{}").proxy.trusted.empty());
  EXPECT_EQ(parse_settings("{}").proxy.timeout_s, 3.0);
  const Settings s = parse_settings(
      R"({"proxy_protocol": {"trusted": ["10.0.0.5", "2001:db8::/64"], "timeout_s": 0.5}})");
  ASSERT_EQ(s.proxy.trusted.size(), 2u);
  EXPECT_EQ(s.proxy.trusted[1].to_string(), "2001:db8::/64");
  EXPECT_EQ(s.proxy.timeout_s, 0.5);
  EXPECT_EQ(parse_settings(to_json(s).dump()), s);
  EXPECT_EQ(error_key(R"({"proxy_protocol": {"trusted": ["10.0.0.1/8"]}})"),
            "proxy_protocol.trusted[0]");
  EXPECT_EQ(error_key(R"({"proxy_protocol": {"trusted": "10.0.0.1"}})"), "proxy_protocol.trusted");
  EXPECT_EQ(error_key(R"({"proxy_protocol": {"timeout_s": 0}})"), "proxy_protocol.timeout_s");
  EXPECT_EQ(error_key(R"({"proxy_protocol": {"v2": true}})"), "proxy_protocol.v2");
}

TEST(ParseSettings, ReadsTheClockSectionAndRefusesUnknownNamesByKey) {
  EXPECT_EQ(parse_settings("{}").clock, clock::ClockSettings{});
  const Settings s = parse_settings(
      R"({"clock": {"source": "none", "unsynchronized": "refuse", "max_error_ms": 2.5}})");
  EXPECT_EQ(s.clock.source, clock::Source::none);
  EXPECT_EQ(s.clock.unsynchronized, clock::Policy::refuse);
  EXPECT_EQ(s.clock.max_error_ms, 2.5);
  EXPECT_EQ(parse_settings(R"({"clock": {"unsynchronized": "error"}})").clock.unsynchronized,
            clock::Policy::error);
  EXPECT_EQ(parse_settings(to_json(s).dump()), s);
  EXPECT_EQ(error_key(R"({"clock": {"source": "ntp"}})"), "clock.source");
  EXPECT_EQ(error_key(R"({"clock": {"source": 1}})"), "clock.source");
  EXPECT_EQ(error_key(R"({"clock": {"unsynchronized": "maybe"}})"), "clock.unsynchronized");
  EXPECT_EQ(error_key(R"({"clock": {"max_error_ms": -1}})"), "clock.max_error_ms");
  EXPECT_EQ(error_key(R"({"clock": {"max_error": 1}})"), "clock.max_error");
  try {
    parse_settings(R"({"clock": {"unsynchronized": "close"}})");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), R"(clock.unsynchronized: unknown policy 'close': use "serve", )"
                           R"("error" or "refuse")");
  }
}

TEST(ParseSettings, NamesTheRangeOfARateOutsideIt) {
  try {
    parse_settings(R"({"limits": {"new_connections_per_client_per_s": -2}})");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "limits.new_connections_per_client_per_s: expected a number from 0 to "
                 "1000000, got -2");
  }
}

TEST(ParseSettings, ReadsAccessRulesIntoPrefixesInTheirOrder) {
  const Settings s = parse_settings(R"({"access": {
    "allow": ["10.0.0.0/8", "2001:DB8::/32", "::1"], "deny": ["192.0.2.7", "all"]}})");
  const auto texts = [](const std::vector<core::Prefix>& prefixes) {
    std::vector<std::string> result;
    for (const auto& p : prefixes) result.push_back(p.to_string());
    return result;
  };
  EXPECT_THAT(texts(s.access.allow()), ElementsAre("10.0.0.0/8", "2001:db8::/32", "::1/128"));
  EXPECT_THAT(texts(s.access.deny()), ElementsAre("192.0.2.7/32", "all"));
  EXPECT_EQ(to_json(s)["access"], Json::parse(R"({"allow": ["10.0.0.0/8", "2001:db8::/32",
      "::1/128"], "deny": ["192.0.2.7/32", "all"]})"));
  // One list given: the other keeps its default, empty.
  EXPECT_THAT(texts(parse_settings(R"({"access": {"deny": ["::1"]}})").access.deny()),
              ElementsAre("::1/128"));
  EXPECT_TRUE(parse_settings(R"({"access": {"deny": ["::1"]}})").access.allow().empty());
}

TEST(ParseSettings, RefusesABadAccessEntryNamingTheKeyAndTheEntry) {
  const auto error = [](const std::string& text) -> std::string {
    try {
      (void)parse_settings(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "<no ConfigError>";
  };
  EXPECT_EQ(error(R"({"access": {"deny": ["10.0.0.0/8", "10.0.0.1/8"]}})"),
            "access.deny[1]: '10.0.0.1/8' has bits set past /8: use 10.0.0.0/8");
  EXPECT_EQ(error(R"({"access": {"allow": ["2001:db8::1/32"]}})"),
            "access.allow[0]: '2001:db8::1/32' has bits set past /32: use 2001:db8::/32");
  EXPECT_EQ(error(R"({"access": {"allow": ["::1", "localhost"]}})"),
            "access.allow[1]: 'localhost' is not an address or prefix: use an IPv4 or IPv6 "
            "address, optionally with /length, or \"all\"");
  EXPECT_EQ(error(R"({"access": {"deny": ["10.0.0.0/33"]}})"),
            "access.deny[0]: '10.0.0.0/33': an IPv4 prefix is at most /32");
  EXPECT_EQ(error(R"({"access": {"deny": [8]}})"),
            "access.deny[0]: expected an address or prefix as a string, got 8");
  EXPECT_EQ(error(R"({"access": {"allow": "10.0.0.0/8"}})"),
            "access.allow: expected a list of addresses and prefixes, got \"10.0.0.0/8\"");
  EXPECT_EQ(error(R"({"access": {"allow": [], "only_from": []}})"),
            "access.only_from: unknown key");
  EXPECT_EQ(error(R"({"access": ["10.0.0.0/8"]})"), "access: expected an object");
}

TEST(ParseSettings, RefusesAConfigThatIsNotAnObjectAsAWhole) {
  EXPECT_EQ(error_key("[]"), "");
  EXPECT_EQ(error_key("45000"), "");
  EXPECT_EQ(error_key("null"), "");
}

TEST(ParseSettings, CommandsThatAreNotAListAreRefused) {
  EXPECT_EQ(error_key(R"({"commands": {"name": "TIME", "type": "time"}})"), "commands");
  EXPECT_EQ(error_key(R"({"commands": null})"), "commands");
}

TEST(ParseSettings, RefusesMalformedJsonNamingTheLine) {
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

TEST(DefaultSettings, AreTheCompiledInTextOfConfigJamdJson) {
  EXPECT_EQ(kDefaultConfigText, read(kShippedConfig));
  const Settings& d = default_settings();
  EXPECT_EQ(d.listen.port, 45000);
  EXPECT_THAT(d.listen.addresses, ElementsAre("::"));
  EXPECT_EQ(d.threads, 0u);
  EXPECT_EQ(d.busy_poll_us, 10u);
  EXPECT_EQ(d.log_level, "info");
  EXPECT_EQ(d.limits.max_connections, 10000u);
  EXPECT_EQ(d.limits.max_line_bytes, 1024u);
  EXPECT_EQ(d.limits.max_output_bytes, 65536u);
  EXPECT_EQ(d.limits.idle_timeout_s, 300.0);
  EXPECT_EQ(d.limits.send_timeout_s, 30.0);
  EXPECT_EQ(d.limits.drain_timeout_s, 2.0);
  EXPECT_TRUE(d.access.empty());
}

// The README shows config/jamd.json in full: the copy must not drift from the file.
TEST(DefaultSettings, AreShownInTheReadmeExactly) {
  const std::string readme = read(kShippedConfig.parent_path().parent_path() / "README.md");
  const std::string fence = "```jsonc\n";
  const auto begin = readme.find(fence);
  ASSERT_NE(begin, std::string::npos) << "README.md shows no jsonc block";
  const auto end = readme.find("```", begin + fence.size());
  EXPECT_EQ(readme.substr(begin + fence.size(), end - begin - fence.size()), read(kShippedConfig));
}

// --print-config prints to_json: for the defaults, the shipped file's own JSON.
TEST(PrintedSettings, OfTheDefaultsAreTheShippedFileWithoutItsComments) {
  EXPECT_EQ(to_json(default_settings()),
            Json::parse(read(kShippedConfig), nullptr, true, /*ignore_comments=*/true));
  EXPECT_EQ(to_json(default_settings()).dump(2), to_json(parse_settings("{}")).dump(2));
}

TEST(PrintedSettings, ReadBackGiveTheSameSettings) {
  const Settings s = parse_settings(R"({
    "port": 7, "bind": ["127.0.0.1", "::1"], "threads": 3, "busy_poll_us": 0,
    "logging": {"level": "debug", "file": "jamd.log", "format": "json"},
    "limits": {"idle_timeout_s": 0.25, "send_timeout_s": 0, "max_connections": 5},
    "access": {"allow": ["10.0.0.0/8", "::1"], "deny": ["10.1.2.3", "all"]},
    "clock": {"source": "none", "unsynchronized": "error", "max_error_ms": 0.5},
    "commands": [{"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"},
                 {"name": "SECRET", "type": "time", "allow": ["127.0.0.1", "10.0.0.0/8"]}]
  })");
  const std::string printed = to_json(s).dump(2);
  EXPECT_EQ(parse_settings(printed), s);
  EXPECT_EQ(to_json(parse_settings(printed)).dump(2), printed);
  EXPECT_THAT(printed, HasSubstr("\"idle_timeout_s\": 0.25"));
  EXPECT_THAT(printed, HasSubstr("\"send_timeout_s\": 0,"));
  EXPECT_THAT(printed, HasSubstr("\"unsynchronized\": \"error\""));
  EXPECT_THAT(printed, HasSubstr("\"max_error_ms\": 0.5"));
  EXPECT_EQ(to_json(s)["commands"][1]["allow"], Json::parse(R"(["127.0.0.1", "10.0.0.0/8"])"));
}

TEST(PrintedSettings, KeepTheKeysInTheOrderOfTheShippedFile) {
  const std::string printed = to_json(default_settings()).dump();
  EXPECT_THAT(printed,
              StartsWith(R"({"port":45000,"bind":"::","threads":0,"busy_poll_us":10,)"
                         R"("logging":{"level":"info","file":"","format":"text"},"limits":{)"));
  EXPECT_THAT(printed, HasSubstr(R"({"name":"TIME","type":"time","timezone":"local"})"));
}

TEST(BuildRegistry, BuildsTheListedCommands) {
  const auto registry = test::registry_of(R"([{"name": "WAKTU", "type": "time"}])");
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "WAKTU").substr(0, 4), "JAM ");
  EXPECT_EQ(reply(*registry, "TIME"), "ERR unknown command 'TIME'\r\n");
}

TEST(BuildRegistry, RefusesAListThatIsNotAList) {
  EXPECT_EQ(commands_error_key("{}"), "commands");
  EXPECT_EQ(commands_error_key(R"("TIME")"), "commands");
  EXPECT_EQ(commands_error_key("null"), "commands");
}

TEST(BuildRegistry, RefusesAnEntryThatIsNotAnObjectByItsIndex) {
  EXPECT_EQ(commands_error_key(R"([42])"), "commands[0]");
  EXPECT_EQ(commands_error_key(R"(["TIME"])"), "commands[0]");
  EXPECT_EQ(commands_error_key(R"([{"name": "QUIT", "type": "quit"}, null])"), "commands[1]");
  EXPECT_EQ(commands_error_key(R"([[{"name": "QUIT", "type": "quit"}]])"), "commands[0]");
  // The first entry in error is named, even when a later one is not an object.
  EXPECT_EQ(commands_error_key(R"([{"name": "FOO", "type": "foo"}, 42])"), "commands[0].type");
}

TEST(BuildRegistry, NamesTheEntryAndKeyOfEachRefusal) {
  EXPECT_EQ(commands_error_key(R"([{"name": "TIME", "type": "time", "timezone": "UTC"},
                                   {"name": "time", "type": "quit"}])"),
            "commands[1].name");
  EXPECT_EQ(commands_error_key(R"([{"name": "QUIT", "type": "quit"},
                                   {"name": "X", "type": "nope"}])"),
            "commands[1].type");
  EXPECT_EQ(commands_error_key(R"([{"name": "FOO"}])"), "commands[0].type");
  EXPECT_EQ(commands_error_key(R"([{"name": "FOO", "type": 1}])"), "commands[0].type");
  EXPECT_EQ(commands_error_key(R"([{"type": "quit"}])"), "commands[0].name");
  EXPECT_EQ(commands_error_key(R"([{"name": 5, "type": "quit"}])"), "commands[0].name");
  EXPECT_EQ(commands_error_key(R"([{"name": null, "type": "quit"}])"), "commands[0].name");
  EXPECT_EQ(commands_error_key(R"([{"name": "TI ME", "type": "quit"}])"), "commands[0].name");
}

TEST(BuildRegistry, RefusesAnOptionTheTypeDoesNotReadByItsKey) {
  EXPECT_EQ(commands_error_key(R"([{"name": "QUIT", "type": "quit", "timezone": "UTC"}])"),
            "commands[0].timezone");
  EXPECT_EQ(commands_error_key(R"([{"name": "TIME", "type": "time", "zone": "UTC"}])"),
            "commands[0].zone");
  EXPECT_EQ(commands_error_key(R"([{"name": "HELP", "type": "help", "summary": "x"}])"),
            "commands[0].summary");
}

TEST(BuildRegistry, TheMessageStartsWithTheKeySoAUserSeesWhereToLook) {
  try {
    (void)test::registry_of(R"([{"name": "FOO", "type": "foo"}])");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), StartsWith("commands[0].type: "));
    EXPECT_THAT(e.what(), HasSubstr("'foo'"));
  }
  try {
    (void)test::registry_of(R"([{"name": "T", "type": "quit", "colour": "red"}])");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "commands[0].colour: unknown option for a command of type 'quit'");
  }
}

/// The message of the ConfigError that build_registry throws for the list `commands`.
std::string commands_error(const std::string& commands) {
  try {
    (void)build_registry(Json::parse(commands), builtin_command_types());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no ConfigError>";
}

// 13. "allow" is read by the registry for every type, never refused as one of its options.
TEST(BuildRegistry, ReadsAnAllowListForEveryType) {
  const auto registry = test::registry_of(R"([
    {"name": "SECRET", "type": "time", "timezone": "UTC", "allow": ["127.0.0.1"]},
    {"name": "BYE", "type": "quit", "allow": ["::1"]},
    {"name": "HELP", "type": "help", "allow": ["all"]}
  ])");
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "SECRET", test::peer("127.0.0.1")).substr(0, 4), "JAM ");
  EXPECT_EQ(reply(*registry, "SECRET", test::peer("127.0.0.2")),
            "ERR 'SECRET' is not allowed from 127.0.0.2\r\n");
  EXPECT_EQ(reply(*registry, "bye", test::peer("127.0.0.1")),
            "ERR 'bye' is not allowed from 127.0.0.1\r\n");
  EXPECT_EQ(reply(*registry, "HELP", test::peer("::1")), "COMMANDS BYE HELP\r\n");
}

// 13. Worded as the access lists' errors are, with the entry's path in front.
TEST(BuildRegistry, RefusesABadAllowListNamingTheEntryAndTheIndex) {
  EXPECT_EQ(commands_error(R"([{"name": "TIME", "type": "time"},
                               {"name": "S", "type": "time", "allow": ["::1", "10.0.0.1/8"]}])"),
            "commands[1].allow[1]: '10.0.0.1/8' has bits set past /8: use 10.0.0.0/8");
  EXPECT_EQ(commands_error(R"([{"name": "S", "type": "time", "allow": ["localhost"]}])"),
            "commands[0].allow[0]: 'localhost' is not an address or prefix: use an IPv4 or IPv6 "
            "address, optionally with /length, or \"all\"");
  EXPECT_EQ(commands_error(R"([{"name": "S", "type": "quit", "allow": ["10.0.0.0/33"]}])"),
            "commands[0].allow[0]: '10.0.0.0/33': an IPv4 prefix is at most /32");
  EXPECT_EQ(commands_error(R"([{"name": "S", "type": "quit", "allow": ["::1", 8]}])"),
            "commands[0].allow[1]: expected a string, got 8");
  EXPECT_EQ(commands_error(R"([{"name": "S", "type": "quit", "allow": "127.0.0.1"}])"),
            "commands[0].allow: expected a list of strings, got \"127.0.0.1\"");
  EXPECT_EQ(commands_error(R"([{"name": "S", "type": "quit", "allow": []}])"),
            "commands[0].allow: an empty list would let no client run the command: leave "
            "\"allow\" out to let every client run it");
}

/// load_config, each test with its own temporary directory, removed afterwards.
class LoadConfig : public ::testing::Test {
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

  static Config load(const Options& options) {
    static plugins::PluginSet plugins;  // no plugin is listed: none is loaded
    return load_config(options, plugins);
  }

  /// The what() of the std::runtime_error that load_config throws for `options`.
  static std::string load_error(const Options& options) {
    try {
      (void)load(options);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "<no runtime_error>";
  }

  /// Options with --config `path` and nothing else.
  static Options with_file(std::string path) {
    Options o;
    o.config = std::move(path);
    return o;
  }

  fs::path dir_;
};

TEST_F(LoadConfig, WithoutAFileGivesTheDefaultsAndTheirCommands) {
  const Config config = load(Options{});
  EXPECT_EQ(config.settings, default_settings());
  ASSERT_NE(config.registry, nullptr);
  EXPECT_THAT(reply(*config.registry, "HELP"), kDefaultCommands);
}

TEST_F(LoadConfig, TheShippedFileLoadsAndGivesTheDefaults) {
  const Config config = load(with_file(kShippedConfig.string()));
  EXPECT_EQ(config.settings, default_settings());
  ASSERT_NE(config.registry, nullptr);
  EXPECT_THAT(reply(*config.registry, "HELP"), kDefaultCommands);
}

TEST_F(LoadConfig, TheRegistryComesFromTheFile) {
  const std::string path = write("jamd.json", R"({
    "commands": [{"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"}]
  })");
  const Config config = load(with_file(path));
  ASSERT_NE(config.registry, nullptr);
  EXPECT_EQ(reply(*config.registry, "HELP"), "ERR unknown command 'HELP'\r\n");
  EXPECT_EQ(reply(*config.registry, "WAKTU").substr(0, 4), "JAM ");
}

TEST_F(LoadConfig, AMissingFileIsAnErrorNamingThePath) {
  const std::string path = (dir_ / "no-such.json").string();
  EXPECT_THAT(load_error(with_file(path)), HasSubstr(path));
}

TEST_F(LoadConfig, ABadKeyIsAnErrorNamingTheFileAndTheKey) {
  const std::string path = write("bad.json", R"({"limits": {"max_line_bytes": 0}})");
  EXPECT_THAT(load_error(with_file(path)),
              AllOf(HasSubstr(path), HasSubstr("limits.max_line_bytes")));
}

TEST_F(LoadConfig, ABadCommandIsAnErrorNamingTheFileAndTheEntrysKey) {
  const std::string path = write("bad.json", R"({"commands": [
    {"name": "TIME", "type": "time", "timezone": "Nowhere/Atlantis"}]})");
  EXPECT_THAT(
      load_error(with_file(path)),
      AllOf(HasSubstr(path + ": commands[0].timezone: unknown time zone 'Nowhere/Atlantis'")));
  const std::string other = write("other.json", R"({"commands": {"TIME": "time"}})");
  EXPECT_THAT(load_error(with_file(other)), AllOf(HasSubstr(other), HasSubstr("commands: ")));
}

TEST_F(LoadConfig, MalformedJsonIsAnErrorNamingTheFileAndTheLine) {
  const std::string path = write("broken.json", "{\n\n  \"port\": 45000\n  \"threads\": 1\n}\n");
  EXPECT_THAT(load_error(with_file(path)), AllOf(HasSubstr(path), HasSubstr("line 4")));
}

// --port, --threads and --log-level override the file, or the defaults without one; the
// rest of the settings stays.
TEST_F(LoadConfig, FlagsOverrideTheFileAndTheDefaults) {
  const std::string path = write("jamd.json", R"({
    "port": 1, "threads": 2, "bind": "127.0.0.1", "logging": {"level": "debug"}
  })");
  const Config file = load(with_file(path));
  EXPECT_EQ(file.settings.listen.port, 1);
  EXPECT_EQ(file.settings.threads, 2u);
  EXPECT_EQ(file.settings.log_level, "debug");

  Options flags = with_file(path);
  flags.port = 7;
  flags.threads = 3;
  flags.log_level = "warn";
  Settings expected = file.settings;
  expected.listen.port = 7;
  expected.threads = 3;
  expected.log_level = "warn";
  EXPECT_EQ(load(flags).settings, expected);
  EXPECT_THAT(load(flags).settings.listen.addresses, ElementsAre("127.0.0.1"));

  flags.config.reset();
  expected = default_settings();
  expected.listen.port = 7;
  expected.threads = 3;
  expected.log_level = "warn";
  EXPECT_EQ(load(flags).settings, expected);
}

}  // namespace
}  // namespace jamd::app
