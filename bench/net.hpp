#pragma once

// The few socket calls the loops share: resolve once, connect without blocking, read RSS.

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace jamd::bench {

/// The server's address, resolved once before the run.
struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string text;  // "host:port", for the report
};

/// Resolves `host` (an IPv4 or IPv6 address or a name) and `port`; throws on failure.
Endpoint resolve(const std::string& host, std::uint16_t port);

/// A non-blocking socket connecting to `endpoint`: the descriptor, or -1 with `error` set
/// when the connect failed at once. `error` is 0 (connected) or EINPROGRESS on success.
int start_connect(const Endpoint& endpoint, int& error);

/// Disables Nagle's algorithm: a batch is one write and must leave at once.
void set_no_delay(int fd);

/// The pending error of a connecting socket (SO_ERROR), 0 when it connected.
int socket_error(int fd);

/// Raises this process's descriptor limit to the hard limit; returns the new soft limit.
std::uint64_t raise_descriptor_limit();

/// VmRSS of process `pid` in KB, from /proc; -1 when it cannot be read.
long rss_kb(int pid);

}  // namespace jamd::bench
