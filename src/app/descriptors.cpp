#include "app/descriptors.hpp"

#include <sys/resource.h>

#include <string>

#include "log/log.hpp"

namespace jamd::app {

// Descriptors jamd holds besides its sessions: listeners, the log, epoll, eventfds, timers.
constexpr rlim_t kOwnDescriptors = 64;

void raise_descriptor_limit(std::size_t max_connections, std::size_t admin_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY &&
      max_connections + admin_connections + kOwnDescriptors > limit.rlim_cur) {
    const std::string admin = admin_connections == 0 ? ""
                                                     : " (admin.max_connections adds " +
                                                           std::to_string(admin_connections) + ")";
    log::warn(log::descriptors_short,
              "limits.max_connections is {} but only {} descriptors may be open{}: raise the hard "
              "limit (ulimit -Hn) or lower max_connections",
              max_connections, limit.rlim_cur, admin);
  }
}

}  // namespace jamd::app
