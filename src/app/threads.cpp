#include "app/threads.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

namespace jamd::app {
namespace {

namespace fs = std::filesystem;

/// The quota of one cpu.max file ("150000 100000" is 1.5 CPUs; "max 100000" is none).
std::optional<double> quota_of(const fs::path& cpu_max) {
  std::ifstream in(cpu_max);
  std::string quota;
  double period = 0;
  if (!(in >> quota >> period) || quota == "max" || period <= 0) return std::nullopt;
  try {
    return std::stod(quota) / period;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

unsigned affinity_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  }
  return std::max(1u, std::thread::hardware_concurrency());  // more CPUs than a cpu_set_t holds
}

}  // namespace

unsigned CpuBudget::usable() const {
  unsigned count = std::max(1u, affinity);
  if (quota) count = std::min(count, static_cast<unsigned>(std::max(1.0, std::ceil(*quota))));
  return count;
}

std::optional<double> cgroup_cpu_quota(const fs::path& proc_cgroup, const fs::path& cgroup_root) {
  std::ifstream in(proc_cgroup);
  std::string line;
  std::string cgroup;
  while (std::getline(in, line)) {
    if (line.starts_with("0::")) cgroup = line.substr(3);
  }
  if (cgroup.empty()) return std::nullopt;  // no cgroup v2 hierarchy
  fs::path root = cgroup_root.lexically_normal();
  if (!root.has_filename() && root.has_relative_path()) root = root.parent_path();  // "a/b/"
  const fs::path relative = fs::path(cgroup).relative_path().lexically_normal();
  fs::path dir = root;
  if (!relative.empty() && relative != "." && *relative.begin() != "..") dir /= relative;
  std::optional<double> smallest;
  for (;; dir = dir.parent_path()) {
    if (const auto quota = quota_of(dir / "cpu.max"); quota && (!smallest || *quota < *smallest)) {
      smallest = quota;
    }
    if (dir == root || !dir.has_relative_path()) break;
  }
  return smallest;
}

CpuBudget cpu_budget(const fs::path& proc_cgroup, const fs::path& cgroup_root) {
  return CpuBudget{affinity_count(), cgroup_cpu_quota(proc_cgroup, cgroup_root)};
}

ThreadChoice choose_threads(unsigned threads, unsigned busy_poll_us, const CpuBudget& budget) {
  ThreadChoice choice;
  const unsigned usable = budget.usable();
  if (threads == 0) {
    choice.threads.count = usable;
    choice.reason = fmt::format("threads 0: {} CPU{} in the affinity mask", budget.affinity,
                                budget.affinity == 1 ? "" : "s");
    if (budget.quota) {
      choice.reason += fmt::format(", cgroup quota {:g} CPUs -> {}", *budget.quota, usable);
    }
  } else {
    choice.threads.count = threads;
    choice.reason = fmt::format("threads {}", threads);
  }
  choice.threads.busy_poll_us = choice.threads.count >= usable ? 0 : busy_poll_us;
  return choice;
}

}  // namespace jamd::app
