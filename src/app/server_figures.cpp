#include "app/server_figures.hpp"

#include <string>

namespace jamd::app {
namespace {

using metrics::Family;
using metrics::Series;
using metrics::Type;

double read(const std::atomic<std::uint64_t>& counter) {
  return static_cast<double>(counter.load(std::memory_order_relaxed));
}

/// A family of one series per listener, main then admin.
Family per_listener(std::string name, std::string help, Type type, double main, double admin) {
  return {std::move(name),
          std::move(help),
          type,
          {Series{{{"listener", "main"}}, main}, Series{{{"listener", "admin"}}, admin}}};
}

/// A counter with one series per reason of `Reason`, every reason listed even at 0, so that
/// a dashboard sees each from the first scrape.
template <typename Reason, std::size_t N>
Family by_reason(std::string name, std::string help, const std::array<std::uint64_t, N>& counts) {
  Family family{std::move(name), std::move(help), Type::counter, {}};
  for (std::size_t i = 0; i < N; ++i) {
    family.series.push_back({{{"reason", std::string(core::name_of(static_cast<Reason>(i)))}},
                             static_cast<double>(counts[i])});
  }
  return family;
}

}  // namespace

void ConfigTally::succeeded(std::chrono::system_clock::time_point when, std::size_t max,
                            std::size_t admin_max) {
  last_success_s.store(std::chrono::duration<double>(when.time_since_epoch()).count(),
                       std::memory_order_relaxed);
  last_successful.store(true, std::memory_order_relaxed);
  max_connections.store(max, std::memory_order_relaxed);
  admin_max_connections.store(admin_max, std::memory_order_relaxed);
}

void ConfigTally::failed() {
  last_successful.store(false, std::memory_order_relaxed);
}

void add_server_figures(metrics::Sources& sources, const core::Server& server,
                        const ConfigTally& config) {
  sources.add([&server, &config](metrics::Figures& out) {
    const core::Stats s = server.stats();
    const auto cap = [](const std::atomic<std::size_t>& value) {
      return static_cast<double>(value.load(std::memory_order_relaxed));
    };
    out.push_back(per_listener("jamd_connections", "Sessions open now.", Type::gauge,
                               static_cast<double>(s.sessions),
                               static_cast<double>(s.admin_sessions)));
    out.push_back(metrics::single(
        "jamd_max_connections", "Sessions the public port admits at once (limits.max_connections).",
        Type::gauge, cap(config.max_connections)));
    out.push_back(metrics::single("jamd_admin_max_connections",
                                  "Sessions the admin port admits at once (admin.max_connections).",
                                  Type::gauge, cap(config.admin_max_connections)));
    out.push_back(per_listener("jamd_connections_accepted_total", "Sessions admitted.",
                               Type::counter, static_cast<double>(s.accepted),
                               static_cast<double>(s.admin_accepted)));
    out.push_back(by_reason<core::Refusal>(
        "jamd_connections_refused_total",
        "Connections refused at accept, never admitted, by reason.", s.refused));
    out.push_back(by_reason<core::Closing>("jamd_connections_closed_total",
                                           "Sessions closed, by the first reason that arose.",
                                           s.closed));
    out.push_back(
        metrics::single("jamd_accept_paused_seconds_total",
                        "Time accepting was paused because jamd was out of descriptors or memory.",
                        Type::counter, s.accept_paused_s));
    out.push_back(metrics::single("jamd_tracked_clients", "Clients the per-client limits hold now.",
                                  Type::gauge, static_cast<double>(s.clients)));
    out.push_back(metrics::single("jamd_received_bytes_total", "Bytes received from clients.",
                                  Type::counter, static_cast<double>(s.received_bytes)));
    out.push_back(metrics::single("jamd_sent_bytes_total", "Bytes sent to clients.", Type::counter,
                                  static_cast<double>(s.sent_bytes)));
    out.push_back(metrics::single(
        "jamd_replies_held_back_total",
        "Times a session's replies waited for its client to read them (back-pressure).",
        Type::counter, static_cast<double>(s.held_back)));
  });
}

void add_config_figures(metrics::Sources& sources, const ConfigTally& config) {
  sources.add([&config](metrics::Figures& out) {
    out.push_back({"jamd_config_reloads_total",
                   "Reloads (SIGHUP) of the config file, by result.",
                   Type::counter,
                   {Series{{{"result", "ok"}}, read(config.reloads_ok)},
                    Series{{{"result", "error"}}, read(config.reloads_failed)}}});
    out.push_back(metrics::single(
        "jamd_config_last_reload_success_timestamp_seconds",
        "When the config in effect was read (at start or by the last good reload), in seconds "
        "since the epoch.",
        Type::gauge, config.last_success_s.load(std::memory_order_relaxed)));
    out.push_back(metrics::single(
        "jamd_config_last_reload_successful",
        "1 when the config in effect is the one last read, 0 after a reload failed.", Type::gauge,
        config.last_successful.load(std::memory_order_relaxed) ? 1 : 0));
  });
}

}  // namespace jamd::app
