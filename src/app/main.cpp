// jamd: reads the settings, loads the plugins and builds the registries (load_config), takes
// the sockets a service manager passed, starts the log, judges the clock, then owns the
// server, and turns signals into reloads (reload.hpp), log reopens and a graceful stop,
// telling the service manager of each (service_notify.hpp). It also owns the list of figure
// sources that /metrics and STATS walk, and counts the reloads. The log is spdlog's default
// logger, which main sets up and everything else writes to through src/log. The plugins
// outlive everything else: their fini runs after the last session and command are gone.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>

#include "app/admin_http.hpp"
#include "app/clock_figures.hpp"
#include "app/command_figures.hpp"
#include "app/config.hpp"
#include "app/descriptors.hpp"
#include "app/logging.hpp"
#include "app/options.hpp"
#include "app/process_figures.hpp"
#include "app/reload.hpp"
#include "app/server_figures.hpp"
#include "app/service_notify.hpp"
#include "app/socket_activation.hpp"
#include "app/threads.hpp"
#include "clock/clock_health.hpp"
#include "clock/clock_source.hpp"
#include "jamd/plugin.h"
#include "log/log.hpp"

namespace {

using namespace jamd;

/// What serving needs besides the config: the figures and the commands' services.
struct Serving {
  metrics::Sources& sources;
  const commands::Services& services;
  app::ConfigTally& tally;
  clock::ClockHealth& clock;
  const app::AdoptedSockets& sockets;  ///< empty unless socket-activated
  app::ServiceNotifier& notifier;
  app::Health& health;  ///< what /healthz and AGENT say
};

/// Logs each socket jamd adopted, with the address it listens on.
void log_adopted(const app::AdoptedSockets& sockets, const core::Server& server) {
  const std::vector<std::string> endpoints = server.endpoints();
  for (std::size_t i = 0; i < sockets.main.size(); ++i) {
    log::info(log::socket_adopted, "adopted socket '{}' (descriptor {}) from systemd: {}",
              sockets.main[i].name, sockets.main[i].descriptor, endpoints[i]);
  }
  for (const auto& admin : sockets.admin) {
    log::info(log::socket_adopted, "adopted socket '{}' (descriptor {}) from systemd: {}",
              admin.name, admin.descriptor, server.admin_endpoint());
  }
}

/// WATCHDOG=1 at half the watchdog's timeout, from a tick on the I/O threads: when they are
/// wedged, the pings stop and the service manager restarts jamd.
void start_watchdog(core::Server& server, app::ServiceNotifier& notifier) {
  const auto period = app::ServiceNotifier::watchdog_period();
  if (!period) return;
  server.every(*period, [&notifier] { notifier.watchdog(); });
  log::info(log::watchdog_enabled, "watchdog: notifying systemd every {} ms (timeout {} ms)",
            std::chrono::duration_cast<std::chrono::milliseconds>(*period).count(),
            std::chrono::duration_cast<std::chrono::milliseconds>(*period * 2).count());
}

/// Goes on serving for `seconds` (limits.stop_grace_s) once SIGTERM came, while /healthz and
/// AGENT say that jamd is draining, so that balancers send their new clients elsewhere before
/// the listeners close. A second SIGTERM or SIGINT ends it at once; SIGUSR1 still reopens the
/// log; a SIGHUP is not applied, jamd being on its way out.
void serve_grace(const sigset_t& signals, double seconds) {
  if (seconds <= 0) return;
  log::info(log::stop_grace, "serving on for {} s before the drain (limits.stop_grace_s)", seconds);
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(seconds));
  for (auto left = end - Clock::now(); left > Clock::duration::zero(); left = end - Clock::now()) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(left);
    const timespec wait{
        .tv_sec = static_cast<time_t>(s.count()),
        .tv_nsec = static_cast<long>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(left - s).count())};
    const int signal = sigtimedwait(&signals, nullptr, &wait);
    if (signal == SIGTERM || signal == SIGINT) {
      log::info(log::stop_grace_cut, "{}: draining now", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      return;
    }
    if (signal == SIGUSR1) app::reopen_log();
  }
}

