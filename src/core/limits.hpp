#pragma once

// The limits that keep one client from taking more than its share. src/app fills them in
// from the config (config/jamd.json holds the defaults); the core enforces them.

#include <cstddef>

namespace jamd::core {

/// Per-server limits. Every field is set by whoever builds the server: 0 switches a timeout
/// off, and is not a sensible value for the others.
struct Limits {
  std::size_t max_connections = 0;   ///< open sessions; more are refused with ERR
  std::size_t max_line_bytes = 0;    ///< longest request line, terminator excluded
  std::size_t max_output_bytes = 0;  ///< replies a session holds before it stops reading
  double idle_timeout_s = 0;         ///< a session without a complete line is closed; 0 = off
  double send_timeout_s = 0;         ///< a write without progress this long closes; 0 = off
  double drain_timeout_s = 0;        ///< how long a stop waits for replies to flush

  bool operator==(const Limits&) const = default;
};

}  // namespace jamd::core
