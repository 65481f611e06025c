#pragma once

// The figures of the server and of the config: connections per listener, admissions,
// refusals and closes by reason, bytes, back-pressure, accept pauses (core::Server::stats()),
// and the reloads main counts. Both are sources of the list that /metrics and STATS walk.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "core/server.hpp"
#include "metrics/figures.hpp"

namespace jamd::app {

/// What main counts of the config, on its own thread, and the limits of the config in effect;
/// read from the I/O threads at each scrape, so atomic.
struct ConfigTally {
  std::atomic<std::uint64_t> reloads_ok{0};      ///< SIGHUPs whose config was put in effect
  std::atomic<std::uint64_t> reloads_failed{0};  ///< SIGHUPs whose config was refused
  /// When the config in effect was read, in seconds since the epoch (at start, or the last
  /// reload that succeeded).
  std::atomic<double> last_success_s{0};
  /// False after a reload failed, until one succeeds: the running config is then not the
  /// file's.
  std::atomic<bool> last_successful{true};
  std::atomic<std::size_t> max_connections{0};        ///< limits.max_connections in effect
  std::atomic<std::size_t> admin_max_connections{0};  ///< admin.max_connections in effect

  /// Records that a config was put in effect at `when`, with its two connection caps.
  void succeeded(std::chrono::system_clock::time_point when, std::size_t max,
                 std::size_t admin_max);
  /// Records a reload that failed: the config in effect stays.
  void failed();
};

/// Adds the source of the connection, byte and back-pressure figures of `server`, which must
/// outlive every read of `sources`, and the caps `config` holds.
void add_server_figures(metrics::Sources& sources, const core::Server& server,
                        const ConfigTally& config);

/// Adds the source of the reload figures of `config`.
void add_config_figures(metrics::Sources& sources, const ConfigTally& config);

}  // namespace jamd::app
