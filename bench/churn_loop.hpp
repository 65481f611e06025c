#pragma once

// Churn: a new connection per request, as short-lived clients use a server.

#include "bench/clock.hpp"
#include "bench/net.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace jamd::bench {

/// Runs `connections` concurrent sessions on this thread until `window.end`, each: connect,
/// send the request, read its reply, send the quit line and wait for the server's close (or,
/// without a quit line, close), then start over. Counts sessions and their durations.
void run_churn(const Options& options, const Endpoint& endpoint, const Window& window,
               int connections, Stats& stats);

}  // namespace jamd::bench
