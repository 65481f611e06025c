// The real network core over real sockets, with a fake dispatcher: the core must serve any
// Dispatcher, and knows no command. Covers the core's share of docs/protocol.md.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core_fixture.hpp"

namespace jamd::core {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test_fixture;
using ::testing::Optional;

// 1. Every line end that real clients send gives exactly one reply.
TEST_F(Core, AcceptsEveryLineEndRealClientsSend) {
  Client c = client();
  c.send("a\r\nb\nc\r\0d\re\r\0\r\nf\r\0\ng\r\n"s);
  for (const char* expected : {"OK a", "OK b", "OK c", "OK d", "OK e", "OK f", "OK g"}) {
    EXPECT_THAT(c.line(), Optional(std::string(expected)));
  }
  EXPECT_TRUE(c.silent_for(200ms));
}

// 1. A "\r\n" split across segments is one line end, not two.
TEST_F(Core, CarriageReturnAndLineFeedInSeparateSegments) {
  Client c = client();
  c.send("a\r");
  EXPECT_THAT(c.line(), Optional(std::string("OK a")));
  std::this_thread::sleep_for(50ms);
  c.send("\nb\r\n");
  EXPECT_THAT(c.line(), Optional(std::string("OK b")));
  EXPECT_TRUE(c.silent_for(200ms));
}

// 1. A line sent one byte at a time.
TEST_F(Core, LineSentOneByteAtATime) {
  Client c = client();
  for (const char byte : std::string("hello world\r\n")) {
    c.send(std::string(1, byte));
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_THAT(c.line(), Optional(std::string("OK hello world")));
}

// 1. Hundreds of pipelined lines in one segment: every reply, in order.
TEST_F(Core, PipelinedLinesAreAnsweredInOrder) {
  Client c = client();
  std::string batch;
  for (int i = 0; i < 2000; ++i) batch += "line " + std::to_string(i) + "\r\n";
  c.send(batch);
  for (int i = 0; i < 2000; ++i) {
    ASSERT_THAT(c.line(), Optional("OK line " + std::to_string(i)));
  }
}

// 3. A closing line: earlier replies are flushed, later lines discarded, then the close.
TEST_F(Core, CloseAfterEarlierRepliesAndDiscardLaterLines) {
  Client c = client();
  c.send("a\r\nb\r\nBYE\r\nc\r\n");
  EXPECT_THAT(c.rest(), Optional(std::string("OK a\r\nOK b\r\n")));
}

// 16. A withheld reply (the clock policy "refuse") closes as QUIT does: nothing for its line.
TEST_F(Core, AWithheldReplyClosesAfterEarlierRepliesWithNothingForItsLine) {
  Client c = client();
  c.send("a\r\nWITHHOLD\r\nc\r\n");
  EXPECT_THAT(c.rest(), Optional(std::string("OK a\r\n")));
}

// The tick that src/app reads the clock on: about once a second, and never after stop().
TEST_F(Core, EverySecondRunsATaskAboutOnceASecondUntilStopped) {
  server_.reset();
  server_ = std::make_unique<Server>(Listen{{"127.0.0.1"}, 0}, Threads{2}, live_config(limits()));
  std::atomic<int> ticks{0};
  server_->every_second([&ticks] { ++ticks; });
  server_->every_second([] { throw std::runtime_error("a failing task"); });
  server_->every_second([&ticks] { ++ticks; });  // runs although the one before it threw
  const auto started = std::chrono::steady_clock::now();
  server_->start();
  while (ticks.load() < 2 * 2 && std::chrono::steady_clock::now() - started < 10s) {
    std::this_thread::sleep_for(5ms);
  }
  const auto two_ticks = std::chrono::steady_clock::now() - started;
  EXPECT_GE(two_ticks, 1900ms);  // not faster than once a second
  EXPECT_LT(two_ticks, 5s);
  server_->stop();
  const int stopped = ticks.load();
  std::this_thread::sleep_for(1200ms);
  EXPECT_EQ(ticks.load(), stopped);
}

// 6. An overlong line: replies to earlier lines, then the error, then the close.
TEST_F(Core, OverlongLineGetsErrorAfterEarlierRepliesThenClose) {
  server_.reset();
  start(limits([](Limits& l) { l.max_line_bytes = 16; }));
  Client c = client();
  c.send("a\r\n" + std::string(16, 'x') + "\r\n" + std::string(17, 'y') + "\r\nb\r\n");
  EXPECT_THAT(c.rest(),
              Optional("OK a\r\nOK " + std::string(16, 'x') + "\r\nERR line too long\r\n"));
}

// 6. The error arrives even while the client is still sending a huge line.
TEST_F(Core, OverlongLineErrorSurvivesAClientStillSending) {
  Client c = client();
  const std::string chunk(64 * 1024, 'x');
  for (int i = 0; i < 8; ++i) c.send(chunk);  // far more than fits the socket buffers unread
  EXPECT_THAT(c.line(), Optional(std::string("ERR line too long")));
}

// 6. The error and every reply before it arrive even when the client reads slowly and is
// still sending when jamd closes: closing with unread input would reset the connection and
// drop the replies still queued in the kernel.
TEST_F(Core, OverlongLineErrorSurvivesUnreadRepliesAndInput) {
  Client c(server_->port(), "127.0.0.1", 4096);
  std::string batch;
  for (int i = 0; i < 20000; ++i) batch += "line\r\n";
  std::thread sender([&] {
    try {
      c.send(batch + std::string(4096, 'x'));
      for (int i = 0; i < 100; ++i) c.send(std::string(4096, 'y'));
    } catch (const std::exception&) {  // the server closed: expected at some point
    }
  });
  std::this_thread::sleep_for(200ms);  // replies pile up in the server's send queue
  for (int i = 0; i < 20000; ++i) ASSERT_THAT(c.line(), Optional("OK line"s)) << i;
  EXPECT_THAT(c.line(), Optional("ERR line too long"s));
  sender.join();
}

// 2. A line that is no command gets the core's error with the name as typed; the session
// goes on.
TEST_F(Core, LineThatIsNoCommandGetsUnknownCommand) {
  Client c = client();
  c.send("NO such\r\nafter\r\n");
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'NO'"s));
  EXPECT_THAT(c.line(), Optional("OK after"s));
}

// 12. A first line that looks like HTTP and is no command closes the connection silently;
// one that a command answers is served, and so is an HTTP-looking line later on.
TEST_F(Core, HttpLookingFirstLineClosesUnlessACommandAnswersIt) {
  for (const std::string& request : {"POST / HTTP/1.1"s, "POST /\x01 HTTP/1.1"s}) {
    Client http = client();
    http.send(request + "\r\nHost: x\r\n\r\n");
    EXPECT_THAT(http.rest(), Optional(""s)) << request;
  }
  Client command = client();
  command.send("GET / HTTP/1.1\r\n");
  EXPECT_THAT(command.line(), Optional("OK GET / HTTP/1.1"s));
  Client later = client();
  later.send("hi\r\nPOST / HTTP/1.1\r\n");
  EXPECT_THAT(later.line(), Optional("OK hi"s));
  EXPECT_THAT(later.line(), Optional("ERR unknown command 'POST'"s));
}

// 8. A client that half-closes after its lines still gets every reply.
TEST_F(Core, HalfCloseStillGetsEveryReply) {
  Client c = client();
  std::string batch, expected;
  for (int i = 0; i < 500; ++i) {
    batch += std::to_string(i) + "\n";
    expected += "OK " + std::to_string(i) + "\r\n";
  }
  c.send(batch);
  c.shutdown_write();
  EXPECT_THAT(c.rest(), Optional(expected));
}

// 9. Past max_connections a new client is refused; open sessions are unaffected.
TEST_F(Core, RefusesClientsPastMaxConnections) {
  server_.reset();
  start(limits([](Limits& l) { l.max_connections = 2; }));
  Client a = client();
  Client b = client();
  a.send("a\r\n");
  b.send("b\r\n");
  ASSERT_THAT(a.line(), Optional(std::string("OK a")));
  ASSERT_THAT(b.line(), Optional(std::string("OK b")));
  Client refused = client();
  EXPECT_THAT(refused.rest(), Optional(std::string("ERR too many connections\r\n")));
  a.send("still here\r\n");
  EXPECT_THAT(a.line(), Optional(std::string("OK still here")));
  EXPECT_EQ(server_->sessions(), 2u);
}

// 10. An idle session is closed; bytes without a newline do not keep it alive.
TEST_F(Core, IdleSessionIsClosedEvenWhileTrickling) {
  server_.reset();
  start(limits([](Limits& l) { l.idle_timeout_s = 0.3; }));
  Client idle = client();
  Client trickle = client();
  Client busy = client();
  const auto start_time = std::chrono::steady_clock::now();
  bool trickle_closed = false;
  while (std::chrono::steady_clock::now() - start_time < 1500ms) {
    try {
      trickle.send("x");
    } catch (const std::exception&) {
      trickle_closed = true;  // reset by the server: it closed the session
    }
    busy.send("\r\n");  // an empty line counts as a line
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_THAT(idle.rest(100ms), Optional(std::string()));
  EXPECT_TRUE(trickle_closed || trickle.rest(100ms).has_value());
  busy.send("alive\r\n");
  EXPECT_THAT(busy.line(), Optional(std::string("OK alive")));
}

// Sessions are not tied to a thread: while a handler holds one of the two I/O threads, the
// other serves every other client, including those accepted after it.
TEST_F(Core, ABlockedThreadHoldsUpOnlyItsOwnClient) {
  auto dispatcher = std::make_shared<BlockingDispatcher>();
  server_ = std::make_unique<Server>(
      Listen{{"127.0.0.1"}, 0}, Threads{2},
      std::make_shared<const LiveConfig>(LiveConfig{limits(), dispatcher, {}, {}, {}}));
  server_->start();
  Client held = client();
  held.send("WAIT\r\n");
  std::vector<Client> others;
  for (int i = 0; i < 4; ++i) others.push_back(client());
  for (int i = 0; i < 4; ++i) {
    others[i].send("hi\r\n");
    EXPECT_THAT(others[i].line(2s), Optional("OK hi"s)) << "client " << i;
  }
  dispatcher->release();
  EXPECT_THAT(held.line(), Optional("OK WAIT"s));
}

// Reload: a new config applies to every batch read after update() returns, in a session
// that stays open.
TEST_F(Core, UpdateAppliesToTheNextBatchOfOpenSessions) {
  Client c = client();
  c.send("one\r\n");
  ASSERT_THAT(c.line(), Optional(std::string("OK one")));
  server_->update(live_config(limits([](Limits& l) { l.max_line_bytes = 4; }), "NEW"));
  c.send("two\r\n");
  EXPECT_THAT(c.line(), Optional(std::string("NEW two")));
  c.send("three\r\n");
  EXPECT_THAT(c.rest(), Optional(std::string("ERR line too long\r\n")));
}

// stop() returns even when a sweep was already due as the drain began: that sweep must not
// schedule another, or the I/O threads would never run out of work.
TEST(CoreStop, ReturnsWhileTheSweepRunsEveryTenMilliseconds) {
  const auto config = live_config(limits([](Limits& l) { l.idle_timeout_s = 0.04; }));
  for (int round = 0; round < 200; ++round) {
    Server server(Listen{{"127.0.0.1"}, 0}, Threads{2}, config);
    server.start();
    std::this_thread::sleep_for(std::chrono::microseconds(round * 97 % 10'000));  // any phase
    auto stopped = std::async(std::launch::async, [&] { server.stop(); });
    ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "stop() hung, round " << round;
  }
}

// Many clients at once, on every thread.
TEST_F(Core, ServesTwoHundredConcurrentClients) {
  std::vector<Client> clients;
  for (int i = 0; i < 200; ++i) clients.push_back(client());
  for (int i = 0; i < 200; ++i) clients[i].send(std::to_string(i) + "\r\n");
  for (int i = 0; i < 200; ++i) {
    EXPECT_THAT(clients[i].line(), Optional("OK " + std::to_string(i)));
  }
  EXPECT_EQ(server_->sessions(), 200u);
}

// An idle or half-typed session never delays anyone else.
TEST_F(Core, HalfTypedSessionsDoNotDelayOthers) {
  std::vector<Client> stuck;
  for (int i = 0; i < 20; ++i) {
    stuck.push_back(client());
    stuck.back().send("half a li");
  }
  Client c = client();
  c.send("ping\r\n");
  EXPECT_THAT(c.line(500ms), Optional(std::string("OK ping")));
}

// Stop: a session is served until it has answered its next line, then closed; one that
// sends none, or leaves a line half sent, is cut off at the drain deadline, and every thread
// ends then.
TEST_F(Core, StopServesEachSessionsNextLineThenCloses) {
  start(limits([](Limits& l) { l.drain_timeout_s = 1; }));
  Client answered = client();
  Client idle = client();
  Client half = client();
  answered.send("x\r\n");
  ASSERT_THAT(answered.line(), Optional("OK x"s));
  idle.send("x\r\n");
  ASSERT_THAT(idle.line(), Optional("OK x"s));
  half.send("ha");
  const auto begin = std::chrono::steady_clock::now();
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  std::this_thread::sleep_for(300ms);  // the drain begins within microseconds of stop()
  answered.send("y\r\n");
  EXPECT_THAT(answered.line(), Optional("OK y"s));
  answered.send("z\r\n");  // dropped: the end of stream follows, not a reset
  EXPECT_THAT(answered.rest(), Optional(""s));
  half.send("lf");
  EXPECT_EQ(stopped.wait_for(300ms), std::future_status::timeout);  // `idle` and `half` hold it
  half.send("\r\n");
  EXPECT_THAT(half.rest(), Optional("OK half\r\n"s));
  stopped.get();
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_GE(took, 900ms);  // the deadline, for `idle`
  EXPECT_LT(took, 5s);
  EXPECT_THAT(idle.rest(), Optional(""s));
  EXPECT_EQ(server_->stats().closes(Closing::shutdown), 3u);
}

// Stop: clients the kernel has connected but jamd has not accepted yet (both I/O threads are
// busy) are accepted and served, not reset with the listener.
TEST(CoreStop, ServesTheClientsStillInTheListenQueue) {
  auto dispatcher = std::make_shared<BlockingDispatcher>();
  Server server(Listen{{"127.0.0.1"}, 0}, Threads{2},
                std::make_shared<const LiveConfig>(LiveConfig{limits(), dispatcher, {}, {}, {}}));
  server.start();
  std::vector<Client> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back(server.port());
    holders.back().send("hi\r\n");
    ASSERT_THAT(holders.back().line(), Optional("OK hi"s));
    holders.back().send("WAIT\r\n");
  }
  std::this_thread::sleep_for(200ms);  // both threads now hold a WAIT
  std::vector<Client> queued;
  for (int i = 0; i < 20; ++i) {
    queued.emplace_back(server.port());
    queued.back().send("q" + std::to_string(i) + "\r\n");
  }
  auto stopped = std::async(std::launch::async, [&] { server.stop(); });
  std::this_thread::sleep_for(100ms);  // the close waits behind the WAITs
  dispatcher->release();
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(queued[i].rest(), Optional("OK q" + std::to_string(i) + "\r\n")) << i;
  }
  stopped.get();
  EXPECT_EQ(server.stats().accepted, 22u);
}

}  // namespace
}  // namespace jamd::core
