// ClockHealth over a fake source: every state the kernel can report, judged under every
// setting, and what time commands are told to do.

#include "clock/clock_health.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "support/fake_clock_source.hpp"
#include "support/lines.hpp"
#include "support/log_capture.hpp"

namespace jamd::clock {
namespace {

using test::FakeClockSource;
using ::testing::HasSubstr;

class ClockHealthTest : public ::testing::Test {
 protected:
  /// The gate under clock.unsynchronized `policy`, the source reading `reading`.
  Gate gate_under(Policy policy, const ClockReading& reading, double max_error_ms = 0) {
    source_->set(reading);
    health_.configure({.unsynchronized = policy, .max_error_ms = max_error_ms});
    return health_.gate();
  }

  std::shared_ptr<FakeClockSource> source_ = std::make_shared<FakeClockSource>();
  ClockHealth health_{source_};
};

using ClockHealthState = ClockHealthTest;
using ClockHealthPolicy = ClockHealthTest;

TEST_F(ClockHealthState, NothingIsReadBeforeConfigure) {
  source_->set(test::unsynchronised());
  health_.poll();
  EXPECT_EQ(source_->reads(), 0u);
  EXPECT_EQ(health_.snapshot().status, ClockStatus::not_read);
  EXPECT_EQ(health_.gate().action, Policy::serve);
}

TEST_F(ClockHealthState, ASynchronisedClockIsReportedWithItsErrorsInSeconds) {
  source_->set(test::synchronised());
  health_.configure({});
  const ClockSnapshot s = health_.snapshot();
  EXPECT_EQ(s.status, ClockStatus::read);
  EXPECT_TRUE(s.synchronized);
  EXPECT_TRUE(s.kernel_synchronized);
  EXPECT_FALSE(s.over_max_error);
  EXPECT_DOUBLE_EQ(s.max_error_s, 0.005);
  EXPECT_DOUBLE_EQ(s.estimated_error_s, 0.001);
  EXPECT_EQ(s.leap, Leap::none);
  EXPECT_EQ(s.state, TIME_OK);
}

// The kernel's own flag and its own state each make the clock unsynchronised.
TEST_F(ClockHealthState, StaUnsyncOrTimeErrorIsUnsynchronised) {
  ClockReading flag = test::synchronised();
  flag.status |= STA_UNSYNC;
  ClockReading state = test::synchronised();
  state.state = TIME_ERROR;
  for (const ClockReading& reading : {flag, state, test::unsynchronised()}) {
    source_->set(reading);
    health_.configure({});
    const ClockSnapshot s = health_.snapshot();
    EXPECT_EQ(s.status, ClockStatus::read);
    EXPECT_FALSE(s.synchronized);
    EXPECT_FALSE(s.kernel_synchronized);
  }
  EXPECT_DOUBLE_EQ(health_.snapshot().max_error_s, 16.0);
}

TEST_F(ClockHealthState, AMaximumErrorAboveTheLimitIsUnsynchronised) {
  source_->set(test::synchronised({}, std::chrono::microseconds(5000)));
  health_.configure({.max_error_ms = 4.999});
  EXPECT_FALSE(health_.snapshot().synchronized);
  EXPECT_TRUE(health_.snapshot().kernel_synchronized);
  EXPECT_TRUE(health_.snapshot().over_max_error);
  health_.configure({.max_error_ms = 5});  // at the limit is not above it
  EXPECT_TRUE(health_.snapshot().synchronized);
  health_.configure({.max_error_ms = 0});  // no limit
  EXPECT_TRUE(health_.snapshot().synchronized);
}

// A sandbox may forbid adjtimex: then the state is unknown, never guessed, and not trusted.
TEST_F(ClockHealthState, AnUnreadableStateIsUnknownAndCountsAsUnsynchronised) {
  source_->set(test::unreadable(EPERM));
  health_.configure({});
  const ClockSnapshot s = health_.snapshot();
  EXPECT_EQ(s.status, ClockStatus::unreadable);
  EXPECT_EQ(s.error, EPERM);
  EXPECT_FALSE(s.synchronized);
  EXPECT_TRUE(std::isnan(s.max_error_s));
  EXPECT_TRUE(std::isnan(s.estimated_error_s));
  EXPECT_EQ(s.leap, Leap::unknown);
}

TEST_F(ClockHealthState, SourceNoneReadsNothingAndCountsAsSynchronised) {
  source_->set(test::unsynchronised());
  health_.configure({.source = Source::none, .unsynchronized = Policy::refuse});
  health_.poll();
  EXPECT_EQ(source_->reads(), 0u);
  const ClockSnapshot s = health_.snapshot();
  EXPECT_EQ(s.status, ClockStatus::not_read);
  EXPECT_TRUE(s.synchronized);
  EXPECT_EQ(s.leap, Leap::unknown);
  EXPECT_TRUE(std::isnan(s.max_error_s));
  EXPECT_EQ(health_.gate().action, Policy::serve);
}

TEST_F(ClockHealthState, EveryLeapStateIsReportedAndTheInsertionOnesAreNear) {
  ClockReading deleting = test::synchronised();
  deleting.state = TIME_DEL;
  deleting.status |= STA_DEL;
  const struct {
    ClockReading reading;
    Leap leap;
    bool near;
  } cases[] = {
      {test::synchronised(), Leap::none, false},
      {test::leap_pending(), Leap::insert_pending, true},
      {test::leap_in_progress(), Leap::in_progress, true},
      {test::leap_passed(), Leap::passed, false},
      {deleting, Leap::delete_pending, false},
  };
  for (const auto& c : cases) {
    source_->set(c.reading);
    health_.configure({});
    EXPECT_EQ(health_.snapshot().leap, c.leap) << c.reading.state;
    EXPECT_EQ(health_.gate().leap_near, c.near) << c.reading.state;
    EXPECT_EQ(health_.gate().action, Policy::serve);
  }
}

// An unsynchronised kernel answers TIME_ERROR whatever its leap state: the STA_INS bit still
// says that a leap is armed.
TEST_F(ClockHealthState, AnUnsynchronisedKernelsArmedLeapIsSeenInItsStatusBits) {
  ClockReading reading = test::unsynchronised();
  reading.status |= STA_INS;
  source_->set(reading);
  health_.configure({});
  EXPECT_EQ(health_.snapshot().leap, Leap::insert_pending);
  EXPECT_TRUE(health_.gate().leap_near);
}

TEST_F(ClockHealthPolicy, WhileSynchronisedEveryPolicyServes) {
  for (const Policy policy : {Policy::serve, Policy::error, Policy::refuse}) {
    EXPECT_EQ(gate_under(policy, test::synchronised()).action, Policy::serve);
  }
}

TEST_F(ClockHealthPolicy, WhileUnsynchronisedTheGateIsThePolicy) {
  for (const Policy policy : {Policy::serve, Policy::error, Policy::refuse}) {
    EXPECT_EQ(gate_under(policy, test::unsynchronised()).action, policy);
    EXPECT_EQ(gate_under(policy, test::unreadable()).action, policy);
    EXPECT_EQ(gate_under(policy, test::synchronised(), 0.001).action, policy);
  }
}

// The once-a-second poll is what makes a change of state reach the time commands.
TEST_F(ClockHealthPolicy, APollPublishesANewStateAndConfigureNewSettings) {
  EXPECT_EQ(gate_under(Policy::error, test::synchronised()).action, Policy::serve);
  source_->set(test::unsynchronised());
  EXPECT_EQ(health_.gate().action, Policy::serve);  // not read yet
  health_.poll();
  EXPECT_EQ(health_.gate().action, Policy::error);
  health_.configure({.unsynchronized = Policy::refuse});
  EXPECT_EQ(health_.gate().action, Policy::refuse);
  EXPECT_EQ(health_.settings().unsynchronized, Policy::refuse);
  source_->set(test::synchronised());
  health_.poll();
  EXPECT_EQ(health_.gate().action, Policy::serve);
}

TEST_F(ClockHealthState, AtStartAnUnreadableStateIsAWarningNamingTheReason) {
  const test::LogCapture log;
  source_->set(test::unreadable(EPERM));
  health_.configure({});
  EXPECT_THAT(log.text(), HasSubstr("warning: clock: cannot read the kernel's clock state "
                                    "(adjtimex: Operation not permitted): counted as not "
                                    "synchronised; time commands answer as usual "
                                    "(clock.unsynchronized \"serve\")"));
}

TEST_F(ClockHealthState, AChangeIsLoggedOnceAndAnUnchangedStateNever) {
  const test::LogCapture log;
  source_->set(test::synchronised());
  health_.configure({});
  for (int i = 0; i < 5; ++i) health_.poll();
  source_->set(test::unsynchronised());
  for (int i = 0; i < 5; ++i) health_.poll();
  const std::string text = log.text();
  EXPECT_EQ(test::count_of(text, "info: clock: synchronised (maximum error 0.005 s"), 1u) << text;
  EXPECT_EQ(test::count_of(text, "warning: clock: not synchronised"), 1u) << text;
}

}  // namespace
}  // namespace jamd::clock
