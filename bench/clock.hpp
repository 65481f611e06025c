#pragma once

// Monotonic time in nanoseconds, the one clock of the load loops.

#include <time.h>

#include <cstdint>

namespace jamd::bench {

/// Nanoseconds on CLOCK_MONOTONIC.
inline std::int64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Seconds to nanoseconds.
inline std::int64_t to_ns(double seconds) {
  return static_cast<std::int64_t>(seconds * 1e9);
}

/// The phases of a timed run: warmup from `start`, measuring from `measure_from` until `end`.
struct Window {
  std::int64_t start = 0;
  std::int64_t measure_from = 0;
  std::int64_t end = 0;

  /// True when an event at `now` counts toward the results.
  bool measuring(std::int64_t now) const { return now >= measure_from && now < end; }
};

}  // namespace jamd::bench
