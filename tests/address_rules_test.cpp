// 13. The access rules (src/core/address_rules.cpp): prefixes parsed or refused with their exact
// texts, and a table of addresses decided against rule sets, IPv4, IPv6 and v4-mapped.
#include "core/address_rules.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "support/peer.hpp"

namespace jamd::core {
namespace {

using test::peer;

Prefix prefix(const std::string& text) {
  const PrefixParse parsed = parse_prefix(text);
  if (!parsed.prefix) throw std::invalid_argument(parsed.error);
  return *parsed.prefix;
}

std::vector<Prefix> prefixes(const std::vector<std::string>& texts) {
  std::vector<Prefix> result;
  for (const auto& text : texts) result.push_back(prefix(text));
  return result;
}

TEST(AddressPrefix, ParsesAddressesAndPrefixesToTheirCanonicalText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"10.0.0.0/8", "10.0.0.0/8"},
      {"192.0.2.7", "192.0.2.7/32"},
      {"0.0.0.0/0", "0.0.0.0/0"},
      {"2001:db8::/32", "2001:db8::/32"},
      {"2001:DB8:0::/32", "2001:db8::/32"},
      {"::1", "::1/128"},
      {"::ffff:10.0.0.0/104", "10.0.0.0/8"},  // a v4-mapped prefix is the IPv4 one
      {"::/0", "::/0"},                       // every IPv6 address, not IPv4's: not "all"
      {"all", "all"},
  };
  for (const auto& [text, canonical] : cases) {
    const PrefixParse parsed = parse_prefix(text);
    ASSERT_TRUE(parsed.prefix.has_value()) << text << ": " << parsed.error;
    EXPECT_EQ(parsed.prefix->to_string(), canonical) << text;
    EXPECT_EQ(parsed.error, "") << text;
  }
}

TEST(AddressPrefix, RefusesMalformedTextsNamingThem) {
  const std::string use =
      " is not an address or prefix: use an IPv4 or IPv6 address, optionally with /length, or "
      "\"all\"";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"10.0.0/8", "'10.0.0/8'" + use},
      {"10.0.0.0/", "'10.0.0.0/'" + use},
      {"10.0.0.0/x", "'10.0.0.0/x'" + use},
      {"10.0.0.0/8/8", "'10.0.0.0/8/8'" + use},
      {"10.0.0.0/-1", "'10.0.0.0/-1'" + use},
      {"10.0.0.0/0008", "'10.0.0.0/0008'" + use},
      {"/8", "'/8'" + use},
      {"", "''" + use},
      {"ALL", "'ALL'" + use},
      {"localhost", "'localhost'" + use},
      {" 10.0.0.1", "' 10.0.0.1'" + use},
      {"10.0.0.0/33", "'10.0.0.0/33': an IPv4 prefix is at most /32"},
      {"::/129", "'::/129': an IPv6 prefix is at most /128"},
      {"10.0.0.1/8", "'10.0.0.1/8' has bits set past /8: use 10.0.0.0/8"},
      {"192.168.1.1/16", "'192.168.1.1/16' has bits set past /16: use 192.168.0.0/16"},
      {"2001:db8::1/32", "'2001:db8::1/32' has bits set past /32: use 2001:db8::/32"},
      {"10.0.0.1/0", "'10.0.0.1/0' has bits set past /0: use 0.0.0.0/0"},
  };
  for (const auto& [text, error] : cases) {
    const PrefixParse parsed = parse_prefix(text);
    EXPECT_FALSE(parsed.prefix.has_value()) << text;
    EXPECT_EQ(parsed.error, error) << text;
  }
}

struct Case {
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  std::string address;
  bool admitted;
  std::string reason;
};

