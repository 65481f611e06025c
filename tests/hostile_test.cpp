// jamd under hostile clients: slow readers, deep pipelines, slowloris, descriptor exhaustion,
// abrupt clients and other protocols. Each test drives the real jamd over real sockets and
// checks what the other clients see and what jamd holds (memory, descriptors, CPU time).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "support/client.hpp"
#include "support/lines.hpp"
#include "support/proc.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Optional;

/// jamd on one I/O thread, so that every client shares it with the hostile ones.
std::vector<std::string> one_thread(const std::string& extra = "") {
  return {"--config", temp_file(config_text(extra)), "--threads", "1"};
}

/// Makes the client's close send a reset (RST) instead of an orderly end of stream.
void reset_on_close(const Client& client) {
  const linger abort{1, 0};
  ::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
}

/// How long one TIME takes to come back; fails the test when it does not, or is wrong.
Clock::duration time_round_trip(Client& client) {
  const auto start = Clock::now();
  client.send("TIME\r\n");
  EXPECT_THAT(client.line(), Optional(MatchesRegex("JAM ..:..:..")));
  return Clock::now() - start;
}

/// Waits until jamd holds at most `count` descriptors; returns how many it holds then.
std::size_t wait_for_descriptors(const Jamd& jamd, std::size_t count,
                                 std::chrono::milliseconds timeout = 10s) {
  const auto deadline = Clock::now() + timeout;
  std::size_t open = open_descriptors(jamd.pid());
  while (open > count && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    open = open_descriptors(jamd.pid());
  }
  return open;
}

// 1. A client that pipelines without reading is no longer read once its replies fill
// limits.max_output_bytes: jamd's memory stays flat, and other clients are served meanwhile.
// "H" lists 60 long command names: 2 input bytes ask for 2 KB of reply, so one uncapped read
// of 16 KiB would hold 16 MB.
TEST(JamdSlowReaders, OutputIsCappedAndOthersAreServed) {
  std::string commands = R"({"name": "TIME", "type": "time"}, {"name": "H", "type": "help"})";
  for (int i = 0; i < 60; ++i) {
    commands += R"(, {"name": "HELP_WITH_A_NAME_THIRTY_TWO_)" + std::to_string(100 + i) +
                R"(", "type": "help"})";
  }
  Jamd jamd(one_thread(R"("limits": {"max_output_bytes": 65536}, "commands": [)" + commands + "]"));
  Client probe(jamd.port());
  time_round_trip(probe);
  const std::size_t before = resident_bytes(jamd.pid());

  std::vector<Client> slow;
  for (int i = 0; i < 4; ++i) {
    slow.emplace_back(jamd.port(), "127.0.0.1", 4096);
    flood(slow.back(), "H\n", 32 * 1024, 2s);
    EXPECT_LT(time_round_trip(probe), 1s) << "the probe waited behind slow client " << i;
  }
  std::this_thread::sleep_for(200ms);
  if (kMeasuresMemory) {
    EXPECT_LT(resident_bytes(jamd.pid()), before + 8 * 1024 * 1024);
  }
  for (int i = 0; i < 10; ++i) EXPECT_LT(time_round_trip(probe), 1s);
}

/// After flood() sent `sent` bytes of copies of `line`: sends the rest of a line cut in the
/// middle and QUIT, while reading all the replies until jamd closes. Returns the replies.
std::optional<std::string> finish(Client& c, const std::string& line, std::size_t sent) {
  const std::string cut = sent % line.size() == 0 ? "" : line.substr(sent % line.size());
  std::thread finisher([&] { c.send(cut + "QUIT\r\n"); });
  auto rest = c.rest(60s);
  finisher.join();
  return rest;
}

