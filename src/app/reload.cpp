#include "app/reload.hpp"

#include <chrono>
#include <exception>

#include "app/logging.hpp"
#include "log/log.hpp"

namespace jamd::app {
namespace {

/// Gives the settings of `now` that need a restart their running values in `was`, and says
/// which changed. Socket-activated, jamd serves on the sockets it was passed: bind, port and
/// the address of admin.listen are then not used, and only turning the admin listener on or
/// off would need a restart (and new sockets).
void keep_what_needs_a_restart(Settings& now, const Settings& was, bool adopted) {
  if ((!adopted && now.listen != was.listen) || now.threads != was.threads ||
      now.busy_poll_us != was.busy_poll_us) {
    log::warn(log::reload_restart_needed, "reload: {} changes apply only after a restart",
              "port, bind, threads and busy_poll_us");
  }
  now.listen = was.listen;
  now.threads = was.threads;
  now.busy_poll_us = was.busy_poll_us;
  const bool admin_changed = adopted ? now.admin.address.empty() != was.admin.address.empty()
                                     : now.admin.listen != was.admin.listen;
  if (admin_changed) {
    log::warn(log::reload_restart_needed, "reload: {} changes apply only after a restart",
              "admin.listen");
  }
  now.admin.listen = was.admin.listen;
  now.admin.address = was.admin.address;
  now.admin.port = was.admin.port;
  if (now.log_file != was.log_file) {
    log::warn(log::reload_restart_needed, "reload: {} changes apply only after a restart",
              "logging.file");
    now.log_file = was.log_file;
  }
}

}  // namespace

void log_plugins(const Config& config) {
  for (const auto& plugin : config.plugins) {
    log::info(log::plugin_loaded, "plugin {} {} from {}", plugin.name, plugin.version, plugin.path);
  }
}

std::shared_ptr<const core::LiveConfig> hand_over(Config& config) {
  return std::make_shared<const core::LiveConfig>(core::LiveConfig{
      config.settings.limits, std::move(config.registry), config.settings.access,
      config.settings.proxy,
      core::AdminConfig{std::move(config.admin_registry), config.settings.admin.max_connections}});
}

void count_in_effect(ConfigTally& tally, const Config& config) {
  tally.succeeded(std::chrono::system_clock::now(), config.settings.limits.max_connections,
                  config.settings.admin.max_connections);
}

std::string reload(const Reloading& with, Config& current) {
  if (!with.options.config) {
    log::info(log::reload_skipped,
              "SIGHUP: jamd runs on its built-in defaults (no --config): nothing to reload");
    return "reload skipped: serving the built-in defaults (no --config)";
  }
  // The commands that earlier reloads replaced are gone by now, unless a session is still
  // on the same batch of lines: their plugin instances are destroyed here, on this thread.
  with.plugins.destroy_unused();
  Config next;
  try {
    next = load_config(with.options, with.plugins, with.services);
  } catch (const std::exception& e) {
    log::error(log::reload_failed, "reload failed, keeping the config in use: {}", e.what());
    with.tally.failed();
    with.tally.reloads_failed.fetch_add(1, std::memory_order_relaxed);
    return std::string("reload refused, the previous config stays: ") + e.what();
  }
  // What needs a restart keeps its running value, so that `current` says what is in effect.
  auto& now = next.settings;
  keep_what_needs_a_restart(now, current.settings, with.adopted);
  set_log_level(now.log_level);
  if (now.log_format != current.settings.log_format) set_log_format(now.log_format);
  with.clock.configure(now.clock);
  count_in_effect(with.tally, next);
  const std::size_t revoked = with.server.update(hand_over(next));
  current = std::move(next);
  with.tally.reloads_ok.fetch_add(1, std::memory_order_relaxed);
  log::info(log::reloaded, "reloaded {}", *with.options.config);
  if (revoked > 0) {
    log::warn(log::sessions_revoked,
              "reload: the new access rules deny {} open session{}: closing {}", revoked,
              revoked == 1 ? "" : "s", revoked == 1 ? "it" : "them");
  }
  log_plugins(current);
  return "reload applied: " + *with.options.config;
}

}  // namespace jamd::app
