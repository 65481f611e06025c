#pragma once

// The figures of the build and the process: jamd_build_info, jamd_start_time_seconds and the
// standard process_* figures (CPU, memory, descriptors, start time), read from the kernel at
// each scrape. main adds them first to the sources that /metrics and STATS walk.

#include <chrono>

#include "metrics/figures.hpp"

namespace jamd::app {

/// Adds the source of the build and process figures to `sources`; `started` is when jamd
/// started serving (jamd_start_time_seconds).
void add_process_figures(metrics::Sources& sources, std::chrono::system_clock::time_point started);

}  // namespace jamd::app
