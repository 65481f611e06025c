// The admin listener of the real core, over real sockets with fake dispatchers: its own
// dispatcher, cap and counts, HTTP answered by the handler while the public port keeps its
// guard, served while the public port is full, and open until the public port has drained.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core_fixture.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test_fixture;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::StartsWith;

/// The handler of the tests: /healthz is fine, anything else is not found.
HttpResponse answer(std::string_view path) {
  if (path == "/healthz") return {.status = 200, .body = "ok\n"};
  return {.status = 404, .body = "no " + std::string(path) + "\n"};
}

/// The echo dispatcher, except that GET, HEAD and Host: are no commands, as in jamd's
/// registry, and that WAIT holds its I/O thread until the test releases it (at most 10 s).
class WebDispatcher final : public Dispatcher {
 public:
  explicit WebDispatcher(std::string prefix) : echo_(std::move(prefix)) {}
  Outcome dispatch(const Context& context, std::string_view line, std::string& out) const override {
    const std::string_view word = line.substr(0, line.find(' '));
    if (word == "GET" || word == "HEAD" || word == "Host:") {
      return {Outcome::Kind::not_a_command, word};
    }
    if (word == "WAIT") {
      std::unique_lock lock(gate().mutex);
      gate().opened.wait_for(lock, 10s, [] { return gate().open; });
    }
    return echo_.dispatch(context, line, out);
  }
  /// Lets every WAIT go on.
  static void release() {
    const std::lock_guard lock(gate().mutex);
    gate().open = true;
    gate().opened.notify_all();
  }
  /// Makes the next WAIT wait again.
  static void close() {
    const std::lock_guard lock(gate().mutex);
    gate().open = false;
  }

 private:
  struct Gate {
    std::mutex mutex;
    std::condition_variable opened;
    bool open = false;
  };
  static Gate& gate() {
    static Gate shared;
    return shared;
  }
  EchoDispatcher echo_;
};

