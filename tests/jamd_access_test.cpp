// Who may be served, end to end: the jamd program over real sockets from several loopback
// addresses, under access.allow and access.deny (at accept) and each command's own allow
// list (per session and config). Covers rule 13 of docs/protocol.md.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <string>
#include <vector>

#include "support/client.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::MatchesRegex;
using ::testing::Optional;

// 13. Access rules: a denied client gets "ERR access denied" before any line it sent is served,
// and the log names its address and the rule; a client on another address is served.
TEST(JamdAccess, RefusesADeniedClientBeforeAnyLineWhileOthersAreServed) {
  Jamd jamd(with_config(R"("access": {"deny": ["127.0.0.2"]})"));
  Client denied = Client::from("127.0.0.2", jamd.port());
  const std::string port = std::to_string(denied.local_port());
  denied.send("TIME\r\nTIME\r\n");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  Client allowed = Client::from("127.0.0.3", jamd.port());
  allowed.send("TIME\r\n");
  EXPECT_THAT(allowed.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd.wait_for_log("warning refused 127.0.0.2:" + port +
                                ": access denied (deny 127.0.0.2/32)\n"))
      << jamd.log();
}

// 13. With an allow list, an address no rule matches is denied; the more specific rule wins.
TEST(JamdAccess, AnAllowListAdmitsOnlyWhatItMatches) {
  Jamd jamd(with_config(R"("access": {"allow": ["127.0.0.0/8"], "deny": ["127.0.0.0/30"]})"));
  for (const char* source : {"127.0.0.1", "127.0.0.3"}) {
    Client denied = Client::from(source, jamd.port());
    EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s)) << source;
  }
  Client allowed = Client::from("127.0.0.4", jamd.port());
  allowed.send("TIME\r\n");
  EXPECT_THAT(allowed.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd.wait_for_log(": access denied (deny 127.0.0.0/30)\n")) << jamd.log();
}

// 13. IPv6 end to end over ::1: its own rules, apart from IPv4's.
TEST(JamdAccess, RulesApplyToIpv6ClientsOverLoopback) {
  const auto config = [](const std::string& access) {
    return std::vector<std::string>{
        "--config",
        temp_file(R"({"port": 0, "bind": ["127.0.0.1", "::1"], "threads": 2, "access": )" + access +
                  "}")};
  };
  {
    Jamd jamd(config(R"({"deny": ["::1"]})"));
    Client v6(jamd.port(), "::1");
    const std::string port = std::to_string(v6.local_port());
    v6.send("TIME\r\n");
    EXPECT_THAT(v6.rest(), Optional("ERR access denied\r\n"s));
    Client v4(jamd.port());
    v4.send("TIME\r\n");
    EXPECT_THAT(v4.line(), Optional(MatchesRegex("JAM ..:..:..")));
    EXPECT_TRUE(
        jamd.wait_for_log("warning refused [::1]:" + port + ": access denied (deny ::1/128)\n"))
        << jamd.log();
  }
  {
    Jamd jamd(config(R"({"allow": ["::1"]})"));
    Client v6(jamd.port(), "::1");
    v6.send("TIME\r\n");
    EXPECT_THAT(v6.line(), Optional(MatchesRegex("JAM ..:..:..")));
    Client v4(jamd.port());
    EXPECT_THAT(v4.rest(), Optional("ERR access denied\r\n"s));
    EXPECT_TRUE(jamd.wait_for_log(": access denied (no allow rule matches)\n")) << jamd.log();
  }
}

