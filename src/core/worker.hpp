#pragma once

// Internal to the core: one I/O thread with its own io_context and the sessions it serves.

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>

#include "core/dispatcher.hpp"
#include "core/log_limiter.hpp"

namespace jamd::core {

class Session;

using SessionHook =
    boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>>;

/// One I/O thread. Everything a worker owns is touched only on its own thread, so sessions
/// need neither strands nor locks; other threads reach it through post().
class Worker {
 public:
  /// A worker whose thread, when it runs out of work, polls for `busy_poll` before it sleeps.
  Worker(std::shared_ptr<const Runtime> runtime, std::atomic<std::size_t>& open_sessions,
         std::chrono::microseconds busy_poll);

  /// Starts the thread.
  void start();
  /// Applies a new runtime to the next line of every session. Thread-safe.
  void update(std::shared_ptr<const Runtime> runtime);
  /// Asks every session to flush and close, cutting off the rest after the drain deadline,
  /// and lets the thread end. Thread-safe.
  void drain();
  /// Waits for the thread to end.
  void join();

  boost::asio::io_context& io() { return io_; }
  const Runtime& runtime() const { return *runtime_; }
  bool draining() const { return draining_; }
  /// Scratch space for reads longer than a session's inbox, shared by all of this thread's.
  std::array<char, 16 * 1024>& read_buffer() { return read_buffer_; }
  /// Rate-limits the warnings about clients that speak another protocol.
  LogLimiter& foreign_log() { return foreign_log_; }

  /// Called by a session as it comes; the acceptor has counted it in open_sessions already.
  void add(Session& session);
  /// Called by a session as it goes.
  void remove(Session& session);

 private:
  void run();
  /// Runs handlers until the io_context runs out of work.
  void serve();
  void schedule_sweep();
  void sweep();

  boost::asio::io_context io_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::shared_ptr<const Runtime> runtime_;
  std::atomic<std::size_t>& open_sessions_;
  const std::chrono::microseconds busy_poll_;
  boost::intrusive::list<Session, boost::intrusive::base_hook<SessionHook>,
                         boost::intrusive::constant_time_size<false>>
      sessions_;
  boost::asio::steady_timer sweep_timer_;  // idle and linger deadlines, for all sessions at once
  boost::asio::steady_timer drain_timer_;
  bool draining_ = false;
  std::array<char, 16 * 1024> read_buffer_;
  LogLimiter foreign_log_;
  std::thread thread_;
};

}  // namespace jamd::core
