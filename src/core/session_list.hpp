#pragma once

// Internal to the core: the sessions of one server, which also decides who is admitted and
// counts them, in all and per client. The listeners admit through it; the sweep, the drain
// and a reload walk it; a session leaves it as it goes.
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
#include <optional>
#include <utility>

#include <boost/intrusive/list.hpp>

#include "core/client_table.hpp"
#include "core/coarse_clock.hpp"
#include "core/limits.hpp"
#include "core/peer.hpp"

namespace jamd::core {

class Session;

/// What a session derives from to be listed: the link, which unlinks itself if the session
/// goes, and the client it is counted for, if a per-client limit was on when it came.
struct SessionHook
    : boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
  std::optional<ClientKey> counted_for;  // guarded by the list's mutex
};

class SessionList {
 public:
  /// What admit() decided.
  enum class Admission { admitted, full, per_client_limit, per_client_rate };

  /// A client accepted but not admitted yet, while its PROXY header is awaited: a drain waits
  /// for it as for a session, until it is admitted or closed and the Arrival is destroyed.
  class Arrival {
   public:
    explicit Arrival(SessionList& list);
    Arrival(Arrival&& other) noexcept : list_(std::exchange(other.list_, nullptr)) {}
    Arrival& operator=(Arrival&&) = delete;
    ~Arrival();

   private:
    SessionList* list_;
  };

  /// Admits the client at `peer` when fewer than limits.max_connections sessions are open and
  /// the per-client limits let it in: `make()` then creates its session (a
  /// std::shared_ptr<Session>), which is listed and counted until its destructor calls
  /// remove(). Thread-safe.
  template <typename Make>
  Admission admit(const Peer& peer, const Limits& limits, Make&& make);
  /// Unlists a session; called by its destructor. Thread-safe.
  void remove(Session& session);
  /// After a reload to `limits`: when they turn a per-client limit on, counts the open
  /// sessions admitted without one, so that a client's sessions from before count towards its
  /// cap. Thread-safe.
  void count_clients(const Limits& limits);

  /// Posts `action` to the strand of every live session for which `wanted` holds; returns how
  /// many there were. Thread-safe.
  std::size_t post_to_each(const std::function<bool(const Session&)>& wanted,
                           const std::function<void(Session&)>& action);
  /// Begins the drain: calls `when_empty` (under the list's lock) once the last session and
  /// the last Arrival are gone. Returns how many of them there are now. The listeners must be
  /// closed first, so that only Arrivals can still become sessions. Thread-safe; call once.
  std::size_t drain(std::function<void()> when_empty);
  /// True once drain() has begun: a session admitted from then on drains from its start.
  bool draining() const { return draining_.load(std::memory_order_relaxed); }

  /// Open sessions right now.
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }
  /// Clients the per-client limits hold right now (client_table.hpp says how many at most).
  /// Thread-safe.
  std::size_t clients() const;

 private:
  /// The per-client part of admit(), under the lock: counts the session for its client, which
  /// it names in `counted_for`, when a per-client limit is on.
  Admission admit_client(const Peer& peer, const Limits& limits,
                         std::optional<ClientKey>& counted_for);
  void link(Session& session, const std::optional<ClientKey>& counted_for);
  /// Calls when_empty_, once, when draining and nothing is left; under the lock.
  void check_empty();

  mutable std::mutex mutex_;
  boost::intrusive::list<Session, boost::intrusive::base_hook<SessionHook>,
                         boost::intrusive::constant_time_size<false>>
      sessions_;                       // guarded by mutex_
  std::atomic<std::size_t> size_{0};   // written under mutex_
  std::size_t arrivals_ = 0;           // guarded by mutex_
  std::atomic<bool> draining_{false};  // written under mutex_
  std::function<void()> when_empty_;   // guarded by mutex_
  ClientTable clients_;                // guarded by mutex_
  bool keep_buckets_ = false;  // guarded by mutex_: a rate was on at the last admit or reload
};

template <typename Make>
SessionList::Admission SessionList::admit(const Peer& peer, const Limits& limits, Make&& make) {
  // Declared before the lock, so released after it: should make() keep no reference of its
  // own, the session's destructor, which takes the lock, runs once the lock is free.
  std::shared_ptr<Session> made;
  const std::lock_guard lock(mutex_);
  if (size() >= limits.max_connections) return Admission::full;
  std::optional<ClientKey> counted_for;
  if (const auto admission = admit_client(peer, limits, counted_for);
      admission != Admission::admitted) {
    return admission;
  }
  made = make();
  link(*made, counted_for);
  return Admission::admitted;
}

}  // namespace jamd::core