// 13. On an IPv6 socket an IPv4 client arrives v4-mapped (::ffff:127.0.0.2), as on the
// default "::": it is matched as its IPv4 address, by IPv4 rules alone, although ::/8 holds
// the v4-mapped block. (An IPv6 socket bound to ::ffff:127.0.0.1 takes IPv4 clients on
// loopback only.)
TEST(JamdAccess, AnIpv4ClientOfAnIpv6SocketIsMatchedByIpv4RulesAlone) {
  Jamd jamd({"--config", temp_file(R"({"port": 0, "bind": ["::ffff:127.0.0.1", "::1"],)"
                                   R"( "access": {"deny": ["127.0.0.2", "::/8"]}})")});
  Client denied = Client::from("127.0.0.2", jamd.port());
  const std::string port = std::to_string(denied.local_port());
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  EXPECT_TRUE(jamd.wait_for_log("warning refused 127.0.0.2:" + port +
                                ": access denied (deny 127.0.0.2/32)\n"))
      << jamd.log();
  Client v4 = Client::from("127.0.0.3", jamd.port());
  v4.send("TIME\r\n");
  EXPECT_THAT(v4.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client v6(jamd.port(), "::1");
  EXPECT_THAT(v6.rest(), Optional("ERR access denied\r\n"s));
  EXPECT_TRUE(jamd.wait_for_log(": access denied (deny ::/8)\n")) << jamd.log();
}

/// TIME, HELP and QUIT for everyone, SECRET for the addresses `allow` lists (a JSON list).
std::string secret_config(const std::string& allow) {
  const std::string secret = R"({"name": "SECRET", "type": "time", "allow": )" + allow + "}";
  return config_text(R"("commands": [{"name": "TIME", "type": "time"}, )" + secret +
                     R"(, {"name": "HELP", "type": "help"}, {"name": "QUIT", "type": "quit"}])");
}

// 13. A command's allow list: a client outside it gets the error naming the command as typed
// and its address, and its session goes on; HELP lists and describes only what it may run.
TEST(JamdCommandAccess, ACommandIsKeptToItsAllowListAndTheSessionStaysOpen) {
  Jamd jamd({"--config", temp_file(secret_config(R"(["127.0.0.1"])"))});
  Client inside = Client::from("127.0.0.1", jamd.port());
  inside.send("SECRET\r\nHELP\r\nHELP secret\r\n");
  EXPECT_THAT(inside.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(inside.line(), Optional("COMMANDS HELP QUIT SECRET TIME"s));
  EXPECT_THAT(inside.line(), Optional(MatchesRegex("SECRET - .*")));

  Client outside = Client::from("127.0.0.2", jamd.port());
  outside.send("secret\r\nTIME\r\nHELP\r\nHELP SECRET\r\nSECRET a b\r\n");
  EXPECT_THAT(outside.line(), Optional("ERR 'secret' is not allowed from 127.0.0.2"s));
  EXPECT_THAT(outside.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(outside.line(), Optional("COMMANDS HELP QUIT TIME"s));
  EXPECT_THAT(outside.line(), Optional("ERR 'SECRET' is not allowed from 127.0.0.2"s));
  EXPECT_THAT(outside.line(), Optional("ERR 'SECRET' is not allowed from 127.0.0.2"s));
  outside.send("QUIT\r\n");
  EXPECT_THAT(outside.rest(), Optional(""s));
}

// 13. Over IPv6 the reply names the address without brackets or port.
TEST(JamdCommandAccess, NamesAnIpv6ClientByItsAddressAlone) {
  Jamd jamd({"--config",
             temp_file(R"({"port": 0, "bind": ["127.0.0.1", "::1"], "threads": 2, "commands": [
                 {"name": "SECRET", "type": "time", "allow": ["127.0.0.1"]}]})")});
  Client v6(jamd.port(), "::1");
  v6.send("SECRET\r\n");
  EXPECT_THAT(v6.line(), Optional("ERR 'SECRET' is not allowed from ::1"s));
  Client v4(jamd.port());
  v4.send("SECRET\r\n");
  EXPECT_THAT(v4.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// 13. SIGHUP: a new allow list applies to the next line of the sessions already open, both
// ways, and HELP follows it.
TEST(JamdCommandAccess, AReloadAppliesANewAllowListToOpenSessions) {
  const std::string path = temp_file(secret_config(R"(["127.0.0.1"])"));
  Jamd jamd({"--config", path});
  Client one = Client::from("127.0.0.1", jamd.port());
  Client two = Client::from("127.0.0.2", jamd.port());
  one.send("SECRET\r\n");
  EXPECT_THAT(one.line(), Optional(MatchesRegex("JAM ..:..:..")));
  two.send("SECRET\r\n");
  EXPECT_THAT(two.line(), Optional("ERR 'SECRET' is not allowed from 127.0.0.2"s));

  std::ofstream(path, std::ios::trunc) << secret_config(R"(["127.0.0.2/32"])");
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded"));
  one.send("SECRET\r\nHELP\r\n");
  EXPECT_THAT(one.line(), Optional("ERR 'SECRET' is not allowed from 127.0.0.1"s));
  EXPECT_THAT(one.line(), Optional("COMMANDS HELP QUIT TIME"s));
  two.send("SECRET\r\nHELP\r\n");
  EXPECT_THAT(two.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(two.line(), Optional("COMMANDS HELP QUIT SECRET TIME"s));
}

// 13. A malformed allow list stops jamd, naming the file, the entry and the index.
TEST(JamdCommandAccess, ABadAllowListIsRefusedNamingTheEntry) {
  const std::string path = temp_file(secret_config(R"(["127.0.0.1", "10.0.0.1/8"])"));
  const auto [exit_code, output] = run_jamd({"--config", path});
  EXPECT_EQ(exit_code, 1);
  EXPECT_EQ(output, "jamd: " + path +
                        ": commands[1].allow[1]: '10.0.0.1/8' has bits set past /8: use "
                        "10.0.0.0/8\n");
}

}  // namespace
}  // namespace jamd::test
