// The "admin" object of the config: its defaults, admin.listen's forms and refusals, its cap,
// and the admin port's registry (the public commands, then admin.commands).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/config.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"

namespace jamd::app {
namespace {

using test::config_error_key;
using test::reply;

TEST(AdminSettings, AreOffByDefaultWithSixteenSlotsStatsAndAgent) {
  const AdminSettings& admin = default_settings().admin;
  EXPECT_EQ(admin.listen, "");
  EXPECT_EQ(admin.address, "");
  EXPECT_EQ(admin.max_connections, 16u);
  EXPECT_EQ(admin.commands, Json::parse(R"([{"name": "STATS", "type": "stats"},
                                            {"name": "AGENT", "type": "agent"}])"));
}

TEST(AdminSettings, ListenIsAnIpv4AddressOrABracketedIpv6OneAndAPort) {
  const Settings v4 = parse_settings(R"({"admin": {"listen": "127.0.0.1:45001"}})");
  EXPECT_EQ(v4.admin.listen, "127.0.0.1:45001");
  EXPECT_EQ(v4.admin.address, "127.0.0.1");
  EXPECT_EQ(v4.admin.port, 45001);
  const Settings v6 = parse_settings(R"({"admin": {"listen": "[::1]:0"}})");
  EXPECT_EQ(v6.admin.address, "::1");
  EXPECT_EQ(v6.admin.port, 0);
  EXPECT_EQ(parse_settings(R"({"admin": {"listen": "[::]:65535"}})").admin.port, 65535);
  // Only the keys given change: the commands stay the defaults'.
  EXPECT_EQ(v4.admin.commands, default_settings().admin.commands);
}

TEST(AdminSettings, RefusesAListenThatIsNoAddressAndPort) {
  for (const char* listen : {"localhost:45001", "::1:45001", "127.0.0.1",
                             "127.0.0.1:", "127.0.0.1:65536", "[127.0.0.1]:1", "127.0.0.1:+1",
                             "[::1]", ":45001", "127.0.0.1:4500x", "127.0.0.1:1234567"}) {
    const std::string text = std::string(R"({"admin": {"listen": ")") + listen + "\"}}";
    EXPECT_EQ(config_error_key([&] { return parse_settings(text); }), "admin.listen") << listen;
  }
  EXPECT_EQ(config_error_key([] { return parse_settings(R"({"admin": {"listen": 45001}})"); }),
            "admin.listen");
}

TEST(AdminSettings, RefusesACapOutOfRangeAndUnknownKeys) {
  EXPECT_EQ(config_error_key([] { return parse_settings(R"({"admin": {"max_connections": 0}})"); }),
            "admin.max_connections");
  EXPECT_EQ(config_error_key([] { return parse_settings(R"({"admin": {"port": 45001}})"); }),
            "admin.port");
  EXPECT_EQ(config_error_key([] { return parse_settings(R"({"admin": {"commands": {}}})"); }),
            "admin.commands");
}

TEST(AdminSettings, ArePrintedAndReadBackAlike) {
  const Settings s = parse_settings(R"({"admin": {"listen": "[::1]:45001", "max_connections": 3,
      "commands": [{"name": "STATS", "type": "stats"}, {"name": "UTC", "type": "time", "timezone": "UTC"}]}})");
  const Json printed = to_json(s);
  EXPECT_EQ(printed.at("admin").at("listen"), "[::1]:45001");
  EXPECT_EQ(printed.at("admin").at("max_connections"), 3);
  EXPECT_EQ(parse_settings(printed.dump()), s);
}

TEST(AdminRegistry, HasThePublicCommandsThenTheAdminOnes) {
  const auto public_only = build_registry(Json::parse(test::kStandard), builtin_command_types());
  const auto registry = build_admin_registry(*public_only, default_settings().admin.commands,
                                             builtin_command_types());
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "HELP"), "COMMANDS AGENT HELP QUIT STATS TIME\r\n");
  // One instance of each public command serves both ports.
  EXPECT_EQ(registry->find("TIME"), public_only->find("TIME"));
  EXPECT_EQ(reply(*public_only, "STATS"), "ERR unknown command 'STATS'\r\n");
}

TEST(AdminRegistry, RefusesAnAdminCommandNamedAsAPublicOneByItsKey) {
  const auto base = build_registry(Json::parse(test::kStandard), builtin_command_types());
  const auto build = [&base](const char* admin) {
    return build_admin_registry(*base, Json::parse(admin), builtin_command_types());
  };
  EXPECT_EQ(config_error_key([&] { return build(R"([{"name": "time", "type": "stats"}])"); }),
            "admin.commands[0].name");
  EXPECT_EQ(config_error_key([&] {
              return build(R"([{"name": "STATS", "type": "stats"}, {"name": "X", "type": "no"}])");
            }),
            "admin.commands[1].type");
}

}  // namespace
}  // namespace jamd::app
