// TIME and the clock's health: the policy clock.unsynchronized on every state a fake kernel
// can report, and the inserted leap second, in UTC and in zones, through the per-second cache.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "commands/registry.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"
#include "support/fake_clock_source.hpp"

namespace jamd::commands {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::system_clock;
using test::reply;

/// The instant y-m-d h:mi:s UTC.
system_clock::time_point utc(int y, unsigned m, unsigned d, int h, int mi, int s) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} + hours{h} +
         minutes{mi} + seconds{s};
}

constexpr std::string_view kCommands = R"([
  {"name": "TIME", "type": "time", "timezone": "UTC"},
  {"name": "WIB", "type": "time", "timezone": "Asia/Jakarta"},
  {"name": "NPT", "type": "time", "timezone": "Asia/Kathmandu"},
  {"name": "NYC", "type": "time", "timezone": "America/New_York"},
  {"name": "JST", "type": "time", "timezone": "local"},
  {"name": "QUIT", "type": "quit"},
  {"name": "HELP", "type": "help"}
])";

class TimeClock : public ::testing::Test {
 protected:
  // "local" must be Asia/Tokyo (UTC+9, no DST) before anything reads the local zone.
  static void SetUpTestSuite() {
    ASSERT_EQ(setenv("TZ", "Asia/Tokyo", 1), 0);
    tzset();
  }

  /// Judges the fake kernel's `reading` under `settings`, as the once-a-second poll does.
  void kernel_says(const clock::ClockReading& reading, const clock::ClockSettings& settings) {
    source_->set(reading);
    health_->configure(settings);
  }
  void kernel_says(const clock::ClockReading& reading) {
    kernel_says(reading, health_->settings());
  }

  /// The clock TIME reads, and what the kernel's adjtimex gives with it, at `t`.
  void now_is(system_clock::time_point t, clock::ClockReading (*state)(system_clock::time_point)) {
    now_ = t;
    source_->set(state(t));
  }

  const std::shared_ptr<test::FakeClockSource> source_ =
      std::make_shared<test::FakeClockSource>(test::synchronised());
  const std::shared_ptr<clock::ClockHealth> health_ = test::health_of(source_);
  system_clock::time_point now_ = utc(2026, 1, 2, 3, 4, 5);
  const std::shared_ptr<const Registry> registry_ = test::registry_of(
      kCommands, Services{.clock = [this] { return now_; }, .clock_health = health_});
};

using TimeClockPolicy = TimeClock;
using TimeLeapSecond = TimeClock;

TEST_F(TimeClockPolicy, ServeAnswersAsUsualWhileUnsynchronised) {
  kernel_says(test::unsynchronised(), {.unsynchronized = clock::Policy::serve});
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 03:04:05\r\n");
}

// 16. "error": a balancer's health check that expects ^JAM takes the node out.
TEST_F(TimeClockPolicy, ErrorRepliesErrClockNotSynchronizedAndTheSessionStaysOpen) {
  kernel_says(test::unsynchronised(), {.unsynchronized = clock::Policy::error});
  const auto [outcome, out] = test::dispatch(*registry_, "TIME");
  EXPECT_EQ(out, "ERR clock not synchronized\r\n");
  EXPECT_EQ(outcome.kind, core::Outcome::Kind::replied);
  EXPECT_EQ(reply(*registry_, "wib"), "ERR clock not synchronized\r\n");
}

// 16. "refuse": no reply, the session ends; the core can tell it from QUIT's close.
TEST_F(TimeClockPolicy, RefuseClosesWithoutAReplyAndIsToldApartFromQuit) {
  kernel_says(test::unsynchronised(), {.unsynchronized = clock::Policy::refuse});
  const auto [outcome, out] = test::dispatch(*registry_, "TIME");
  EXPECT_EQ(out, "");
  EXPECT_EQ(outcome.kind, core::Outcome::Kind::withheld);
  EXPECT_TRUE(outcome.ends_session());
  EXPECT_EQ(test::dispatch(*registry_, "QUIT").outcome.kind, core::Outcome::Kind::close);
}

// 16. Only the commands that tell the time are held back.
TEST_F(TimeClockPolicy, HelpAndQuitAreUnaffected) {
  kernel_says(test::unsynchronised(), {.unsynchronized = clock::Policy::error});
  EXPECT_THAT(reply(*registry_, "HELP"), ::testing::StartsWith("COMMANDS HELP "));
  EXPECT_THAT(reply(*registry_, "HELP TIME"), ::testing::StartsWith("TIME - "));
  EXPECT_TRUE(test::closes(*registry_, "QUIT"));
}

// 16. On whichever listener the line came in.
TEST_F(TimeClockPolicy, AppliesOnTheAdminListenerToo) {
  kernel_says(test::unsynchronised(), {.unsynchronized = clock::Policy::error});
  const core::Context admin{test::test_peer(), core::Listener::admin};
  std::string out;
  registry_->dispatch(admin, "TIME", out);
  EXPECT_EQ(out, "ERR clock not synchronized\r\n");
}

// The policy is decided when the command runs, past the per-second cache, not when the
// registry was built.
TEST_F(TimeClockPolicy, FollowsTheStateAsItChangesWithinOneSecond) {
  kernel_says(test::synchronised(), {.unsynchronized = clock::Policy::error});
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 03:04:05\r\n");
  kernel_says(test::unsynchronised());
  EXPECT_EQ(reply(*registry_, "TIME"), "ERR clock not synchronized\r\n");
  kernel_says(test::synchronised());
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 03:04:05\r\n");
}

