#pragma once

// Rate-limited log lines: for the core's acceptors and sessions (refusals, accept failures,
// foreign protocols), whose causes a client controls, and for what plugins log; usable from
// any thread.

#include <chrono>
#include <cstddef>
#include <mutex>

#include <spdlog/spdlog.h>

namespace jamd::core {

/// Logs warnings at a bounded rate, so that a flood of bad clients cannot fill the disk:
/// at most `burst` messages a second, then one line saying how many were left out.
class LogLimiter {
 public:
  explicit LogLimiter(std::size_t burst = 10) : burst_(burst) {}

  template <typename... Args>
  void warn(spdlog::format_string_t<Args...> format, Args&&... args) {
    log(spdlog::level::warn, format, std::forward<Args>(args)...);
  }

  template <typename... Args>
  void log(spdlog::level::level_enum level, spdlog::format_string_t<Args...> format,
           Args&&... args) {
    if (!spdlog::should_log(level) || !admit()) return;
    spdlog::log(level, format, std::forward<Args>(args)...);
  }

 private:
  bool admit() {
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - window_ >= std::chrono::seconds(1)) {
      if (dropped_ > 0) spdlog::warn("{} similar warnings left out in the last second", dropped_);
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