int serve(const app::Options& options, plugins::PluginSet& plugins, app::Config config,
          const Serving& serving) {
  // Signals are taken by sigwait() below, never by a handler: block them before any thread
  // starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGHUP, SIGUSR1, SIGINT, SIGTERM}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const app::AdminSettings& admin = config.settings.admin;
  core::Listen listen = config.settings.listen;
  listen.adopted = serving.sockets.main_descriptors();
  app::raise_descriptor_limit(config.settings.limits.max_connections,
                              admin.address.empty() ? 0 : admin.max_connections);
  const app::ThreadChoice choice =
      app::choose_threads(config.settings.threads, config.settings.busy_poll_us, app::cpu_budget());
  const core::Threads& threads = choice.threads;
  app::Health& health = serving.health;
  health.clock = [&clock = serving.clock] {
    const clock::ClockSnapshot now = clock.snapshot();
    const char* synchronized = now.status == clock::ClockStatus::not_read ? "unknown"
                               : now.synchronized                         ? "yes"
                                                                          : "no";
    return app::ClockVerdict{clock.gate().action == clock::Policy::serve, synchronized};
  };
  app::count_in_effect(serving.tally, config);
  core::Server server(
      listen, threads, app::hand_over(config),
      core::Admin{admin.address, admin.port, app::admin_http(serving.sources, health),
                  serving.sockets.admin_descriptor()});
  // In the order the figures are documented (README, Observability).
  app::add_process_figures(serving.sources, std::chrono::system_clock::now());
  app::add_server_figures(serving.sources, server, serving.tally);
  app::add_command_figures(serving.sources, commands::command_counts());
  app::add_config_figures(serving.sources, serving.tally);
  app::add_clock_figures(serving.sources, serving.clock);
  log_adopted(serving.sockets, server);
  for (const auto& endpoint : server.endpoints()) {
    log::info(log::listening, "listening on {}", endpoint);
  }
  if (!admin.address.empty()) {
    log::info(log::admin_listening, "admin listening on {}", server.admin_endpoint());
  }
  log::info(log::serving, "serving with {} I/O thread{} ({}), busy polling {}", threads.count,
            threads.count == 1 ? "" : "s", choice.reason,
            threads.busy_poll_us ? std::to_string(threads.busy_poll_us) + " µs" : "off");
  app::log_plugins(config);
  // Read once before serving, so that the first request meets a judged clock and the log
  // says at start whether it is synchronised (or cannot be read); then once a second.
  serving.clock.configure(config.settings.clock);
  server.every_second([&clock = serving.clock] { clock.poll(); });
  start_watchdog(server, serving.notifier);
  server.start();
  serving.notifier.ready(app::serving_status(server.endpoints(), server.admin_endpoint()));

  const app::Reloading reloading{options,
                                 plugins,
                                 server,
                                 serving.services,
                                 serving.tally,
                                 serving.clock,
                                 !serving.sockets.empty()};
  for (;;) {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal == SIGHUP) {
      serving.notifier.reloading();
      serving.notifier.reloaded(app::reload(reloading, config));
    } else if (signal == SIGUSR1) {
      app::reopen_log();  // nginx's convention, for logrotate: SIGHUP stays the reload
    } else {
      log::info(log::stopping, "{}: stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      health.draining.store(true, std::memory_order_relaxed);  // /healthz and AGENT say so
      serving.notifier.stopping(server.sessions());
      serve_grace(signals, config.settings.stop_grace_s);
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
  const auto clock = std::make_shared<clock::ClockHealth>(clock::kernel_clock());
  // Complete before the server's threads start; read by STATS and /metrics until it stops.
  metrics::Sources sources;
  commands::Services services{.clock_health = clock};
  services.figures = [&sources] { return sources.collect(); };
  app::Health health;
  services.stopping = [&health] { return health.draining.load(std::memory_order_relaxed); };
  app::ConfigTally tally;
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
    // Taken only to serve, so that --check-config and --print-config leave them alone.
    const app::AdoptedSockets sockets =
        app::adopt_sockets(app::systemd::take_passed_sockets(), config.settings.admin);
    app::ServiceNotifier notifier;
    app::start_logging(config.settings.log_level, config.settings.log_format,
                       config.settings.log_file);
    return serve(options, plugins, std::move(config),
                 Serving{sources, services, tally, *clock, sockets, notifier, health});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd: %s\n", e.what());
    return 1;
  }
}
