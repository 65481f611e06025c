#pragma once

// jamd-bench's command line.

#include <cstdint>
#include <optional>
#include <string>

namespace jamd::bench {

/// What a run does.
enum class Mode {
  load,         // closed loop: each connection keeps `pipeline` requests outstanding
  churn,        // a new connection per request
  idle,         // open `idle` connections, one request each, then hold them
  first_reply,  // retry until the server answers once: startup to first reply
};

/// The command line, validated.
struct Options {
  Mode mode = Mode::load;
  std::string host = "127.0.0.1";
  std::uint16_t port = 45000;
  int connections = 50;
  int pipeline = 1;
  int threads = 1;
  double duration_s = 5;
  double warmup_s = 1;
  double timeout_s = 2;
  std::string request = "TIME";
  std::string expect = "JAM ";
  std::string quit;      // churn: the line ending a session; empty: the client just closes
  std::string preamble;  // what every connection sends first: --proxy-v2's header, or nothing
  bool json = false;
  int idle = 0;
  double hold_s = 1;
  int server_pid = 0;  // the server, whose CPU use (or VmRSS when idle) is measured
  double ready_timeout_s = 5;
  std::optional<std::int64_t> since_us;  // first reply: the start, in µs since the epoch
  bool help = false;
};

/// Parses argv; throws std::invalid_argument with a message for the user.
Options parse_options(int argc, const char* const* argv);

/// The text of --help.
extern const char* const kUsage;

}  // namespace jamd::bench
