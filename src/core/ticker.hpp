#pragma once

// Internal to the core: the once-a-second tick that Server::every_second() hands work to,
// for what lives outside the core and needs a timer (reading the kernel's clock state).

#include <functional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/asio_types.hpp"

namespace jamd::core {

/// Runs its tasks about once a second, in the order they were added, on a strand of its own:
/// never two at once, and never on two threads at once.
class Ticker {
 public:
  explicit Ticker(boost::asio::io_context& io);

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
  std::vector<std::function<void()>> tasks_;
  bool stopped_ = false;  // on strand_: no tick is scheduled once stop() has run
};

}  // namespace jamd::core
