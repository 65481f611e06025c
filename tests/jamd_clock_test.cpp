// The jamd program and the kernel's clock: the real adjtimex reading, the policy
// clock.unsynchronized forced with a tiny clock.max_error_ms (which no real clock meets), and
// its reload. Covers rule 16 of docs/protocol.md at the level of the program.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/timex.h>

#include <fstream>

#include "support/client.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::MatchesRegex;
using ::testing::Optional;

/// Any real clock has more error than this: the clock counts as unsynchronised.
constexpr const char* kTinyMaxError = R"("max_error_ms": 0.000001)";

std::vector<std::string> with_clock(const std::string& clock) {
  return with_config(R"("clock": {)" + clock + "}");
}

// The default serves whatever the kernel says, and the log says what it says: the test's
// own adjtimex call decides which line to expect, never a fixed answer.
TEST(JamdClock, ByDefaultTimeIsServedAndTheStartLogSaysWhatTheKernelSays) {
  Jamd jamd(with_config());
  Client c(jamd.port());
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM [0-2][0-9]:[0-5][0-9]:[0-5][0-9]")));
  timex t{};
  const int state = ::adjtimex(&t);
  const char* expected = state == -1 ? " warning clock: cannot read the kernel's clock state"
                         : (t.status & STA_UNSYNC) != 0 || state == TIME_ERROR
                             ? " warning clock: not synchronised"
                             : " info clock: synchronised";
  EXPECT_TRUE(jamd.wait_for_log(expected)) << jamd.log();
}

// 16. "error": TIME answers ERR, and the session stays open for HELP and the rest.
TEST(JamdClock, ErrorPolicyRepliesErrClockNotSynchronizedAndHelpStillAnswers) {
  Jamd jamd(with_clock(R"("unsynchronized": "error", )"s + kTinyMaxError));
  Client c(jamd.port());
  c.send("TIME\r\nHELP\r\ntime\r\n");
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
  EXPECT_THAT(c.line(), Optional("COMMANDS HELP QUIT TIME"s));
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
  EXPECT_TRUE(jamd.wait_for_log("time commands reply ERR clock not synchronized")) << jamd.log();
}

// 16. "refuse": the replies before TIME are sent, then the session ends without a reply (RFC
// 868), and the lines after it are discarded.
TEST(JamdClock, RefusePolicyClosesTheSessionWithoutAReply) {
  Jamd jamd(with_clock(R"("unsynchronized": "refuse", )"s + kTinyMaxError));
  Client c(jamd.port());
  c.send("HELP\r\nTIME\r\nHELP\r\n");
  EXPECT_THAT(c.rest(), Optional("COMMANDS HELP QUIT TIME\r\n"s));
  Client quiet(jamd.port());
  quiet.send("TIME\r\n");
  EXPECT_THAT(quiet.rest(), Optional(""s));
}

// 16. "none" never reads the kernel, and serves as if the clock were synchronised.
TEST(JamdClock, SourceNoneServesWhateverThePolicy) {
  Jamd jamd(with_clock(R"("source": "none", "unsynchronized": "refuse", )"s + kTinyMaxError));
  Client c(jamd.port());
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd.wait_for_log(" info clock: not read (clock.source \"none\")")) << jamd.log();
}

// SIGHUP: a new policy applies to the next line of a session already open.
TEST(JamdClock, AReloadChangesThePolicyForOpenSessions) {
  const std::string path = temp_file(config_text(R"("clock": {)"s + kTinyMaxError + "}"));
  Jamd jamd({"--config", path});
  Client c(jamd.port());
  c.send("TIME\r\n");
  ASSERT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  std::ofstream(path, std::ios::trunc)
      << config_text(R"("clock": {"unsynchronized": "error", )"s + kTinyMaxError + "}");
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded"));
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
}

}  // namespace
}  // namespace jamd::test
