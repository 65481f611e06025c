// The per-client counts behind limits.max_connections_per_client and
// limits.new_connections_per_client_per_s, without sockets.

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>

#include "core/client_table.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using Verdict = ClientTable::Verdict;

Peer peer(const char* text) {
  Peer p;
  if (::inet_pton(AF_INET6, text, p.address.data()) != 1) {
    in_addr v4{};
    ::inet_pton(AF_INET, text, &v4);
    p.address[10] = p.address[11] = 0xff;
    std::memcpy(p.address.data() + 12, &v4, 4);
  }
  return p;
}

Limits per_client(std::size_t max, double rate) {
  Limits limits;
  limits.max_connections_per_client = max;
  limits.new_connections_per_client_per_s = rate;
  return limits;
}

TEST(ClientKey, IsTheIpv4AddressOrTheIpv6Prefix) {
  EXPECT_EQ(client_key(peer("192.0.2.7"), 64), peer("192.0.2.7").address);
  EXPECT_NE(client_key(peer("192.0.2.7"), 64), client_key(peer("192.0.2.8"), 64));
  EXPECT_EQ(client_key(peer("2001:db8:1:2:aaaa::1"), 64), peer("2001:db8:1:2::").address);
  EXPECT_NE(client_key(peer("2001:db8:1:2::1"), 64), client_key(peer("2001:db8:1:3::1"), 64));
  EXPECT_EQ(client_key(peer("2001:db8:1:2::1"), 60), client_key(peer("2001:db8:1:f::1"), 60));
  EXPECT_EQ(client_key(peer("2001:db8::1"), 128), peer("2001:db8::1").address);
}

TEST(ClientTable, CapsSessionsOpenPerClientAndFreesASlotOnRelease) {
  ClientTable table;
  const auto now = ClientTable::Clock::now();
  const auto a = client_key(peer("192.0.2.1"), 64);
  const auto b = client_key(peer("192.0.2.2"), 64);
  const Limits limits = per_client(2, 0);
  EXPECT_EQ(table.admit(a, now, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(a, now, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(a, now, limits), Verdict::too_many);
  EXPECT_EQ(table.admit(b, now, limits), Verdict::admitted);
  table.release(a, false);
  EXPECT_EQ(table.admit(a, now, limits), Verdict::admitted);
  EXPECT_EQ(table.size(), 2u);
  for (int i = 0; i < 2; ++i) table.release(a, false);
  table.release(b, false);
  EXPECT_EQ(table.size(), 0u);  // no rate: a client without sessions is not held
}

TEST(ClientTable, BucketAdmitsABurstOfItsRateThenRefillsWithTime) {
  ClientTable table;
  const auto start = ClientTable::Clock::now();
  const auto a = client_key(peer("192.0.2.1"), 64);
  const Limits limits = per_client(0, 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(table.admit(a, start, limits), Verdict::admitted) << i;
  EXPECT_EQ(table.admit(a, start, limits), Verdict::too_fast);
  EXPECT_EQ(table.admit(a, start + 200ms, limits), Verdict::too_fast);  // 0.8 of one
  EXPECT_EQ(table.admit(a, start + 260ms, limits), Verdict::admitted);  // 1.04
  EXPECT_EQ(table.admit(a, start + 260ms, limits), Verdict::too_fast);
  // A long pause refills it to the burst, no more.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(table.admit(a, start + 60s, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(a, start + 60s, limits), Verdict::too_fast);
}

TEST(ClientTable, ARateBelowOneAdmitsOneAndWaitsForTheNext) {
  ClientTable table;
  const auto start = ClientTable::Clock::now();
  const auto a = client_key(peer("192.0.2.1"), 64);
  const Limits limits = per_client(0, 0.5);
  EXPECT_EQ(table.admit(a, start, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(a, start + 1s, limits), Verdict::too_fast);
  EXPECT_EQ(table.admit(a, start + 2s, limits), Verdict::admitted);
}

TEST(ClientTable, HoldsAtMostItsBoundOfClientsWithoutSessions) {
  ClientTable table;
  const auto now = ClientTable::Clock::now();
  const Limits limits = per_client(0, 10);
  const auto key = [](std::size_t i) {
    Peer p = peer("10.0.0.0");
    p.address[13] = static_cast<std::uint8_t>(i >> 16);
    p.address[14] = static_cast<std::uint8_t>(i >> 8);
    p.address[15] = static_cast<std::uint8_t>(i);
    return client_key(p, 64);
  };
  // One client keeps a session open all along: it is held whatever else comes.
  ASSERT_EQ(table.admit(key(0), now, limits), Verdict::admitted);
  for (std::size_t i = 1; i <= 3 * ClientTable::kMaxIdle; ++i) {
    ASSERT_EQ(table.admit(key(i), now, limits), Verdict::admitted);
    table.release(key(i), true);
  }
  EXPECT_EQ(table.size(), ClientTable::kMaxIdle + 1);
  // The least recently seen went first: the newest still has its bucket, the oldest a new one.
  const auto last = key(3 * ClientTable::kMaxIdle);
  for (int i = 0; i < 9; ++i) ASSERT_EQ(table.admit(last, now, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(last, now, limits), Verdict::too_fast);
  const auto first = key(1);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(table.admit(first, now, limits), Verdict::admitted);
  EXPECT_EQ(table.admit(key(0), now, limits), Verdict::admitted);  // still held, with 9 left
}

}  // namespace
}  // namespace jamd::core
