#pragma once

// What the core counts of the connections it accepts, refuses and closes: counters that only
// go up, written once per connection (never per request), read by Server::stats().

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
  draining,          ///< jamd is stopping
};
inline constexpr std::size_t kRefusals = 5;

/// The name of `reason` as the metrics and the docs write it: "max_connections", ...
constexpr std::string_view name_of(Refusal reason) {
  constexpr std::array<std::string_view, kRefusals> kNames = {
      "max_connections", "access_denied", "per_client_limit", "per_client_rate", "draining"};
  return kNames[static_cast<std::size_t>(reason)];
}

/// The counters themselves: relaxed atomics, since each is read alone.
struct Tally {
  std::atomic<std::uint64_t> accepted{0};  ///< sessions admitted
  std::array<std::atomic<std::uint64_t>, kRefusals> refused{};
  std::atomic<std::uint64_t> access_revoked{0};  ///< sessions a reload's address rules closed
  std::atomic<std::uint64_t> proxy_header{0};    ///< proxied connections without a good header

  void refuse(Refusal reason) {
    refused[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }
  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace jamd::core
