#pragma once

// The clock's health as a plain value: what ClockHealth::snapshot() returns, for the metrics,
// the log and the tests.

#include <chrono>
#include <cstdint>
#include <limits>

#include "clock/clock_reading.hpp"

namespace jamd::clock {

/// Whether the clock's state was read.
enum class ClockStatus : std::uint8_t {
  not_read,    ///< clock.source "none", or not configured yet
  read,        ///< the kernel answered
  unreadable,  ///< the call failed (a sandbox may forbid it): `error` says why
};

/// The clock's health as last read and judged. The figures jamd exports are these fields:
///
///   jamd_clock_synchronized             synchronized, 1 or 0: what clock.unsynchronized acts on
///   jamd_clock_max_error_seconds        max_error_s (NaN unless status is read)
///   jamd_clock_estimated_error_seconds  estimated_error_s (NaN unless status is read)
///   jamd_clock_status_readable          1 when status is ClockStatus::read, else 0
///   jamd_clock_leap                     the number of leap: -1 unknown, 0 none, 1 a second is
///                                       inserted at the end of the UTC day, 2 one is deleted,
///                                       3 the inserted second is now, 4 one has just passed
struct ClockSnapshot {
  ClockStatus status = ClockStatus::not_read;
  int error = 0;  ///< the errno of the failed read, when unreadable
  /// The verdict: true when the state was read and the kernel calls the clock synchronised
  /// within clock.max_error_ms, and when it is not read at all (clock.source "none"); false
  /// when it is unsynchronised, over the limit, or unreadable.
  bool synchronized = true;
  bool kernel_synchronized = false;  ///< STA_UNSYNC clear, state not TIME_ERROR; false unless read
  bool over_max_error = false;       ///< read, and the maximum error above clock.max_error_ms
  double max_error_s = std::numeric_limits<double>::quiet_NaN();
  double estimated_error_s = std::numeric_limits<double>::quiet_NaN();
  Leap leap = Leap::unknown;
  int state = -1;       ///< what adjtimex returned (TIME_OK ... TIME_ERROR) when read, else -1
  int status_bits = 0;  ///< timex.status when read, else 0
  std::chrono::system_clock::time_point read_at{};  ///< the kernel's time of the reading
};

}  // namespace jamd::clock
