#pragma once

// Clients by address text, for the unit tests that decide or dispatch for a given client.
// Header-only; needs jamd_protocol.

#include <arpa/inet.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/peer.hpp"

namespace jamd::test {

/// The Peer of an IPv4 or IPv6 address text, IPv4 held v4-mapped as the acceptor does.
inline core::Peer peer(const std::string& text, std::uint16_t port = 0) {
  core::Peer p;
  p.port = port;
  if (::inet_pton(AF_INET, text.c_str(), p.address.data() + 12) == 1) {
    p.address[10] = p.address[11] = 0xff;
  } else if (::inet_pton(AF_INET6, text.c_str(), p.address.data()) != 1) {
    throw std::invalid_argument(text);
  }
  return p;
}

}  // namespace jamd::test
