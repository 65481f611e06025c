#include "bench/report.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

namespace jamd::bench {
namespace {

using Json = nlohmann::ordered_json;

/// Nanoseconds as microseconds with one decimal.
double us(std::uint64_t ns) {
  return std::round(static_cast<double>(ns) / 100.0) / 10.0;
}

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

/// Fields shared by every report: the errors and wrong replies.
void add_errors(Json& json, const Stats& stats) {
  json["errors"] = stats.errors();
  json["connect_failures"] = stats.connect_failures;
  json["resets"] = stats.resets;
  json["unexpected_eofs"] = stats.unexpected_eofs;
  json["timeouts"] = stats.timeouts;
  json["wrong_replies"] = stats.wrong_replies;
  json["first_error"] = stats.first_error;
  json["first_wrong_reply"] = stats.first_wrong_reply;
}

/// "p50 ... p99.9 ... max ..." keys with `prefix`, in microseconds.
void add_percentiles(Json& json, const char* prefix, const Histogram& h) {
  const std::string p = prefix;
  json[p + "p50_us"] = us(h.percentile(0.5));
  json[p + "p99_us"] = us(h.percentile(0.99));
  json[p + "p999_us"] = us(h.percentile(0.999));
  json[p + "max_us"] = us(h.max());
  json[p + "mean_us"] = rounded(h.mean() / 1000.0, 1);
}

void print_errors(const Stats& stats) {
  std::printf("  errors         %llu  (connect %llu, reset %llu, eof %llu, timeout %llu)%s%s\n",
              static_cast<unsigned long long>(stats.errors()),
              static_cast<unsigned long long>(stats.connect_failures),
              static_cast<unsigned long long>(stats.resets),
              static_cast<unsigned long long>(stats.unexpected_eofs),
              static_cast<unsigned long long>(stats.timeouts),
              stats.first_error.empty() ? "" : "; first: ", stats.first_error.c_str());
  std::printf("  wrong replies  %llu%s%s%s\n", static_cast<unsigned long long>(stats.wrong_replies),
              stats.first_wrong_reply.empty() ? "" : "; first: '", stats.first_wrong_reply.c_str(),
              stats.first_wrong_reply.empty() ? "" : "'");
}

void print_percentiles(const char* what, const Histogram& h) {
  std::printf("  %-13s  p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us, mean %.1f us\n", what,
              us(h.percentile(0.5)), us(h.percentile(0.99)), us(h.percentile(0.999)), us(h.max()),
              h.mean() / 1000.0);
}

}  // namespace

void print_load(const Options& o, const Endpoint& endpoint, const Stats& stats, const CpuUse& cpu) {
  const bool churn = o.mode == Mode::churn;
  const double per_s = static_cast<double>(churn ? stats.sessions : stats.requests) / o.duration_s;
  if (o.json) {
    Json json;
    json["mode"] = churn ? "churn" : "load";
    json["server"] = endpoint.text;
    json["request"] = o.request;
    json["quit"] = o.quit;
    json["connections"] = o.connections;
    json["pipeline"] = churn ? 1 : o.pipeline;
    json["threads"] = o.threads;
    json["warmup_s"] = o.warmup_s;
    json["duration_s"] = o.duration_s;
    json["requests"] = stats.requests;
    json["requests_per_s"] = rounded(static_cast<double>(stats.requests) / o.duration_s, 1);
    json["sessions"] = stats.sessions;
    json["sessions_per_s"] = rounded(static_cast<double>(stats.sessions) / o.duration_s, 1);
    add_percentiles(json, "latency_", stats.latency);
    if (churn) add_percentiles(json, "session_", stats.session_time);
    json["server_cpu_pct"] = cpu.server_pct < 0 ? Json() : Json(rounded(cpu.server_pct, 1));
    json["client_cpu_pct"] = rounded(cpu.client_pct, 1);
    add_errors(json, stats);
    std::cout << json.dump() << std::endl;
    return;
  }
  std::printf("jamd-bench %s: %s, %d connections, %s%d thread%s, %g s measured after %g s warmup\n",
              churn ? "churn" : "load", endpoint.text.c_str(), o.connections,
              churn ? "" : ("pipeline " + std::to_string(o.pipeline) + ", ").c_str(), o.threads,
              o.threads == 1 ? "" : "s", o.duration_s, o.warmup_s);
  if (churn) {
    std::printf("  sessions       %llu  (%.1f/s)\n",
                static_cast<unsigned long long>(stats.sessions), per_s);
    print_percentiles("session", stats.session_time);
    print_percentiles("reply latency", stats.latency);
  } else {
    std::printf("  requests       %llu  (%.1f/s)\n",
                static_cast<unsigned long long>(stats.requests), per_s);
    print_percentiles("latency", stats.latency);
  }
  if (cpu.server_pct >= 0) std::printf("  server CPU     %.1f%% of a core\n", cpu.server_pct);
  std::printf("  client CPU     %.1f%% of a core (jamd-bench)\n", cpu.client_pct);
  print_errors(stats);
}

void print_idle(const Options& o, const Endpoint& endpoint, const IdleResult& result) {
  const bool measured = result.rss_before_kb >= 0 && result.rss_after_kb >= 0 && result.open > 0;
  const double kb_per_connection =
      measured ? static_cast<double>(result.rss_after_kb - result.rss_before_kb) / result.open
               : 0.0;
  if (o.json) {
    Json json;
    json["mode"] = "idle";
    json["server"] = endpoint.text;
    json["request"] = o.request;
    json["connections"] = o.idle;
    json["open"] = result.open;
    json["ready_s"] = rounded(result.ready_s, 3);
    json["hold_s"] = o.hold_s;
    json["server_pid"] = o.server_pid;
    json["rss_before_kb"] = result.rss_before_kb;
    json["rss_after_kb"] = result.rss_after_kb;
    json["kb_per_connection"] = rounded(kb_per_connection, 3);
    add_errors(json, result.stats);
    std::cout << json.dump() << std::endl;
    return;
  }
  std::printf("jamd-bench idle: %s, %d connections, one %s each, opened in %.3f s\n",
              endpoint.text.c_str(), o.idle, o.request.c_str(), result.ready_s);
  std::printf("  open           %d\n", result.open);
  if (measured) {
    std::printf("  server VmRSS   %ld KB -> %ld KB: %.3f KB per connection\n", result.rss_before_kb,
                result.rss_after_kb, kb_per_connection);
  }
  print_errors(result.stats);
}

void print_first_reply(const Options& o, const Endpoint& endpoint, const FirstReply& result) {
  if (o.json) {
    Json json;
    json["mode"] = "first_reply";
    json["server"] = endpoint.text;
    json["request"] = o.request;
    json["answered"] = result.answered;
    json["first_reply_ms"] = rounded(result.ms, 3);
    json["attempts"] = result.attempts;
    add_errors(json, result.stats);
    std::cout << json.dump() << std::endl;
    return;
  }
  if (result.answered) {
    std::printf("jamd-bench first reply: %s answered %s after %.3f ms (%d attempts)\n",
                endpoint.text.c_str(), o.request.c_str(), result.ms, result.attempts);
  } else {
    std::printf("jamd-bench first reply: %s gave no correct reply in %g s (%d attempts)\n",
                endpoint.text.c_str(), o.ready_timeout_s, result.attempts);
  }
  print_errors(result.stats);
}

}  // namespace jamd::bench
