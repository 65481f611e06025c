#include "bench/load_loop.hpp"

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

constexpr std::int64_t kSweepNs = 10'000'000;    // timeouts and reconnects, every 10 ms
constexpr std::int64_t kBackoffNs = 10'000'000;  // a failed connection waits this long
constexpr int kMaxWaitMs = 50;

enum class State { backoff, connecting, writing, waiting };

struct Connection {
  int fd = -1;
  State state = State::backoff;
  // backoff: when to reconnect; connecting: the connect; writing, waiting: the batch's write.
  std::int64_t since = 0;
  std::size_t written = 0;  // bytes of the batch written
  int pending = 0;          // replies outstanding
  bool want_write = false;  // EPOLLOUT armed: the batch did not fit the socket at once
  ReplyChecker checker;
};

class LoadLoop {
 public:
  LoadLoop(const Options& options, const Endpoint& endpoint, const Window& window, int connections,
           Stats& stats)
      : options_(options),
        endpoint_(endpoint),
        window_(window),
        stats_(stats),
        timeout_ns_(to_ns(options.timeout_s)),
        connections_(static_cast<std::size_t>(connections), Connection{}) {
    std::string line = options.request + "\r\n";
    for (int i = 0; i < options.pipeline; ++i) batch_ += line;
    for (auto& c : connections_) c.checker = ReplyChecker(options_.expect);
  }

  ~LoadLoop() {
    for (auto& c : connections_) {
      if (c.fd >= 0) ::close(c.fd);
    }
  }

  LoadLoop(const LoadLoop&) = delete;
  LoadLoop& operator=(const LoadLoop&) = delete;

  void run() {
    for (auto& c : connections_) connect(c, now_ns());
    run_until(
        poller_, window_.end, kSweepNs, kMaxWaitMs, [this](std::int64_t now) { sweep(now); },
        [this](const epoll_event& e) { on_event(connections_[e.data.u32], e.events); });
  }

 private:
  std::uint32_t id_of(const Connection& c) const {
    return static_cast<std::uint32_t>(&c - connections_.data());
  }

  void connect(Connection& c, std::int64_t now) {
    int error = 0;
    c.fd = start_connect(endpoint_, error);
    if (c.fd < 0) {
      ++stats_.connect_failures;
      stats_.note_error("connect", error);
      c.state = State::backoff;
      c.since = now + kBackoffNs;
      return;
    }
    c.state = State::connecting;
    c.since = now;
    poller_.add(c.fd, EPOLLOUT, id_of(c));
  }

  void fail(Connection& c) {
    ::close(c.fd);
    c.fd = -1;
    c.state = State::backoff;
    c.since = now_ns() + kBackoffNs;
    c.pending = 0;
    c.want_write = false;
    c.checker.reset();
  }

  void on_event(Connection& c, std::uint32_t events) {
    if (c.state == State::connecting) {
      if (const int error = socket_error(c.fd); error != 0) {
        ++stats_.connect_failures;
        stats_.note_error("connect", error);
        return fail(c);
      }
      set_no_delay(c.fd);
      // A fresh socket takes a PROXY header's few bytes at once.
      const std::string& preamble = options_.preamble;
      if (!preamble.empty() && ::send(c.fd, preamble.data(), preamble.size(), MSG_NOSIGNAL) !=
                                   static_cast<ssize_t>(preamble.size())) {
        ++stats_.resets;
        stats_.note_error("send", errno);
        return fail(c);
      }
      poller_.modify(c.fd, EPOLLIN, id_of(c));
      return start_batch(c);
    }
    if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
      if (!read_replies(c)) return;
    }
    if (c.state == State::writing && (events & EPOLLOUT) != 0) write_batch(c);
  }

  void start_batch(Connection& c) {
    c.state = State::writing;
    c.written = 0;
    c.pending = options_.pipeline;
    c.since = now_ns();
    write_batch(c);
  }

  void write_batch(Connection& c) {
    const ssize_t n =
        ::send(c.fd, batch_.data() + c.written, batch_.size() - c.written, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) {
      ++stats_.resets;
      stats_.note_error("send", errno);
      return fail(c);
    }
    if (n > 0) c.written += static_cast<std::size_t>(n);
    const bool done = c.written == batch_.size();
    if (done) c.state = State::waiting;
    if (done == c.want_write) {  // arm EPOLLOUT while a part waits, disarm once all is out
      c.want_write = !done;
      poller_.modify(c.fd, done ? EPOLLIN : EPOLLIN | EPOLLOUT, id_of(c));
    }
  }

  /// Reads once; false when the connection failed.
  bool read_replies(Connection& c) {
    const ssize_t n = ::recv(c.fd, buffer_.data(), buffer_.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN) return true;
      ++stats_.resets;
      stats_.note_error("recv", errno);
      fail(c);
      return false;
    }
    if (n == 0) {
      ++stats_.unexpected_eofs;
      stats_.note_error("unexpected EOF", 0);
      fail(c);
      return false;
    }
    const std::int64_t now = now_ns();
    const auto lines =
        c.checker.feed(buffer_.data(), static_cast<std::size_t>(n), stats_.first_wrong_reply);
    const int answered = std::min(lines.complete, c.pending);
    stats_.wrong_replies += static_cast<std::uint64_t>(lines.wrong + lines.complete - answered);
    if (answered > 0 && window_.measuring(now)) {
      stats_.requests += static_cast<std::uint64_t>(answered - std::min(answered, lines.wrong));
      stats_.latency.record(static_cast<std::uint64_t>(now - c.since),
                            static_cast<std::uint64_t>(answered));
    }
    c.pending -= answered;
    if (c.pending == 0 && c.state == State::waiting && now < window_.end) start_batch(c);
    return true;
  }

  void sweep(std::int64_t now) {
    for (auto& c : connections_) {
      if (c.state == State::backoff) {
        if (now >= c.since) connect(c, now);
      } else if (now - c.since > timeout_ns_ && (c.state != State::waiting || c.pending > 0)) {
        ++stats_.timeouts;
        stats_.note_error("timeout", 0);
        fail(c);
      }
    }
  }

  const Options& options_;
  const Endpoint& endpoint_;
  const Window& window_;
  Stats& stats_;
  const std::int64_t timeout_ns_;
  std::string batch_;
  std::vector<Connection> connections_;
  Poller poller_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

void run_load(const Options& options, const Endpoint& endpoint, const Window& window,
              int connections, Stats& stats) {
  LoadLoop(options, endpoint, window, connections, stats).run();
}

}  // namespace jamd::bench
