#include "core/worker.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "core/session.hpp"

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

}  // namespace

Worker::Worker(std::shared_ptr<const Runtime> runtime, std::atomic<std::size_t>& open_sessions,
               std::chrono::microseconds busy_poll)
    : guard_(io_.get_executor()),
      runtime_(std::move(runtime)),
      open_sessions_(open_sessions),
      busy_poll_(busy_poll),
      sweep_timer_(io_),
      drain_timer_(io_) {}

void Worker::start() {
  schedule_sweep();
  thread_ = std::thread([this] { run(); });
}

void Worker::run() {
  for (;;) {
    try {
      serve();
      return;
    } catch (const std::exception& e) {
      // A handler must never end the thread: log, and go on serving the other sessions.
      spdlog::error("unexpected error on an I/O thread: {}", e.what());
    }
  }
}

void Worker::serve() {
  if (busy_poll_.count() == 0) return static_cast<void>(io_.run());
  // A thread that sleeps as soon as it is idle must be woken for the next request, and on a
  // virtual machine that wake-up costs the sender more than the request costs jamd. Polling
  // a little longer catches the next request awake.
  auto last_work = Clock::now();
  while (!io_.stopped()) {
    if (io_.poll() > 0) {
      last_work = Clock::now();
    } else if (Clock::now() - last_work >= busy_poll_) {
      io_.run_one();  // sleeps until there is work
      last_work = Clock::now();
    }
  }
}

void Worker::update(std::shared_ptr<const Runtime> runtime) {
  boost::asio::post(
      io_, [this, runtime = std::move(runtime)]() mutable { runtime_ = std::move(runtime); });
}

void Worker::drain() {
  boost::asio::post(io_, [this] {
    draining_ = true;
    sweep_timer_.cancel();
    guard_.reset();
    // Closing a session frees it only later, when its pending operation ends: the list holds.
    for (Session& session : sessions_) session.drain();
    if (sessions_.empty()) return;
    drain_timer_.expires_after(to_duration(runtime_->limits.drain_timeout_s));
    drain_timer_.async_wait([this](boost::system::error_code error) {
      if (error) return;
      if (!sessions_.empty()) spdlog::info("drain deadline passed: cutting off the rest");
      for (Session& session : sessions_) session.close();
    });
  });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::add(Session& session) {
  sessions_.push_back(session);
}

void Worker::remove(Session& session) {
  session.unlink();
  open_sessions_.fetch_sub(1, std::memory_order_relaxed);
  if (draining_ && sessions_.empty()) drain_timer_.cancel();
}

void Worker::schedule_sweep() {
  sweep_timer_.expires_after(sweep_interval(runtime_->limits));
  sweep_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    sweep();
    schedule_sweep();
  });
}

void Worker::sweep() {
  const auto now = Clock::now();
  for (Session& session : sessions_) session.check_deadline(now);
}

}  // namespace jamd::core
