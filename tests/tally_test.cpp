// What the real core counts, over real sockets with a fake dispatcher: each reason a session
// closes for, the bytes each way and the replies held back, read back through
// Server::stats(), and how a failed read or write is counted. Refusals are counted in
// admission_test.cpp, proxy headers in proxy_test.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "core/session.hpp"
#include "core_fixture.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test_fixture;
using ::testing::Optional;

class Tallied : public Core {
 protected:
  /// Waits (at most 5 s) until every session is gone, so that all are counted.
  Stats settled() const {
    for (int i = 0; i < 500 && server_->sessions() != 0; ++i) std::this_thread::sleep_for(10ms);
    return server_->stats();
  }
  /// True once `wanted` holds of the stats (within 10 s).
  bool eventually(const std::function<bool(const Stats&)>& wanted) const {
    for (int i = 0; i < 1000; ++i) {
      if (wanted(server_->stats())) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

TEST_F(Tallied, ASessionTheClientClosesIsClosedByTheClient) {
  {
    Client c = client();
    c.send("hi\r\n");
    ASSERT_THAT(c.line(), Optional("OK hi"s));
  }
  const Stats stats = settled();
  EXPECT_EQ(stats.accepted, 1u);
  EXPECT_EQ(stats.closes(Closing::client), 1u);
  EXPECT_EQ(stats.closes(Closing::quit), 0u);
}

TEST_F(Tallied, EachWayJamdEndsASessionHasItsReason) {
  server_->update(live_config(limits([](Limits& l) {
    l.max_line_bytes = 16;
    l.idle_timeout_s = 0.3;
  })));
  Client quits = client();
  quits.send("hi\r\nBYE\r\n");
  EXPECT_THAT(quits.rest(), Optional("OK hi\r\n"s));
  Client long_line = client();
  long_line.send("a line longer than sixteen bytes\r\n");
  EXPECT_THAT(long_line.rest(), Optional("ERR line too long\r\n"s));
  Client http = client();
  http.send("POST / HTTP/1.1\r\n");  // not a command of the echo dispatcher
  EXPECT_THAT(http.rest(), Optional(""s));
  Client idle = client();
  EXPECT_THAT(idle.rest(), Optional(""s));
  Client withheld = client();  // the clock policy "refuse"
  withheld.send("hi\r\nWITHHOLD\r\n");
  EXPECT_THAT(withheld.rest(), Optional("OK hi\r\n"s));
  const Stats stats = settled();
  EXPECT_EQ(stats.closes(Closing::quit), 1u);
  EXPECT_EQ(stats.closes(Closing::line_too_long), 1u);
  EXPECT_EQ(stats.closes(Closing::http_probe), 1u);
  EXPECT_EQ(stats.closes(Closing::idle_timeout), 1u);
  EXPECT_EQ(stats.closes(Closing::client), 0u);
}

TEST_F(Tallied, AClientThatReadsNothingIsHeldBackThenClosedForIt) {
  server_->update(live_config(limits([](Limits& l) { l.send_timeout_s = 0.3; })));
  Client slow(server_->port(), "127.0.0.1", 4096);
  ASSERT_GT(test::flood(slow, "x\r\n", 1'000'000), 0u);
  EXPECT_TRUE(eventually([](const Stats& s) { return s.closes(Closing::send_timeout) == 1; }));
  EXPECT_GE(server_->stats().held_back, 1u);
}

TEST_F(Tallied, BytesAreCountedEachWay) {
  Client c = client();
  c.send("hello\r\n");
  ASSERT_THAT(c.line(), Optional("OK hello"s));
  // The reply may reach the client before the server counts it.
  EXPECT_TRUE(eventually([](const Stats& s) { return s.sent_bytes == 10; }));
  EXPECT_EQ(server_->stats().received_bytes, 7u);
  EXPECT_EQ(server_->stats().held_back, 0u);
}

TEST_F(Tallied, SessionsOpenAtAStopAreClosedForTheShutdown) {
  Client open = client();
  open.send("hi\r\n");
  ASSERT_THAT(open.line(), Optional("OK hi"s));
  server_->stop();
  EXPECT_EQ(server_->stats().closes(Closing::shutdown), 1u);
}

// What no loopback socket can be made to report (a keepalive timeout, an unreachable host)
// is counted as an error; the client's own ways of going, as closed by the client.
TEST(EndedBy, TheClientsWaysOfGoingAreTheClientsAndTheRestAnError) {
  namespace error = boost::asio::error;
  using boost::system::error_code;
  for (const error_code& e : {error_code(error::eof), error_code(error::connection_reset),
                              error_code(error::broken_pipe)}) {
    EXPECT_EQ(ended_by(e), Closing::client) << e.message();
  }
  EXPECT_EQ(ended_by(error::operation_aborted), Closing::client);  // jamd closed it already
  for (const error_code& e : {error_code(error::timed_out), error_code(error::host_unreachable),
                              error_code(error::network_down)}) {
    EXPECT_EQ(ended_by(e), Closing::error) << e.message();
  }
}

}  // namespace
}  // namespace jamd::core
