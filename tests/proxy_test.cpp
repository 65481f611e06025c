// Connections from a trusted proxy, over real sockets with a fake dispatcher: the PROXY
// header read before anything else, the client's address it carries used for the access rules
// and the per-client limits, and a bad, late or cut header closed. The test itself plays the
// proxy; tests/haproxy_test.cpp has the real HAProxy.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "core/proxy_header_writer.hpp"
#include "core_fixture.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test_fixture;
using ::testing::Optional;

Prefix prefix(const std::string& text) {
  return *parse_prefix(text).prefix;
}

/// A Peer of an address text and a port.
Peer peer(const std::string& address, std::uint16_t port) {
  Prefix p = prefix(address);
  return Peer{p.address, port};
}

/// Connections from 127.0.0.1 are proxied: a PROXY header comes first.
ProxyProtocol trusting_loopback(double timeout_s = 3) {
  return ProxyProtocol{{prefix("127.0.0.1")}, timeout_s};
}

class Proxied : public Core {
 protected:
  void SetUp() override {
    Core::SetUp();
    use(limits());
  }
  void use(Limits limits, AddressRules access = {}, double timeout_s = 3) {
    server_->update(live_config(limits, "OK", std::move(access), trusting_loopback(timeout_s)));
  }
  std::uint64_t bad_headers() const { return server_->stats().closes(Closing::proxy_header); }

  const Peer jamd_ = peer("127.0.0.1", 45000);
};

// 14. A v2 header's client address is the session's: the dispatcher sees it, and the bytes
// after the header, in the same segment, are the client's first lines.
TEST_F(Proxied, AV2HeaderGivesTheClientsAddress) {
  Client proxy = client();
  proxy.send(proxy_v2_header(peer("192.0.2.7", 5555), jamd_) + "PEER\r\nhi\r\n");
  EXPECT_THAT(proxy.line(), Optional("OK 192.0.2.7:5555"s));
  EXPECT_THAT(proxy.line(), Optional("OK hi"s));
}

// 14. The same for v1, the header and the lines coming apart, and an IPv6 client.
TEST_F(Proxied, AV1HeaderGivesTheClientsAddress) {
  Client proxy = client();
  const std::string header = proxy_v1_header(peer("2001:db8::7", 6000), peer("2001:db8::1", 1));
  proxy.send(header.substr(0, 10));
  std::this_thread::sleep_for(20ms);
  proxy.send(header.substr(10));
  std::this_thread::sleep_for(20ms);
  proxy.send("PEER\r\n");
  EXPECT_THAT(proxy.line(), Optional("OK [2001:db8::7]:6000"s));
}

// 14. LOCAL (a proxy's health check) is served as the proxy's own connection, and the access
// rules decide on the proxy's address.
TEST_F(Proxied, ALocalHeaderIsServedAsTheProxysOwn) {
  const std::string local("\r\n\r\n\0\r\nQUIT\n\x20\x00\x00\x00", 16);
  Client proxy = client();
  proxy.send(local + "PEER\r\n");
  EXPECT_THAT(proxy.line(), Optional("OK 127.0.0.1:" + std::to_string(proxy.local_port())));
  use(limits(), AddressRules({}, {prefix("127.0.0.1")}));
  Client denied = client();
  denied.send(local + "PEER\r\n");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
}

// 13, 14. The address rules decide on the client's address in the header, not the proxy's.
TEST_F(Proxied, AccessRulesDecideOnTheHeadersAddress) {
  use(limits(), AddressRules({}, {prefix("192.0.2.0/24")}));
  Client denied = client();
  denied.send(proxy_v2_header(peer("192.0.2.7", 5555), jamd_) + "PEER\r\n");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  Client allowed = client();
  allowed.send(proxy_v2_header(peer("198.51.100.1", 5555), jamd_) + "PEER\r\n");
  EXPECT_THAT(allowed.line(), Optional("OK 198.51.100.1:5555"s));
}

