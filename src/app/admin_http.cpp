#include "app/admin_http.hpp"

#include "core/replies.hpp"
#include "metrics/prometheus_text.hpp"

namespace jamd::app {
namespace {

/// /healthz: one line, "ok" or why not, and what the clock policy says of the clock.
core::HttpResponse health_of(const Health& health) {
  const ClockVerdict clock = health.clock();
  const std::string synchronized = "clock synchronized: " + clock.synchronized + "\n";
  if (health.draining.load(std::memory_order_relaxed)) {
    return {.status = 503, .body = "draining; " + synchronized};
  }
  if (!clock.time_answers) return {.status = 503, .body = "TIME refused; " + synchronized};
  return {.status = 200, .body = "ok; " + synchronized};
}

}  // namespace

core::HttpHandler admin_http(const metrics::Sources& sources, const Health& health) {
  return [&sources, &health](std::string_view path) -> core::HttpResponse {
    if (path == "/metrics") {
      return {.status = 200,
              .content_type = std::string(metrics::kPrometheusContentType),
              .body = metrics::prometheus_text(sources.collect())};
    }
    if (path == "/healthz") return health_of(health);
    return {.status = 404, .body = std::string(core::replies::kHttpNotFound)};
  };
}

}  // namespace jamd::app
