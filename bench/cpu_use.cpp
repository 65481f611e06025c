#include "bench/cpu_use.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace jamd::bench {
namespace {

void sleep_until(std::int64_t deadline) {
  const std::int64_t left = deadline - now_ns();
  if (left > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(left));
}

double percent(double cpu_seconds, std::int64_t ns) {
  return cpu_seconds < 0 || ns <= 0 ? -1 : 100.0 * cpu_seconds / (static_cast<double>(ns) / 1e9);
}

}  // namespace

double process_cpu_seconds(int pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(file, stat)) return -1;
  // Fields after the command name, which is in parentheses and may hold spaces: state is
  // field 3, utime and stime are fields 14 and 15.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  long long user = 0, system = 0;
  if (!(fields >> user >> system)) return -1;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

CpuUse sample_cpu(const Window& window, int server_pid) {
  sleep_until(window.measure_from);
  const std::int64_t begin = now_ns();
  const double server_before = server_pid > 0 ? process_cpu_seconds(server_pid) : -1;
  const double own_before = own_cpu_seconds();
  sleep_until(window.end);
  const std::int64_t elapsed = now_ns() - begin;
  CpuUse use;
  use.client_pct = percent(own_cpu_seconds() - own_before, elapsed);
  if (server_before >= 0) {
    const double server_after = process_cpu_seconds(server_pid);
    if (server_after >= 0) use.server_pct = percent(server_after - server_before, elapsed);
  }
  return use;
}

}  // namespace jamd::bench
