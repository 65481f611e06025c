#pragma once

// Internal to the core: the sessions of one server, which also decides who is admitted. The
// listeners admit through it; the sweep and the drain walk it; a session leaves it as it goes.
//
// The lifetime protocol, in one place:
// - A session is owned only by the shared_ptrs of the operations it has in flight; the list
//   holds it by an intrusive link, which owns nothing and costs no allocation.
// - It is linked under the list's lock, once its shared_ptr exists (admit() creates it under
//   that lock), and unlinked by its destructor, under the same lock.
// - A walk promotes each linked session with weak_from_this() under the lock. A session whose
//   last owner is gone is waiting in its destructor for that lock: the promotion fails and the
//   walk skips it. A promoted session stays alive until the walk's action has run.
// - The walk posts its action to each session's strand outside the lock, since the last
//   reference it drops can run the session's destructor, which takes the lock.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include <boost/intrusive/list.hpp>

namespace jamd::core {

class Session;

/// What a session derives from to be listed: the link unlinks itself if the session goes.
using SessionHook =
    boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

class SessionList {
 public:
  /// What admit() decided.
  enum class Admission { admitted, full, draining };

  /// Admits a new client when fewer than `max_connections` sessions are open and no drain has
  /// begun: `make()` then creates its session (a std::shared_ptr<Session>), which is listed and
  /// counted until its destructor calls remove(). Thread-safe.
  template <typename Make>
  Admission admit(std::size_t max_connections, Make&& make);
  /// Unlists a session; called by its destructor. Thread-safe.
  void remove(Session& session);

  /// Posts `action` to the strand of every live session for which `wanted` holds. Thread-safe.
  void post_to_each(const std::function<bool(const Session&)>& wanted,
                    const std::function<void(Session&)>& action);
  /// Admits no one from now on, and calls `when_empty` (under the list's lock) as the last
  /// open session goes. Returns how many are open. Thread-safe; call once.
  std::size_t drain(std::function<void()> when_empty);

  /// Open sessions right now.
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  void link(Session& session);

  std::mutex mutex_;
  boost::intrusive::list<Session, boost::intrusive::base_hook<SessionHook>,
                         boost::intrusive::constant_time_size<false>>
      sessions_;                      // guarded by mutex_
  std::atomic<std::size_t> size_{0};  // written under mutex_
  bool draining_ = false;             // guarded by mutex_
  std::function<void()> when_empty_;  // guarded by mutex_
};

template <typename Make>
SessionList::Admission SessionList::admit(std::size_t max_connections, Make&& make) {
  // Declared before the lock, so released after it: should make() keep no reference of its
  // own, the session's destructor, which takes the lock, runs once the lock is free.
  std::shared_ptr<Session> made;
  const std::lock_guard lock(mutex_);
  if (draining_) return Admission::draining;
  if (size() >= max_connections) return Admission::full;
  made = make();
  link(*made);
  return Admission::admitted;
}

}  // namespace jamd::core
