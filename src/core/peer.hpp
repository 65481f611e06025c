#pragma once

// A client's address as the whole program sees it: the core fills it in at accept and decides
// the access rules on it (address_rules.hpp), and the dispatcher (the commands) reads it. No
// Asio here.

#include <array>
#include <cstdint>
#include <string>

namespace jamd::core {

/// The IP address and port of a client. IPv4 is held as its IPv4-mapped IPv6 form
/// (::ffff:a.b.c.d), so that a v4 client of a dual-stack socket and of an IPv4 one are equal.
struct Peer {
  std::array<std::uint8_t, 16> address{};  ///< network byte order
  std::uint16_t port = 0;

  /// True for an IPv4 address (held v4-mapped).
  bool is_v4() const;
  /// "a.b.c.d", or the IPv6 address without brackets ("::1"): the address alone, as a
  /// reply names the client.
  std::string address_text() const;
  /// "a.b.c.d:port", or "[v6]:port" with IPv6 addresses in brackets.
  std::string to_string() const;

  bool operator==(const Peer&) const = default;
};

}  // namespace jamd::core
