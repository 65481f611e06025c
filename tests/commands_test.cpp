// Each real command, built from its config entry with an injected clock.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "commands/command.hpp"
#include "commands/registry.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"
#include "support/lines.hpp"
#include "support/peer.hpp"

namespace jamd::commands {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::system_clock;
using test::count_crlf;
using test::kStandard;
using test::reply;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// The instant y-m-d h:mi:s UTC.
system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int mi, int s) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} + hours{h} +
         minutes{mi} + seconds{s};
}

class Commands : public ::testing::Test {
 protected:
  // "local" must be Asia/Tokyo (UTC+9, no DST) before anything reads the local zone.
  static void SetUpTestSuite() {
    ASSERT_EQ(setenv("TZ", "Asia/Tokyo", 1), 0);
    tzset();
  }

  /// A registry over the JSON list `commands` whose clock reads now_.
  std::shared_ptr<const Registry> build(std::string_view commands) {
    return test::registry_of(commands, Services{.clock = [this] { return now_; }});
  }

  /// The key() of the ConfigError that building `commands` throws.
  std::string config_error_key(std::string_view commands) {
    return test::config_error_key([&] { return build(commands); });
  }

  system_clock::time_point now_ = utc(2026, 1, 2, 3, 4, 5);
};

using TimeCommand = Commands;
using QuitCommand = Commands;
using HelpCommand = Commands;

constexpr std::string_view kUtcTime = R"([{"name": "TIME", "type": "time", "timezone": "UTC"}])";

TEST_F(TimeCommand, RepliesJamAndTheTimeZeroPadded) {
  const auto registry = build(kUtcTime);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
}

