#pragma once

// What the core counts of the connections it accepts, refuses and closes: counters that only
// go up, written once per connection (never per request, which counts per thread instead:
// thread_counters.hpp), read by Server::stats().

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jamd::core {

/// Why a connection was refused at accept, never admitted as a session.
enum class Refusal : std::uint8_t {
  max_connections,   ///< every slot is taken
  access_denied,     ///< the address rules deny it
  per_client_limit,  ///< its client has limits.max_connections_per_client sessions open
  per_client_rate,   ///< its client opened connections faster than its bucket allows
};
inline constexpr std::size_t kRefusals = 4;

/// The name of `reason` as the metrics and the docs write it: "max_connections", ...
constexpr std::string_view name_of(Refusal reason) {
  constexpr std::array<std::string_view, kRefusals> kNames = {
      "max_connections", "access_denied", "per_client_limit", "per_client_rate"};
  return kNames[static_cast<std::size_t>(reason)];
}

/// Why a connection was closed. Every admitted session is closed for exactly one reason, the
/// first that arose; proxy_header is the one reason of connections never admitted (from a
/// trusted proxy, before its header was read).
enum class Closing : std::uint8_t {
  client,          ///< the client closed or reset the connection
  quit,            ///< a command (QUIT) ended the session
  idle_timeout,    ///< no complete line for limits.idle_timeout_s
  send_timeout,    ///< the client took no reply for limits.send_timeout_s
  line_too_long,   ///< a line past limits.max_line_bytes
  http_probe,      ///< a first line that looks like HTTP
  proxy_header,    ///< a trusted proxy's connection without a good PROXY header
  access_revoked,  ///< a reload's address rules deny the client
  clock_refused,   ///< the clock policy "refuse" closed it
  shutdown,        ///< jamd stopped
  error,           ///< a socket error other than the client's close
};
inline constexpr std::size_t kClosings = 11;

/// The name of `reason` as the metrics and the docs write it: "client", "quit", ...
constexpr std::string_view name_of(Closing reason) {
  constexpr std::array<std::string_view, kClosings> kNames = {
      "client",        "quit",       "idle_timeout", "send_timeout",
      "line_too_long", "http_probe", "proxy_header", "access_revoked",
      "clock_refused", "shutdown",   "error"};
  return kNames[static_cast<std::size_t>(reason)];
}

/// The counters of one listener: relaxed atomics, since each is read alone.
struct Tally {
  std::atomic<std::uint64_t> accepted{0};  ///< sessions admitted
  std::array<std::atomic<std::uint64_t>, kRefusals> refused{};
  std::array<std::atomic<std::uint64_t>, kClosings> closed{};
  /// Nanoseconds its acceptors spent paused, out of descriptors: added as each pause ends.
  std::atomic<std::uint64_t> accept_paused_ns{0};

  void refuse(Refusal reason) { add(refused[static_cast<std::size_t>(reason)]); }
  void close(Closing reason) { add(closed[static_cast<std::size_t>(reason)]); }
  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace jamd::core
