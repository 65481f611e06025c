#pragma once

// The clock's health: the kernel's clock state, read about once a second and judged under
// the "clock" settings. main owns one for the process: it configures it at start and on
// every reload, and polls it on the server's once-a-second tick. Time commands ask it, on
// every request, whether they may answer (gate()); metrics read snapshot().

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "clock/clock_log.hpp"
#include "clock/clock_settings.hpp"
#include "clock/clock_snapshot.hpp"
#include "clock/clock_source.hpp"

namespace jamd::clock {

/// What a time command does on this request.
struct Gate {
  /// Policy::serve while the clock is synchronised (or clock.unsynchronized is "serve");
  /// otherwise the policy in effect: "error" or "refuse".
  Policy action = Policy::serve;
  /// The last read saw a leap second being inserted today or now: near midnight UTC the
  /// command must read the state with the time (read_now()) to tell the inserted second.
  bool leap_near = false;
};

/// The clock's state as last read and judged. Thread-safe: poll() and configure() on any
/// thread (one at a time, under a lock), gate(), snapshot() and read_now() on any thread
/// at once.
class ClockHealth {
 public:
  /// Reads the state through `source`, once configure() has been called: not before.
  explicit ClockHealth(std::shared_ptr<const ClockSource> source);

  /// Puts `settings` in effect, reads the state at once (unless clock.source is "none") and
  /// logs the verdict if it is the first or a new one. At start and on every reload.
  void configure(const ClockSettings& settings);

  /// Reads the state again and publishes it: for the once-a-second tick. Logs a change of
  /// verdict at most once a minute. Does nothing before configure().
  void poll();

  /// The state as last read and judged: what the metrics export (see ClockSnapshot).
  ClockSnapshot snapshot() const;

  /// The settings in effect.
  ClockSettings settings() const;

  /// What a time command does now: one relaxed atomic load, cheap enough for every request.
  Gate gate() const noexcept {
    const std::uint8_t bits = gate_.load(std::memory_order_relaxed);
    return Gate{static_cast<Policy>(bits & kActionBits), (bits & kLeapNearBit) != 0};
  }

  /// Reads the state now, with the time it is for, from one call: for a time command that
  /// gate() tells a leap second is near. A syscall: never on the common path.
  ClockReading read_now() const noexcept { return source_->read(); }

 private:
  static constexpr std::uint8_t kActionBits = 0x3;
  static constexpr std::uint8_t kLeapNearBit = 0x4;

  /// Reads (unless "none"), judges, publishes and logs. Under mutex_.
  void update(bool at_once);

  const std::shared_ptr<const ClockSource> source_;
  mutable std::mutex mutex_;
  ClockSettings settings_;             // under mutex_
  bool configured_ = false;            // under mutex_
  ClockSnapshot snapshot_;             // under mutex_
  ClockLog log_;                       // under mutex_
  std::atomic<std::uint8_t> gate_{0};  // Gate{serve, false} until configured
};

}  // namespace jamd::clock
