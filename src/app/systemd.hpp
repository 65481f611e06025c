#pragma once

// What jamd asks of a service manager, through libsystemd: sending it notifications
// (sd_notify(3)), its watchdog's timeout (sd_watchdog_enabled(3)) and the listening sockets of
// socket activation (sd_listen_fds_with_names(3)). CMake builds systemd.cpp over libsystemd,
// or, without it, systemd_none.cpp, under which jamd has no service manager to talk to
// (JAMD_SYSTEMD, cmake/systemd.cmake): main calls the same functions either way.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace jamd::app::systemd {

/// True when jamd was built with libsystemd.
bool built_in();

/// Sends `state` ("READY=1\nSTATUS=...") to the service manager. Returns "" when it was sent
/// or when no manager asked for notifications (no NOTIFY_SOCKET), else what failed.
/// Thread-safe.
std::string notify(const std::string& state);

/// The watchdog's timeout (WatchdogSec=, passed as WATCHDOG_USEC) when the service manager
/// expects WATCHDOG=1 notifications from jamd; nullopt when it does not.
std::optional<std::chrono::microseconds> watchdog_timeout();

/// A listening socket the service manager passed, with its FileDescriptorName= ("unknown"
/// when the unit gives none).
struct PassedSocket {
  int descriptor;
  std::string name;
};

/// The sockets passed to this process (LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES), in their
/// order, once: the variables are removed, so that nothing jamd starts inherits them. Empty
/// when none were. Throws std::runtime_error when the variables are malformed.
std::vector<PassedSocket> take_passed_sockets();

}  // namespace jamd::app::systemd
