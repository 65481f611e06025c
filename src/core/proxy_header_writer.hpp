#pragma once

// Writes the PROXY protocol headers a proxy would send, for the tests and for a load generator
// posing as a proxy. Header-only, and using nothing of Peer but its fields, so that jamd-bench
// (which links no jamd library) can include it with src/ on its include path.

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/peer.hpp"

namespace jamd::core {
namespace proxy_writer_detail {

inline bool is_v4_mapped(const Peer& peer) {
  constexpr std::array<std::uint8_t, 12> kPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(kPrefix.begin(), kPrefix.end(), peer.address.begin());
}

inline std::string address_text(const Peer& peer, bool v4) {
  char text[INET6_ADDRSTRLEN] = {};
  if (v4) {
    ::inet_ntop(AF_INET, peer.address.data() + 12, text, sizeof text);
  } else {
    ::inet_ntop(AF_INET6, peer.address.data(), text, sizeof text);
  }
  return text;
}

/// Appends `value` in network byte order, as every version 2 number is.
inline void append_u16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xff));
}

}  // namespace proxy_writer_detail

/// A version 1 header, "PROXY TCP4 <src> <dst> <sport> <dport>\r\n": TCP4 when both addresses
/// are IPv4, TCP6 otherwise (an IPv4 one then written ::ffff:a.b.c.d, as HAProxy does).
inline std::string proxy_v1_header(const Peer& source, const Peer& destination) {
  using namespace proxy_writer_detail;
  const bool v4 = is_v4_mapped(source) && is_v4_mapped(destination);
  return std::string(v4 ? "PROXY TCP4 " : "PROXY TCP6 ") + address_text(source, v4) + " " +
         address_text(destination, v4) + " " + std::to_string(source.port) + " " +
         std::to_string(destination.port) + "\r\n";
}

/// A version 2 PROXY command header for TCP, without TLVs: over IPv4 when both addresses are
/// IPv4, over IPv6 otherwise (an IPv4 one then v4-mapped).
inline std::string proxy_v2_header(const Peer& source, const Peer& destination) {
  using namespace proxy_writer_detail;
  const bool v4 = is_v4_mapped(source) && is_v4_mapped(destination);
  std::string out("\r\n\r\n\0\r\nQUIT\n", 12);
  out.push_back('\x21');                // version 2, PROXY
  out.push_back(v4 ? '\x11' : '\x21');  // TCP over IPv4 or IPv6
  const std::size_t address_bytes = v4 ? 4 : 16;
  append_u16(out, static_cast<std::uint16_t>(2 * address_bytes + 4));
  for (const Peer* peer : {&source, &destination}) {
    out.append(reinterpret_cast<const char*>(peer->address.data()) + 16 - address_bytes,
               address_bytes);
  }
  append_u16(out, source.port);
  append_u16(out, destination.port);
  return out;
}

}  // namespace jamd::core
