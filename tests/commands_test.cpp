// Each command, built through Registry::from_config with an injected clock.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "commands/config_error.hpp"
#include "commands/registry.hpp"
#include "support/dispatch.hpp"
#include "support/lines.hpp"

namespace jamd::commands {
namespace {

using commands::After;
using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::system_clock;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// The instant y-m-d h:mi:s UTC.
system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int mi, int s) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} + hours{h} +
         minutes{mi} + seconds{s};
}

using test::count_crlf;
using test::reply;

class CommandsTest : public ::testing::Test {
 protected:
  // "local" must be Asia/Tokyo (UTC+9, no DST) before anything reads the local zone.
  static void SetUpTestSuite() {
    ASSERT_EQ(setenv("TZ", "Asia/Tokyo", 1), 0);
    tzset();
  }

  /// A registry over the JSON list `commands` whose clock reads now_.
  std::shared_ptr<const Registry> build(std::string_view commands) {
    return Registry::from_config(json::parse(commands), Services{.clock = [this] { return now_; }});
  }

  /// The key() of the ConfigError that building `commands` throws.
  std::string config_error_key(std::string_view commands) {
    try {
      (void)build(commands);
    } catch (const ConfigError& e) {
      return e.key();
    }
    return "<no ConfigError>";
  }

  system_clock::time_point now_ = utc(2026, 1, 2, 3, 4, 5);
};

constexpr std::string_view kUtcTime = R"([{"name": "TIME", "type": "time", "timezone": "UTC"}])";

constexpr std::string_view kStandard = R"([
  {"name": "TIME", "type": "time", "timezone": "UTC"},
  {"name": "QUIT", "type": "quit"},
  {"name": "HELP", "type": "help"}
])";

// Rule: TIME in UTC replies "JAM hh:mm:ss\r\n", zero-padded.
TEST_F(CommandsTest, TimeUtcAtFixedInstant) {
  const auto registry = build(kUtcTime);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
}

