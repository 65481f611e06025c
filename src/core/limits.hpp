#pragma once

// The limits that keep one client from taking more than its share. src/app fills them in
// from the config (config/jamd.json holds the defaults); the core enforces them.

#include <cstddef>

namespace jamd::core {

/// Per-server limits. Every field is set by whoever builds the server: 0 switches a timeout
/// or a per-client limit off, and is not a sensible value for the others.
struct Limits {
  std::size_t max_connections = 0;   ///< open sessions; more are refused with ERR
  std::size_t max_line_bytes = 0;    ///< longest request line, terminator excluded
  std::size_t max_output_bytes = 0;  ///< replies a session holds before it stops reading
  double idle_timeout_s = 0;         ///< a session without a complete line is closed; 0 = off
  double send_timeout_s = 0;         ///< a write without progress this long closes; 0 = off
  double drain_timeout_s = 0;        ///< how long a stop waits for replies to flush
  /// Per client (an IPv4 address or an IPv6 /ipv6_client_prefix); 0 switches either off.
  std::size_t max_connections_per_client = 0;   ///< sessions open at once
  double new_connections_per_client_per_s = 0;  ///< a bucket of this size, refilled as fast
  unsigned ipv6_client_prefix = 64;             ///< the bits of an IPv6 address that are one client

  bool operator==(const Limits&) const = default;
};

}  // namespace jamd::core
