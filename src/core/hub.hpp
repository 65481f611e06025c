#pragma once

// Internal to the core: what all sessions share, whichever I/O thread runs them.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/io_context_strand.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/intrusive/list.hpp>

#include "core/dispatcher.hpp"
#include "core/log_limiter.hpp"

namespace jamd::core {

class Session;

/// What runs a session or a listener: any I/O thread, one handler at a time. Its state comes
/// from a fixed pool of Asio's, so a strand allocates nothing. The entries are dealt out in
/// turn (CMakeLists.txt): two strands share one, and take turns, only 1021 strands apart.
using Strand = boost::asio::io_context::strand;
using StrandTimer =
    boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                      boost::asio::wait_traits<std::chrono::steady_clock>, Strand>;

/// A client's socket, bound to a strand of its own: lighter than the type-erased executor of
/// tcp::socket, in every operation and in every idle session.
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, Strand>;

using SessionHook =
    boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

/// The sessions of one server, and what they share: the runtime, the idle and linger
/// deadlines (one sweep timer for all), and the drain. Every I/O thread runs every session,
/// each on its own strand; the hub reaches a session only by posting to that strand.
class Hub {
 public:
  Hub(boost::asio::io_context& io, std::shared_ptr<const Runtime> runtime,
      std::atomic<std::size_t>& open_sessions);

  /// Starts the sweep timer.
  void start();
  /// Applies a new runtime to the next line of every session. Thread-safe.
  void update(std::shared_ptr<const Runtime> runtime);
  /// Asks every session to flush and close, and cuts off the rest after the drain deadline.
  /// The io_context runs out of work once they are gone. Thread-safe.
  void drain();

  /// The runtime, as this thread last saw it: a lock only after an update. The reference
  /// holds until this thread's next call.
  const Runtime& runtime() const;
  /// Scratch space for reads longer than a session's inbox, one per thread.
  static std::array<char, 16 * 1024>& read_buffer();
  /// Rate-limits the warnings about clients that speak another protocol.
  LogLimiter& foreign_log() { return foreign_log_; }

  /// A session for a client that the acceptor has counted in open_sessions already; null
  /// once the drain has begun (the socket then closes).
  std::shared_ptr<Session> open(Socket socket, const boost::asio::ip::tcp::endpoint& peer);
  /// Called by a session as it goes.
  void remove(Session& session);

 private:
  void schedule_sweep();
  void sweep();
  /// Runs `action` on the strand of every session for which `wanted` holds.
  template <typename Wanted, typename Action>
  void post_to_sessions(Wanted wanted, Action action);

  Strand strand_;                           // the timers and the drain
  std::shared_ptr<const Runtime> runtime_;  // guarded by mutex_
  std::atomic<std::uint64_t> version_;      // runtime_'s, unique in the process
  std::atomic<std::size_t>& open_sessions_;
  mutable std::mutex mutex_;
  bool draining_ = false;  // guarded by mutex_
  boost::intrusive::list<Session, boost::intrusive::base_hook<SessionHook>,
                         boost::intrusive::constant_time_size<false>>
      sessions_;  // guarded by mutex_
  StrandTimer sweep_timer_;
  StrandTimer drain_timer_;
  LogLimiter foreign_log_;
};

}  // namespace jamd::core
