// A client's address as logs and replies print it (src/core/peer.cpp).
#include "core/peer.hpp"

#include <gtest/gtest.h>

#include "support/peer.hpp"

namespace jamd::core {
namespace {

using test::peer;

TEST(Peer, TheAddressAloneHasNoPortAndNoBrackets) {
  EXPECT_EQ(peer("192.0.2.7", 51324).address_text(), "192.0.2.7");
  EXPECT_EQ(peer("::1", 51324).address_text(), "::1");
  EXPECT_EQ(peer("2001:db8::1").address_text(), "2001:db8::1");
  EXPECT_EQ(peer("::ffff:10.0.0.1").address_text(), "10.0.0.1");  // v4-mapped is IPv4
}

TEST(Peer, ToStringAddsThePortAndBracketsIpv6) {
  EXPECT_EQ(peer("192.0.2.7", 51324).to_string(), "192.0.2.7:51324");
  EXPECT_EQ(peer("::1", 51324).to_string(), "[::1]:51324");
  EXPECT_EQ(peer("2001:db8::1", 1).to_string(), "[2001:db8::1]:1");
}

}  // namespace
}  // namespace jamd::core
