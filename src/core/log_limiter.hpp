#pragma once

// Rate-limited log lines: for the core's acceptors and sessions (refusals, accept failures,
// foreign protocols), whose causes a client controls, and for what plugins log; usable from
// any thread.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <utility>

#include "log/log.hpp"

namespace jamd::core {

/// Logs warnings at a bounded rate, so that a flood of bad clients cannot fill the disk:
/// at most `burst` messages a second, then one line saying how many were left out.
class LogLimiter {
 public:
  explicit LogLimiter(std::size_t burst = 10) : burst_(burst) {}

  /// log::warn(), within the rate.
  template <std::size_t N, typename... Args>
  void warn(const log::Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
    this->log(log::Level::warn, event, format, std::forward<Args>(args)...);
  }

  /// log::write() at `level`, within the rate.
  template <std::size_t N, typename... Args>
  void log(log::Level level, const log::Event<N>& event, fmt::format_string<Args...> format,
           Args&&... args) {
    if (!log::enabled(level) || !admit()) return;
    log::write(level, event, format, std::forward<Args>(args)...);
  }

 private:
  bool admit() {
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - window_ >= std::chrono::seconds(1)) {
      if (dropped_ > 0) {
        log::warn(log::warnings_dropped, "{} similar warnings left out in the last second",
                  dropped_);
      }
      window_ = now;
      sent_ = 0;
      dropped_ = 0;
    }
    if (sent_ < burst_) return ++sent_, true;
    return ++dropped_, false;
  }

  const std::size_t burst_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point window_{};
  std::size_t sent_ = 0;
  std::size_t dropped_ = 0;
};

}  // namespace jamd::core
