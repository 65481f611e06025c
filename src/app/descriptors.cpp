#include "app/descriptors.hpp"

#include <sys/resource.h>

#include "log/log.hpp"

namespace jamd::app {

// Descriptors jamd holds besides its sessions: listeners, the log, epoll, eventfds, timers.
constexpr rlim_t kOwnDescriptors = 64;

void raise_descriptor_limit(std::size_t max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && max_connections + kOwnDescriptors > limit.rlim_cur) {
    log::warn(log::descriptors_short,
              "limits.max_connections is {} but only {} descriptors may be open: raise the hard "
              "limit (ulimit -Hn) or lower max_connections",
              max_connections, limit.rlim_cur);
  }
}

}  // namespace jamd::app
