// jamd-bench: measures a line-protocol server (jamd, redis, memcached) over TCP. Every run
// is bounded: a watchdog ends it shortly after its planned time, whatever the server does.

#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <thread>
#include <vector>

#include "bench/churn_loop.hpp"
#include "bench/cpu_use.hpp"
#include "bench/first_reply.hpp"
#include "bench/idle_hold.hpp"
#include "bench/load_loop.hpp"
#include "bench/report.hpp"

namespace {

using namespace jamd::bench;

// Seconds a run may overrun its plan before the watchdog ends it.
constexpr double kGraceSeconds = 3;

extern "C" void on_watchdog(int) {
  constexpr char kMessage[] = "jamd-bench: watchdog: the run overran its time bound\n";
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(3);
}

/// Arms SIGALRM to end the process `seconds` (plus the grace) from now.
void arm_watchdog(double seconds) {
  std::signal(SIGALRM, on_watchdog);
  ::alarm(static_cast<unsigned>(std::ceil(seconds + kGraceSeconds)));
}

/// The planned length of a run, in seconds.
double planned_seconds(const Options& o) {
  switch (o.mode) {
    case Mode::load:
    case Mode::churn:
      return o.warmup_s + o.duration_s;
    case Mode::idle:
      return o.ready_timeout_s + o.hold_s + 1;
    case Mode::first_reply:
      return o.ready_timeout_s;
  }
  return 0;
}

/// Runs a load or churn loop on `options.threads` threads, sharing the connections out, and
/// samples the CPU use of both sides meanwhile.
Stats run_timed(const Options& o, const Endpoint& endpoint, CpuUse& cpu) {
  auto loop = o.mode == Mode::churn ? run_churn : run_load;
  const std::int64_t start = now_ns();
  const Window window{start, start + to_ns(o.warmup_s), start + to_ns(o.warmup_s + o.duration_s)};
  std::vector<Stats> stats(static_cast<std::size_t>(o.threads));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { cpu = sample_cpu(window, o.server_pid); });
  auto share_of = [&](int i) {
    return o.connections / o.threads + (i < o.connections % o.threads);
  };
  for (int i = 1; i < o.threads; ++i) {
    threads.emplace_back([&, i] { loop(o, endpoint, window, share_of(i), stats[i]); });
  }
  loop(o, endpoint, window, share_of(0), stats[0]);
  for (auto& t : threads) t.join();
  for (std::size_t i = 1; i < stats.size(); ++i) stats[0].merge(stats[i]);
  return std::move(stats[0]);
}

/// 1 when the run saw an error or a wrong reply, else 0.
int exit_code(const Stats& stats) {
  return stats.errors() > 0 || stats.wrong_replies > 0 ? 1 : 0;
}

int run(const Options& o, std::int64_t started_us) {
  const Endpoint endpoint = resolve(o.host, o.port);
  raise_descriptor_limit();
  std::signal(SIGPIPE, SIG_IGN);
  arm_watchdog(planned_seconds(o));
  switch (o.mode) {
    case Mode::load:
    case Mode::churn: {
      CpuUse cpu;
      const Stats result = run_timed(o, endpoint, cpu);
      print_load(o, endpoint, result, cpu);
      return exit_code(result);
    }
    case Mode::idle: {
      const IdleResult result = run_idle(o, endpoint);
      print_idle(o, endpoint, result);
      return exit_code(result.stats);
    }
    case Mode::first_reply: {
      const FirstReply result = run_first_reply(o, endpoint, o.since_us.value_or(started_us));
      print_first_reply(o, endpoint, result);
      return exit_code(result.stats);
    }
  }
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t started_us = epoch_us();
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd-bench: %s\n", e.what());
    return 2;
  }
  if (options.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  try {
    return run(options, started_us);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jamd-bench: %s\n", e.what());
    return 3;
  }
}
