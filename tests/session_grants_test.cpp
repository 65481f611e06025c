// The grants of a session over real sockets, with a fake dispatcher: worked out once when
// the session's first lines come, never again per batch or line, and again after a reload,
// for the new dispatcher.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/server.hpp"
#include "support/client.hpp"

namespace jamd::core {
namespace {

using namespace std::string_literals;
using test::Client;
using ::testing::Optional;

/// One command, granted to clients whose address ends in `granted_byte`: "<name> <line>"
/// for them and "NO <line>" for the others. Counts its grant() calls.
class GrantingDispatcher final : public Dispatcher {
 public:
  GrantingDispatcher(std::string name, std::uint8_t granted_byte)
      : name_(std::move(name)), granted_byte_(granted_byte) {}

  Outcome dispatch(const Context& context, std::string_view line, std::string& out) const override {
    out.append(context.grants.allows(0) ? name_ : "NO").append(" ").append(line).append("\r\n");
    return {Outcome::Kind::replied, line};
  }

  void grant(const Peer& client, Grants& grants) const override {
    grants_made.fetch_add(1, std::memory_order_relaxed);
    grants.grant_only(1, [&](std::size_t) { return client.address[15] == granted_byte_; });
  }

  mutable std::atomic<int> grants_made{0};

 private:
  std::string name_;
  std::uint8_t granted_byte_;
};

std::shared_ptr<const LiveConfig> live_config(std::shared_ptr<const Dispatcher> dispatcher) {
  const Limits limits{.max_connections = 100,
                      .max_line_bytes = 1024,
                      .max_output_bytes = 65536,
                      .idle_timeout_s = 300,
                      .send_timeout_s = 30,
                      .drain_timeout_s = 2};
  return std::make_shared<const LiveConfig>(LiveConfig{limits, std::move(dispatcher), {}, {}, {}});
}

TEST(SessionGrants, AreWorkedOutOncePerSessionAndAgainAfterAReload) {
  const auto first = std::make_shared<GrantingDispatcher>("OLD", 2);
  Server server(Listen{{"127.0.0.1"}, 0}, Threads{2}, live_config(first));
  server.start();
  Client granted = Client::from("127.0.0.2", server.port());
  Client refused = Client::from("127.0.0.3", server.port());
  for (int batch = 0; batch < 3; ++batch) {  // a reply before each next batch: three batches
    const std::string n = std::to_string(batch);
    granted.send("a" + n + "\r\nb" + n + "\r\n");
    EXPECT_THAT(granted.line(), Optional("OLD a" + n));
    EXPECT_THAT(granted.line(), Optional("OLD b" + n));
    refused.send("c" + n + "\r\n");
    EXPECT_THAT(refused.line(), Optional("NO c" + n));
  }
  EXPECT_EQ(first->grants_made.load(), 2) << "one per session, not one per batch or line";

  const auto second = std::make_shared<GrantingDispatcher>("NEW", 3);
  server.update(live_config(second));
  granted.send("d\r\n");
  EXPECT_THAT(granted.line(), Optional("NO d"s));
  refused.send("e\r\n");
  EXPECT_THAT(refused.line(), Optional("NEW e"s));
  granted.send("f\r\n");
  EXPECT_THAT(granted.line(), Optional("NO f"s));
  EXPECT_EQ(second->grants_made.load(), 2);
  EXPECT_EQ(first->grants_made.load(), 2);
  server.stop();
}

}  // namespace
}  // namespace jamd::core
