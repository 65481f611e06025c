#pragma once

// How many I/O threads jamd runs, and whether they poll before they sleep: the rule for the
// `threads` and `busy_poll_us` settings, applied once by main before the server starts. The
// cgroup files are parameters so that tests can write their own.

#include <filesystem>
#include <optional>
#include <string>

#include "core/server.hpp"

namespace jamd::app {

inline constexpr unsigned kMaxThreads = 1024;     ///< the most `threads` may ask for
inline constexpr unsigned kMaxBusyPollUs = 1000;  ///< the most `busy_poll_us` may ask for

/// The CPUs this process may use.
struct CpuBudget {
  unsigned affinity = 1;        ///< CPUs in its affinity mask (sched_getaffinity)
  std::optional<double> quota;  ///< its cgroup v2 CPU quota, in CPUs, when one is set

  /// The affinity count, no more than the quota rounded up; at least 1.
  unsigned usable() const;
};

/// The smallest cgroup v2 CPU quota (cpu.max, as quota/period) of the process's cgroup and
/// its ancestors up to the mount at `cgroup_root`; the cgroup is the "0::" line of
/// `proc_cgroup`. nullopt when none sets one ("max"), or without cgroup v2.
std::optional<double> cgroup_cpu_quota(const std::filesystem::path& proc_cgroup,
                                       const std::filesystem::path& cgroup_root);

/// This process's budget: its affinity mask and its cgroup's quota.
CpuBudget cpu_budget(const std::filesystem::path& proc_cgroup = "/proc/self/cgroup",
                     const std::filesystem::path& cgroup_root = "/sys/fs/cgroup");

/// The I/O threads, and why: for the start-up log.
struct ThreadChoice {
  core::Threads threads;
  /// Which rule chose the count, such as "threads 0: 2 CPUs in the affinity mask, cgroup
  /// quota 1.5 CPUs -> 2".
  std::string reason;
};

/// `threads` I/O threads, or with 0 one per usable CPU of `budget`; they poll `busy_poll_us`
/// before they sleep, unless they are as many as the usable CPUs: a polling thread would
/// then take time that another thread needs.
ThreadChoice choose_threads(unsigned threads, unsigned busy_poll_us, const CpuBudget& budget);

}  // namespace jamd::app
