// The agent command type through the registry: HAProxy's words, "ready up" while jamd serves
// and "drain" once it is stopping, as the whole line, within the reply contract.

#include <gtest/gtest.h>

#include <atomic>

#include "commands/reply_check.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"

namespace jamd::commands {
namespace {

using test::reply;

TEST(AgentCommand, SaysReadyUpWhileServingAndDrainOnceStopping) {
  std::atomic<bool> stopping{false};
  Services services;
  services.stopping = [&stopping] { return stopping.load(); };
  const auto registry = test::registry_of(R"([{"name": "AGENT", "type": "agent"}])", services);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "AGENT"), "ready up\r\n");
  EXPECT_EQ(reply_problem("ready up\r\n", After::keep_open), nullptr);
  stopping = true;
  EXPECT_EQ(reply(*registry, "agent"), "drain\r\n");
  EXPECT_EQ(reply_problem("drain\r\n", After::keep_open), nullptr);
  EXPECT_EQ(reply(*registry, "AGENT now"), "ERR wrong number of arguments for 'AGENT'\r\n");
}

TEST(AgentCommand, WithoutAStoppingHookSaysReadyUp) {
  const auto registry = test::registry_of(R"([{"name": "AGENT", "type": "agent"}])", {});
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "AGENT"), "ready up\r\n");
}

}  // namespace
}  // namespace jamd::commands
