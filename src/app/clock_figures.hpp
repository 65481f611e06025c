#pragma once

// The figures of the clock's health (jamd_clock_*), as ClockHealth last read and judged it:
// a source of the list that /metrics and STATS walk.

#include "clock/clock_health.hpp"
#include "metrics/figures.hpp"

namespace jamd::app {

/// Adds the source of the jamd_clock_* figures (see clock/clock_snapshot.hpp), read from
/// `clock` at each scrape; `clock` must outlive every read of `sources`.
void add_clock_figures(metrics::Sources& sources, const clock::ClockHealth& clock);

}  // namespace jamd::app