TEST(AddressRules, DecideByTheMostSpecificRuleDenyWinningATie) {
  const std::vector<Case> cases = {
      // No rules: everyone.
      {{}, {}, "192.0.2.7", true, "no rule matches"},
      {{}, {}, "::1", true, "no rule matches"},
      // Only denies: whoever they do not match.
      {{}, {"10.0.0.0/8"}, "10.1.2.3", false, "deny 10.0.0.0/8"},
      {{}, {"10.0.0.0/8"}, "11.0.0.1", true, "no rule matches"},
      {{}, {"10.0.0.0/8"}, "2001:db8::1", true, "no rule matches"},
      // Any allow: whoever no rule matches is denied.
      {{"10.0.0.0/8"}, {}, "10.9.9.9", true, "allow 10.0.0.0/8"},
      {{"10.0.0.0/8"}, {}, "11.0.0.1", false, "no allow rule matches"},
      {{"10.0.0.0/8"}, {"192.0.2.0/24"}, "198.51.100.1", false, "no allow rule matches"},
      // The most specific wins, either way round.
      {{"10.0.0.0/8"}, {"10.1.0.0/16"}, "10.1.0.5", false, "deny 10.1.0.0/16"},
      {{"10.0.0.0/8"}, {"10.1.0.0/16"}, "10.2.0.5", true, "allow 10.0.0.0/8"},
      {{"10.1.2.3"}, {"10.0.0.0/8"}, "10.1.2.3", true, "allow 10.1.2.3/32"},
      {{"10.1.2.3"}, {"10.0.0.0/8"}, "10.1.2.4", false, "deny 10.0.0.0/8"},
      {{"all"}, {"10.0.0.0/8"}, "10.0.0.1", false, "deny 10.0.0.0/8"},
      {{"all"}, {"10.0.0.0/8"}, "2001:db8::1", true, "allow all"},
      {{"10.0.0.0/8"}, {"all"}, "10.0.0.1", true, "allow 10.0.0.0/8"},
      {{"10.0.0.0/8"}, {"all"}, "::1", false, "deny all"},
      // A tie: deny.
      {{"10.0.0.0/8"}, {"10.0.0.0/8"}, "10.0.0.1", false, "deny 10.0.0.0/8"},
      {{"all"}, {"all"}, "192.0.2.1", false, "deny all"},
      {{"::1"}, {"::1"}, "::1", false, "deny ::1/128"},
      // Boundaries of a prefix whose length is not a whole byte.
      {{}, {"192.0.2.128/25"}, "192.0.2.127", true, "no rule matches"},
      {{}, {"192.0.2.128/25"}, "192.0.2.128", false, "deny 192.0.2.128/25"},
      {{}, {"192.0.2.128/25"}, "192.0.2.255", false, "deny 192.0.2.128/25"},
      {{}, {"192.0.2.128/25"}, "192.0.3.128", true, "no rule matches"},
      // IPv6.
      {{"2001:db8::/32"}, {}, "2001:db8:ffff::1", true, "allow 2001:db8::/32"},
      {{"2001:db8::/32"}, {}, "2001:db9::1", false, "no allow rule matches"},
      {{"2001:db8::/32"}, {"2001:db8:1::/48"}, "2001:db8:1::7", false, "deny 2001:db8:1::/48"},
      {{"::1"}, {}, "::1", true, "allow ::1/128"},
      {{"::1"}, {}, "::2", false, "no allow rule matches"},
      // IPv4 rules never match IPv6 clients, nor the other way round, though ::/1, ::/8 and
      // ::/0 hold the v4-mapped block (::ffff:0:0/96) that IPv4 clients are held in.
      {{"0.0.0.0/0"}, {}, "2001:db8::1", false, "no allow rule matches"},
      {{"0.0.0.0/0"}, {}, "203.0.113.9", true, "allow 0.0.0.0/0"},
      {{"::/1"}, {}, "203.0.113.9", false, "no allow rule matches"},
      {{}, {"::/8"}, "203.0.113.9", true, "no rule matches"},
      {{}, {"::/8"}, "::1", false, "deny ::/8"},
      {{"::/0"}, {}, "203.0.113.9", false, "no allow rule matches"},
      {{"::/0"}, {}, "2001:db8::1", true, "allow ::/0"},
      {{"all"}, {"::/0"}, "203.0.113.9", true, "allow all"},
      {{"all"}, {"::/0"}, "2001:db8::1", false, "deny ::/0"},
      {{"::1"}, {}, "127.0.0.1", false, "no allow rule matches"},
      // An IPv6 text of the v4-mapped block is the IPv4 prefix it holds.
      {{"::ffff:10.0.0.0/104"}, {}, "10.1.2.3", true, "allow 10.0.0.0/8"},
      // A v4-mapped client address is the IPv4 address it carries.
      {{"127.0.0.0/8"}, {}, "::ffff:127.0.0.2", true, "allow 127.0.0.0/8"},
      {{}, {"127.0.0.2"}, "::ffff:127.0.0.2", false, "deny 127.0.0.2/32"},
      {{}, {"::ffff:127.0.0.2"}, "127.0.0.2", false, "deny 127.0.0.2/32"},
  };
  for (const Case& c : cases) {
    const AddressRules rules(prefixes(c.allow), prefixes(c.deny));
    const auto decision = rules.decide(peer(c.address));
    const std::string what = c.address + " against allow " + std::to_string(c.allow.size()) +
                             ", deny " + std::to_string(c.deny.size()) + ": " + c.reason;
    EXPECT_EQ(decision.admitted, c.admitted) << what;
    EXPECT_EQ(decision.reason(), c.reason) << what;
  }
}

TEST(AddressRules, AreEmptyOnlyWithoutRulesAndKeepTheListsAsGiven) {
  EXPECT_TRUE(AddressRules().empty());
  EXPECT_TRUE(AddressRules({}, {}).empty());
  const AddressRules rules(prefixes({"10.0.0.0/8", "::1"}), prefixes({"10.1.0.0/16"}));
  EXPECT_FALSE(rules.empty());
  EXPECT_EQ(rules.allow(), prefixes({"10.0.0.0/8", "::1"}));
  EXPECT_EQ(rules.deny(), prefixes({"10.1.0.0/16"}));
  EXPECT_EQ(rules, AddressRules(prefixes({"10.0.0.0/8", "::1"}), prefixes({"10.1.0.0/16"})));
  EXPECT_NE(rules, AddressRules(prefixes({"10.1.0.0/16"}), prefixes({"10.0.0.0/8", "::1"})));
}

}  // namespace
}  // namespace jamd::core
