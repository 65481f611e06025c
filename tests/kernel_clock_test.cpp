// The real kernel clock: jamd's reading against the test's own adjtimex call, never against a
// fixed answer, so that the test holds on a synchronised machine and on the machines here
// alike (TIME_ERROR, STA_UNSYNC, 16 s of maximum error).

#include <gtest/gtest.h>
#include <sys/timex.h>

#include <chrono>
#include <cstdlib>

#include "clock/clock_health.hpp"
#include "clock/clock_source.hpp"

namespace jamd::clock {
namespace {

using std::chrono::microseconds;

/// The test's own read-only call.
struct Own {
  int state;
  timex t;
};
Own own_reading() {
  Own own{};
  own.state = ::adjtimex(&own.t);
  return own;
}

/// Reads jamd's view between two calls of the test's own that agree on the state, so that a
/// state that changes meanwhile (a daemon's update) cannot fail the test.
template <typename Read>
auto between_own_readings(Own& before, Own& after, Read read) {
  for (int attempt = 0;; ++attempt) {
    before = own_reading();
    auto result = read();
    after = own_reading();
    if ((before.state == after.state && before.t.status == after.t.status) || attempt == 10) {
      return result;
    }
  }
}

TEST(KernelClock, ReadsWhatTheTestsOwnAdjtimexCallReads) {
  Own before{};
  Own after{};
  const ClockReading r = between_own_readings(before, after, [] { return kernel_clock()->read(); });
  ASSERT_EQ(r.readable, before.state != -1);
  if (!r.readable) GTEST_SKIP() << "adjtimex is forbidden here: errno " << r.error;
  EXPECT_EQ(r.state, before.state);
  EXPECT_EQ(r.status & STA_UNSYNC, before.t.status & STA_UNSYNC);
  EXPECT_EQ(r.status, before.t.status);
  // The kernel's maximum error grows by 500 ppm of the time between the calls, at most.
  EXPECT_LE(std::abs(r.max_error.count() - before.t.maxerror), 1000);
  EXPECT_LE(std::abs(r.estimated_error.count() - before.t.esterror), 1000);
  const auto now = std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(now - r.time), std::chrono::seconds(1));
}

TEST(KernelClock, TheHealthJudgesTheRealReadingAsTheKernelFlagsSay) {
  ClockHealth health(kernel_clock());
  Own before{};
  Own after{};
  const ClockSnapshot s = between_own_readings(before, after, [&] {
    health.configure({});
    return health.snapshot();
  });
  if (before.state == -1) {
    EXPECT_EQ(s.status, ClockStatus::unreadable);
    EXPECT_FALSE(s.synchronized);
    return;
  }
  const bool kernel_says = (before.t.status & STA_UNSYNC) == 0 && before.state != TIME_ERROR;
  EXPECT_EQ(s.status, ClockStatus::read);
  EXPECT_EQ(s.state, before.state);
  EXPECT_EQ(s.status_bits & STA_UNSYNC, before.t.status & STA_UNSYNC);
  EXPECT_EQ(s.kernel_synchronized, kernel_says);
  EXPECT_EQ(s.synchronized, kernel_says);  // no clock.max_error_ms by default
  EXPECT_NEAR(s.max_error_s, before.t.maxerror / 1e6, 0.001);
  EXPECT_NEAR(s.estimated_error_s, before.t.esterror / 1e6, 0.001);
  // The default policy serves whatever the kernel says.
  EXPECT_EQ(health.gate().action, Policy::serve);
}

// A tiny clock.max_error_ms forces the unsynchronised state on any machine whose kernel has
// any error at all: how the tests of the jamd program force it.
TEST(KernelClock, ATinyMaximumErrorLimitMakesTheRealClockUnsynchronised) {
  const Own own = own_reading();
  if (own.state == -1) GTEST_SKIP() << "adjtimex is forbidden here";
  ASSERT_GT(own.t.maxerror, 0) << "a kernel with no error at all cannot be forced";
  ClockHealth health(kernel_clock());
  health.configure({.unsynchronized = Policy::error, .max_error_ms = 0.000001});
  EXPECT_FALSE(health.snapshot().synchronized);
  EXPECT_TRUE(health.snapshot().over_max_error);
  EXPECT_EQ(health.gate().action, Policy::error);
}

}  // namespace
}  // namespace jamd::clock
