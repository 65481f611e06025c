// No service manager (jamd built without libsystemd): nothing is sent and nothing is passed,
// so jamd runs exactly as it does outside systemd.

#include "app/systemd.hpp"

namespace jamd::app::systemd {

bool built_in() {
  return false;
}

std::string notify(const std::string&) {
  return "";
}

std::optional<std::chrono::microseconds> watchdog_timeout() {
  return std::nullopt;
}

std::vector<PassedSocket> take_passed_sockets() {
  return {};
}

}  // namespace jamd::app::systemd
