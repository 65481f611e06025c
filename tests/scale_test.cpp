// jamd at scale and under a long soak: ten thousand idle connections with active clients, and
// thousands of random, oversized and abruptly closed sessions, all over real sockets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <iostream>
#include <random>
#include <thread>

#include "support/client.hpp"
#include "support/lines.hpp"
#include "support/proc.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Optional;

/// Waits until jamd holds `count` descriptors or more; returns how many it holds then.
std::size_t wait_for_at_least(const Jamd& jamd, std::size_t count) {
  const auto deadline = Clock::now() + 30s;
  std::size_t open = open_descriptors(jamd.pid());
  while (open < count && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    open = open_descriptors(jamd.pid());
  }
  return open;
}

// 7. Ten thousand idle connections cost at most 1 KB of jamd's memory each (measured on the
// release build: sanitizers inflate memory), and every one of them, and every active client,
// is answered.
TEST(JamdScale, TenThousandIdleConnectionsAreCheapAndAllAnswered) {
  const std::size_t idle = scaled(10'000);
  const std::size_t limit = raise_descriptor_limit();
  if (limit < idle + 200) {
    GTEST_SKIP() << "needs " << idle + 200 << " descriptors, the hard limit is " << limit;
  }
  Jamd jamd(with_config(R"("limits": {"max_connections": 20000})"));
  const std::size_t baseline = open_descriptors(jamd.pid());
  std::vector<Client> clients;
  clients.reserve(idle);
  // The first tenth warms up what jamd allocates once; the rest is measured.
  const std::size_t warm = idle / 10;
  while (clients.size() < warm) clients.emplace_back(jamd.port());
  ASSERT_GE(wait_for_at_least(jamd, baseline + warm), baseline + warm);
  const std::size_t before = resident_bytes(jamd.pid());
  while (clients.size() < idle) clients.emplace_back(jamd.port());
  ASSERT_GE(wait_for_at_least(jamd, baseline + idle), baseline + idle);
  const double per_connection =
      static_cast<double>(resident_bytes(jamd.pid()) - before) / static_cast<double>(idle - warm);
  std::cout << "jamd resident memory per idle connection: " << per_connection << " bytes\n";
  RecordProperty("bytes_per_idle_connection", static_cast<int>(per_connection));
  if (kMeasuresMemory) {
    EXPECT_LE(per_connection, 1024.0);
  }

  // Active clients beside them, then every idle one.
  for (int i = 0; i < 50; ++i) {
    Client active(jamd.port());
    std::string pipeline;
    for (int j = 0; j < 20; ++j) pipeline += "TIME\r\n";
    active.send(pipeline);
    for (int j = 0; j < 20; ++j) ASSERT_THAT(active.line(), Optional(MatchesRegex("JAM ..:..:..")));
  }
  for (auto& c : clients) c.send("TIME\r\n");
  std::size_t answered = 0;
  for (auto& c : clients) {
    const auto reply = c.line();
    answered += reply && reply->starts_with("JAM ") ? 1 : 0;
  }
  EXPECT_EQ(answered, idle);
}

/// Bytes a fuzzer would like: text, line ends, NUL, telnet IAC, UTF-8 pieces and words jamd
/// knows.
std::string biased_bytes(std::mt19937& random, std::size_t size) {
  static const std::vector<std::string> pieces = {"TIME",
                                                  "time",
                                                  "QUIT",
                                                  "HELP",
                                                  " ",
                                                  "\t",
                                                  "\r",
                                                  "\n",
                                                  "\r\n",
                                                  std::string(1, '\0'),
                                                  "\xff",
                                                  "\xff\xfb\x01",
                                                  "\xff\xfa",
                                                  "\xff\xf0",
                                                  "\xc3\xa9",
                                                  "\xe2\x82",
                                                  "\xf0\x9f\x98\x80",
                                                  "\x80",
                                                  "\b",
                                                  "\x7f",
                                                  "x",
                                                  "GET / HTTP/1.1",
                                                  "Host: a"};
  std::string bytes;
  while (bytes.size() < size) {
    if (random() % 4 == 0) {
      bytes += static_cast<char>(random() % 256);
    } else {
      bytes += pieces[random() % pieces.size()];
    }
  }
  return bytes;
}

/// Makes the client's close send a reset (RST) instead of an orderly end of stream.
void reset_on_close(const Client& client) {
  const linger abort{1, 0};
  ::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
}

// Soak: thousands of sessions of random bytes, oversized lines, pipelines cut by a reset and
// plain requests, from four threads at once. Afterwards jamd holds no more descriptors than
// before and still answers correctly.
TEST(JamdSoak, RandomOversizedAndAbruptSessionsLeaveJamdServing) {
  Jamd jamd(with_config());
  const std::size_t baseline = open_descriptors(jamd.pid());
  const std::size_t sessions_per_thread = scaled(4000) / 4;
  std::vector<std::thread> threads;
  std::atomic<std::size_t> sessions{0};
  for (unsigned seed = 1; seed <= 4; ++seed) {
    threads.emplace_back([&, seed] {
      std::mt19937 random(seed);
      const auto deadline = Clock::now() + 60s;
      for (std::size_t i = 0; i < sessions_per_thread && Clock::now() < deadline; ++i) {
        Client c(jamd.port());
        switch (random() % 4) {
          case 0:  // random bytes, then a close or a reset, replies unread
            c.send(biased_bytes(random, 1 + random() % 4096));
            if (random() % 2 == 0) reset_on_close(c);
            break;
          case 1:  // an oversized line
            c.send(std::string(1025 + random() % 4096, 'A') + "\r\n");
            EXPECT_THAT(c.rest(), Optional(HasSubstr("ERR line too long"))) << "seed " << seed;
            break;
          case 2:  // a pipeline cut by a reset
            for (unsigned n = random() % 200; n > 0; --n) c.send("TIME\r\n");
            reset_on_close(c);
            break;
          default:  // a plain request
            c.send("TIME\r\n");
            EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:.."))) << "seed " << seed;
        }
        ++sessions;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(sessions, 4 * sessions_per_thread);

  const auto deadline = Clock::now() + 10s;
  while (open_descriptors(jamd.pid()) > baseline && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(open_descriptors(jamd.pid()), baseline);
  Client after(jamd.port());
  after.send("TIME\r\nTIME\r\n");
  EXPECT_THAT(after.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(after.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

}  // namespace
}  // namespace jamd::test
