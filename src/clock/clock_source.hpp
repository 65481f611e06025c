#pragma once

// Where the kernel's clock state comes from: the real adjtimex for jamd, fakes for the tests,
// which can so feed every state without touching the clock. ClockHealth reads one.

#include <memory>

#include "clock/clock_reading.hpp"

namespace jamd::clock {

/// Reads the clock's state. Called from any thread, at once: read() must be thread-safe.
class ClockSource {
 public:
  virtual ~ClockSource() = default;

  /// The state now, with the time it is for; a failed read is a reading, never an exception.
  virtual ClockReading read() const noexcept = 0;
};

/// The kernel's clock: adjtimex with modes = 0, which changes nothing and needs no
/// privilege, though a sandbox may forbid it (systemd's ProtectClock=yes does).
std::shared_ptr<const ClockSource> kernel_clock();

}  // namespace jamd::clock
