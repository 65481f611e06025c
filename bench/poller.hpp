#pragma once

// A thin owner of an epoll instance, level-triggered, with a fixed event array.

#include <sys/epoll.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "bench/clock.hpp"

namespace jamd::bench {

/// One epoll instance; events carry a caller-chosen 32-bit id (an index).
class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  /// Watches `fd` for `events` under `id`.
  void add(int fd, std::uint32_t events, std::uint32_t id);
  /// Changes what `fd` is watched for.
  void modify(int fd, std::uint32_t events, std::uint32_t id);
  /// Waits at most `timeout_ms` (0: poll) and returns the ready events.
  std::span<const epoll_event> wait(int timeout_ms);

 private:
  int fd_;
  std::array<epoll_event, 256> events_{};
};

/// Milliseconds for epoll_wait until `deadline_ns` from `now_ns`, rounded up, in [0, cap_ms].
int wait_ms(std::int64_t now_ns, std::int64_t deadline_ns, int cap_ms);

/// The loop of a timed run: until `end_ns`, hands each ready event to `on_event` and calls
/// `sweep(now)` every `sweep_ns`, waiting at most `cap_ms` at a time.
template <typename Sweep, typename OnEvent>
void run_until(Poller& poller, std::int64_t end_ns, std::int64_t sweep_ns, int cap_ms, Sweep sweep,
               OnEvent on_event) {
  std::int64_t next_sweep = now_ns() + sweep_ns;
  for (std::int64_t now = now_ns(); now < end_ns; now = now_ns()) {
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + sweep_ns;
    }
    for (const auto& event : poller.wait(wait_ms(now, std::min(next_sweep, end_ns), cap_ms))) {
      on_event(event);
    }
  }
}

}  // namespace jamd::bench
