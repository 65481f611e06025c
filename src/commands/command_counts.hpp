#pragma once

// How often each command ran and how it went, since jamd started: counted by the registry on
// every line, read by the observability figures (jamd_commands_total{command,result}).

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jamd::commands {

/// Counts of runs by command name and result; there is one, the process's (command_counts()).
/// A name keeps its slot, and so its counts, across reloads: counters only go up. Each thread
/// counts in a block of its own, every counter a relaxed atomic that only that thread writes,
/// so counting takes no lock and no locked instruction; a read sums the blocks.
class CommandCounts {
 public:
  /// Names counted apart at most; later names share the last slot, "(other)".
  static constexpr std::size_t kMaxNames = 512;
  /// The name under which lines that name no command are counted.
  static constexpr std::string_view kUnknown = "(unknown)";

  /// One command's counts.
  struct Row {
    std::string command;
    std::uint64_t ok = 0;
    std::uint64_t error = 0;
  };

  /// The slot of `name` (a configured name, or kUnknown), the same for as long as the
  /// process lives. Thread-safe; the registry calls it as it is built, never per line.
  std::size_t slot(std::string_view name);
  /// Counts one line for `slot`: a reply that is an error, or not. Only the calling thread's
  /// block is written.
  void count(std::size_t slot, bool error);
  /// Every name with a slot, in the order the slots were given, and its counts. Thread-safe.
  std::vector<Row> rows() const;

 private:
  struct alignas(64) Block {
    std::array<std::atomic<std::uint64_t>, 2 * kMaxNames> counts{};  // [2 * slot + error]
  };
  friend CommandCounts& command_counts();
  CommandCounts() = default;
  /// The calling thread's block, made and listed on its first count.
  Block& block();

  mutable std::mutex mutex_;
  std::vector<std::string> names_;              // guarded by mutex_; slot i is names_[i]
  std::vector<std::unique_ptr<Block>> blocks_;  // guarded by mutex_; kept when threads end
};

/// The process's counts, which every registry counts into.
CommandCounts& command_counts();

}  // namespace jamd::commands
