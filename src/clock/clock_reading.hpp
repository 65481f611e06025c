#pragma once

// What one read of the kernel's clock state says: the fields of adjtimex jamd looks at, and
// what they mean. For the clock sources, which fill it, and for ClockHealth, which judges it.

#include <chrono>
#include <cstdint>

namespace jamd::clock {

/// The leap second state, as a number for jamd_clock_leap.
enum class Leap : std::int8_t {
  unknown = -1,        ///< the state was not read (clock.source "none", or the call failed)
  none = 0,            ///< no leap second due
  insert_pending = 1,  ///< a second is inserted after 23:59:59 UTC today (TIME_INS, or STA_INS)
  delete_pending = 2,  ///< 23:59:59 UTC today is skipped (TIME_DEL, or STA_DEL)
  in_progress = 3,     ///< the inserted second is now: 23:59:60 UTC (TIME_OOP)
  passed = 4,          ///< a leap second has just passed (TIME_WAIT)
};

/// What one read-only adjtimex call (modes = 0) gave, all from the same instant.
struct ClockReading {
  bool readable = false;  ///< false: the call failed (a sandbox may forbid it): see `error`
  int error = 0;          ///< the errno of a failed call
  int state = 0;          ///< what the call returned: TIME_OK, TIME_INS, ... TIME_ERROR
  int status = 0;         ///< timex.status: the STA_* bits
  std::chrono::microseconds max_error{0};        ///< timex.maxerror
  std::chrono::microseconds estimated_error{0};  ///< timex.esterror
  /// The time the state is for, as the kernel gave it with the state: during an inserted
  /// second it reads 23:59:59 UTC a second time, with the state TIME_OOP.
  std::chrono::system_clock::time_point time{};
};

/// True when the kernel calls its clock synchronised: STA_UNSYNC clear and the state not
/// TIME_ERROR. False for a reading that is not readable.
bool kernel_synchronized(const ClockReading& reading);

/// The leap second state of `reading`. An unsynchronised kernel answers TIME_ERROR whatever
/// its leap state: then only the STA_INS and STA_DEL bits tell that a leap is armed, and not
/// whether it is pending or in progress (they say pending).
Leap leap_of(const ClockReading& reading);

}  // namespace jamd::clock
