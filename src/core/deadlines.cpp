#include "core/deadlines.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>

#include "core/session.hpp"
#include "log/log.hpp"

namespace jamd::core {
namespace {

using Clock = std::chrono::steady_clock;

Clock::duration to_duration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

/// How often deadlines are checked: a quarter of the shortest timeout, within 10 ms and 1 s.
Clock::duration sweep_interval(const Limits& limits) {
  double seconds = 1.0;
  for (const double timeout : {limits.idle_timeout_s, limits.send_timeout_s}) {
    if (timeout > 0) seconds = std::min(seconds, timeout / 4);
  }
  return to_duration(std::max(seconds, 0.01));
}

bool every(const Session&) {
  return true;
}

}  // namespace

Deadlines::Deadlines(boost::asio::io_context& io, SessionList& sessions, LiveConfigSlot& config)
    : strand_(io),
      sessions_(sessions),
      config_(config),
      sweep_timer_(strand_),
      drain_timer_(strand_) {}

void Deadlines::start() {
  boost::asio::post(strand_, [this] { schedule_sweep(); });
}

void Deadlines::schedule_sweep() {
  // A sweep that was already due when the drain cancelled the timer still runs: it must not
  // schedule another, or the io_context would never run out of work.
  if (draining_) return;
  sweep_timer_.expires_after(sweep_interval(config_.take()->limits));
  sweep_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    sweep();
    schedule_sweep();
  });
}

void Deadlines::sweep() {
  const auto now = Clock::now();
  {
    const auto config = config_.take();
    const Limits& limits = config->limits;
    sessions_.post_to_each([&](const Session& session) { return session.due(now, limits); },
                           [now](Session& session) { session.check_deadline(now); });
  }
  config_.collect();
}

void Deadlines::drain(std::function<void()> then) {
  boost::asio::post(strand_, [this, then = std::move(then)]() mutable {
    draining_ = true;
    then_ = std::move(then);
    sweep_timer_.cancel();
    // If the last session goes before the timer is set, this cancel comes right after.
    const std::size_t open = sessions_.drain([this] {
      boost::asio::post(strand_, [this] {
        drain_timer_.cancel();
        drained();
      });
    });
    if (open == 0) return drained();
    sessions_.post_to_each(every, [](Session& session) { session.drain(); });
    drain_timer_.expires_after(to_duration(config_.take()->limits.drain_timeout_s));
    drain_timer_.async_wait([this](boost::system::error_code error) {
      if (error) return;
      log::info(log::drain_deadline, "drain deadline passed: cutting off the rest");
      sessions_.post_to_each(every, [](Session& session) { session.close(Closing::shutdown); });
    });
  });
}

void Deadlines::drained() {
  if (auto then = std::exchange(then_, {})) then();
}

}  // namespace jamd::core
