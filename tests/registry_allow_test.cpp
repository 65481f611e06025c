// A command entry's own "allow" list: read by the registry, never by the command's type; the
// grants it works out per client, and what a client outside a command's list gets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_types.hpp"
#include "commands/registry.hpp"
#include "core/grants.hpp"
#include "support/dispatch.hpp"
#include "support/fake_options.hpp"
#include "support/peer.hpp"

namespace jamd::commands {
namespace {

using test::FakeOptions;
using test::Lists;
using test::peer;
using test::reply;
using test::Values;

/// Replies "OK <name> <argument count>" and takes at most one argument.
class NamedCommand final : public Command {
 public:
  explicit NamedCommand(std::string_view name)
      : Command(CommandInfo{std::string(name), 0, 1, "", "named"}) {}

  After run(const RunContext&, Args args, std::string& out) const override {
    out.append("OK ").append(info().name).append(" ").append(std::to_string(args.size()));
    out.append("\r\n");
    return After::keep_open;
  }
};

/// What the last "options" command was given of its entry: every option no one read before.
std::string given_options;

std::unique_ptr<Command> make_named(std::string_view name, CommandOptions&, const Services&) {
  return std::make_unique<NamedCommand>(name);
}

/// Takes every option it is given, as a plugin type that reads its options as JSON does.
std::unique_ptr<Command> make_options(std::string_view name, CommandOptions& options,
                                      const Services&) {
  given_options = options.json();
  return std::make_unique<NamedCommand>(name);
}

const CommandTypes& types() {
  static const CommandTypes table = [] {
    CommandTypes t;
    t.add({"named", &make_named, ReplyCheck::debug_builds});
    t.add({"options", &make_options, ReplyCheck::always});
    return t;
  }();
  return table;
}

/// An entry of type "named" called `name`, with `allow` as its allow list unless empty.
FakeOptions entry(const std::string& name, std::vector<std::string> allow = {},
                  const std::string& type = "named") {
  Lists lists;
  if (!allow.empty()) lists["allow"] = std::move(allow);
  return FakeOptions::with_lists({{"name", name}, {"type", type}}, std::move(lists));
}

std::shared_ptr<const Registry> build(std::vector<FakeOptions> entries) {
  std::vector<CommandOptions*> pointers;
  for (auto& e : entries) pointers.push_back(&e);
  return Registry::from_config(pointers, types());
}

/// TIME for everyone, SECRET for loopback, 10.0.0.0/8 and 2001:db8::/32.
std::shared_ptr<const Registry> with_secret() {
  return build({entry("TIME"), entry("SECRET", {"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"})});
}

/// The grants `registry` gives the client at `address`.
core::Grants grants_of(const Registry& registry, const std::string& address) {
  core::Grants grants;
  registry.grant(peer(address), grants);
  return grants;
}

// 13. Only the clients its list matches may run a command; one without a list is everyone's.
TEST(RegistryAllow, ACommandRunsOnlyForTheClientsItsListMatches) {
  const auto registry = with_secret();
  ASSERT_NE(registry, nullptr);
  for (const char* inside : {"127.0.0.1", "10.1.2.3", "2001:db8::7"}) {
    EXPECT_EQ(reply(*registry, "SECRET", peer(inside)), "OK SECRET 0\r\n") << inside;
  }
  EXPECT_EQ(reply(*registry, "SECRET", peer("127.0.0.2")),
            "ERR 'SECRET' is not allowed from 127.0.0.2\r\n");
  EXPECT_EQ(reply(*registry, "SECRET", peer("11.0.0.1")),
            "ERR 'SECRET' is not allowed from 11.0.0.1\r\n");
  EXPECT_EQ(reply(*registry, "SECRET", peer("2001:db9::1")),
            "ERR 'SECRET' is not allowed from 2001:db9::1\r\n");
  // A command without a list is everyone's.
  for (const char* anyone : {"127.0.0.1", "127.0.0.2", "2001:db9::1"}) {
    EXPECT_EQ(reply(*registry, "TIME", peer(anyone)), "OK TIME 0\r\n") << anyone;
  }
}

// 13. The reply names the command as typed, and the session goes on under the configured name.
TEST(RegistryAllow, TheErrorNamesTheCommandAsTypedAndKeepsTheSession) {
  const auto registry = with_secret();
  const core::Peer outside = peer("192.0.2.7", 40000);
  EXPECT_EQ(reply(*registry, "secret", outside), "ERR 'secret' is not allowed from 192.0.2.7\r\n");
  EXPECT_EQ(reply(*registry, "  SeCrEt\t", outside),
            "ERR 'SeCrEt' is not allowed from 192.0.2.7\r\n");
  const auto [outcome, out] = test::dispatch(*registry, "secret", outside);
  EXPECT_EQ(outcome.kind, core::Outcome::Kind::replied);
  EXPECT_EQ(outcome.command, "SECRET");
}

// 13. Checked before the arity and the bytes: outside the list, a client learns nothing more.
TEST(RegistryAllow, IsCheckedBeforeTheArityAndTheBytes) {
  const auto registry = with_secret();
  const core::Peer outside = peer("192.0.2.7");
  const core::Peer inside = peer("127.0.0.1");
  EXPECT_EQ(reply(*registry, "SECRET a b", inside),
            "ERR wrong number of arguments for 'SECRET'\r\n");
  EXPECT_EQ(reply(*registry, "SECRET a b", outside),
            "ERR 'SECRET' is not allowed from 192.0.2.7\r\n");
  EXPECT_EQ(reply(*registry, "SECRET \x01", inside),
            "ERR request must be UTF-8 text without control characters\r\n");
  EXPECT_EQ(reply(*registry, "SECRET \x01", outside),
            "ERR 'SECRET' is not allowed from 192.0.2.7\r\n");
}

// 13. "all" matches every client, IPv4 ones included; ::/0 only the IPv6 ones.
TEST(RegistryAllow, AllMatchesEveryClientIpv4AndIpv6) {
  const auto registry = build({entry("OPEN", {"all"}), entry("V6", {"::/0"})});
  ASSERT_NE(registry, nullptr);
  for (const char* anyone : {"192.0.2.7", "::1", "2001:db8::1"}) {
    EXPECT_EQ(reply(*registry, "OPEN", peer(anyone)), "OK OPEN 0\r\n") << anyone;
    EXPECT_TRUE(grants_of(*registry, anyone).allows(0)) << anyone;
  }
  // ::/0 holds the v4-mapped block, but an IPv6 prefix never matches an IPv4 client.
  EXPECT_EQ(reply(*registry, "V6", peer("2001:db8::1")), "OK V6 0\r\n");
  EXPECT_EQ(reply(*registry, "V6", peer("192.0.2.7")),
            "ERR 'V6' is not allowed from 192.0.2.7\r\n");
}

// 13. Without an allow list anywhere (the default), every client is granted everything and
// the grants hold no storage: the per-line check is the same as without the feature.
TEST(RegistryAllow, WithoutAListEveryCommandIsGrantedWithoutStorage) {
  const auto registry = build({entry("TIME"), entry("QUIT")});
  ASSERT_NE(registry, nullptr);
  EXPECT_TRUE(grants_of(*registry, "192.0.2.7").all());
  EXPECT_TRUE(grants_of(*registry, "::1").all());
  // A client every list matches is granted all the same way.
  EXPECT_TRUE(grants_of(*with_secret(), "127.0.0.1").all());
  EXPECT_FALSE(grants_of(*with_secret(), "127.0.0.2").all());
}

// 13. Grants are reused: a session a reload moves to another registry gets that registry's.
TEST(RegistryAllow, GrantingAgainReplacesWhatTheGrantsHeld) {
  core::Grants grants;
  with_secret()->grant(peer("127.0.0.2"), grants);
  EXPECT_FALSE(grants.allows(0));  // SECRET sorts first
  EXPECT_TRUE(grants.allows(1));
  build({entry("SECRET"), entry("TIME")})->grant(peer("127.0.0.2"), grants);
  EXPECT_TRUE(grants.all());
  with_secret()->grant(peer("127.0.0.1"), grants);
  EXPECT_TRUE(grants.allows(0));
}

// 13. Grants go by the index of each command in commands(), sorted by name, not by entry.
TEST(RegistryAllow, GrantsFollowTheSortedIndexOfEachCommand) {
  const auto registry = build({entry("zeta", {"10.0.0.0/8"}), entry("alpha"),
                               entry("Mid", {"192.0.2.0/24"}), entry("BETA", {"10.0.0.0/8"})});
  ASSERT_NE(registry, nullptr);
  const core::Grants grants = grants_of(*registry, "10.0.0.1");
  const auto& commands = registry->commands();
  ASSERT_EQ(commands.size(), 4u);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::string& name = commands[i]->info().name;
    EXPECT_EQ(grants.allows(i), name != "Mid") << name;
    EXPECT_EQ(registry->index_of(name), i);
  }
  EXPECT_EQ(registry->index_of("nope"), commands.size());
  EXPECT_EQ(reply(*registry, "mid", peer("10.0.0.1")),
            "ERR 'mid' is not allowed from 10.0.0.1\r\n");
  EXPECT_EQ(reply(*registry, "mid", peer("192.0.2.9")), "OK Mid 0\r\n");
}

// 13. "allow" is the host's key: a type that takes its options as JSON never sees it.
TEST(RegistryAllow, IsNeverOneOfTheTypesOptions) {
  given_options.clear();
  std::vector<FakeOptions> entries{
      FakeOptions::with_lists({{"name", "P"}, {"type", "options"}, {"colour", "red"}},
                              {{"allow", {"127.0.0.1"}}, {"sizes", {"1", "2"}}})};
  std::vector<CommandOptions*> pointers{&entries[0]};
  const auto registry = Registry::from_config(pointers, types());
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(given_options, R"({"colour":"red","sizes":["1","2"]})");
  EXPECT_EQ(reply(*registry, "P", peer("127.0.0.2")), "ERR 'P' is not allowed from 127.0.0.2\r\n");
}

/// The key and reason of the refusal of a lone entry called X with the allow list `allow`.
std::pair<std::string, std::string> refusal_of(std::vector<std::string> allow) {
  std::vector<FakeOptions> entries{
      FakeOptions::with_lists({{"name", "X"}, {"type", "named"}}, {{"allow", std::move(allow)}})};
  std::vector<CommandOptions*> pointers{&entries[0]};
  EXPECT_EQ(Registry::from_config(pointers, types()), nullptr);
  return entries[0].refusal.value_or(std::pair<std::string, std::string>{"<none>", ""});
}

// 13. A bad entry is refused by its index, with the error access.allow would give.
TEST(RegistryAllow, ABadEntryIsRefusedByItsIndexWithThePrefixError) {
  EXPECT_EQ(refusal_of({"127.0.0.1", "10.0.0.1/8"}),
            (std::pair<std::string, std::string>{
                "allow[1]", "'10.0.0.1/8' has bits set past /8: use 10.0.0.0/8"}));
  EXPECT_EQ(refusal_of({"localhost"}),
            (std::pair<std::string, std::string>{
                "allow[0]",
                "'localhost' is not an address or prefix: use an IPv4 or IPv6 address, "
                "optionally with /length, or \"all\""}));
  EXPECT_EQ(refusal_of({"::1", "::1", "10.0.0.0/33"}).first, "allow[2]");
}

// 13. An empty list reads as everyone (as access.allow does) or as no one: neither is guessed.
TEST(RegistryAllow, AnEmptyListIsRefused) {
  const auto [key, reason] = refusal_of({});
  EXPECT_EQ(key, "allow");
  EXPECT_EQ(reason,
            "an empty list would let no client run the command: leave \"allow\" out to let "
            "every client run it");
}

}  // namespace
}  // namespace jamd::commands
