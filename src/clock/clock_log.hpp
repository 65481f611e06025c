#pragma once

// The log lines of the clock's health, for ClockHealth: what it says, and how often.

#include <chrono>
#include <optional>
#include <string>

#include "clock/clock_settings.hpp"
#include "clock/clock_snapshot.hpp"

namespace jamd::clock {

/// `snapshot` in words, with what time commands then do under `settings`: "not synchronised
/// (the kernel's state TIME_ERROR, STA_UNSYNC set, maximum error 16 s): time commands answer as
/// usual (clock.unsynchronized \"serve\")".
std::string describe(const ClockSnapshot& snapshot, const ClockSettings& settings);

/// Decides which snapshots are logged. The first verdict is logged at once, as a warning when
/// the clock is not synchronised or its state cannot be read, and so is a change of verdict,
/// but at most kBurst lines a minute: a clock whose maximum error wavers about
/// clock.max_error_ms must not log every second (the next line says how often it changed).
/// A leap second is logged once the kernel has armed it. Not thread-safe: ClockHealth calls it
/// under its lock.
class ClockLog {
 public:
  /// How many lines about the verdict one minute may hold.
  static constexpr unsigned kBurst = 3;
  static constexpr std::chrono::seconds kWindow{60};

  /// Logs what `snapshot`, judged under `settings` at `now`, changes; `at_once` logs a new
  /// verdict even past the burst (a reload changed the settings).
  void note(const ClockSnapshot& snapshot, const ClockSettings& settings,
            std::chrono::steady_clock::time_point now, bool at_once);

 private:
  std::optional<bool> logged_;  // the verdict last logged
  bool seen_ = true;            // the verdict of the last note
  unsigned changes_ = 0;        // changes of verdict since the last line about it
  std::chrono::steady_clock::time_point window_{};  // when the current minute began
  unsigned lines_ = 0;                              // lines about the verdict in it
  Leap leap_ = Leap::unknown;                       // the leap state of the last note
};

}  // namespace jamd::clock
