#pragma once

// Internal to the core: the timers that end sessions. The server starts the sweep and calls
// drain() on stop; both reach a session only by posting to its strand.

#include <functional>

#include <boost/asio/io_context.hpp>

#include "core/asio_types.hpp"
#include "core/live_config_slot.hpp"
#include "core/session_list.hpp"

namespace jamd::core {

/// One sweep timer for every idle, send and linger deadline of every session, and the drain
/// deadline of a stop, on a strand of their own. The sweep also collects the configs that a
/// reload retired (see LiveConfigSlot).
class Deadlines {
 public:
  Deadlines(boost::asio::io_context& io, SessionList& sessions, LiveConfigSlot& config);

  /// Starts the sweep.
  void start();
  /// Asks every session to end after its next line (Session::drain), and cuts off the rest
  /// after the drain deadline; calls `then` on the deadlines' strand once the last is gone.
  /// The io_context runs out of work once they are gone. Thread-safe; call once, once the
  /// listeners are closed.
  void drain(std::function<void()> then = {});

 private:
  void schedule_sweep();
  void sweep();
  /// The drain is over: runs what comes after it, once.
  void drained();

  Strand strand_;
  SessionList& sessions_;
  LiveConfigSlot& config_;
  StrandTimer sweep_timer_;
  StrandTimer drain_timer_;
  bool draining_ = false;       // on strand_: no sweep is scheduled once the drain has begun
  std::function<void()> then_;  // on strand_: what comes after the drain
};

}  // namespace jamd::core
