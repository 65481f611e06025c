#pragma once

// The Prometheus text exposition format, version 0.0.4: what GET /metrics answers.

#include <string>
#include <string_view>

#include "metrics/figures.hpp"

namespace jamd::metrics {

/// The Content-Type of the format.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

/// `figures` in the text format: "# HELP", "# TYPE", then one line per series, for each
/// family in order.
std::string prometheus_text(const Figures& figures);

}  // namespace jamd::metrics
