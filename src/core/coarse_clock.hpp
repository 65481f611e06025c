#pragma once

// Clocks read from the kernel's last tick instead of the hardware counter: a few nanoseconds
// a read, at most one tick (1-4 ms) behind the precise clocks. Plenty for seconds and timeouts,
// and they are read for every request. For the core's deadlines and the TIME command.

#include <time.h>

#include <chrono>

namespace jamd::core {

namespace detail {
template <typename Clock>
typename Clock::time_point coarse_now(clockid_t id) {
  timespec now{};
  ::clock_gettime(id, &now);
  return typename Clock::time_point(std::chrono::duration_cast<typename Clock::duration>(
      std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec)));
}
}  // namespace detail

/// std::chrono::steady_clock::now(), to the last tick (CLOCK_MONOTONIC_COARSE).
inline std::chrono::steady_clock::time_point coarse_steady_now() {
  return detail::coarse_now<std::chrono::steady_clock>(CLOCK_MONOTONIC_COARSE);
}

/// std::chrono::system_clock::now(), to the last tick (CLOCK_REALTIME_COARSE).
inline std::chrono::system_clock::time_point coarse_system_now() {
  return detail::coarse_now<std::chrono::system_clock>(CLOCK_REALTIME_COARSE);
}

}  // namespace jamd::core
