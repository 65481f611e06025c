#include "commands/command_counts.hpp"

#include <algorithm>

namespace jamd::commands {

std::size_t CommandCounts::slot(std::string_view name) {
  const std::lock_guard lock(mutex_);
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found != names_.end()) return static_cast<std::size_t>(found - names_.begin());
  if (names_.size() + 1 < kMaxNames) {
    names_.emplace_back(name);
    return names_.size() - 1;
  }
  if (names_.size() + 1 == kMaxNames) names_.emplace_back("(other)");
  return kMaxNames - 1;
}

CommandCounts::Block& CommandCounts::block() {
  // There is one CommandCounts, so one pointer per thread is enough. A block outlives its
  // thread: what the thread counted still counts.
  thread_local Block* mine = nullptr;
  if (mine == nullptr) {
    const std::lock_guard lock(mutex_);
    blocks_.push_back(std::make_unique<Block>());
    mine = blocks_.back().get();
  }
  return *mine;
}

void CommandCounts::count(std::size_t slot, bool error) {
  std::atomic<std::uint64_t>& counter = block().counts[2 * slot + (error ? 1 : 0)];
  counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

std::vector<CommandCounts::Row> CommandCounts::rows() const {
  const std::lock_guard lock(mutex_);
  std::vector<Row> rows(names_.size());
  for (std::size_t i = 0; i < names_.size(); ++i) {
    rows[i].command = names_[i];
    for (const auto& b : blocks_) {
      rows[i].ok += b->counts[2 * i].load(std::memory_order_relaxed);
      rows[i].error += b->counts[2 * i + 1].load(std::memory_order_relaxed);
    }
  }
  return rows;
}

CommandCounts& command_counts() {
  static CommandCounts counts;
  return counts;
}

}  // namespace jamd::commands