// 15, 14. The per-client limits count the clients in the headers, not the proxy.
TEST_F(Proxied, PerClientLimitsCountTheHeadersClients) {
  use(limits([](Limits& l) { l.max_connections_per_client = 1; }));
  Client first = client();
  first.send(proxy_v2_header(peer("192.0.2.7", 1), jamd_) + "PEER\r\n");
  ASSERT_THAT(first.line(), Optional("OK 192.0.2.7:1"s));
  Client second = client();
  second.send(proxy_v2_header(peer("192.0.2.7", 2), jamd_));
  EXPECT_THAT(second.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client other = client();
  other.send(proxy_v2_header(peer("192.0.2.8", 3), jamd_) + "PEER\r\n");
  EXPECT_THAT(other.line(), Optional("OK 192.0.2.8:3"s));
}

// 15, 14. An IPv6 client is its /64 (limits.ipv6_client_prefix): two addresses of one /64 are
// one client, an address of the next /64 another; at /128 each address is its own.
TEST_F(Proxied, AnIpv6ClientIsItsPrefixOfIpv6ClientPrefixBits) {
  const Peer jamd6 = peer("2001:db8::1", 45000);
  const auto from = [&](const std::string& address) {
    Client proxy = client();
    proxy.send(proxy_v2_header(peer(address, 1), jamd6) + "PEER\r\n");
    return proxy;
  };
  use(limits([](Limits& l) { l.max_connections_per_client = 1; }));
  Client first = from("2001:db8:0:1::7");
  ASSERT_THAT(first.line(), Optional("OK [2001:db8:0:1::7]:1"s));
  Client same = from("2001:db8:0:1:ffff::8");
  EXPECT_THAT(same.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client next = from("2001:db8:0:2::7");
  EXPECT_THAT(next.line(), Optional("OK [2001:db8:0:2::7]:1"s));
  use(limits([](Limits& l) {
    l.max_connections_per_client = 1;
    l.ipv6_client_prefix = 128;
  }));
  Client own = from("2001:db8:0:1::8");
  EXPECT_THAT(own.line(), Optional("OK [2001:db8:0:1::8]:1"s));
}

// 14. A connection from a trusted proxy that begins with anything but a header is closed
// without a reply, and so is one whose v1 line runs past 107 bytes.
TEST_F(Proxied, AMalformedOrOversizedHeaderIsClosedWithoutAReply) {
  Client plain = client();
  plain.send("PEER\r\n");
  EXPECT_THAT(plain.rest(), Optional(""s));
  Client oversized = client();
  oversized.send("PROXY TCP4 192.0.2.7 192.0.2.1 5555 45000" + std::string(80, ' ') + "\r\n");
  EXPECT_THAT(oversized.rest(), Optional(""s));
  EXPECT_EQ(bad_headers(), 2u);
  EXPECT_EQ(server_->stats().accepted, 0u);
}

// 14. A header that does not come within proxy_protocol.timeout_s, or that the proxy cuts
// short, closes the connection.
TEST_F(Proxied, ALateOrTruncatedHeaderIsClosed) {
  use(limits(), {}, 0.3);
  Client late = client();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(late.rest(), Optional(""s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  Client truncated = client();
  const std::string header = proxy_v2_header(peer("192.0.2.7", 5555), jamd_);
  truncated.send(header.substr(0, header.size() - 3));
  truncated.shutdown_write();
  EXPECT_THAT(truncated.rest(), Optional(""s));
  EXPECT_EQ(bad_headers(), 2u);
}

// 14. A connection from an address that is not trusted is not read for a header: a v1 header
// is a line like any other.
TEST_F(Proxied, AnUntrustedPeersHeaderIsOrdinaryInput) {
  server_->update(live_config(limits(), "OK", {}, ProxyProtocol{{prefix("10.0.0.1")}, 3}));
  Client c = client();
  c.send("PROXY TCP4 192.0.2.7 192.0.2.1 5555 45000\r\nPEER\r\n");
  EXPECT_THAT(c.line(), Optional("OK PROXY TCP4 192.0.2.7 192.0.2.1 5555 45000"s));
  EXPECT_THAT(c.line(), Optional("OK 127.0.0.1:" + std::to_string(c.local_port())));
}

// A stop waits for a header still on its way, and serves the client as any other: it
// connected before the stop.
TEST_F(Proxied, AStopWaitsForAHeaderOnItsWayAndServesTheClient) {
  Client proxy = client();
  std::this_thread::sleep_for(100ms);  // accepted: the header is awaited
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout);
  proxy.send(proxy_v2_header(peer("192.0.2.7", 5555), jamd_) + "PEER\r\n");
  EXPECT_THAT(proxy.rest(), Optional("OK 192.0.2.7:5555\r\n"s));
  stopped.get();
}

}  // namespace
}  // namespace jamd::core
