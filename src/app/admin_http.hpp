#pragma once

// What the admin listener answers over HTTP: GET /metrics (the figures in the Prometheus text
// format), GET /healthz (200 while jamd would answer TIME, 503 while it drains or its clock
// policy keeps TIME from answering), and 404 for any other path.

#include <atomic>
#include <functional>
#include <string>

#include "core/http_handler.hpp"
#include "metrics/figures.hpp"

namespace jamd::app {

/// What the clock policy says now: whether TIME answers, and whether the clock is
/// synchronised ("yes", "no" or "unknown"), for the one line of /healthz.
struct ClockVerdict {
  bool time_answers = true;
  std::string synchronized = "unknown";
};

/// What /healthz looks at. The clock part is a hook: until the clock policy is wired in, it
/// says TIME answers and the clock is "unknown".
struct Health {
  /// Set by main when SIGTERM or SIGINT came; AGENT reads it too (Services::stopping).
  std::atomic<bool> draining{false};
  std::function<ClockVerdict()> clock = [] { return ClockVerdict{}; };  ///< thread-safe
};

/// The admin listener's HTTP handler over `sources` and `health`, which must outlive it.
core::HttpHandler admin_http(const metrics::Sources& sources, const Health& health);

}  // namespace jamd::app
