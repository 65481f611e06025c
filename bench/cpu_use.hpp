#pragma once

// CPU time of the server and of jamd-bench itself over the measured window: a loaded side
// near 100% of a core is the bottleneck, one well under it waits on the other.

#include <cstdint>

#include "bench/clock.hpp"

namespace jamd::bench {

/// Percent of one core used during a window; -1 when it could not be read.
struct CpuUse {
  double server_pct = -1;
  double client_pct = -1;
};

/// CPU seconds (user + system) process `pid` has used so far, from /proc; -1 when unknown.
double process_cpu_seconds(int pid);

/// CPU seconds (user + system) all threads of this process have used so far.
double own_cpu_seconds();

/// Sleeps until `window.measure_from`, samples, sleeps until `window.end`, samples. Run it on
/// its own (sleeping) thread beside the load loops. `server_pid` 0: the server is not sampled.
CpuUse sample_cpu(const Window& window, int server_pid);

}  // namespace jamd::bench