TEST_F(TimeCommand, RunsOnA24HourClock) {
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

TEST_F(TimeCommand, TruncatesToTheSecondNeverRoundsUp) {
  const auto registry = build(kUtcTime);
  now_ = utc(2026, 1, 2, 3, 4, 5) + milliseconds{999};
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:04:05\r\n");
}

TEST_F(TimeCommand, IsRightBefore1970Too) {
  const auto registry = build(kUtcTime);
  now_ = utc(1969, 12, 31, 23, 0, 1);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 23:00:01\r\n");
}

TEST_F(TimeCommand, AnIanaZoneShiftsTheHourAcrossMidnight) {
  const auto registry = build(R"([{"name": "TIME", "type": "time", "timezone": "Asia/Jakarta"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 10:04:05\r\n");
  now_ = utc(2026, 1, 2, 20, 30, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 03:30:00\r\n");
}

TEST_F(TimeCommand, AnIanaZoneFollowsDaylightSaving) {
  const auto registry =
      build(R"([{"name": "TIME", "type": "time", "timezone": "America/New_York"}])");
  now_ = utc(2026, 1, 2, 12, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 07:00:00\r\n");
  now_ = utc(2026, 7, 1, 12, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 08:00:00\r\n");
}

TEST_F(TimeCommand, LocalIsTheZoneOfTz) {
  const auto registry = build(R"([{"name": "TIME", "type": "time", "timezone": "local"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 12:04:05\r\n");
  now_ = utc(2026, 1, 2, 20, 0, 0);
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 05:00:00\r\n");
}

TEST_F(TimeCommand, WithoutATimezoneIsLocal) {
  const auto registry = build(R"([{"name": "TIME", "type": "time"}])");
  EXPECT_EQ(reply(*registry, "TIME"), "JAM 12:04:05\r\n");
}

TEST_F(TimeCommand, ItsPerSecondCacheIsNeverStale) {
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

TEST_F(TimeCommand, TwoInOneRegistryKeepTheirOwnZones) {
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

TEST_F(TimeCommand, ARebuiltRegistryUsesItsOwnZone) {
  EXPECT_EQ(reply(*build(kUtcTime), "TIME"), "JAM 03:04:05\r\n");
  EXPECT_EQ(
      reply(*build(R"([{"name": "TIME", "type": "time", "timezone": "Asia/Jakarta"}])"), "TIME"),
      "JAM 10:04:05\r\n");
  EXPECT_EQ(reply(*build(kUtcTime), "TIME"), "JAM 03:04:05\r\n");
}

TEST_F(TimeCommand, AnUnknownOrNonStringZoneIsRefused) {
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

TEST_F(TimeCommand, TakesNoArguments) {
  const auto registry = build(kUtcTime);
  EXPECT_EQ(reply(*registry, "TIME now"), "ERR wrong number of arguments for 'TIME'\r\n");
}

TEST_F(QuitCommand, ClosesWithoutReplyAndTakesNoArguments) {
  const auto registry = build(kStandard);
  for (const char* line : {"QUIT", "quit", "  Quit\t"}) {
    EXPECT_TRUE(test::closes(*registry, line)) << line;
  }
  EXPECT_EQ(reply(*registry, "QUIT 1"), "ERR wrong number of arguments for 'QUIT'\r\n");
}

TEST_F(HelpCommand, AloneListsEveryNameSortedOnOneLine) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP"), "COMMANDS HELP QUIT TIME\r\n");
  EXPECT_EQ(reply(*registry, "help"), "COMMANDS HELP QUIT TIME\r\n");
}

TEST_F(HelpCommand, SeesCommandsListedAfterIt) {
  const auto registry = build(R"([
    {"name": "HELP", "type": "help"},
    {"name": "TIME", "type": "time", "timezone": "UTC"}
  ])");
  EXPECT_EQ(reply(*registry, "HELP"), "COMMANDS HELP TIME\r\n");
}

TEST_F(HelpCommand, DescribesOneCommandInAnyCase) {
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

TEST_F(HelpCommand, OfAnUnknownCommandIsTheUnknownCommandError) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP FOO"), "ERR unknown command 'FOO'\r\n");
  EXPECT_EQ(reply(*registry, "HELP foo"), "ERR unknown command 'foo'\r\n");
}

/// The standard commands and SECRET, which only loopback may run.
constexpr std::string_view kWithSecret = R"([
  {"name": "TIME", "type": "time", "timezone": "UTC"},
  {"name": "SECRET", "type": "time", "timezone": "UTC", "allow": ["127.0.0.1", "::1"]},
  {"name": "QUIT", "type": "quit"},
  {"name": "HELP", "type": "help"}
])";

// 7 and 13. HELP lists only the commands the client may run.
TEST_F(HelpCommand, ListsOnlyTheCommandsTheClientMayRun) {
  const auto registry = build(kWithSecret);
  EXPECT_EQ(reply(*registry, "HELP", test::peer("127.0.0.1")),
            "COMMANDS HELP QUIT SECRET TIME\r\n");
  EXPECT_EQ(reply(*registry, "HELP", test::peer("::1")), "COMMANDS HELP QUIT SECRET TIME\r\n");
  EXPECT_EQ(reply(*registry, "HELP", test::peer("127.0.0.2")), "COMMANDS HELP QUIT TIME\r\n");
}

// 7 and 13. HELP tells a client outside a command's list what the command itself would.
TEST_F(HelpCommand, OfACommandTheClientMayNotRunIsTheNotAllowedError) {
  const auto registry = build(kWithSecret);
  const auto outside = test::peer("192.0.2.7");
  EXPECT_EQ(reply(*registry, "HELP SECRET", outside),
            "ERR 'SECRET' is not allowed from 192.0.2.7\r\n");
  EXPECT_EQ(reply(*registry, "help secret", outside),
            "ERR 'secret' is not allowed from 192.0.2.7\r\n");
  EXPECT_EQ(reply(*registry, "secret", outside), "ERR 'secret' is not allowed from 192.0.2.7\r\n");
  EXPECT_THAT(reply(*registry, "HELP SECRET", test::peer("127.0.0.1")), StartsWith("SECRET "));
  EXPECT_EQ(reply(*registry, "SECRET", test::peer("127.0.0.1")), "JAM 03:04:05\r\n");
}

// 13. HELP itself may be kept to a list: outside it, HELP is refused like any other command.
TEST_F(HelpCommand, KeptToAListIsRefusedOutsideIt) {
  const auto registry = build(R"([{"name": "TIME", "type": "time", "timezone": "UTC"},
                                  {"name": "HELP", "type": "help", "allow": ["10.0.0.0/8"]}])");
  EXPECT_EQ(reply(*registry, "HELP TIME", test::peer("192.0.2.7")),
            "ERR 'HELP' is not allowed from 192.0.2.7\r\n");
  EXPECT_EQ(reply(*registry, "HELP", test::peer("10.9.9.9")), "COMMANDS HELP TIME\r\n");
}

TEST_F(HelpCommand, TakesAtMostOneArgument) {
  const auto registry = build(kStandard);
  EXPECT_EQ(reply(*registry, "HELP TIME QUIT"), "ERR wrong number of arguments for 'HELP'\r\n");
}

TEST_F(Commands, WorkUnderCustomNamesThatHelpListsAndDescribes) {
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

TEST_F(TimeCommand, IsFoundInAnyCase) {
  const auto registry = build(kStandard);
  for (const char* line : {"time", "Time", "TIME"}) {
    EXPECT_THAT(reply(*registry, line), StartsWith("JAM ")) << line;
  }
}

// A name is at most 32 characters; HELP of 400 such names still fits in one reply.
TEST_F(HelpCommand, OfManyLongNamesFitsInOneReply) {
  std::string list = R"([{"name": "HELP", "type": "help"})";
  for (int i = 0; i < 400; ++i) {
    std::string name = std::to_string(i);
    name.insert(0, 32 - name.size(), 'T');
    list += R"(, {"name": ")" + name + R"(", "type": "time", "timezone": "UTC"})";
  }
  const auto registry = build(list + "]");
  const std::string help = reply(*registry, "HELP");
  EXPECT_THAT(help, StartsWith("COMMANDS HELP TTTT"));
  EXPECT_EQ(count_crlf(help), 1u);
  EXPECT_GT(help.size(), 400u * 33);
  EXPECT_LE(help.size(), kMaxReplyBytes);
}

}  // namespace
}  // namespace jamd::commands
