// jamd driven by the real telnet and nc programs, the way people use it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"

namespace jamd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

/// Runs `input | program` against `port` of 127.0.0.1, bounded in time.
Outcome pipe_into(std::uint16_t port, const std::string& input, const std::string& program) {
  return capture("(" + input + ") | timeout 10 " + program + " 127.0.0.1 " + std::to_string(port) +
                 " 2>&1");
}

class Clients : public ::testing::Test {
 protected:
  Outcome pipe_into(const std::string& input, const std::string& program) {
    return test::pipe_into(jamd_.port(), input, program);
  }

  Jamd jamd_{with_config()};
};

// telnet sends "TIME\r\0\r\n" for a typed line; it gets one reply, and QUIT closes.
TEST_F(Clients, Telnet) {
  const Outcome out =
      pipe_into("printf 'TIME\\r\\n'; sleep 0.5; printf 'QUIT\\r\\n'; sleep 2", "telnet");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, MatchesRegex("(.|\n)*\nJAM [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\r?\n"
                                       "Connection closed by foreign host.\r?\n"));
}

// A plugin's command (the words example's echo) answers telnet as a built-in one does.
TEST(ClientsWithPlugins, TelnetToAPluginCommand) {
  const Jamd jamd(with_config(R"("plugins": [{"path": "words"}], "commands": [)"
                              R"({"name": "ECHO", "type": "words.echo", "upper": true},)"
                              R"( {"name": "QUIT", "type": "quit"}])"));
  const Outcome out = pipe_into(
      jamd.port(), "printf 'ECHO hello telnet\\r\\n'; sleep 0.5; printf 'QUIT\\r\\n'; sleep 2",
      "telnet");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output,
              MatchesRegex("(.|\n)*\nHELLO TELNET\r?\nConnection closed by foreign host.\r?\n"));
}

// An operator types STATS in telnet on the admin port.
TEST(ClientsOnTheAdminPort, TelnetStats) {
  const Jamd jamd(with_config(R"("admin": {"listen": "127.0.0.1:0"})"));
  const Outcome out = pipe_into(
      jamd.admin_port(),
      "printf 'STATS connections\\r\\n'; sleep 0.5; printf 'QUIT\\r\\n'; sleep 2", "telnet");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, MatchesRegex("(.|\n)*\nSTATS connections\\{listener=\"main\"\\}=0 "
                                       "connections\\{listener=\"admin\"\\}=1\r?\n"
                                       "Connection closed by foreign host.\r?\n"));
}

// nc sends bare "\n" line ends; QUIT closes the connection, and nc ends with it (without
// -N, nc keeps reading after its input ends until the server closes).
TEST_F(Clients, Netcat) {
  const Outcome out = pipe_into("printf 'TIME\\ntime\\nQUIT\\n'", "nc");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.output, MatchesRegex("JAM ..:..:..\r\nJAM ..:..:..\r\n"));
}

// nc -N half-closes after its input: every reply still arrives.
TEST_F(Clients, NetcatHalfClose) {
  const Outcome out = pipe_into("printf 'TIME\\nHELP\\nTIME\\n'", "nc -N");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.output,
              MatchesRegex("JAM ..:..:..\r\nCOMMANDS HELP QUIT TIME\r\nJAM ..:..:..\r\n"));
}

}  // namespace
}  // namespace jamd::test
