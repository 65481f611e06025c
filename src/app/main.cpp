// jamd: reads the settings, loads the plugins and builds the registry (load_config), starts
// the log, judges the clock, then owns the server, and turns signals into reloads, log
// reopens and a graceful stop. The log is spdlog's default logger, which main sets up and
// everything else writes to through src/log. The plugins
// outlive everything else: their fini runs after the last session and command are gone.

#include <csignal>
#include <cstdio>

#include "app/config.hpp"
#include "app/descriptors.hpp"
#include "app/logging.hpp"
#include "app/options.hpp"
#include "app/threads.hpp"
#include "clock/clock_health.hpp"
#include "clock/clock_source.hpp"
#include "jamd/plugin.h"
#include "log/log.hpp"

namespace {

using namespace jamd;

void log_plugins(const app::Config& config) {
  for (const auto& plugin : config.plugins) {
    log::info(log::plugin_loaded, "plugin {} {} from {}", plugin.name, plugin.version, plugin.path);
  }
}

/// What of `config` a reload may change, for the server, which takes the registry over: the
/// server alone then decides where it is destroyed (see core/live_config_slot.hpp).
std::shared_ptr<const core::LiveConfig> hand_over(app::Config& config) {
  return std::make_shared<const core::LiveConfig>(
      core::LiveConfig{config.settings.limits, std::move(config.registry), config.settings.access,
                       config.settings.proxy});
}

/// SIGHUP: a new config applies to every batch of lines read after it, in every session, or,
/// when it is invalid, the old one stays. What needs a restart is said, not silently ignored.
void reload(const app::Options& options, plugins::PluginSet& plugins,
            const commands::Services& services, clock::ClockHealth& health, app::Config& current,
            core::Server& server) {
  if (!options.config) {
    log::info(log::reload_skipped,
              "SIGHUP: jamd runs on its built-in defaults (no --config): nothing to reload");
    return;
  }
  // The commands that earlier reloads replaced are gone by now, unless a session is still
  // on the same batch of lines: their plugin instances are destroyed here, on this thread.
  plugins.destroy_unused();
  app::Config next;
  try {
    next = app::load_config(options, plugins, services);
  } catch (const std::exception& e) {
    log::error(log::reload_failed, "reload failed, keeping the config in use: {}", e.what());
    return;
  }
  // What needs a restart keeps its running value, so that `current` says what is in effect.
  auto& now = next.settings;
  const auto& was = current.settings;
  if (now.listen != was.listen || now.threads != was.threads ||
      now.busy_poll_us != was.busy_poll_us) {
    log::warn(log::reload_restart_needed, "reload: {} changes apply only after a restart",
              "port, bind, threads and busy_poll_us");
    now.listen = was.listen;
    now.threads = was.threads;
    now.busy_poll_us = was.busy_poll_us;
  }
  if (now.log_file != was.log_file) {
    log::warn(log::reload_restart_needed, "reload: {} changes apply only after a restart",
              "logging.file");
    now.log_file = was.log_file;
  }
  app::set_log_level(now.log_level);
  if (now.log_format != was.log_format) app::set_log_format(now.log_format);
  health.configure(now.clock);
  const std::size_t revoked = server.update(hand_over(next));
  current = std::move(next);
  log::info(log::reloaded, "reloaded {}", *options.config);
  if (revoked > 0) {
    log::warn(log::sessions_revoked,
              "reload: the new access rules deny {} open session{}: closing {}", revoked,
              revoked == 1 ? "" : "s", revoked == 1 ? "it" : "them");
  }
  log_plugins(current);
}

int serve(const app::Options& options, plugins::PluginSet& plugins,
          const commands::Services& services, const std::shared_ptr<clock::ClockHealth>& health,
          app::Config config) {
  // Signals are taken by sigwait() below, never by a handler: block them before any thread
  // starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGHUP, SIGUSR1, SIGINT, SIGTERM}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  app::raise_descriptor_limit(config.settings.limits.max_connections);
  const app::ThreadChoice choice =
      app::choose_threads(config.settings.threads, config.settings.busy_poll_us, app::cpu_budget());
  const core::Threads& threads = choice.threads;
  core::Server server(config.settings.listen, threads, hand_over(config));
  for (const auto& endpoint : server.endpoints()) {
    log::info(log::listening, "listening on {}", endpoint);
  }
  log::info(log::serving, "serving with {} I/O thread{} ({}), busy polling {}", threads.count,
            threads.count == 1 ? "" : "s", choice.reason,
            threads.busy_poll_us ? std::to_string(threads.busy_poll_us) + " µs" : "off");
  log_plugins(config);
  // Read once before serving, so that the first request meets a judged clock and the log
  // says at start whether it is synchronised (or cannot be read); then once a second.
  health->configure(config.settings.clock);
  server.every_second([health] { health->poll(); });
  server.start();

  for (;;) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal == SIGHUP) {
      reload(options, plugins, services, *health, config, server);
    } else if (signal == SIGUSR1) {
      app::reopen_log();  // nginx's convention, for logrotate: SIGHUP stays the reload
    } else {
      log::info(log::stopping, "{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
  }
  server.stop();
  log::info(log::stopped, "stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  app::Options options;
  try {
    options = app::parse_options(argc, argv);
  } catch (const app::FlagValueError& e) {
    std::fprintf(stderr, "jamd: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd: %s\n%s", e.what(), app::kUsage);
    return 2;
  }
  if (options.help) return std::fputs(app::kUsage, stdout), 0;
  if (options.version) {
    std::printf("jamd %s, plugin ABI %d.%d\n", JAMD_VERSION, JAMD_PLUGIN_ABI_MAJOR,
                JAMD_PLUGIN_ABI_MINOR);
    return 0;
  }

  plugins::PluginSet plugins;
  // Nothing is read before configure(), so --check-config and --print-config never read it.
  const auto health = std::make_shared<clock::ClockHealth>(clock::kernel_clock());
  const commands::Services services{.clock_health = health};
  app::Config config;
  try {
    config = app::load_config(options, plugins, services);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd: %s\n", e.what());
    return 1;
  }
  if (options.print_config) {
    std::printf("%s\n", app::to_json(config.settings).dump(2).c_str());
    return 0;
  }
  if (options.check_config) {
    std::printf("jamd: %s: the config is valid\n",
                options.config.value_or("built-in defaults").c_str());
    return 0;
  }
  try {
    app::start_logging(config.settings.log_level, config.settings.log_format,
                       config.settings.log_file);
    return serve(options, plugins, services, health, std::move(config));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd: %s\n", e.what());
    return 1;
  }
}