TEST_F(TimeClockPolicy, AnUnreadableStateOrAnErrorOverTheLimitCountsAsUnsynchronised) {
  kernel_says(test::unreadable(), {.unsynchronized = clock::Policy::error});
  EXPECT_EQ(reply(*registry_, "TIME"), "ERR clock not synchronized\r\n");
  kernel_says(test::synchronised({}, std::chrono::microseconds(250'000)),
              {.unsynchronized = clock::Policy::error, .max_error_ms = 100});
  EXPECT_EQ(reply(*registry_, "TIME"), "ERR clock not synchronized\r\n");
  kernel_says(test::synchronised({}, std::chrono::microseconds(50'000)));
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 03:04:05\r\n");
}

TEST_F(TimeClockPolicy, SourceNoneAlwaysAnswers) {
  kernel_says(test::unreadable(),
              {.source = clock::Source::none, .unsynchronized = clock::Policy::refuse});
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 03:04:05\r\n");
}

// 16. The kernel reads 23:59:59 twice, the second time in TIME_OOP: TIME tells them apart
// although the last poll, a second before, saw only the leap armed.
TEST_F(TimeLeapSecond, TheInsertedSecondIs235960InUtc) {
  now_is(utc(2026, 12, 31, 23, 59, 58), test::leap_pending);
  kernel_says(test::leap_pending(now_));  // the poll
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:58\r\n");
  now_is(utc(2026, 12, 31, 23, 59, 59) + milliseconds(400), test::leap_pending);
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:59\r\n");
  now_is(utc(2026, 12, 31, 23, 59, 59) + milliseconds(100), test::leap_in_progress);
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:60\r\n");
  now_is(utc(2026, 12, 31, 23, 59, 59) + milliseconds(900), test::leap_in_progress);
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:60\r\n");
  now_is(utc(2027, 1, 1, 0, 0, 0), test::leap_passed);
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 00:00:00\r\n");
}

// 16. The inserted second is the 60th of the minute that 23:59 UTC falls in, in every zone.
TEST_F(TimeLeapSecond, InAZoneItIsTheSixtiethSecondOfTheMinuteOf2359Utc) {
  kernel_says(test::leap_pending());
  now_is(utc(2026, 12, 31, 23, 59, 59) + milliseconds(500), test::leap_in_progress);
  EXPECT_EQ(reply(*registry_, "WIB"), "JAM 06:59:60\r\n");  // UTC+7
  EXPECT_EQ(reply(*registry_, "NPT"), "JAM 05:44:60\r\n");  // UTC+5:45
  EXPECT_EQ(reply(*registry_, "NYC"), "JAM 18:59:60\r\n");  // UTC-5 in December
  EXPECT_EQ(reply(*registry_, "JST"), "JAM 08:59:60\r\n");  // local: UTC+9
  now_is(utc(2026, 12, 31, 23, 59, 59) + milliseconds(500), test::leap_pending);
  EXPECT_EQ(reply(*registry_, "WIB"), "JAM 06:59:59\r\n");
}

// The two 23:59:59s are one second of the clock: the per-second cache keys on the leap state
// too, so neither is served the other's reply.
TEST_F(TimeLeapSecond, ThePerSecondCacheTellsTheTwo235959sApart) {
  kernel_says(test::leap_pending());
  for (int round = 0; round < 2; ++round) {
    now_is(utc(2026, 12, 31, 23, 59, 59), test::leap_pending);
    EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:59\r\n");
    now_is(utc(2026, 12, 31, 23, 59, 59), test::leap_in_progress);
    EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:60\r\n");
  }
}

// The common path makes no syscall: the kernel is read only on a day the poll saw a leap,
// and then only in the seconds next to midnight UTC.
TEST_F(TimeLeapSecond, TheKernelIsReadOnlyNextToMidnightOnALeapDay) {
  kernel_says(test::synchronised());
  const std::size_t polled = source_->reads();
  now_ = utc(2026, 12, 31, 23, 59, 59);
  for (int i = 0; i < 100; ++i) reply(*registry_, "TIME");
  EXPECT_EQ(source_->reads(), polled) << "read on a day without a leap";

  kernel_says(test::leap_pending());
  const std::size_t leap_polled = source_->reads();
  now_ = utc(2026, 12, 31, 12, 0, 0);
  for (int i = 0; i < 100; ++i) reply(*registry_, "TIME");
  EXPECT_EQ(source_->reads(), leap_polled) << "read at noon of a leap day";
  now_ = utc(2026, 12, 31, 23, 59, 59);
  for (int i = 0; i < 100; ++i) reply(*registry_, "TIME");
  EXPECT_EQ(source_->reads(), leap_polled + 100) << "not read at 23:59:59 of a leap day";
}

// A kernel that cannot be read at midnight leaves TIME on its own clock.
TEST_F(TimeLeapSecond, AnUnreadableStateNextToMidnightLeavesTheClocksTime) {
  kernel_says(test::leap_pending());
  now_ = utc(2026, 12, 31, 23, 59, 59);
  source_->set(test::unreadable());
  EXPECT_EQ(reply(*registry_, "TIME"), "JAM 23:59:59\r\n");
}

}  // namespace
}  // namespace jamd::commands
