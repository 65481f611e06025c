#pragma once

// Internal to the core: the periodic ticks that Server::every() hands work to, for what lives
// outside the core and needs a timer (reading the kernel's clock state, a service manager's
// watchdog ping).

#include <chrono>
#include <functional>
#include <vector>

#include "core/asio_types.hpp"

namespace jamd::core {

/// Runs its tasks every `period`, in the order they were added, on the strand it is given:
/// tickers sharing a strand never run two tasks at once, nor on two threads at once.
class Ticker {
 public:
  Ticker(Strand strand, std::chrono::steady_clock::duration period);

  std::chrono::steady_clock::duration period() const { return period_; }
  /// Adds `task`; before start() only, so that the list needs no lock.
  void add(std::function<void()> task);
  /// Starts ticking, when there is a task. Call once.
  void start();
  /// Stops ticking: the io_context then runs out of this work. Thread-safe; call once.
  void stop();

 private:
  void schedule();
  void tick();

  Strand strand_;
  StrandTimer timer_;
  const std::chrono::steady_clock::duration period_;
  std::vector<std::function<void()>> tasks_;
  bool stopped_ = false;  // on strand_: no tick is scheduled once stop() has run
};

}  // namespace jamd::core
