#include "app/service_notify.hpp"

#include <time.h>

#include <algorithm>

#include "app/systemd.hpp"
#include "log/log.hpp"

namespace jamd::app {

void ServiceNotifier::ready(std::string_view status) {
  send("READY=1\nSTATUS=" + status_line(status));
}

void ServiceNotifier::reloading() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec = static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1'000;
  send("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC=" + std::to_string(usec));
}

void ServiceNotifier::stopping(std::size_t sessions) {
  send("STOPPING=1\nSTATUS=stopping: draining " + std::to_string(sessions) + " session" +
       (sessions == 1 ? "" : "s"));
}

void ServiceNotifier::watchdog() {
  send("WATCHDOG=1");
}

std::optional<std::chrono::microseconds> ServiceNotifier::watchdog_period() {
  const auto timeout = systemd::watchdog_timeout();
  if (!timeout) return std::nullopt;
  return std::max(*timeout / 2, std::chrono::microseconds(1));
}

void ServiceNotifier::send(const std::string& state) {
  const std::string error = systemd::notify(state);
  // Once: the watchdog would repeat it twice a period.
  if (!error.empty() && !failed_.exchange(true)) {
    log::warn(log::notify_failed, "cannot notify the service manager (NOTIFY_SOCKET): {}", error);
  }
}

std::string serving_status(const std::vector<std::string>& endpoints, const std::string& admin) {
  std::string status = "serving on ";
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    if (i > 0) status += i + 1 == endpoints.size() ? " and " : ", ";
    status += endpoints[i];
  }
  if (!admin.empty()) status += ", admin on " + admin;
  return status;
}

std::string status_line(std::string_view text, std::size_t max_bytes) {
  std::string line(text);
  if (text.size() > max_bytes) {
    // The cut goes before the character that would not fit whole, so that it leaves UTF-8.
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    line = std::string(text.substr(0, cut)) + "...";
  }
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace jamd::app
