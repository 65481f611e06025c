#pragma once

// Who may connect: address prefixes to allow and to deny, and the decision for one client.
// Sans-I/O: src/app parses the config's lists into prefixes, the acceptor asks for a
// decision once per accepted connection.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/peer.hpp"

namespace jamd::core {

/// An IPv4 or IPv6 address and a length, IPv4 held v4-mapped (::ffff:a.b.c.d) as in Peer:
/// an IPv4 /n is an IPv6 /(96 + n). Bits past the length are 0. An IPv6 prefix never holds an
/// IPv4 client, though ::/8 (say) holds the v4-mapped block: a client is matched as the
/// address it carries, so IPv4 clients by IPv4 rules (or "all") only, as nginx does.
struct Prefix {
  std::array<std::uint8_t, 16> address{};  ///< network byte order
  unsigned length = 0;                     ///< 0-128; 0 is "all", or "::/0" when `ipv6`
  bool ipv6 = false;  ///< an IPv6 prefix (not one of the v4-mapped block): IPv6 clients only

  /// True when the first `length` bits of `peer`'s address are those of this prefix.
  bool contains(const Peer& peer) const;
  /// "10.0.0.0/8", "2001:db8::/32", "192.0.2.7/32", "::/0", or "all".
  std::string to_string() const;

  bool operator==(const Prefix&) const = default;
};

/// A parsed prefix, or why the text is not one.
struct PrefixParse {
  std::optional<Prefix> prefix;
  std::string error;  ///< empty when `prefix` is set; names the text when not
};

/// Parses "10.0.0.0/8", "2001:db8::/32", "192.0.2.7" (/32), "::1" (/128) or "all"; an IPv6
/// text of the v4-mapped block ("::ffff:10.0.0.0/104") is the IPv4 prefix it holds. Refuses a
/// malformed text, a length past the address's size and bits set past the length (with the
/// prefix that was probably meant).
PrefixParse parse_prefix(std::string_view text);

/// The access rules: lists of prefixes to allow and to deny. The most specific prefix that
/// matches a client decides, deny winning a tie; a client no rule matches is denied when any
/// allow rule exists, and admitted when there are only deny rules or none.
class AddressRules {
 public:
  /// What decide() found, and why: `rule` is the one that decided, if one did.
  struct Decision {
    bool admitted = true;
    struct Rule {
      Prefix prefix;
      bool deny = false;
      bool operator==(const Rule&) const = default;
    };
    std::optional<Rule> rule;

    /// For the log: "deny 10.0.0.0/8", "allow all", "no allow rule matches" or "no rule
    /// matches".
    std::string reason() const;
  };

  AddressRules() = default;
  AddressRules(std::vector<Prefix> allow, std::vector<Prefix> deny);

  /// The decision for `peer`. No rules: admitted at once, without looking.
  Decision decide(const Peer& peer) const;

  /// True when there are no rules: every client is admitted.
  bool empty() const { return rules_.empty(); }
  const std::vector<Prefix>& allow() const { return allow_; }
  const std::vector<Prefix>& deny() const { return deny_; }

  bool operator==(const AddressRules&) const = default;

 private:
  std::vector<Prefix> allow_;
  std::vector<Prefix> deny_;
  std::vector<Decision::Rule> rules_;  // both lists, longest first, deny before allow
};

}  // namespace jamd::core
