#include "core/live_config_slot.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <utility>

namespace jamd::core {
namespace {

/// Numbers every config of every slot in the process, so that the config a thread kept from
/// one slot is never mistaken for another slot's.
std::uint64_t next_version() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

/// The config this thread last took, and how many snapshots of it the thread holds.
struct Kept {
  const LiveConfigSlot* slot = nullptr;
  std::uint64_t version = 0;
  std::shared_ptr<const LiveConfig> config;
  unsigned snapshots = 0;
};

thread_local Kept kept;

}  // namespace

LiveConfigSlot::Snapshot::~Snapshot() {
  --kept.snapshots;
}

LiveConfigSlot::LiveConfigSlot(std::shared_ptr<const LiveConfig> first)
    : current_(std::move(first)), version_(next_version()) {}

LiveConfigSlot::Snapshot LiveConfigSlot::take() const {
  const std::uint64_t version = version_.load(std::memory_order_acquire);
  if (kept.version != version && kept.snapshots == 0) {
    const std::lock_guard lock(mutex_);
    kept = {this, version_.load(std::memory_order_relaxed), current_, 0};
  }
  assert(kept.slot == this);  // else this thread holds a snapshot of another slot
  ++kept.snapshots;
  return Snapshot(*kept.config, kept.version);
}

void LiveConfigSlot::publish(std::shared_ptr<const LiveConfig> next) {
  const std::lock_guard lock(mutex_);
  retired_.push_back(std::exchange(current_, std::move(next)));
  version_.store(next_version(), std::memory_order_release);
}

void LiveConfigSlot::collect() {
  std::vector<std::shared_ptr<const LiveConfig>> unused;
  {
    // A retired config is never handed out again, so once the slot holds its only reference
    // nothing can take another one.
    const std::lock_guard lock(mutex_);
    const auto held = std::partition(retired_.begin(), retired_.end(),
                                     [](const auto& config) { return config.use_count() > 1; });
    std::move(held, retired_.end(), std::back_inserter(unused));
    retired_.erase(held, retired_.end());
  }
}  // destroyed here, outside the lock

}  // namespace jamd::core