// Rule: TIME is on a 24-hour clock, from 00:00:00 to 23:59:59.
TEST_F(CommandsTest, TimeUtcIs24Hour) {
  const auto registry = build(kUtcTime);
  now_ = utc(2026, 1, 2, 23, 59, 59);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 23:59:59\r\n");
  now_ = utc(2026, 1, 3, 0, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 00:00:00\r\n");
  now_ = utc(2026, 1, 3, 12, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 12:00:00\r\n");
  now_ = utc(2026, 1, 3, 13, 14, 15);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 13:14:15\r\n");
}

// Rule: TIME truncates to the second, never rounds up.
TEST_F(CommandsTest, TimeTruncatesFractions) {
  const auto registry = build(kUtcTime);
  now_ = utc(2026, 1, 2, 3, 4, 5) + milliseconds{999};
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
}

// Rule: TIME is right for instants before 1970 too.
TEST_F(CommandsTest, TimeBeforeEpoch) {
  const auto registry = build(kUtcTime);
  now_ = utc(1969, 12, 31, 23, 0, 1);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 23:00:01\r\n");
}

// Rule: an IANA zone shifts the hour by its offset (Asia/Jakarta is UTC+7), across midnight.
TEST_F(CommandsTest, TimeInJakarta) {
  const auto registry = build(R"([{"name": "TIME", "type": "time", "timezone": "Asia/Jakarta"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 10:04:05\r\n");
  now_ = utc(2026, 1, 2, 20, 30, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:30:00\r\n");
}

// Rule: an IANA zone follows daylight saving time (New York: UTC-5 in winter, UTC-4 in summer).
TEST_F(CommandsTest, TimeFollowsDaylightSaving) {
  const auto registry =
      build(R"([{"name": "TIME", "type": "time", "timezone": "America/New_York"}])");
  now_ = utc(2026, 1, 2, 12, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 07:00:00\r\n");
  now_ = utc(2026, 7, 1, 12, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 08:00:00\r\n");
}

// Rule: "local" is the zone of TZ (Asia/Tokyo here, UTC+9).
TEST_F(CommandsTest, TimeLocalHonoursTz) {
  const auto registry = build(R"([{"name": "TIME", "type": "time", "timezone": "local"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 12:04:05\r\n");
  now_ = utc(2026, 1, 2, 20, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 05:00:00\r\n");
}

// Rule: a TIME without a timezone uses the local zone.
TEST_F(CommandsTest, TimeDefaultsToLocal) {
  const auto registry = build(R"([{"name": "TIME", "type": "time"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 12:04:05\r\n");
}

// Rule: the per-second cache follows the clock: a new second is a new reply, and the same
// second gives the same reply.
TEST_F(CommandsTest, TimeCacheIsNeverStale) {
  const auto registry = build(kUtcTime);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
  now_ += milliseconds{500};
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
  now_ = utc(2026, 1, 2, 3, 4, 6);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:06\r\n");
  now_ = utc(2026, 1, 2, 3, 4, 5);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
  now_ += hours{24};  // the same time of day on the next day is still a new second
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
  now_ += seconds{1};
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:06\r\n");
}

// Rule: two TIME commands in one registry each answer in their own zone, even in the same
// second on the same thread.
TEST_F(CommandsTest, TwoTimeCommandsKeepTheirOwnZones) {
  const auto registry = build(R"([
    {"name": "UTC", "type": "time", "timezone": "UTC"},
    {"name": "WIB", "type": "time", "timezone": "Asia/Jakarta"},
    {"name": "JST", "type": "time", "timezone": "local"}
  ])");
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(reply(*registry, "UTC"), "JAM 03:04:05\r\n");
    EXPECT_EQ(reply(*registry, "WIB"), "JAM 10:04:05\r\n");
    EXPECT_EQ(reply(*registry, "UTC"), "JAM 03:04:05\r\n");
    EXPECT_EQ(reply(*registry, "JST"), "JAM 12:04:05\r\n");
  }
}

// Rule: a rebuilt registry (as on reload) does not reuse another command's cached reply.
TEST_F(CommandsTest, RebuiltRegistryUsesItsOwnZone) {
  EXPECT_EQ(reply(*build(kUtcTime), "TIME"), "JAM 03:04:05\r\n");
  EXPECT_EQ(
      reply(*build(R"([{"name": "TIME", "type": "time", "timezone": "Asia/Jakarta"}])"), "TIME"),
      "JAM 10:04:05\r\n");
  EXPECT_EQ(reply(*build(kUtcTime), "TIME"), "JAM 03:04:05\r\n");
}

// Rule: an unknown or non-string zone is refused with the key of the entry's timezone.
TEST_F(CommandsTest, UnknownZoneIsRefused) {
  EXPECT_EQ(config_error_key(R"([{"name": "TIME", "type": "time", "timezone": "Mars/Olympus"}])"),
            "commands[0].timezone");
  EXPECT_EQ(config_error_key(R"([{"name": "TIME", "type": "time", "timezone": ""}])"),
            "commands[0].timezone");
  EXPECT_EQ(config_error_key(R"([{"name": "TIME", "type": "time", "timezone": 7}])"),
            "commands[0].timezone");
  EXPECT_EQ(config_error_key(R"([{"name": "QUIT", "type": "quit"},
                                 {"name": "TIME", "type": "time", "timezone": "utc+7"}])"),
            "commands[1].timezone");
}

// Rule: TIME takes no arguments.
TEST_F(CommandsTest, TimeTakesNoArguments) {
  const auto registry = build(kUtcTime);
  EXPECT_EQ(reply(*registry, "TIME now"), "ERR wrong number of arguments for 'TIME'\r\n");
}

// Rule: QUIT closes the session with no reply, and takes no arguments.
TEST_F(CommandsTest, QuitClosesWithoutReply) {
  const auto registry = build(kStandard);
  EXPECT_TRUE(test::closes(*registry, "QUIT"));
  EXPECT_EQ(reply(*registry, "QUIT 1"), "ERR wrong number of arguments for 'QUIT'\r\n");
}

// Rule: HELP alone lists every name, sorted, on one line.
TEST_F(CommandsTest, HelpListsAllCommandsSorted) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP"), "COMMANDS HELP QUIT TIME\r\n");
  EXPECT_EQ(reply(*registry, "help"), "COMMANDS HELP QUIT TIME\r\n");
}

// Rule: HELP sees commands listed after it in the config.
TEST_F(CommandsTest, HelpSeesLaterCommands) {
  const auto registry = build(R"([
    {"name": "HELP", "type": "help"},
    {"name": "TIME", "type": "time", "timezone": "UTC"}
  ])");
  EXPECT_EQ(reply(*registry, "HELP"), "COMMANDS HELP TIME\r\n");
}

// Rule: "HELP <name>" describes that command, in any case, on one line that starts with its
// configured name.
TEST_F(CommandsTest, HelpDescribesOneCommand) {
  const auto registry = build(kStandard);
  const std::string time = reply(*registry, "HELP time");
  EXPECT_THAT(time, StartsWith("TIME "));
  EXPECT_THAT(time, HasSubstr("JAM hh:mm:ss"));
  EXPECT_THAT(time, HasSubstr("UTC"));
  EXPECT_THAT(time, EndsWith("\r\n"));
  EXPECT_EQ(count_crlf(time), 1u);

  const std::string help = reply(*registry, "HELP Help");
  EXPECT_THAT(help, StartsWith("HELP [command] "));
  EXPECT_THAT(help, EndsWith("\r\n"));
  EXPECT_EQ(count_crlf(help), 1u);

  const std::string quit = reply(*registry, "help QUIT");
  EXPECT_THAT(quit, StartsWith("QUIT "));
  EXPECT_EQ(count_crlf(quit), 1u);
}

// Rule: HELP of an unknown command is the unknown-command error, naming it as typed.
TEST_F(CommandsTest, HelpOfUnknownCommand) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP FOO"), "ERR unknown command 'FOO'\r\n");
  EXPECT_EQ(reply(*registry, "HELP foo"), "ERR unknown command 'foo'\r\n");
}

// Rule: HELP takes at most one argument.
TEST_F(CommandsTest, HelpWithTwoArgumentsIsWrongArity) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP TIME QUIT"), "ERR wrong number of arguments for 'HELP'\r\n");
}

// Rule: commands work under custom names, and HELP lists and describes those names.
TEST_F(CommandsTest, CustomNames) {
  const auto registry = build(R"([
    {"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"},
    {"name": "keluar", "type": "quit"},
    {"name": "BANTUAN", "type": "help"}
  ])");
  EXPECT_EQ(reply(*registry, "BANTUAN"), "COMMANDS BANTUAN keluar WAKTU\r\n");
  EXPECT_EQ(reply(*registry, "waktu"), "JAM 10:04:05\r\n");
  const std::string waktu = reply(*registry, "BANTUAN waktu");
  EXPECT_THAT(waktu, StartsWith("WAKTU "));
  EXPECT_THAT(waktu, HasSubstr("Asia/Jakarta"));
  EXPECT_EQ(count_crlf(waktu), 1u);
  EXPECT_TRUE(test::closes(*registry, "KELUAR"));
  EXPECT_EQ(reply(*registry, "TIME"), "ERR unknown command 'TIME'\r\n");
  EXPECT_EQ(reply(*registry, "HELP"), "ERR unknown command 'HELP'\r\n");
}

}  // namespace
}  // namespace jamd::commands
