#include "core/peer.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace jamd::core {
namespace {

constexpr std::array<std::uint8_t, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

bool Peer::is_v4() const {
  return std::equal(kV4Mapped.begin(), kV4Mapped.end(), address.begin());
}

std::string Peer::address_text() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    ::inet_ntop(AF_INET, address.data() + kV4Mapped.size(), text, sizeof text);
  } else {
    ::inet_ntop(AF_INET6, address.data(), text, sizeof text);
  }
  return text;
}

std::string Peer::to_string() const {
  const std::string host = address_text();
  return (is_v4() ? host : "[" + host + "]") + ":" + std::to_string(port);
}

}  // namespace jamd::core
