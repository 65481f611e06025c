#include "clock/clock_reading.hpp"

#include <sys/timex.h>

namespace jamd::clock {

bool kernel_synchronized(const ClockReading& reading) {
  return reading.readable && (reading.status & STA_UNSYNC) == 0 && reading.state != TIME_ERROR;
}

Leap leap_of(const ClockReading& reading) {
  if (!reading.readable) return Leap::unknown;
  switch (reading.state) {
    case TIME_OK:
      return Leap::none;
    case TIME_INS:
      return Leap::insert_pending;
    case TIME_DEL:
      return Leap::delete_pending;
    case TIME_OOP:
      return Leap::in_progress;
    case TIME_WAIT:
      return Leap::passed;
    default:
      break;
  }
  if ((reading.status & STA_INS) != 0) return Leap::insert_pending;
  if ((reading.status & STA_DEL) != 0) return Leap::delete_pending;
  return Leap::none;
}

}  // namespace jamd::clock