/// A core on ephemeral loopback ports with an admin listener, whose admin dispatcher echoes
/// with "ADMIN", capped at `admin_cap` sessions.
class AdminCore : public ::testing::Test {
 protected:
  void start(Limits limits, std::size_t admin_cap = 16) {
    server_ = std::make_unique<Server>(Listen{{"127.0.0.1"}, 0}, Threads{2},
                                       config(limits, admin_cap), Admin{"127.0.0.1", 0, answer});
    server_->start();
  }
  static std::shared_ptr<const LiveConfig> config(Limits limits, std::size_t admin_cap,
                                                  AddressRules access = {},
                                                  ProxyProtocol proxy = {}) {
    return std::make_shared<const LiveConfig>(LiveConfig{
        limits, std::make_shared<WebDispatcher>("OK"), std::move(access), std::move(proxy),
        AdminConfig{std::make_shared<WebDispatcher>("ADMIN"), admin_cap}});
  }
  void SetUp() override { start(limits()); }
  Client client() { return Client(server_->port()); }
  Client admin() { return Client(server_->admin_port()); }
  /// True once `wanted` holds of the stats (within 10 s).
  bool eventually(const std::function<bool(const Stats&)>& wanted) const {
    for (int i = 0; i < 1000; ++i) {
      if (wanted(server_->stats())) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  std::unique_ptr<Server> server_;
};

TEST_F(AdminCore, ListensOnAPortOfItsOwnAndServesItsOwnDispatcher) {
  ASSERT_NE(server_->admin_port(), 0);
  EXPECT_NE(server_->admin_port(), server_->port());
  EXPECT_EQ(server_->admin_endpoint(), "127.0.0.1:" + std::to_string(server_->admin_port()));
  Client admin_client = admin();
  admin_client.send("hi\r\n");
  EXPECT_THAT(admin_client.line(), Optional("ADMIN hi"s));
  Client public_client = client();
  public_client.send("hi\r\n");
  EXPECT_THAT(public_client.line(), Optional("OK hi"s));
}

TEST(AdminListener, IsOffWithoutAnAddress) {
  Server server(Listen{{"127.0.0.1"}, 0}, Threads{1}, live_config(limits()));
  EXPECT_EQ(server.admin_port(), 0);
  EXPECT_EQ(server.admin_endpoint(), "");
}

TEST_F(AdminCore, AnHttpRequestIsAnsweredByTheHandlerThenClosed) {
  Client found = admin();
  found.send("GET /healthz HTTP/1.1\r\nHost: jamd\r\nAccept: */*\r\n\r\n");
  const auto response = found.rest();
  ASSERT_TRUE(response.has_value());
  EXPECT_THAT(*response, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(*response, HasSubstr("Connection: close\r\n"));
  EXPECT_THAT(*response, EndsWith("\r\n\r\nok\n"));
  Client missing = admin();
  missing.send("GET /nowhere HTTP/1.0\r\n\r\n");
  EXPECT_THAT(missing.rest(), Optional(StartsWith("HTTP/1.1 404 Not Found\r\n")));
  // Served, then closed as QUIT closes: after the reply.
  EXPECT_TRUE(eventually([](const Stats& s) { return s.closes(Closing::quit) == 2; }));
  EXPECT_EQ(server_->stats().closes(Closing::http_probe), 0u);
}

TEST_F(AdminCore, AHeaderSentInPiecesIsAnsweredOnceComplete) {
  Client c = admin();
  c.send("GET /healthz HTTP/1.1\r\n");
  EXPECT_TRUE(c.silent_for(100ms));
  c.send("Host: jamd\r\n");
  EXPECT_TRUE(c.silent_for(100ms));
  c.send("\r\n");
  EXPECT_THAT(c.rest(), Optional(StartsWith("HTTP/1.1 200 OK\r\n")));
}

// 12. The public port keeps its guard: an HTTP request line closes the session silently.
TEST_F(AdminCore, ThePublicPortStillClosesAnHttpRequestWithoutAReply) {
  Client c = client();
  c.send("GET /healthz HTTP/1.1\r\nHost: jamd\r\n\r\n");
  EXPECT_THAT(c.rest(), Optional(""s));
  EXPECT_TRUE(eventually([](const Stats& s) { return s.closes(Closing::http_probe) == 1; }));
}

TEST_F(AdminCore, AFirstHostLineOnTheAdminPortIsStillRefused) {
  Client c = admin();
  c.send("Host: jamd\r\n\r\n");
  EXPECT_THAT(c.rest(), Optional(""s));
  EXPECT_TRUE(eventually([](const Stats& s) { return s.closes(Closing::http_probe) == 1; }));
}

TEST_F(AdminCore, ServesWhileThePublicPortIsFull) {
  server_->update(config(limits([](Limits& l) { l.max_connections = 1; }), 16));
  Client holder = client();
  holder.send("hi\r\n");
  ASSERT_THAT(holder.line(), Optional("OK hi"s));
  Client refused = client();
  EXPECT_THAT(refused.rest(), Optional("ERR too many connections\r\n"s));
  Client admin_client = admin();
  admin_client.send("hi\r\n");
  EXPECT_THAT(admin_client.line(), Optional("ADMIN hi"s));
}

TEST_F(AdminCore, HasItsOwnCapAndNoPerClientLimits) {
  server_->update(config(limits([](Limits& l) {
                           l.max_connections_per_client = 1;
                           l.new_connections_per_client_per_s = 1;
                         }),
                         2));
  Client first = admin();
  Client second = admin();
  for (Client* c : {&first, &second}) {
    c->send("hi\r\n");
    ASSERT_THAT(c->line(), Optional("ADMIN hi"s));
  }
  Client third = admin();
  EXPECT_THAT(third.rest(), Optional("ERR too many connections\r\n"s));
  EXPECT_EQ(server_->stats().refusals(Refusal::max_connections), 1u);
  EXPECT_EQ(server_->stats().refusals(Refusal::per_client_limit), 0u);
}

TEST_F(AdminCore, CountsSessionsAndAdmissionsPerListener) {
  Client a = admin();
  Client b = admin();
  Client c = client();
  for (Client* each : {&a, &b, &c}) {
    each->send("hi\r\n");
    ASSERT_TRUE(each->line().has_value());
  }
  Stats stats = server_->stats();
  EXPECT_EQ(stats.admin_sessions, 2u);
  EXPECT_EQ(stats.sessions, 1u);
  EXPECT_EQ(stats.admin_accepted, 2u);
  EXPECT_EQ(stats.accepted, 1u);
}

// 13. The access rules are the admin port's too, at accept and after a reload.
TEST_F(AdminCore, TheAccessRulesApplyToIt) {
  Client open = Client(server_->admin_port(), "127.0.0.1", 0, "127.0.0.2");
  open.send("hi\r\n");
  ASSERT_THAT(open.line(), Optional("ADMIN hi"s));
  const auto parsed = parse_prefix("127.0.0.2");
  server_->update(config(limits(), 16, AddressRules({}, {*parsed.prefix})));
  EXPECT_THAT(open.rest(), Optional("ERR access denied\r\n"s));
  Client denied = Client(server_->admin_port(), "127.0.0.1", 0, "127.0.0.2");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
}

// 14. The PROXY protocol is the public port's: a trusted address connects to the admin port
// without a header.
TEST_F(AdminCore, ExpectsNoProxyHeaderEvenFromATrustedAddress) {
  server_->update(config(limits(), 16, {}, ProxyProtocol{{*parse_prefix("127.0.0.1").prefix}, 3}));
  Client proxied = client();
  proxied.send("hi\r\n");
  EXPECT_THAT(proxied.rest(), Optional(""s));  // no header: closed
  Client admin_client = admin();
  admin_client.send("hi\r\n");
  EXPECT_THAT(admin_client.line(), Optional("ADMIN hi"s));
}

TEST_F(AdminCore, StaysOpenWhileThePublicPortDrainsAndClosesLast) {
  WebDispatcher::close();
  // A public session whose line holds its I/O thread holds the drain; the other thread serves.
  Client busy = client();
  busy.send("hi\r\n");
  ASSERT_THAT(busy.line(), Optional("OK hi"s));
  busy.send("WAIT\r\n");
  std::this_thread::sleep_for(100ms);  // long enough for a thread to take the line
  Client watching = admin();
  watching.send("hi\r\n");
  ASSERT_THAT(watching.line(), Optional("ADMIN hi"s));
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  // The public port closes at once; the admin port still admits and serves.
  bool public_closed = false;
  for (int i = 0; i < 500 && !public_closed; ++i) {
    try {
      Client(server_->port()).rest(100ms);
      std::this_thread::sleep_for(10ms);
    } catch (const std::exception&) {
      public_closed = true;  // connection refused: no listener any more
    }
  }
  EXPECT_TRUE(public_closed);
  Client late = admin();
  late.send("hi\r\n");
  EXPECT_THAT(late.line(), Optional("ADMIN hi"s));
  watching.send("again\r\n");
  EXPECT_THAT(watching.line(), Optional("ADMIN again"s));
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout);
  WebDispatcher::release();
  stopped.get();
  EXPECT_THAT(busy.rest(1s), Optional("OK WAIT\r\n"s));
  EXPECT_THAT(watching.rest(1s), Optional(""s));  // closed last, for the shutdown
  EXPECT_THAT(late.rest(1s), Optional(""s));
  EXPECT_GE(server_->stats().closes(Closing::shutdown), 3u);  // and the probes of the port
}

}  // namespace
}  // namespace jamd::core
