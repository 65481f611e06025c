#include "core/ticker.hpp"

#include <boost/asio/post.hpp>
#include "log/log.hpp"

namespace jamd::core {

Ticker::Ticker(Strand strand, std::chrono::steady_clock::duration period)
    : strand_(std::move(strand)), timer_(strand_), period_(period) {}

void Ticker::add(std::function<void()> task) {
  tasks_.push_back(std::move(task));
}

void Ticker::start() {
  if (tasks_.empty()) return;  // no timer, so no wake-up for nothing
  boost::asio::post(strand_, [this] {
    timer_.expires_after(period_);
    schedule();
  });
}

void Ticker::schedule() {
  // A tick that was already due when stop() cancelled the timer still runs: it must not
  // schedule another, or the io_context would never run out of work.
  if (stopped_) return;
  timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    tick();
    // From the last expiry, not from now: the ticks keep their pace however long tasks take.
    timer_.expires_at(timer_.expiry() + period_);
    schedule();
  });
}

void Ticker::tick() {
  for (const auto& task : tasks_) {
    try {
      task();
    } catch (const std::exception& e) {
      // One failing tick must not stop the next, nor the other tasks.
      log::error(log::tick_failed, "a periodic task failed: {}", e.what());
    }
  }
}

void Ticker::stop() {
  boost::asio::post(strand_, [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

}  // namespace jamd::core
