#pragma once

// A clock source that says what the test tells it, and the readings of every state the
// kernel can be in: for the tests of ClockHealth, of TIME and of plugin commands, which so
// never touch the real clock. Header-only; needs jamd_clock.

#include <sys/timex.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>

#include "clock/clock_health.hpp"
#include "clock/clock_source.hpp"

namespace jamd::test {

using std::chrono::microseconds;
using std::chrono::system_clock;

/// Gives the reading it was last set to, and counts how often it was read. Thread-safe.
class FakeClockSource final : public clock::ClockSource {
 public:
  explicit FakeClockSource(clock::ClockReading reading = {}) : reading_(reading) {}

  clock::ClockReading read() const noexcept override {
    const std::lock_guard lock(mutex_);
    ++reads_;
    return reading_;
  }
  void set(const clock::ClockReading& reading) {
    const std::lock_guard lock(mutex_);
    reading_ = reading;
  }
  std::size_t reads() const {
    const std::lock_guard lock(mutex_);
    return reads_;
  }

 private:
  mutable std::mutex mutex_;
  clock::ClockReading reading_;
  mutable std::size_t reads_ = 0;
};

/// A kernel in sync with a daemon: TIME_OK, maximum error 5 ms, estimated error 1 ms.
inline clock::ClockReading synchronised(system_clock::time_point time = {},
                                        microseconds max_error = microseconds(5000)) {
  return {.readable = true,
          .state = TIME_OK,
          .status = STA_PLL | STA_NANO,
          .max_error = max_error,
          .estimated_error = microseconds(1000),
          .time = time};
}

/// A kernel that no daemon keeps: TIME_ERROR, STA_UNSYNC, 16 s of error (as on the machines
/// here).
inline clock::ClockReading unsynchronised(system_clock::time_point time = {}) {
  return {.readable = true,
          .state = TIME_ERROR,
          .status = STA_UNSYNC | STA_NANO,
          .max_error = microseconds(16'000'000),
          .estimated_error = microseconds(16'000'000),
          .time = time};
}

/// Synchronised, with a leap second armed for the end of the UTC day (TIME_INS).
inline clock::ClockReading leap_pending(system_clock::time_point time = {}) {
  clock::ClockReading r = synchronised(time);
  r.state = TIME_INS;
  r.status |= STA_INS;
  return r;
}

/// Synchronised, during the inserted second (TIME_OOP): the kernel's time reads 23:59:59 again.
inline clock::ClockReading leap_in_progress(system_clock::time_point time = {}) {
  clock::ClockReading r = leap_pending(time);
  r.state = TIME_OOP;
  return r;
}

/// Just after the inserted second (TIME_WAIT).
inline clock::ClockReading leap_passed(system_clock::time_point time = {}) {
  clock::ClockReading r = leap_pending(time);
  r.state = TIME_WAIT;
  return r;
}

/// A read that failed as in a sandbox that forbids adjtimex (systemd's ProtectClock=yes).
inline clock::ClockReading unreadable(int error = EPERM) {
  return {.readable = false, .error = error};
}

/// A ClockHealth over `source`, configured with `settings`.
inline std::shared_ptr<clock::ClockHealth> health_of(std::shared_ptr<FakeClockSource> source,
                                                     const clock::ClockSettings& settings = {}) {
  auto health = std::make_shared<clock::ClockHealth>(std::move(source));
  health->configure(settings);
  return health;
}

}  // namespace jamd::test
