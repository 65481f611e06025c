// The service manager over libsystemd (JAMD_SYSTEMD found it): each function is one call.

#include "app/systemd.hpp"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace jamd::app::systemd {

bool built_in() {
  return true;
}

std::string notify(const std::string& state) {
  // The environment stays: jamd notifies again at every reload and at the stop.
  const int sent = ::sd_notify(0, state.c_str());
  return sent < 0 ? std::strerror(-sent) : "";
}

std::optional<std::chrono::microseconds> watchdog_timeout() {
  std::uint64_t usec = 0;
  if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

std::vector<PassedSocket> take_passed_sockets() {
  char** names = nullptr;
  const int count = ::sd_listen_fds_with_names(1, &names);
  if (count < 0) {
    throw std::runtime_error(std::string("socket activation: LISTEN_FDS, LISTEN_PID or "
                                         "LISTEN_FDNAMES is malformed: ") +
                             std::strerror(-count));
  }
  std::vector<PassedSocket> sockets;
  for (int i = 0; i < count; ++i) {
    sockets.push_back({SD_LISTEN_FDS_START + i, names != nullptr ? names[i] : "unknown"});
    if (names != nullptr) std::free(names[i]);
  }
  std::free(names);
  return sockets;
}

}  // namespace jamd::app::systemd
