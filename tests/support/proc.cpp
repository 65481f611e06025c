#include "support/proc.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace jamd::test {
namespace {

std::string proc_path(pid_t pid, const char* name) {
  return "/proc/" + std::to_string(pid) + "/" + name;
}

}  // namespace

std::size_t open_descriptors(pid_t pid) {
  const std::filesystem::directory_iterator fds(proc_path(pid, "fd"));
  return static_cast<std::size_t>(std::distance(begin(fds), end(fds)));
}

std::size_t resident_bytes(pid_t pid) {
  std::ifstream status(proc_path(pid, "status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;  // "... kB"
  }
  throw std::runtime_error("no VmRSS for pid " + std::to_string(pid));
}

std::size_t sleeps(pid_t pid) {
  std::size_t total = 0;
  for (const auto& task : std::filesystem::directory_iterator(proc_path(pid, "task"))) {
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);) {
      const std::string key = "voluntary_ctxt_switches:";
      if (line.rfind(key, 0) == 0) total += std::stoul(line.substr(key.size()));
    }
  }
  return total;
}

double cpu_seconds(pid_t pid) {
  std::ifstream file(proc_path(pid, "stat"));
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold spaces: the state is
  // field 3, utime and stime are fields 14 and 15.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  double utime = 0;
  double stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::size_t scaled(std::size_t count) {
  const char* scale = std::getenv("JAMD_TEST_SCALE");
  const double factor = scale != nullptr ? std::atof(scale) : 1.0;
  return std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(count) * factor));
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

}  // namespace jamd::test
