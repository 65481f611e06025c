#pragma once

#include <cstddef>

namespace jamd::core {

/// Per-server limits; the defaults are those of config/jamd.json.
struct Limits {
  std::size_t max_connections = 10000;   ///< open sessions; more are refused with ERR
  std::size_t max_line_bytes = 1024;     ///< longest request line, terminator excluded
  std::size_t max_output_bytes = 65536;  ///< replies a session holds before it stops reading
  double idle_timeout_s = 300;           ///< a session without a complete line is closed; 0 = off
  double send_timeout_s = 30;            ///< a write without progress this long closes; 0 = off
  double drain_timeout_s = 2;            ///< how long a stop waits for replies to flush

  bool operator==(const Limits&) const = default;
};

}  // namespace jamd::core
