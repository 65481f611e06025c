#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace jamd::test {

using namespace std::chrono_literals;

/// How to start jamd, besides its arguments.
struct Launch {
  bool wait_listening = true;    ///< wait until jamd listens, and read its port from the log
  unsigned max_descriptors = 0;  ///< RLIMIT_NOFILE, soft and hard; 0 keeps the test's
  /// "NAME=value" entries, added to the test's environment (or replacing a variable in it).
  std::vector<std::string> environment{};
  /// Listening sockets jamd inherits as descriptors 3, 4, ..., in order, passed as systemd's
  /// socket activation passes them: with LISTEN_FDS, their count, and LISTEN_PID, jamd's own
  /// pid (set in the child, before exec). Their names go in `environment` (LISTEN_FDNAMES).
  std::vector<int> listen_fds{};
};

/// The jamd program under test, started with `args`; its standard error (the log) is
/// collected. The constructor waits until jamd listens (unless told not to) and can cap
/// jamd's descriptors, add to its environment and pass it sockets (Launch). The destructor
/// stops jamd with SIGTERM (SIGKILL if it hangs) and fails the test when jamd printed a
/// sanitizer report.
class Jamd {
 public:
  explicit Jamd(std::vector<std::string> args, bool wait_listening = true,
                unsigned max_descriptors = 0)
      : Jamd(std::move(args),
             Launch{.wait_listening = wait_listening, .max_descriptors = max_descriptors}) {}
  Jamd(std::vector<std::string> args, Launch launch);
  ~Jamd();
  Jamd(const Jamd&) = delete;
  Jamd& operator=(const Jamd&) = delete;

  /// The port jamd printed in its first "listening on" line (never "admin listening on").
  std::uint16_t port() const { return port_; }
  /// The port of the admin listener, from its "admin listening on" line (waited for, at most
  /// 10 s); throws when there is none.
  std::uint16_t admin_port() const;
  pid_t pid() const { return pid_; }

  void signal(int number) const;
  /// The exit code, or nullopt when jamd is still running after `timeout` (or died by a signal).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = 10s);
  /// Waits until the log holds `text` (at most `timeout`).
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout = 5s) const;
  /// Everything jamd logged so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::uint16_t port_ = 0;
  int log_fd_ = -1;
  mutable std::mutex mutex_;
  std::string log_;
  std::thread reader_;
};

/// fork + exec of `program` (looked up in PATH unless it holds a '/') with `args`, both of
/// its streams into one pipe, with what `launch` says of its descriptors and environment
/// (its wait_listening is the caller's to act on); returns its pid and the pipe's read end.
std::pair<pid_t, int> spawn(const std::string& program, const std::vector<std::string>& args,
                            const Launch& launch = {});

/// Runs jamd with `args` to completion: its exit code and what it printed on both streams.
struct Outcome {
  int exit_code;
  std::string output;
};
Outcome run_jamd(const std::vector<std::string>& args);

/// Writes `text` to a new file in a temporary directory and returns its path.
std::string temp_file(const std::string& text, const std::string& name = "jamd.json");

/// A test config: `extra` holds more top-level members ("\"limits\": {...}"), on loopback,
/// port 0, 2 threads, with the commands TIME (local time), QUIT and HELP unless `extra` names
/// its own.
std::string config_text(const std::string& extra = "");

/// jamd's arguments for that test config: --config and a new file holding config_text(extra).
std::vector<std::string> with_config(const std::string& extra = "");

/// Runs a shell command (which bounds its own time): its exit code and standard output.
Outcome capture(const std::string& command);

}  // namespace jamd::test