// 1. Nothing is lost to back-pressure: every line of a huge pipeline is answered once the
// client reads, and the session never held more than a batch.
TEST(JamdSlowReaders, EveryPipelinedLineIsAnsweredOnceTheClientReads) {
  Jamd jamd(one_thread());
  Client c(jamd.port(), "127.0.0.1", 4096);
  const std::size_t before = resident_bytes(jamd.pid());
  const std::string line = "TIME\r\n";
  const std::size_t sent = flood(c, line, scaled(1'000'000));
  ASSERT_GT(sent, 60'000u) << "the pipeline should fill the socket buffers";
  if (kMeasuresMemory) {
    EXPECT_LT(resident_bytes(jamd.pid()), before + 8 * 1024 * 1024);
  }
  const auto rest = finish(c, line, sent);
  ASSERT_TRUE(rest.has_value());
  const std::size_t lines = (sent + line.size() - 1) / line.size();
  EXPECT_EQ(count_crlf(*rest), lines);
  EXPECT_EQ(count_of(*rest, "JAM "), lines);
}

// 1. A write without progress for limits.send_timeout_s closes the session.
TEST(JamdSlowReaders, ClientThatReadsNothingIsClosedAfterTheSendTimeout) {
  Jamd jamd(one_thread(R"("logging": {"level": "debug"}, "limits": {"send_timeout_s": 0.5})"));
  const std::size_t baseline = open_descriptors(jamd.pid());
  Client c(jamd.port(), "127.0.0.1", 4096);
  // Not scaled: jamd must fill its socket's send buffer (up to 4 MB) before it waits.
  flood(c, "TIME\r\n", 1'000'000);
  EXPECT_TRUE(jamd.wait_for_log("client reads no replies: closing", 10s));
  EXPECT_EQ(wait_for_descriptors(jamd, baseline), baseline);
}

// 1. The send timeout counts from the last progress: a client that reads slowly but steadily
// keeps its session, though jamd's writes stall far longer than the timeout (the kernel wakes
// a writer only once half its send buffer is free), and then gets every reply.
TEST(JamdSlowReaders, SlowButSteadyReaderIsNotClosed) {
  Jamd jamd(one_thread(R"("limits": {"send_timeout_s": 0.5})"));
  Client c(jamd.port(), "127.0.0.1", 4096);
  const std::string line = "TIME\r\n";
  const std::size_t sent = flood(c, line, scaled(1'000'000), 5s, 100ms);
  std::string replies;
  char chunk[1024];
  for (int i = 0; i < 100; ++i) {  // 1 KB every 20 ms, for 2 s
    std::this_thread::sleep_for(20ms);
    const ssize_t n = ::recv(c.fd(), chunk, sizeof chunk, MSG_DONTWAIT);
    ASSERT_NE(n, 0) << "closed after " << i * 20 << " ms";
    if (n > 0) replies.append(chunk, static_cast<std::size_t>(n));
  }
  const auto rest = finish(c, line, sent);
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(count_crlf(replies + *rest), (sent + line.size() - 1) / line.size());
}

// 2. A deep pipeline is served in bounded batches that take turns with the other sessions of
// the thread: a client that never stops sending does not starve the others.
TEST(JamdFairness, DeepPipelineDoesNotStarveOthers) {
  Jamd jamd(one_thread());
  Client busy(jamd.port());
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    char sink[65536];
    while (!stop && ::recv(busy.fd(), sink, sizeof sink, 0) > 0) {
    }
  });
  std::thread writer([&] {
    std::string chunk;
    for (int i = 0; i < 10000; ++i) chunk += "TIME\r\n";
    const auto deadline = Clock::now() + 5s;
    while (!stop && Clock::now() < deadline) {
      if (::send(busy.fd(), chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) break;
    }
  });
  std::this_thread::sleep_for(200ms);  // the pipeline is deep by now
  Client probe(jamd.port());
  for (int i = 0; i < 10; ++i) EXPECT_LT(time_round_trip(probe), 500ms) << "round trip " << i;
  stop = true;
  ::shutdown(busy.fd(), SHUT_RDWR);
  writer.join();
  reader.join();
}

