#pragma once

// SIGHUP: a new config read, checked and handed to the server, or refused with the old one
// kept; and what the start and a reload share: handing a config over, counting it, logging
// its plugins.

#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/options.hpp"
#include "app/server_figures.hpp"
#include "clock/clock_health.hpp"
#include "core/server.hpp"

namespace jamd::app {

/// What of `config` a reload may change, for the server, which takes the registry over: the
/// server alone then decides where it is destroyed (see core/live_config_slot.hpp).
std::shared_ptr<const core::LiveConfig> hand_over(Config& config);

/// Counts `config` as the one in effect from now on.
void count_in_effect(ConfigTally& tally, const Config& config);

/// Logs each plugin `config` loaded, with its version and path.
void log_plugins(const Config& config);

/// What a reload works with besides the config in use; all of it outlives the reloads.
struct Reloading {
  const Options& options;
  plugins::PluginSet& plugins;
  core::Server& server;
  const commands::Services& services;
  ConfigTally& tally;
  clock::ClockHealth& clock;
  bool adopted;  ///< serving on sockets a service manager passed: bind and port are unused
};

/// SIGHUP: a new config applies to every batch of lines read after it, in every session, or,
/// when it is invalid, the old one stays. What needs a restart is said, not silently ignored.
/// Returns the outcome in a few words, for the service manager's STATUS=.
std::string reload(const Reloading& with, Config& current);

}  // namespace jamd::app
