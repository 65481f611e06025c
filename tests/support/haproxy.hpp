#pragma once

// The real HAProxy as a child process of a test, with its log line by line.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace jamd::test {

using namespace std::chrono_literals;

/// `haproxy -db` (in the foreground) on the config `text`, which binds `port` on 127.0.0.1
/// and logs to `stdout`. Its standard output and error are collected line by line, each
/// stamped with the time it came, so that a test can tell when HAProxy said a server was
/// down. The constructor waits until the port accepts; the destructor stops HAProxy by its
/// PID.
class HaproxyProcess {
 public:
  using Clock = std::chrono::steady_clock;

  HaproxyProcess(const std::string& text, std::uint16_t port);
  ~HaproxyProcess();
  HaproxyProcess(const HaproxyProcess&) = delete;
  HaproxyProcess& operator=(const HaproxyProcess&) = delete;

  std::uint16_t port() const { return port_; }
  /// When the first line holding `text` came (of those that came at `since` or later),
  /// waiting for it at most `timeout`.
  std::optional<Clock::time_point> wait_for_log(const std::string& text,
                                                std::chrono::milliseconds timeout = 10s,
                                                Clock::time_point since = {}) const;
  /// Everything HAProxy wrote so far.
  std::string log() const;

 private:
  struct Line {
    Clock::time_point at;
    std::string text;
  };

  std::uint16_t port_;
  pid_t pid_ = -1;
  int log_fd_ = -1;
  mutable std::mutex mutex_;
  std::vector<Line> lines_;
  std::thread reader_;
};

/// Sends one `command` ("set server jamd/jamd1 state drain") to HAProxy's runtime API at the
/// UNIX socket `path` (a `stats socket ... level admin`) and returns its answer (waiting at
/// most 5 s); throws when the socket cannot be reached.
std::string haproxy_command(const std::string& path, const std::string& command);

/// The field `field` ("scur", "status") of the row of `server` in the backend `backend`, in
/// `show_stat`, the answer to the runtime API's "show stat" (CSV, its header line naming the
/// fields); nullopt when there is no such row or field.
std::optional<std::string> stat_field(const std::string& show_stat, const std::string& backend,
                                      const std::string& server, const std::string& field);

/// The output of `haproxy -c -f` on the config `text`, and whether it passed.
struct ConfigCheck {
  bool valid;
  std::string output;
};
ConfigCheck check_haproxy_config(const std::string& text);

}  // namespace jamd::test