// 3. Slowloris: many connections trickling a byte at a time, never finishing a line, do not
// slow a normal client, and are closed by the idle timeout, which counts from the last
// complete line, not the last byte.
TEST(JamdSlowloris, TricklingClientsDoNotSlowOthersAndAreClosedWhenIdle) {
  Jamd jamd(one_thread(R"("limits": {"idle_timeout_s": 2})"));
  const std::size_t baseline = open_descriptors(jamd.pid());
  std::vector<Client> trickling;
  for (std::size_t i = 0; i < scaled(1000); ++i) trickling.emplace_back(jamd.port());
  Client probe(jamd.port());
  const auto start = Clock::now();
  std::size_t closed_by_jamd = 0;
  while (Clock::now() - start < 4s) {
    for (auto& c : trickling) ::send(c.fd(), "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    EXPECT_LT(time_round_trip(probe), 500ms);  // a complete line: the probe is never idle
    std::this_thread::sleep_for(50ms);
  }
  // Every trickler is gone from jamd (only the listener and the probe remain)...
  EXPECT_EQ(wait_for_descriptors(jamd, baseline + 1), baseline + 1);
  for (auto& c : trickling) closed_by_jamd += c.rest(1s).has_value() ? 1 : 0;
  EXPECT_EQ(closed_by_jamd, trickling.size());
  // ... and the probe is still served.
  time_round_trip(probe);
}

// 4. Out of descriptors, jamd pauses accepting on a timer instead of spinning, logs at a
// limited rate, and accepts again once descriptors are free. At start it warns that
// max_connections cannot fit. The time paused is counted (jamd_accept_paused_seconds_total).
TEST(JamdDescriptors, ExhaustionBacksOffAndRecovers) {
  Jamd jamd(one_thread(R"("limits": {"max_connections": 1000},)"
                       R"( "admin": {"listen": "127.0.0.1:0"})"),
            true, 64);
  EXPECT_THAT(jamd.log(), HasSubstr("limits.max_connections is 1000 but only 64 descriptors"));
  std::vector<Client> clients;
  for (int i = 0; i < 100; ++i) clients.emplace_back(jamd.port());  // the kernel completes them
  ASSERT_TRUE(jamd.wait_for_log("accept failed: Too many open files", 5s)) << jamd.log();

  const double cpu_before = cpu_seconds(jamd.pid());
  std::this_thread::sleep_for(2s);
  EXPECT_LT(cpu_seconds(jamd.pid()) - cpu_before, 0.5) << "jamd spins while out of descriptors";
  EXPECT_LE(count_of(jamd.log(), "accept failed"), 40u) << "not rate-limited";

  clients.clear();
  Client late(jamd.port());
  late.send("TIME\r\n");
  EXPECT_THAT(late.line(10s), Optional(MatchesRegex("JAM ..:..:..")));
  Client admin(jamd.admin_port());
  admin.send("STATS accept_paused_seconds_total\r\n");
  const auto paused = admin.line(10s);
  ASSERT_TRUE(paused.has_value());
  ASSERT_THAT(*paused, MatchesRegex("STATS accept_paused_seconds_total=[0-9.e+]+"));
  EXPECT_GE(std::stod(paused->substr(paused->find('=') + 1)), 1.0);  // paused for 2 s and more
}

// 5. Clients that reset mid-line, vanish while jamd writes to them, or half-close leave
// nothing behind: jamd's descriptor count returns to its baseline.
TEST(JamdAbruptClients, LeaveNoDescriptorBehind) {
  Jamd jamd(one_thread());
  const std::size_t baseline = open_descriptors(jamd.pid());
  std::size_t answered = 0;
  const std::size_t rounds = scaled(1000) / 3 + 1;
  for (std::size_t i = 0; i < rounds; ++i) {
    {
      Client reset(jamd.port());
      reset.send("TIME\r\nTI");
      reset_on_close(reset);
    }
    {
      Client vanishing(jamd.port(), "127.0.0.1", 4096);
      flood(vanishing, "TIME\r\n", 20'000, 1s, 20ms);
      reset_on_close(vanishing);
    }
    Client half_closed(jamd.port());
    half_closed.send("TIME\r\n");
    half_closed.shutdown_write();
    const auto rest = half_closed.rest();
    answered += rest && count_crlf(*rest) == 1 && rest->starts_with("JAM ") ? 1 : 0;
  }
  EXPECT_EQ(answered, rounds);
  EXPECT_EQ(wait_for_descriptors(jamd, baseline), baseline);
  Client after(jamd.port());
  time_round_trip(after);
}

// 5. A client that sent nothing after QUIT is closed at once, not after a lingering wait for
// its own close: a session per QUIT would otherwise hold a descriptor for seconds.
TEST(JamdAbruptClients, QuitClosesAtOnceWhenNothingMoreWasSent) {
  Jamd jamd(one_thread());
  const std::size_t baseline = open_descriptors(jamd.pid());
  Client c(jamd.port());
  c.send("TIME\r\nQUIT\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_EQ(wait_for_descriptors(jamd, baseline, 1s), baseline);  // kLinger is 2 s
  EXPECT_THAT(c.rest(), Optional(""s));
}

// 6. A first line that looks like HTTP is logged and the connection closed without a reply.
TEST(JamdCrossProtocol, HttpRequestIsClosedWithoutReply) {
  Jamd jamd(one_thread());
  for (const std::string request : {"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
                                    "POST /x HTTP/1.0\r\n", "Host: example.com\r\n"}) {
    Client c(jamd.port());
    c.send(request);
    EXPECT_THAT(c.rest(), Optional(""s)) << request;
  }
  EXPECT_TRUE(jamd.wait_for_log("speaks HTTP, not jamd (\"GET / HTTP/1.1\")"));
}

// 6. Only the first line counts, and a configured command keeps its name.
TEST(JamdCrossProtocol, LaterLinesAndConfiguredNamesFollowTheProtocol) {
  Jamd jamd(one_thread(R"("commands": [{"name": "TIME", "type": "time"},
                                       {"name": "POST", "type": "help"}])"));
  Client later(jamd.port());
  later.send("TIME\r\nGET / HTTP/1.1\r\nTIME\r\n");
  EXPECT_THAT(later.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(later.line(), Optional("ERR unknown command 'GET'"s));
  EXPECT_THAT(later.line(), Optional(MatchesRegex("JAM ..:..:..")));

  Client configured(jamd.port());
  configured.send("POST /x HTTP/1.1\r\nTIME\r\n");
  EXPECT_THAT(configured.line(), Optional(::testing::StartsWith("ERR ")));
  EXPECT_THAT(configured.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

}  // namespace
}  // namespace jamd::test
