#pragma once

// Startup to first reply: how soon a starting server answers.

#include <cstdint>

#include "bench/net.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace jamd::bench {

/// The outcome of a first-reply run.
struct FirstReply {
  Stats stats;
  bool answered = false;
  double ms = 0;     // from the start to the first correct reply
  int attempts = 0;  // connections tried
};

/// Connects, sends the request and reads one reply, retrying every 1 ms (refused connects
/// and closed connections are expected while the server starts) until a reply has the
/// expected prefix or `options.ready_timeout_s` passes. The time counts from `start_us`
/// (microseconds since the epoch).
FirstReply run_first_reply(const Options& options, const Endpoint& endpoint, std::int64_t start_us);

/// Microseconds since the epoch (CLOCK_REALTIME), the clock --since uses.
std::int64_t epoch_us();

}  // namespace jamd::bench
