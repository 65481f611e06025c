// Who the real core admits, over real sockets with a fake dispatcher: the address rules at
// accept and after a reload, the per-client limits and their bounded state, and how a refused
// client is closed. Test clients bind to 127.0.0.x to look like other hosts.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include "core/client_table.hpp"
#include "core_fixture.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test_fixture;
using ::testing::EndsWith;
using ::testing::Optional;

/// Access rules of the address texts `allow` and `deny`.
AddressRules access(const std::vector<std::string>& allow, const std::vector<std::string>& deny) {
  const auto parse = [](const std::vector<std::string>& texts) {
    std::vector<Prefix> result;
    for (const auto& text : texts) result.push_back(*parse_prefix(text).prefix);
    return result;
  };
  return AddressRules(parse(allow), parse(deny));
}

/// True when a line sent on `client` is answered: the client was admitted.
bool served(Client& client) {
  client.send("ping\r\n");
  return client.line() == "OK ping";
}

/// Waits (at most 5 s) until `server` has `count` sessions open.
bool wait_for_sessions(const Server& server, std::size_t count) {
  for (int i = 0; i < 500 && server.sessions() != count; ++i) std::this_thread::sleep_for(10ms);
  return server.sessions() == count;
}

using Admission = Core;

// 13. Access rules: a denied client gets the refusal before any line it sent is served, and
// takes no slot; a client on another address is served.
TEST_F(Admission, RefusesADeniedClientBeforeAnyOfItsLinesAndServesOthers) {
  server_->update(live_config(limits(), "OK", access({}, {"127.0.0.2"})));
  Client denied = Client::from("127.0.0.2", server_->port());
  denied.send("one\r\ntwo\r\n");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  Client allowed = Client::from("127.0.0.3", server_->port());
  EXPECT_TRUE(served(allowed));
  EXPECT_EQ(server_->sessions(), 1u);
  EXPECT_EQ(server_->stats().refusals(Refusal::access_denied), 1u);
}

// 13. A reload's rules close the open sessions they deny, each after its current batch, with
// the access-denied error; the others stay open, under the new config.
TEST_F(Admission, ReloadClosesTheOpenSessionsItsRulesDeny) {
  Client idle = Client::from("127.0.0.2", server_->port());
  Client talked = Client::from("127.0.0.2", server_->port());
  ASSERT_TRUE(served(talked));
  Client kept = Client::from("127.0.0.3", server_->port());
  ASSERT_TRUE(served(kept));
  ASSERT_TRUE(wait_for_sessions(*server_, 3));
  EXPECT_EQ(server_->update(live_config(limits(), "NEW", access({"127.0.0.3"}, {}))), 2u);
  EXPECT_THAT(idle.rest(), Optional("ERR access denied\r\n"s));
  EXPECT_THAT(talked.rest(), Optional("ERR access denied\r\n"s));
  kept.send("hi\r\n");
  EXPECT_THAT(kept.line(), Optional("NEW hi"s));
  EXPECT_EQ(server_->stats().closes(Closing::access_revoked), 2u);
  Client denied = Client::from("127.0.0.2", server_->port());
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
}

