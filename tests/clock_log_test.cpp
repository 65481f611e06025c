// What the clock's health logs, and how often: the first verdict, a change, a flapping clock,
// a reload, a leap second armed; and the words for each state.

#include "clock/clock_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/timex.h>

#include "support/lines.hpp"
#include "support/log_capture.hpp"

namespace jamd::clock {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;
using ::testing::HasSubstr;

ClockSnapshot synced() {
  ClockSnapshot s;
  s.status = ClockStatus::read;
  s.synchronized = s.kernel_synchronized = true;
  s.max_error_s = 0.012;
  s.estimated_error_s = 0.0005;
  s.leap = Leap::none;
  s.state = TIME_OK;
  return s;
}

/// What the machines here report: TIME_ERROR, STA_UNSYNC, 16 s of error.
ClockSnapshot unsynced() {
  ClockSnapshot s = synced();
  s.synchronized = s.kernel_synchronized = false;
  s.max_error_s = s.estimated_error_s = 16;
  s.state = TIME_ERROR;
  s.status_bits = STA_UNSYNC;
  return s;
}

class ClockLogTest : public ::testing::Test {
 protected:
  /// Notes `s` at `t` seconds after the start.
  void note_at(int t, const ClockSnapshot& s, bool at_once = false) {
    log_.note(s, settings_, start_ + seconds(t), at_once);
  }
  std::size_t lines() const { return test::count_of(capture_.text(), "clock: "); }

  const test::LogCapture capture_;
  const steady_clock::time_point start_ = steady_clock::time_point{} + std::chrono::hours(1);
  ClockSettings settings_;
  ClockLog log_;
};

using ClockLogLines = ClockLogTest;

TEST_F(ClockLogLines, TheFirstVerdictIsLoggedAtOnceAsAWarningWhenUnsynchronised) {
  note_at(0, unsynced());
  EXPECT_EQ(capture_.text(),
            "warning: clock: not synchronised (the kernel's state TIME_ERROR, STA_UNSYNC set, "
            "maximum error 16 s, estimated error 16 s): time commands answer as usual "
            "(clock.unsynchronized \"serve\")\n");
}

TEST_F(ClockLogLines, AnUnchangedVerdictIsNotLoggedAgain) {
  for (int t = 0; t < 200; ++t) note_at(t, synced());
  EXPECT_EQ(lines(), 1u);
  EXPECT_THAT(capture_.text(), HasSubstr("info: clock: synchronised (maximum error 0.012 s, "
                                         "estimated error 0.0005 s)"));
}

TEST_F(ClockLogLines, AChangeIsLoggedAtOnce) {
  note_at(0, synced());
  note_at(1, unsynced());
  EXPECT_EQ(lines(), 2u);
  EXPECT_THAT(capture_.text(), HasSubstr("warning: clock: not synchronised"));
}

// A clock whose error wavers about clock.max_error_ms flips every second: three lines a
// minute, then the verdict it is left at, with how often it changed.
TEST_F(ClockLogLines, AFlappingClockLogsAtMostThreeLinesAMinute) {
  for (int t = 0; t < 59; ++t) note_at(t, t % 2 == 0 ? synced() : unsynced());
  EXPECT_EQ(lines(), 3u);
  note_at(59, synced());
  note_at(60, unsynced());
  EXPECT_EQ(lines(), 4u);
  EXPECT_THAT(capture_.text(), HasSubstr("(57 changes since the last line)"));
}

TEST_F(ClockLogLines, AReloadLogsANewVerdictEvenPastTheBurst) {
  for (int t = 0; t < 4; ++t) note_at(t, t % 2 == 0 ? synced() : unsynced());
  EXPECT_EQ(lines(), 3u);
  settings_.unsynchronized = Policy::error;
  note_at(4, unsynced(), /*at_once=*/true);
  EXPECT_EQ(lines(), 4u);
  EXPECT_THAT(capture_.text(),
              HasSubstr("time commands reply ERR clock not synchronized (clock.unsynchronized "
                        "\"error\")"));
}

TEST_F(ClockLogLines, ALeapSecondIsLoggedOnceWhenArmed) {
  ClockSnapshot armed = synced();
  armed.leap = Leap::insert_pending;
  for (int t = 0; t < 3; ++t) note_at(t, armed);
  EXPECT_EQ(test::count_of(capture_.text(), "inserts a leap second after 23:59:59 UTC today"), 1u);
}

TEST(ClockLogDescribe, SaysWhatTimeCommandsDoUnderEachState) {
  ClockSettings refuse{.unsynchronized = Policy::refuse, .max_error_ms = 2};
  ClockSnapshot over = synced();
  over.synchronized = false;
  over.over_max_error = true;
  over.max_error_s = 0.0025;
  EXPECT_EQ(describe(over, refuse),
            "not synchronised (maximum error 0.0025 s, estimated error 0.0005 s, over "
            "clock.max_error_ms 2): time commands close the session without a reply "
            "(clock.unsynchronized \"refuse\")");
  EXPECT_EQ(describe(ClockSnapshot{}, refuse),
            "not read (clock.source \"none\"): counted as synchronised");
}

}  // namespace
}  // namespace jamd::clock
