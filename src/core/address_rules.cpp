#include "core/address_rules.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace jamd::core {
namespace {

constexpr std::array<std::uint8_t, 12> kV4Mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr unsigned kV4Offset = 96;  // bits before the IPv4 address in its v4-mapped form

bool is_v4_mapped(const std::array<std::uint8_t, 16>& address) {
  return std::equal(kV4Mapped.begin(), kV4Mapped.end(), address.begin());
}

/// The mask of the bits of byte `index` that a prefix of `length` bits covers.
std::uint8_t mask_of(unsigned length, std::size_t index) {
  const unsigned start = static_cast<unsigned>(index) * 8;
  if (length >= start + 8) return 0xff;
  if (length <= start) return 0;
  return static_cast<std::uint8_t>(0xff << (8 - (length - start)));
}

std::string malformed(std::string_view text) {
  return "'" + std::string(text) +
         "' is not an address or prefix: use an IPv4 or IPv6 address, optionally with "
         "/length, or \"all\"";
}

}  // namespace

bool Prefix::contains(const Peer& peer) const {
  if (ipv6 && peer.is_v4()) return false;
  const std::size_t whole = length / 8;
  if (std::memcmp(address.data(), peer.address.data(), whole) != 0) return false;
  if (whole == address.size()) return true;
  const std::uint8_t mask = mask_of(length, whole);
  return (peer.address[whole] & mask) == address[whole];
}

std::string Prefix::to_string() const {
  if (length == 0) return ipv6 ? "::/0" : "all";
  char text[INET6_ADDRSTRLEN] = {};
  unsigned shown = length;
  if (length >= kV4Offset && is_v4_mapped(address)) {
    ::inet_ntop(AF_INET, address.data() + kV4Mapped.size(), text, sizeof text);
    shown -= kV4Offset;
  } else {
    ::inet_ntop(AF_INET6, address.data(), text, sizeof text);
  }
  return std::string(text) + "/" + std::to_string(shown);
}

PrefixParse parse_prefix(std::string_view text) {
  if (text == "all") return {Prefix{}, {}};
  const std::size_t slash = text.find('/');
  const std::string host(text.substr(0, slash));
  Prefix prefix;
  unsigned size = 128;
  if (::inet_pton(AF_INET, host.c_str(), prefix.address.data() + kV4Mapped.size()) == 1) {
    std::copy(kV4Mapped.begin(), kV4Mapped.end(), prefix.address.begin());
    size = 32;
  } else if (::inet_pton(AF_INET6, host.c_str(), prefix.address.data()) != 1) {
    return {std::nullopt, malformed(text)};
  }
  unsigned length = size;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (digits.empty() || digits.size() > 3 || error != std::errc() ||
        end != digits.data() + digits.size()) {
      return {std::nullopt, malformed(text)};
    }
    if (length > size) {
      return {std::nullopt, "'" + std::string(text) + "': an IPv" + (size == 32 ? "4" : "6") +
                                " prefix is at most /" + std::to_string(size)};
    }
  }
  prefix.length = length + (size == 32 ? kV4Offset : 0);
  prefix.ipv6 = !(prefix.length >= kV4Offset && is_v4_mapped(prefix.address));
  Prefix meant = prefix;
  for (std::size_t i = 0; i < meant.address.size(); ++i)
    meant.address[i] &= mask_of(prefix.length, i);
  if (meant != prefix) {
    return {std::nullopt, "'" + std::string(text) + "' has bits set past /" +
                              std::to_string(length) + ": use " + meant.to_string()};
  }
  return {prefix, {}};
}

std::string AddressRules::Decision::reason() const {
  if (rule) return (rule->deny ? "deny " : "allow ") + rule->prefix.to_string();
  return admitted ? "no rule matches" : "no allow rule matches";
}

AddressRules::AddressRules(std::vector<Prefix> allow, std::vector<Prefix> deny)
    : allow_(std::move(allow)), deny_(std::move(deny)) {
  for (const Prefix& p : deny_) rules_.push_back({p, true});
  for (const Prefix& p : allow_) rules_.push_back({p, false});
  // The first rule that matches is then the most specific one, and a deny on a tie.
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const auto& a, const auto& b) { return a.prefix.length > b.prefix.length; });
}

AddressRules::Decision AddressRules::decide(const Peer& peer) const {
  if (rules_.empty()) return {};
  for (const Decision::Rule& rule : rules_) {
    if (rule.prefix.contains(peer)) return {!rule.deny, rule};
  }
  return {allow_.empty(), std::nullopt};
}

}  // namespace jamd::core
