#pragma once

// Clients of the time service, many sessions each, for tests of jamd behind a balancer.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jamd::test {

using namespace std::chrono_literals;

/// What became of one session: connect, `TIME`, a `JAM hh:mm:ss` reply, `QUIT`, the close.
struct SessionResult {
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point end;
  std::string failure;     ///< what went wrong; empty when the session succeeded
  std::uint16_t port = 0;  ///< the client's own port, which HAProxy's log names; 0 if none
};

/// One session with the server at 127.0.0.1:`port`, from the address `source`; each wait
/// is bounded (2 s).
SessionResult run_session(std::uint16_t port, const std::string& source);

/// `clients` threads, each running sessions one after another (with `pause` between two, so
/// that a load can outlast events seconds apart without needing more sessions), until
/// stop(), until `max_sessions` were started in all, or until `budget` has passed.
class SessionLoad {
 public:
  SessionLoad(std::uint16_t port, const std::string& source, unsigned clients,
              std::size_t max_sessions, std::chrono::milliseconds budget,
              std::chrono::milliseconds pause = 0ms);
  ~SessionLoad();
  SessionLoad(const SessionLoad&) = delete;
  SessionLoad& operator=(const SessionLoad&) = delete;

  /// Waits until `count` sessions have ended, at most `timeout`: false if they have not.
  bool wait_ended(std::size_t count, std::chrono::milliseconds timeout = 10s) const;
  /// How many sessions have ended so far.
  std::size_t ended() const;
  /// Lets every client finish its session, then returns all the sessions, in the order they
  /// ended.
  std::vector<SessionResult> stop();

 private:
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> started_{0};
  mutable std::mutex mutex_;
  std::vector<SessionResult> results_;
  std::vector<std::thread> clients_;
};

/// The sessions of `results` that failed.
std::vector<SessionResult> failures(const std::vector<SessionResult>& results);

}  // namespace jamd::test
