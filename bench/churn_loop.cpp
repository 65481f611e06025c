#include "bench/churn_loop.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <vector>

#include "bench/poller.hpp"
#include "bench/reply_checker.hpp"

namespace jamd::bench {
namespace {

constexpr std::int64_t kSweepNs = 10'000'000;    // timeouts and retries, every 10 ms
constexpr std::int64_t kBackoffNs = 10'000'000;  // a failed session waits this long
constexpr int kMaxWaitMs = 50;

enum class State { backoff, connecting, waiting_reply, waiting_close };

struct Slot {
  int fd = -1;
  State state = State::backoff;
  std::int64_t started = 0;  // the session's connect
  std::int64_t since = 0;    // the current step's start; backoff: when to retry
  ReplyChecker checker;
};

class ChurnLoop {
 public:
  ChurnLoop(const Options& options, const Endpoint& endpoint, const Window& window, int connections,
            Stats& stats)
      : endpoint_(endpoint),
        window_(window),
        stats_(stats),
        timeout_ns_(to_ns(options.timeout_s)),
        request_(options.preamble + options.request + "\r\n"),
        quit_(options.quit.empty() ? "" : options.quit + "\r\n"),
        slots_(static_cast<std::size_t>(connections), Slot{}) {
    for (auto& s : slots_) s.checker = ReplyChecker(options.expect);
  }

  ~ChurnLoop() {
    for (auto& s : slots_) {
      if (s.fd >= 0) ::close(s.fd);
    }
  }

  ChurnLoop(const ChurnLoop&) = delete;
  ChurnLoop& operator=(const ChurnLoop&) = delete;

  void run() {
    for (auto& s : slots_) start(s, now_ns());
    run_until(
        poller_, window_.end, kSweepNs, kMaxWaitMs, [this](std::int64_t now) { sweep(now); },
        [this](const epoll_event& e) { on_event(slots_[e.data.u32]); });
  }

 private:
  std::uint32_t id_of(const Slot& s) const {
    return static_cast<std::uint32_t>(&s - slots_.data());
  }

  void start(Slot& s, std::int64_t now) {
    int error = 0;
    s.fd = start_connect(endpoint_, error);
    if (s.fd < 0) {
      ++stats_.connect_failures;
      stats_.note_error("connect", error);
      s.state = State::backoff;
      s.since = now + kBackoffNs;
      return;
    }
    s.state = State::connecting;
    s.started = s.since = now;
    s.checker.reset();
    poller_.add(s.fd, EPOLLOUT, id_of(s));
  }

  void close_slot(Slot& s) {
    ::close(s.fd);
    s.fd = -1;
  }

  void fail(Slot& s) {
    close_slot(s);
    s.state = State::backoff;
    s.since = now_ns() + kBackoffNs;
  }

  /// Sends a whole line; false (counted) when the connection failed.
  bool send_line(Slot& s, const std::string& line, bool connecting) {
    const ssize_t n = ::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(line.size())) return true;
    ++(connecting ? stats_.connect_failures : stats_.resets);
    stats_.note_error(connecting ? "connect" : "send", n < 0 ? errno : EMSGSIZE);
    fail(s);
    return false;
  }

  void on_event(Slot& s) {
    switch (s.state) {
      case State::connecting:
        // A failed connect shows as the send's error, which saves a getsockopt per session.
        if (!send_line(s, request_, true)) return;
        s.since = now_ns();
        s.state = State::waiting_reply;
        poller_.modify(s.fd, EPOLLIN, id_of(s));
        return;
      case State::waiting_reply:
        return read_reply(s);
      case State::waiting_close:
        return read_close(s);
      case State::backoff:
        return;
    }
  }

  /// Reads once; -1 when the connection failed (counted), else the bytes read (0: EOF).
  ssize_t read_some(Slot& s) {
    const ssize_t n = ::recv(s.fd, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && errno != EAGAIN) {
      ++stats_.resets;
      stats_.note_error("recv", errno);
      fail(s);
      return -1;
    }
    return n;
  }

  void read_reply(Slot& s) {
    const ssize_t n = read_some(s);
    if (n < 0) return;
    if (n == 0) {
      ++stats_.unexpected_eofs;
      stats_.note_error("unexpected EOF before the reply", 0);
      return fail(s);
    }
    const std::int64_t now = now_ns();
    const auto lines =
        s.checker.feed(buffer_.data(), static_cast<std::size_t>(n), stats_.first_wrong_reply);
    if (lines.complete == 0) return;
    stats_.wrong_replies += static_cast<std::uint64_t>(lines.wrong + lines.complete - 1);
    if (window_.measuring(now)) {
      if (lines.wrong == 0) ++stats_.requests;
      stats_.latency.record(static_cast<std::uint64_t>(now - s.since));
    }
    if (quit_.empty()) {
      close_slot(s);
      return finish(s, now);
    }
    if (!send_line(s, quit_, false)) return;
    s.state = State::waiting_close;
    s.since = now;
  }

  void read_close(Slot& s) {
    const ssize_t n = read_some(s);
    if (n != 0) return;  // a failure, or what the server says before closing (redis: +OK)
    close_slot(s);
    finish(s, now_ns());
  }

  void finish(Slot& s, std::int64_t now) {
    if (window_.measuring(now)) {
      ++stats_.sessions;
      stats_.session_time.record(static_cast<std::uint64_t>(now - s.started));
    }
    if (now < window_.end) return start(s, now);
    s.state = State::backoff;  // the run is over: no retry
    s.since = window_.end + kBackoffNs;
  }

  void sweep(std::int64_t now) {
    for (auto& s : slots_) {
      if (s.state == State::backoff) {
        if (now >= s.since) start(s, now);
      } else if (now - s.since > timeout_ns_) {
        ++stats_.timeouts;
        stats_.note_error("timeout", 0);
        fail(s);
      }
    }
  }

  const Endpoint& endpoint_;
  const Window& window_;
  Stats& stats_;
  const std::int64_t timeout_ns_;
  const std::string request_;
  const std::string quit_;
  std::vector<Slot> slots_;
  Poller poller_;
  std::array<char, 16 * 1024> buffer_{};
};

}  // namespace

void run_churn(const Options& options, const Endpoint& endpoint, const Window& window,
               int connections, Stats& stats) {
  ChurnLoop(options, endpoint, window, connections, stats).run();
}

}  // namespace jamd::bench
