// jamd-bench, the load generator, against the real jamd: its loads run clean, and its
// checks can fail. Never asserts throughput or latency, only what the report counts.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "support/process.hpp"

namespace jamd::test {
namespace {

using nlohmann::json;

/// jamd-bench's exit code and its JSON report (null when it printed none).
struct BenchRun {
  int exit_code;
  json report;
};

/// Runs jamd-bench with `args` and --json; `timeout` bounds it from outside as well.
BenchRun bench(const std::string& args, int timeout = 30) {
  const Outcome outcome =
      capture("timeout " + std::to_string(timeout) + " " JAMD_BENCH_BINARY " --json " + args);
  return {outcome.exit_code, json::parse(outcome.output, nullptr, false)};
}

/// The report's errors, for the failure message.
std::string errors_of(const json& report) {
  return report.value("first_error", "") + " / " + report.value("first_wrong_reply", "");
}

class JamdBench : public ::testing::Test {
 protected:
  Jamd jamd_{with_config()};

  /// A ~1 s load on jamd_ with `args`: no error, no wrong reply, and replies counted.
  void expect_clean(const std::string& args) {
    const auto run = bench("--port " + std::to_string(jamd_.port()) +
                           " --duration 1 --warmup 0.2 --server-pid " +
                           std::to_string(jamd_.pid()) + " " + args);
    ASSERT_TRUE(run.report.is_object()) << "no JSON report";
    EXPECT_EQ(run.report["errors"], 0) << errors_of(run.report);
    EXPECT_EQ(run.report["wrong_replies"], 0) << errors_of(run.report);
    EXPECT_GT(run.report["requests"].get<long>(), 0);
    EXPECT_EQ(run.exit_code, 0);
  }
};

TEST_F(JamdBench, PipelineOneRunsClean) {
  expect_clean("--pipeline 1");
}

TEST_F(JamdBench, PipelineSixteenRunsClean) {
  expect_clean("--pipeline 16 --threads 2");
}

// Churn: connect, TIME, reply, QUIT, jamd closes; every session counted.
TEST_F(JamdBench, ChurnWithQuitRunsClean) {
  expect_clean("--churn --quit QUIT --connections 20");
  const auto run = bench("--port " + std::to_string(jamd_.port()) +
                         " --duration 0.5 --warmup 0 --churn --quit QUIT --connections 5");
  EXPECT_GT(run.report["sessions"].get<long>(), 0);
}

// The check can fail: replies without the expected prefix are counted and fail the run.
TEST_F(JamdBench, WrongRepliesAreCountedAndFailTheRun) {
  const auto run =
      bench("--port " + std::to_string(jamd_.port()) + " --duration 0.5 --warmup 0 --expect NOPE");
  ASSERT_TRUE(run.report.is_object()) << "no JSON report";
  EXPECT_GT(run.report["wrong_replies"].get<long>(), 0);
  EXPECT_EQ(run.report["first_wrong_reply"].get<std::string>().rfind("JAM ", 0), 0u);
  EXPECT_NE(run.exit_code, 0);
}

// Idle: every connection is answered once and stays open; the server's RSS is read.
TEST_F(JamdBench, IdleConnectionsStayOpen) {
  const auto run = bench("--port " + std::to_string(jamd_.port()) + " --idle 300 --hold 0.2" +
                         " --server-pid " + std::to_string(jamd_.pid()));
  ASSERT_TRUE(run.report.is_object()) << "no JSON report";
  EXPECT_EQ(run.report["open"], 300);
  EXPECT_EQ(run.report["errors"], 0) << errors_of(run.report);
  EXPECT_GT(run.report["rss_after_kb"].get<long>(), 0);
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(JamdBench, FirstReplyFromARunningServer) {
  const auto run = bench("--port " + std::to_string(jamd_.port()) + " --first-reply");
  ASSERT_TRUE(run.report.is_object()) << "no JSON report";
  EXPECT_EQ(run.report["answered"], true);
  EXPECT_EQ(run.exit_code, 0);
}

// No server: connect failures are errors, and the run still ends on time.
TEST(BenchBounds, RefusedConnectionsFailTheRunWithinItsTime) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);  // bound, never listening: refuses
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const auto port = std::to_string(ntohs(address.sin_port));

  const auto start = std::chrono::steady_clock::now();
  const auto load = bench("--port " + port + " --duration 0.5 --warmup 0");
  const auto first = bench("--port " + port + " --first-reply --ready-timeout 0.5");
  ::close(fd);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  ASSERT_TRUE(load.report.is_object()) << "no JSON report";
  EXPECT_GT(load.report["connect_failures"].get<long>(), 0);
  EXPECT_NE(load.exit_code, 0);
  ASSERT_TRUE(first.report.is_object()) << "no JSON report";
  EXPECT_EQ(first.report["answered"], false);
  EXPECT_NE(first.exit_code, 0);
}

}  // namespace
}  // namespace jamd::test
