#include "core/hub.hpp"

#include <algorithm>
#include <vector>

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

/// Numbers every runtime of every hub in the process, so that a thread's cached one is never
/// mistaken for another hub's.
std::uint64_t next_version() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

Hub::Hub(boost::asio::io_context& io, std::shared_ptr<const Runtime> runtime,
         std::atomic<std::size_t>& open_sessions)
    : strand_(io),
      runtime_(std::move(runtime)),
      version_(next_version()),
      open_sessions_(open_sessions),
      sweep_timer_(strand_),
      drain_timer_(strand_) {}

void Hub::start() {
  boost::asio::post(strand_, [this] { schedule_sweep(); });
}

void Hub::update(std::shared_ptr<const Runtime> runtime) {
  const std::lock_guard lock(mutex_);
  runtime_ = std::move(runtime);
  version_.store(next_version(), std::memory_order_release);
}

const Runtime& Hub::runtime() const {
  struct Seen {
    std::uint64_t version = 0;
    std::shared_ptr<const Runtime> runtime;
  };
  thread_local Seen seen;
  if (seen.version != version_.load(std::memory_order_acquire)) {
    const std::lock_guard lock(mutex_);
    seen = {version_.load(std::memory_order_relaxed), runtime_};
  }
  return *seen.runtime;
}

std::array<char, 16 * 1024>& Hub::read_buffer() {
  thread_local std::array<char, 16 * 1024> buffer;
  return buffer;
}

template <typename Wanted, typename Action>
void Hub::post_to_sessions(Wanted wanted, Action action) {
  std::vector<std::shared_ptr<Session>> chosen;
  {
    const std::lock_guard lock(mutex_);
    for (Session& session : sessions_) {
      if (!wanted(session)) continue;
      // A session whose last owner is gone waits in its destructor for this lock: skipped.
      if (auto alive = session.weak_from_this().lock()) chosen.push_back(std::move(alive));
    }
  }  // a session may be freed below, where its destructor can take the lock
  for (auto& session : chosen) {
    const auto executor = session->executor();
    boost::asio::post(executor, [session = std::move(session), action] { action(*session); });
  }
}

void Hub::drain() {
  boost::asio::post(strand_, [this] {
    {
      const std::lock_guard lock(mutex_);
      draining_ = true;
    }
    sweep_timer_.cancel();
    const auto all = [](const Session&) { return true; };
    post_to_sessions(all, [](Session& session) { session.drain(); });
    {
      const std::lock_guard lock(mutex_);
      if (sessions_.empty()) return;
    }
    // If the last session goes before the timer is set, remove() cancels it right after.
    drain_timer_.expires_after(to_duration(runtime().limits.drain_timeout_s));
    drain_timer_.async_wait([this, all](boost::system::error_code error) {
      if (error) return;
      spdlog::info("drain deadline passed: cutting off the rest");
      post_to_sessions(all, [](Session& session) { session.close(); });
    });
  });
}

std::shared_ptr<Session> Hub::open(Socket socket, const boost::asio::ip::tcp::endpoint& peer) {
  auto session = std::make_shared<Session>(std::move(socket), peer, *this);
  {
    // Listed only once its shared pointer exists, for post_to_sessions; and checked under
    // the lock, so that a drain either sees the session or is seen here.
    const std::lock_guard lock(mutex_);
    if (!draining_) {
      sessions_.push_back(*session);
      return session;
    }
  }
  return nullptr;  // the session goes here, outside the lock that its destructor takes
}

void Hub::remove(Session& session) {
  const std::lock_guard lock(mutex_);
  session.unlink();
  open_sessions_.fetch_sub(1, std::memory_order_relaxed);
  if (draining_ && sessions_.empty()) {
    boost::asio::post(strand_, [this] { drain_timer_.cancel(); });
  }
}

void Hub::schedule_sweep() {
  sweep_timer_.expires_after(sweep_interval(runtime().limits));
  sweep_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    sweep();
    schedule_sweep();
  });
}

void Hub::sweep() {
  const auto now = Clock::now();
  const Limits& limits = runtime().limits;
  post_to_sessions([&](const Session& session) { return session.due(now, limits); },
                   [now](Session& session) { session.check_deadline(now); });
}

}  // namespace jamd::core
