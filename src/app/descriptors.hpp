#pragma once

// The open-descriptor limit: main raises it once at start, before the server opens sockets.

#include <cstddef>

namespace jamd::app {

/// Raises the soft limit on open descriptors to the hard limit, and warns when
/// `max_connections` sessions and `admin_connections` admin sessions (plus jamd's own
/// descriptors) still cannot fit.
void raise_descriptor_limit(std::size_t max_connections, std::size_t admin_connections = 0);

}  // namespace jamd::app