// 13. A session revoked while its replies wait for a slow reader still gets every reply of
// the lines it was answered, in order, and the error last.
TEST_F(Admission, ARevokedSessionGetsTheRepliesBeforeTheError) {
  Client slow(server_->port(), "127.0.0.1", 4096, "127.0.0.2");
  const std::size_t sent = test::flood(slow, "x\r\n", 200'000);
  ASSERT_GT(sent, 0u);
  std::this_thread::sleep_for(100ms);  // the session waits for the client to read
  EXPECT_EQ(server_->update(live_config(limits(), "OK", access({}, {"127.0.0.2"}))), 1u);
  const auto rest = slow.rest(20s);
  ASSERT_TRUE(rest.has_value());
  ASSERT_THAT(*rest, EndsWith("OK x\r\nERR access denied\r\n"));
  const std::string replies = rest->substr(0, rest->size() - "ERR access denied\r\n"s.size());
  std::size_t lines = 0;
  for (std::size_t at = 0; at < replies.size(); at += 6, ++lines) {
    ASSERT_EQ(replies.compare(at, 6, "OK x\r\n"), 0) << "at byte " << at;
  }
  EXPECT_LE(lines, sent / 3);
}

// 15. limits.max_connections_per_client: the next session of a client with that many open is
// refused, other clients are admitted, and a slot freed is its again.
TEST_F(Admission, PerClientCapRefusesTheNextAndAdmitsOthers) {
  server_->update(live_config(limits([](Limits& l) { l.max_connections_per_client = 2; })));
  std::vector<Client> two;
  for (int i = 0; i < 2; ++i) {
    two.push_back(Client::from("127.0.0.2", server_->port()));
    ASSERT_TRUE(served(two.back()));
  }
  Client third = Client::from("127.0.0.2", server_->port());
  EXPECT_THAT(third.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client other = Client::from("127.0.0.3", server_->port());
  EXPECT_TRUE(served(other));
  EXPECT_EQ(server_->stats().refusals(Refusal::per_client_limit), 1u);
  two.pop_back();
  ASSERT_TRUE(wait_for_sessions(*server_, 2));
  Client again = Client::from("127.0.0.2", server_->port());
  EXPECT_TRUE(served(again));
}

// 15. A reload that turns limits.max_connections_per_client on counts the sessions already
// open: a client that has more than the cap gets no new one until enough of them end.
TEST_F(Admission, APerClientCapTurnedOnByAReloadCountsTheOpenSessions) {
  std::vector<Client> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(Client::from("127.0.0.2", server_->port()));
    ASSERT_TRUE(served(open.back()));
  }
  ASSERT_TRUE(wait_for_sessions(*server_, 3));
  EXPECT_EQ(server_->stats().clients, 0u);
  server_->update(live_config(limits([](Limits& l) { l.max_connections_per_client = 2; })));
  EXPECT_EQ(server_->stats().clients, 1u);
  Client refused = Client::from("127.0.0.2", server_->port());
  EXPECT_THAT(refused.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client other = Client::from("127.0.0.3", server_->port());
  EXPECT_TRUE(served(other));
  open.pop_back();
  ASSERT_TRUE(wait_for_sessions(*server_, 3));
  Client still = Client::from("127.0.0.2", server_->port());
  EXPECT_THAT(still.rest(), Optional("ERR too many connections from your address\r\n"s));
  open.pop_back();
  ASSERT_TRUE(wait_for_sessions(*server_, 2));
  Client again = Client::from("127.0.0.2", server_->port());
  EXPECT_TRUE(served(again));
}

// 15. limits.new_connections_per_client_per_s: a burst as large as the rate is admitted, the
// next is refused, other clients are not, and the bucket refills.
TEST_F(Admission, PerClientRateRefusesABurstAndRecovers) {
  server_->update(live_config(limits([](Limits& l) { l.new_connections_per_client_per_s = 3; })));
  std::vector<Client> burst;
  for (int i = 0; i < 3; ++i) {
    burst.push_back(Client::from("127.0.0.2", server_->port()));
    ASSERT_TRUE(served(burst.back())) << "connection " << i;
  }
  Client fourth = Client::from("127.0.0.2", server_->port());
  EXPECT_THAT(fourth.rest(), Optional("ERR too many new connections from your address\r\n"s));
  Client other = Client::from("127.0.0.3", server_->port());
  EXPECT_TRUE(served(other));
  EXPECT_EQ(server_->stats().refusals(Refusal::per_client_rate), 1u);
  std::this_thread::sleep_for(600ms);  // one more connection's worth, and some
  Client later = Client::from("127.0.0.2", server_->port());
  EXPECT_TRUE(served(later));
}

/// Waits (at most 20 s) until `server` has admitted `count` sessions in all and closed them.
bool wait_until_served(const Server& server, std::uint64_t count) {
  for (int i = 0; i < 2000; ++i) {
    if (server.stats().accepted == count && server.sessions() == 0) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

/// Resident memory of this process, in KiB, from /proc/self/status.
std::size_t resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      std::size_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

/// Opens and closes one connection from each of `count` addresses of 127.1.0.0/16, from
/// 127.1.`first`.1 on; returns how many connected.
std::size_t from_many_addresses(std::uint16_t port, int first, int count) {
  std::size_t connected = 0;
  for (int i = 0; i < count; ++i) {
    const int n = first * 250 + i;
    const std::string source =
        "127.1." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
    Client(port, "127.0.0.1", 0, source);
    ++connected;
  }
  return connected;
}

// 15. The per-client state is bounded: after connections from 10,000 distinct addresses it
// holds ClientTable::kMaxIdle clients, and 10,000 more do not grow the process.
TEST_F(Admission, PerClientStateStaysBoundedUnderManyAddresses) {
  server_->update(
      live_config(limits([](Limits& l) { l.new_connections_per_client_per_s = 1000; })));
  ASSERT_EQ(from_many_addresses(server_->port(), 0, 10'000), 10'000u);
  ASSERT_TRUE(wait_until_served(*server_, 10'000));
  EXPECT_EQ(server_->stats().clients, ClientTable::kMaxIdle);
  const std::size_t before = resident_kib();
  ASSERT_EQ(from_many_addresses(server_->port(), 40, 10'000), 10'000u);
  ASSERT_TRUE(wait_until_served(*server_, 20'000));
  EXPECT_EQ(server_->stats().clients, ClientTable::kMaxIdle);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  // 10,000 more clients held would take about 1 MiB; ASan's quarantine holds freed memory.
  EXPECT_LT(resident_kib(), before + 512) << "KiB before: " << before;
#else
  (void)before;
#endif
}

// 15. With the per-client limits off (the default), no client is held.
TEST_F(Admission, NoPerClientStateWithoutPerClientLimits) {
  Client c = Client::from("127.0.0.2", server_->port());
  ASSERT_TRUE(served(c));
  EXPECT_EQ(server_->stats().clients, 0u);
}

// A refused client reads its refusal, and what it sends for a moment after is taken, not
// answered with a reset: the server discards what comes until the client closes, since
// closing with unread input sends a reset, which can destroy the line before the client reads
// it (telnet sends its negotiation at once).
TEST_F(Admission, ARefusedClientWithInputWaitingReadsItsRefusal) {
  auto dispatcher = std::make_shared<BlockingDispatcher>();
  server_ = std::make_unique<Server>(
      Listen{{"127.0.0.1"}, 0}, Threads{2},
      std::make_shared<const LiveConfig>(
          LiveConfig{limits([](Limits& l) { l.max_connections = 2; }), dispatcher, {}, {}, {}}));
  server_->start();
  // Both I/O threads are held: the next client's input is all there before it is refused.
  std::vector<Client> holders;
  for (int i = 0; i < 2; ++i) {
    holders.push_back(client());
    holders.back().send("WAIT\r\n");
  }
  ASSERT_TRUE(wait_for_sessions(*server_, 2));
  std::this_thread::sleep_for(100ms);
  Client late = client();
  late.send(std::string(64 * 1024, 'x'));
  dispatcher->release();
  EXPECT_THAT(late.rest(), Optional("ERR too many connections\r\n"s));  // and the half-close
  late.send("TIME\r\n");
  std::this_thread::sleep_for(200ms);
  // A reset would have come by now, and the kernel would refuse this send (EPIPE).
  EXPECT_EQ(::send(late.fd(), "HELP\r\n", 6, MSG_NOSIGNAL | MSG_DONTWAIT), 6)
      << std::strerror(errno);
  EXPECT_EQ(server_->stats().refusals(Refusal::max_connections), 1u);
}

}  // namespace
}  // namespace jamd::core
