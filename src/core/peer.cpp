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

std::string Peer::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  std::string result;
  if (is_v4()) {
    ::inet_ntop(AF_INET, address.data() + kV4Mapped.size(), text, sizeof text);
    result.append(text);
  } else {
    ::inet_ntop(AF_INET6, address.data(), text, sizeof text);
    result.append("[").append(text).append("]");
  }
  return result.append(":").append(std::to_string(port));
}

}  // namespace jamd::core
