#pragma once

// Internal to the core: how the core reads the LiveConfig that a reload may replace. The
// server publishes a new one on update(); sessions, acceptors and the sweep take a snapshot
// per handler.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/live_config.hpp"

namespace jamd::core {

/// Holds the LiveConfig in effect, and every older one that a thread may still be using.
///
/// Reading: take() returns a Snapshot of the config in effect, for one handler (a session
/// takes one per batch of lines and passes what it refers to down as a parameter). A
/// snapshot costs no shared write: each thread keeps the config it last saw, and takes the
/// lock only when publish() has replaced it since, and only while it holds no snapshot.
///
/// Lifetime: the slot owns every config it was given. An old config, with the dispatcher
/// and the commands it holds, is destroyed only
///   - by collect(), once no thread holds it any more (a thread holds the config of its last
///     snapshot until it takes one after a publish()): the server's sweep calls it on its own
///     strand (so on an I/O thread, never at the same time as another collect()), and the
///     server calls it again once its I/O threads have ended;
///   - or by the slot's destructor, on the thread that destroys the server, after its I/O
///     threads have ended. The config in effect at the end goes there too.
/// Every thread that takes a snapshot must end before the slot is destroyed (the server's I/O
/// threads do): a thread that ends drops what it kept, and then never destroys a config.
class LiveConfigSlot {
 public:
  /// The config in effect for the calling thread, for as long as the snapshot lives. It
  /// cannot be copied or moved, so it lives no longer than the scope that took it.
  class Snapshot {
   public:
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    const LiveConfig& operator*() const { return config_; }
    const LiveConfig* operator->() const { return &config_; }
    /// The config's number, never 0 and unique in the process: two snapshots hold the same
    /// config exactly when their versions are equal. A session compares it to tell that its
    /// dispatcher changed (an address could be reused by a newer config).
    std::uint64_t version() const { return version_; }

   private:
    friend class LiveConfigSlot;
    Snapshot(const LiveConfig& config, std::uint64_t version)
        : config_(config), version_(version) {}
    const LiveConfig& config_;
    const std::uint64_t version_;
  };

  explicit LiveConfigSlot(std::shared_ptr<const LiveConfig> first);
  LiveConfigSlot(const LiveConfigSlot&) = delete;
  LiveConfigSlot& operator=(const LiveConfigSlot&) = delete;

  /// A snapshot of the config in effect. A thread that holds a snapshot of another slot must
  /// not take one of this slot.
  Snapshot take() const;
  /// Puts `next` in effect for every snapshot taken from now on. Thread-safe.
  void publish(std::shared_ptr<const LiveConfig> next);
  /// Destroys the old configs that no thread holds any more. Thread-safe.
  void collect();

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const LiveConfig> current_;               // guarded by mutex_
  std::vector<std::shared_ptr<const LiveConfig>> retired_;  // guarded by mutex_
  std::atomic<std::uint64_t> version_;                      // current_'s, unique in the process
};

}  // namespace jamd::core
