#pragma once

// What jamd tells its service manager, as a systemd Type=notify unit expects (sd_notify(3)):
// READY=1 once it listens and after each reload, RELOADING=1 when a reload begins,
// STOPPING=1 when it drains, each with a STATUS= line that `systemctl status` shows, and
// WATCHDOG=1 while its I/O threads run. Without a service manager, every call does nothing.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jamd::app {

/// Sends jamd's notifications; the first that fails is logged (a Type=notify unit whose
/// READY=1 is lost hangs in its start until its timeout). Thread-safe.
class ServiceNotifier {
 public:
  /// READY=1: serving, with `status` (serving_status()).
  void ready(std::string_view status);
  /// RELOADING=1, with the CLOCK_MONOTONIC time that systemd compares with the reload's start.
  void reloading();
  /// READY=1 after a reload, with `status` saying whether it was applied.
  void reloaded(std::string_view status) { ready(status); }
  /// STOPPING=1, with the sessions left to drain.
  void stopping(std::size_t sessions);
  /// WATCHDOG=1: the I/O threads are alive.
  void watchdog();

  /// How often to call watchdog(): half the watchdog's timeout, as sd_watchdog_enabled(3)
  /// advises; nullopt when the service manager runs no watchdog for jamd.
  static std::optional<std::chrono::microseconds> watchdog_period();

 private:
  void send(const std::string& state);

  std::atomic<bool> failed_{false};
};

/// "serving on 127.0.0.1:45000 and [::1]:45000, admin on 127.0.0.1:45001" (no admin part when
/// `admin` is "").
std::string serving_status(const std::vector<std::string>& endpoints, const std::string& admin);

/// `text` as one STATUS= line: line ends become spaces, and it is cut (at a UTF-8 character)
/// after `max_bytes`, with "...".
std::string status_line(std::string_view text, std::size_t max_bytes = 200);

}  // namespace jamd::app
