#pragma once

// The closed loop: each connection keeps exactly `pipeline` requests outstanding.

#include "bench/clock.hpp"
#include "bench/net.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace jamd::bench {

/// Runs `connections` closed-loop connections on this thread until `window.end`: write the
/// batch of `pipeline` lines, read as many replies, repeat. A connection that fails is
/// counted and reconnected 10 ms later.
void run_load(const Options& options, const Endpoint& endpoint, const Window& window,
              int connections, Stats& stats);

}  // namespace jamd::bench
