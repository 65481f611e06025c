#pragma once

// Idle connections: what each one costs the server while it does nothing.

#include "bench/net.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace jamd::bench {

/// The outcome of an idle run.
struct IdleResult {
  Stats stats;
  int open = 0;             // connections answered and still open when the RSS was read
  long rss_before_kb = -1;  // the server's VmRSS before connecting (-1: no --server-pid)
  long rss_after_kb = -1;   // ... once every connection had its reply
  double ready_s = 0;       // how long opening them all took
};

/// Opens `options.idle` connections (a few hundred handshakes at a time), sends one request
/// on each and reads its reply, so the server has surely accepted and served them; reads the
/// server's VmRSS; then holds them for `options.hold_s`, counting those the server closes.
IdleResult run_idle(const Options& options, const Endpoint& endpoint);

}  // namespace jamd::bench
