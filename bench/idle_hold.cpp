#include "bench/idle_hold.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "bench/clock.hpp"
#include "bench/poller.hpp"
#include "bench/reply_checker.hpp"

namespace jamd::bench {
namespace {

constexpr int kInFlight = 256;                   // handshakes and first requests at once
constexpr std::int64_t kSettleNs = 200'000'000;  // after the last reply, before reading RSS
constexpr std::int64_t kSweepNs = 50'000'000;
constexpr int kMaxWaitMs = 20;

enum class State { unused, connecting, waiting, open, closed };

struct IdleConnection {
  int fd = -1;
  State state = State::unused;
  std::int64_t since = 0;
  ReplyChecker checker;
};

class IdleHold {
 public:
  IdleHold(const Options& options, const Endpoint& endpoint)
      : options_(options),
        endpoint_(endpoint),
        request_(options.preamble + options.request + "\r\n"),
        connections_(static_cast<std::size_t>(options.idle), IdleConnection{}) {
    for (auto& c : connections_) c.checker = ReplyChecker(options_.expect);
  }

  ~IdleHold() {
    for (auto& c : connections_) {
      if (c.fd >= 0) ::close(c.fd);
    }
  }

  IdleHold(const IdleHold&) = delete;
  IdleHold& operator=(const IdleHold&) = delete;

  IdleResult run() {
    if (options_.server_pid > 0) result_.rss_before_kb = rss_kb(options_.server_pid);
    const std::int64_t begin = now_ns();
    const std::int64_t deadline = begin + to_ns(options_.ready_timeout_s);
    std::size_t next = 0;
    std::int64_t next_sweep = begin + kSweepNs;
    for (std::int64_t now = begin; now < deadline && (next < connections_.size() || in_flight_ > 0);
         now = now_ns()) {
      while (in_flight_ < kInFlight && next < connections_.size()) open(connections_[next++]);
      for (const auto& event :
           poller_.wait(wait_ms(now, std::min(deadline, next_sweep), kMaxWaitMs))) {
        on_event(connections_[event.data.u32]);
      }
      if (now >= next_sweep) {
        sweep(now);
        next_sweep = now + kSweepNs;
      }
    }
    result_.ready_s = static_cast<double>(now_ns() - begin) / 1e9;
    for (auto& c : connections_) {  // not answered by the deadline, or never started
      if (c.state == State::unused || c.state == State::connecting || c.state == State::waiting) {
        ++result_.stats.timeouts;
        result_.stats.note_error("timeout: not open by --ready-timeout", 0);
        close(c);
      }
    }
    poll_until(now_ns() + kSettleNs);
    if (options_.server_pid > 0) result_.rss_after_kb = rss_kb(options_.server_pid);
    result_.open = static_cast<int>(std::count_if(connections_.begin(), connections_.end(),
                                                  [](auto& c) { return c.state == State::open; }));
    poll_until(now_ns() + to_ns(options_.hold_s));
    return std::move(result_);
  }

 private:
  std::uint32_t id_of(const IdleConnection& c) const {
    return static_cast<std::uint32_t>(&c - connections_.data());
  }

  void open(IdleConnection& c) {
    int error = 0;
    c.fd = start_connect(endpoint_, error);
    if (c.fd < 0) {
      ++result_.stats.connect_failures;
      result_.stats.note_error("connect", error);
      c.state = State::closed;
      return;
    }
    c.state = State::connecting;
    c.since = now_ns();
    ++in_flight_;
    poller_.add(c.fd, EPOLLOUT, id_of(c));
  }

  void close(IdleConnection& c) {
    if (c.state == State::connecting || c.state == State::waiting) --in_flight_;
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
    c.state = State::closed;
  }

  void poll_until(std::int64_t until) {
    for (std::int64_t now = now_ns(); now < until; now = now_ns()) {
      for (const auto& event : poller_.wait(wait_ms(now, until, kMaxWaitMs))) {
        on_event(connections_[event.data.u32]);
      }
    }
  }

  void on_event(IdleConnection& c) {
    Stats& stats = result_.stats;
    if (c.state == State::connecting) {
      const ssize_t n = ::send(c.fd, request_.data(), request_.size(), MSG_NOSIGNAL);
      if (n != static_cast<ssize_t>(request_.size())) {
        ++stats.connect_failures;
        stats.note_error("connect", n < 0 ? errno : EMSGSIZE);
        return close(c);
      }
      c.state = State::waiting;
      poller_.modify(c.fd, EPOLLIN, id_of(c));
      return;
    }
    const ssize_t n = ::recv(c.fd, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      ++(n == 0 ? stats.unexpected_eofs : stats.resets);
      stats.note_error(n == 0 ? "the server closed an idle connection" : "recv",
                       n == 0 ? 0 : errno);
      return close(c);
    }
    const auto lines =
        c.checker.feed(buffer_.data(), static_cast<std::size_t>(n), stats.first_wrong_reply);
    stats.wrong_replies += static_cast<std::uint64_t>(lines.wrong);
    if (c.state == State::waiting && lines.complete > 0) {
      stats.wrong_replies += static_cast<std::uint64_t>(lines.complete - 1);
      stats.requests += static_cast<std::uint64_t>(lines.complete - lines.wrong > 0);
      --in_flight_;
      c.state = State::open;
    } else if (c.state == State::open) {
      stats.wrong_replies += static_cast<std::uint64_t>(lines.complete - lines.wrong);
    }
  }

  void sweep(std::int64_t now) {
    const std::int64_t timeout = to_ns(options_.timeout_s);
    for (auto& c : connections_) {
      if ((c.state == State::connecting || c.state == State::waiting) && now - c.since > timeout) {
        ++result_.stats.timeouts;
        result_.stats.note_error("timeout", 0);
        close(c);
      }
    }
  }

  const Options& options_;
  const Endpoint& endpoint_;
  const std::string request_;
  std::vector<IdleConnection> connections_;
  Poller poller_;
  IdleResult result_;
  int in_flight_ = 0;
  std::array<char, 16 * 1024> buffer_{};
};

}  // namespace

IdleResult run_idle(const Options& options, const Endpoint& endpoint) {
  return IdleHold(options, endpoint).run();
}

}  // namespace jamd::bench
