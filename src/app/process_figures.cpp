#include "app/process_figures.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/build_info.hpp"

namespace jamd::app {
namespace {

using metrics::Type;

double seconds_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

/// When the process started, in seconds since the epoch: its start in clock ticks after boot
/// (/proc/self/stat) plus the boot time (/proc/stat); nullopt when either cannot be read.
std::optional<double> process_start_time() {
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // The command name, field 2, is in parentheses and may hold spaces: count after its end.
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(name_end + 2));
  std::string field;
  for (int i = 3; i < 22 && fields >> field; ++i) {
  }
  unsigned long long ticks = 0;
  if (!(fields >> ticks)) return std::nullopt;
  std::ifstream boot_file("/proc/stat");
  std::string key;
  unsigned long long boot = 0;
  while (boot_file >> key) {
    if (key == "btime" && boot_file >> boot) {
      return static_cast<double>(boot) +
             static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
    boot_file.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

/// Descriptors open, counted in /proc/self/fd (less the one that reads it); nullopt when
/// it cannot be opened, as when jamd is out of descriptors.
std::optional<double> open_descriptors() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;
}

/// Resident and virtual memory in bytes, from /proc/self/statm (pages).
std::optional<std::pair<double, double>> memory() {
  std::FILE* file = std::fopen("/proc/self/statm", "re");
  if (file == nullptr) return std::nullopt;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(file, "%llu %llu", &size, &resident);
  std::fclose(file);
  if (read != 2) return std::nullopt;
  const auto page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  return std::pair{static_cast<double>(resident) * page, static_cast<double>(size) * page};
}

}  // namespace

void add_process_figures(metrics::Sources& sources, std::chrono::system_clock::time_point started) {
  const double start_time = seconds_since_epoch(started);
  const double process_start = process_start_time().value_or(start_time);
  sources.add([start_time, process_start](metrics::Figures& out) {
    out.push_back({"jamd_build_info",
                   "The version and the git commit jamd was built from; always 1.",
                   Type::gauge,
                   {{{{"version", JAMD_VERSION}, {"commit", std::string(kCommit)}}, 1}}});
    out.push_back(metrics::single("jamd_start_time_seconds",
                                  "When jamd started serving, in seconds since the epoch.",
                                  Type::gauge, start_time));
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    out.push_back(metrics::single("process_cpu_seconds_total",
                                  "User and system CPU time spent, in seconds.", Type::counter,
                                  seconds(usage.ru_utime) + seconds(usage.ru_stime)));
    if (const auto bytes = memory()) {
      out.push_back(metrics::single("process_resident_memory_bytes",
                                    "Resident memory size in bytes.", Type::gauge, bytes->first));
      out.push_back(metrics::single("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                                    Type::gauge, bytes->second));
    }
    if (const auto open = open_descriptors()) {
      out.push_back(metrics::single("process_open_fds", "Number of open file descriptors.",
                                    Type::gauge, *open));
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
      out.push_back(metrics::single("process_max_fds", "Maximum number of open file descriptors.",
                                    Type::gauge, static_cast<double>(limit.rlim_cur)));
    }
    out.push_back(metrics::single("process_start_time_seconds",
                                  "Start time of the process since the epoch, in seconds.",
                                  Type::gauge, process_start));
  });
}

}  // namespace jamd::app
