#pragma once

// The commands of plugin types: a command type whose factory calls the plugin's create, and
// whose commands call its run and keep the reply contract for it. For the plugin set.

#include <mutex>
#include <utility>
#include <vector>

#include "commands/command_types.hpp"
#include "plugins/plugin_host.hpp"

namespace jamd::plugins {

/// The instances whose commands are gone, kept for the control thread to destroy: a command
/// dies wherever the last holder of its registry lets go, on any I/O thread, and plugin.h
/// promises that create and destroy are called on one thread only.
class Graveyard {
 public:
  void bury(decltype(jamd_command_type_v1::destroy) destroy, void* instance);
  /// Destroys every instance buried so far. Control thread only.
  void destroy_all();

 private:
  std::mutex mutex_;
  std::vector<std::pair<decltype(jamd_command_type_v1::destroy), void*>> buried_;
};

/// The command type "<plugin>.<type>" for `type` of the plugin served by `host`, whose init
/// left `state`. Its commands bury their instances in `graveyard`. All three must outlive the
/// type and every command made of it. A run that reads the host's clock (host->now) tells the
/// time: while the clock of the registry's Services::clock_health is not synchronised, its
/// reply gives way to what clock.unsynchronized says, as TIME's does.
commands::CommandType command_type(PluginHost& host, void* state, const RegisteredType& type,
                                   Graveyard& graveyard);

}  // namespace jamd::plugins
