#include "bench/first_reply.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <thread>

#include "bench/clock.hpp"
#include "bench/reply_checker.hpp"

namespace jamd::bench {
namespace {

constexpr auto kRetryDelay = std::chrono::milliseconds(1);

/// Waits for `events` on `fd` until `deadline` (monotonic ns); false on timeout.
bool wait_for(int fd, short events, std::int64_t deadline) {
  for (std::int64_t now = now_ns(); now < deadline; now = now_ns()) {
    pollfd p{fd, events, 0};
    const int ms =
        static_cast<int>(std::min<std::int64_t>((deadline - now + 999'999) / 1'000'000, 100));
    if (::poll(&p, 1, ms) > 0) return true;
  }
  return false;
}

/// One attempt: connect, send, read one line. True when the line had the expected prefix.
bool attempt(const Endpoint& endpoint, const std::string& request, ReplyChecker& checker,
             std::int64_t deadline, Stats& stats) {
  int error = 0;
  const int fd = start_connect(endpoint, error);
  if (fd < 0) return false;
  bool good = false;
  if (wait_for(fd, POLLOUT, deadline) && socket_error(fd) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    checker.reset();
    std::array<char, 4096> buffer;
    while (wait_for(fd, POLLIN, deadline)) {
      const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n < 0 && errno == EAGAIN) continue;
      if (n <= 0) break;  // closed while starting: try again
      const auto lines =
          checker.feed(buffer.data(), static_cast<std::size_t>(n), stats.first_wrong_reply);
      if (lines.complete == 0) continue;
      stats.wrong_replies += static_cast<std::uint64_t>(lines.wrong);
      good = lines.wrong == 0;
      break;
    }
  }
  ::close(fd);
  return good;
}

}  // namespace

std::int64_t epoch_us() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

FirstReply run_first_reply(const Options& options, const Endpoint& endpoint,
                           std::int64_t start_us) {
  FirstReply result;
  const std::string request = options.preamble + options.request + "\r\n";
  ReplyChecker checker(options.expect);
  const std::int64_t deadline = now_ns() + to_ns(options.ready_timeout_s);
  while (now_ns() < deadline) {
    ++result.attempts;
    if (attempt(endpoint, request, checker, deadline, result.stats)) {
      result.answered = true;
      result.ms = static_cast<double>(epoch_us() - start_us) / 1000.0;
      result.stats.requests = 1;
      return result;
    }
    std::this_thread::sleep_for(kRetryDelay);
  }
  ++result.stats.timeouts;
  result.stats.note_error("no correct reply by --ready-timeout", 0);
  return result;
}

}  // namespace jamd::bench
