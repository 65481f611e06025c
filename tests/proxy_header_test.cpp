// 14. The PROXY protocol header parser (src/core/proxy_header.cpp) and its writers: versions 1
// and 2 accepted or refused with their exact reasons, decided as early as the bytes allow, the
// same however the stream is cut, the bytes after the header kept, and a 64 KiB TLV area
// skipped by a parser of fixed size.
#include "core/proxy_header.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/proxy_header_writer.hpp"

namespace jamd::core {
namespace {

using Status = ProxyHeaderParser::Status;
using namespace std::string_literals;  // "..."s keeps embedded NUL bytes

constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();
const std::string kV2Signature = "\r\n\r\n\0\r\nQUIT\n"s;

/// The Peer of an IPv4 or IPv6 address text and a port, IPv4 held v4-mapped.
Peer peer(const std::string& text, std::uint16_t port) {
  Peer p;
  p.port = port;
  if (::inet_pton(AF_INET, text.c_str(), p.address.data() + 12) == 1) {
    p.address[10] = p.address[11] = 0xff;
  } else if (::inet_pton(AF_INET6, text.c_str(), p.address.data()) != 1) {
    throw std::invalid_argument(text);
  }
  return p;
}

/// What a parser made of a byte stream.
struct Parsed {
  Status status = Status::need_more;
  std::size_t consumed = 0;  // parser.consumed()
  std::string rest;          // what feed() left of the stream
  bool local = false;
  Peer source;
  Peer destination;
  std::string error;
};

/// Feeds `bytes` to a new parser in pieces of `chunk` bytes until it stops needing more.
Parsed parse(std::string_view bytes, std::size_t chunk = kWhole) {
  ProxyHeaderParser parser;
  Parsed parsed;
  while (!bytes.empty()) {
    std::string_view piece = bytes.substr(0, chunk);
    const std::size_t size = piece.size();
    parsed.status = parser.feed(piece);
    bytes.remove_prefix(size - piece.size());
    if (parsed.status != Status::need_more) break;
  }
  parsed.consumed = parser.consumed();
  parsed.rest = bytes;
  parsed.local = parser.local();
  parsed.source = parser.source();
  parsed.destination = parser.destination();
  parsed.error = parser.error();
  return parsed;
}

/// The reason a stream is refused for, or "" when it is not.
std::string error_of(std::string_view bytes) {
  const Parsed parsed = parse(bytes);
  return parsed.status == Status::error ? parsed.error : "";
}

/// A version 2 header: the signature, the version and command byte, the family byte, a
/// declared length (that of `body` unless given) and `body`.
std::string v2(std::uint8_t version_command, std::uint8_t family, const std::string& body,
               std::size_t length = kWhole) {
  if (length == kWhole) length = body.size();
  std::string out = kV2Signature;
  out.push_back(static_cast<char>(version_command));
  out.push_back(static_cast<char>(family));
  out.push_back(static_cast<char>(length >> 8));
  out.push_back(static_cast<char>(length & 0xff));
  return out + body;
}

/// The IPv4 address block of 192.0.2.1:40000 -> 198.51.100.2:45000.
const std::string kV4Block = "\xc0\x00\x02\x01\xc6\x33\x64\x02\x9c\x40\xaf\xc8"s;

/// The IPv6 address block of [2001:db8::1]:40000 -> [2001:db8::2]:45000.
std::string v6_block() {
  std::string block = "\x20\x01\x0d\xb8"s + std::string(11, '\0') + "\x01";
  block += "\x20\x01\x0d\xb8"s + std::string(11, '\0') + "\x02";
  return block + "\x9c\x40\xaf\xc8";
}

TEST(ProxyHeaderV1, Tcp4IsProxiedWithItsSourceAndDestination) {
  const Parsed parsed = parse("PROXY TCP4 192.0.2.1 198.51.100.2 40000 45000\r\n");
  ASSERT_EQ(parsed.status, Status::done) << parsed.error;
  EXPECT_FALSE(parsed.local);
  EXPECT_EQ(parsed.source, peer("192.0.2.1", 40000));
  EXPECT_EQ(parsed.destination, peer("198.51.100.2", 45000));
  EXPECT_EQ(parsed.consumed, 47u);
  EXPECT_EQ(parsed.error, "");
}

TEST(ProxyHeaderV1, Tcp6IsProxiedWithItsSourceAndDestination) {
  const Parsed parsed = parse("PROXY TCP6 2001:db8::1 2001:DB8::2 0 65535\r\n");
  ASSERT_EQ(parsed.status, Status::done) << parsed.error;
  EXPECT_FALSE(parsed.local);
  EXPECT_EQ(parsed.source, peer("2001:db8::1", 0));
  EXPECT_EQ(parsed.destination, peer("2001:db8::2", 65535));
  // A v4-mapped TCP6 source is the IPv4 client it maps, as the acceptor holds one.
  EXPECT_EQ(parse("PROXY TCP6 ::ffff:192.0.2.1 ::1 1 2\r\n").source, peer("192.0.2.1", 1));
}

TEST(ProxyHeaderV1, UnknownIsLocalWhateverFollowsIt) {
  for (const std::string header :
       {"PROXY UNKNOWN\r\n", "PROXY UNKNOWN ffff::1 ::1 65536 -\r\n", "PROXY UNKNOWN  \r\n"}) {
    const Parsed parsed = parse(header);
    ASSERT_EQ(parsed.status, Status::done) << header << ": " << parsed.error;
    EXPECT_TRUE(parsed.local) << header;
    EXPECT_EQ(parsed.consumed, header.size()) << header;
  }
  EXPECT_EQ(error_of("PROXY UNKNOWNX\r\n"), "bad v1 protocol");
}

TEST(ProxyHeaderV1, RefusesAddressesNotOfTheirFamily) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"PROXY TCP4 ::1 192.0.2.2 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP4 192.0.2.1 ::1 1 2\r\n", "bad v1 destination address"},
      {"PROXY TCP6 192.0.2.1 ::1 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP6 ::1 192.0.2.1 1 2\r\n", "bad v1 destination address"},
      {"PROXY TCP4 192.0.2 192.0.2.2 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP4 256.0.2.1 192.0.2.2 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP4 192.0.2.01 192.0.2.2 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP4 localhost 192.0.2.2 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP4 192.0.2.1\0 192.0.2.2 1 2\r\n"s, "bad v1 source address"},
      {"PROXY TCP6 2001:db8:::1 ::1 1 2\r\n", "bad v1 source address"},
      {"PROXY TCP6 [::1] ::1 1 2\r\n", "bad v1 source address"},
  };
  for (const auto& [header, reason] : cases) EXPECT_EQ(error_of(header), reason) << header;
}

TEST(ProxyHeaderV1, RefusesPortsThatAreNotPlainDecimal) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"PROXY TCP4 192.0.2.1 192.0.2.2 65536 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 +80 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 -1 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 080 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 0x50 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 100000 2\r\n", "bad v1 source port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 1 99999\r\n", "bad v1 destination port"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 1 2a\r\n", "bad v1 destination port"},
  };
  for (const auto& [header, reason] : cases) EXPECT_EQ(error_of(header), reason) << header;
}

TEST(ProxyHeaderV1, RefusesOtherSpacingFieldsAndProtocols) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"PROXY  TCP4 192.0.2.1 192.0.2.2 1 2\r\n", "bad v1 spacing"},
      {"PROXY TCP4  192.0.2.1 192.0.2.2 1 2\r\n", "bad v1 spacing"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 1 2 \r\n", "bad v1 spacing"},
      {"PROXY TCP4 192.0.2.1\t192.0.2.2 1 2\r\n", "wrong number of v1 fields"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 1\r\n", "wrong number of v1 fields"},
      {"PROXY TCP4 192.0.2.1 192.0.2.2 1 2 3\r\n", "wrong number of v1 fields"},
      {"PROXY \r\n", "bad v1 spacing"},
      {"PROXY tcp4 192.0.2.1 192.0.2.2 1 2\r\n", "bad v1 protocol"},
      {"PROXY UDP4 192.0.2.1 192.0.2.2 1 2\r\n", "bad v1 protocol"},
  };
  for (const auto& [header, reason] : cases) EXPECT_EQ(error_of(header), reason) << header;
}

TEST(ProxyHeaderV1, RefusesALineEndOtherThanCrlfAtIt) {
  // A bare LF fails at once; the bytes after it are not waited for.
  const Parsed bare_lf = parse("PROXY UNKNOWN\nTIME\r\n");
  EXPECT_EQ(bare_lf.status, Status::error);
  EXPECT_EQ(bare_lf.error, "PROXY v1 line does not end in CRLF");
  EXPECT_EQ(bare_lf.consumed, 14u);
  EXPECT_EQ(error_of("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\n"), "PROXY v1 line does not end in CRLF");
  EXPECT_EQ(error_of("PROXY UNKNOWN\r\r\n"), "PROXY v1 line does not end in CRLF");
  EXPECT_EQ(error_of("PROXY UNKNOWN\rx"), "PROXY v1 line does not end in CRLF");
  // Without its line end the header is not finished.
  EXPECT_EQ(parse("PROXY TCP4 192.0.2.1 192.0.2.2 1 2").status, Status::need_more);
}

TEST(ProxyHeaderV1, AtMost107BytesAndRefusedTheByteThatPassesTheLimit) {
  const std::string at_limit = "PROXY UNKNOWN " + std::string(91, 'x') + "\r\n";
  ASSERT_EQ(at_limit.size(), 107u);
  EXPECT_EQ(parse(at_limit).status, Status::done);
  const std::string past_limit = "PROXY UNKNOWN " + std::string(92, 'x') + "\r\n";
  EXPECT_EQ(error_of(past_limit), "PROXY v1 header longer than 107 bytes");

  // 105 bytes without a line end leave room for the CRLF; a 106th byte that is not its CR
  // leaves none, and fails then, not at byte 108 or when a line end comes.
  const std::string no_end = "PROXY TCP4 " + std::string(97, '1');
  ProxyHeaderParser parser;
  for (std::size_t i = 0; i < 105; ++i) {
    std::string_view byte = std::string_view(no_end).substr(i, 1);
    ASSERT_EQ(parser.feed(byte), Status::need_more) << "byte " << i + 1;
  }
  std::string_view byte = std::string_view(no_end).substr(105, 1);
  EXPECT_EQ(parser.feed(byte), Status::error);
  EXPECT_EQ(parser.error(), "PROXY v1 header longer than 107 bytes");
  EXPECT_EQ(parser.consumed(), 106u);
  EXPECT_EQ(error_of(no_end), "PROXY v1 header longer than 107 bytes");
}

TEST(ProxyHeaderV2, Tcp4IsProxiedWithItsSourceAndDestination) {
  const std::string header = v2(0x21, 0x11, kV4Block);
  const Parsed parsed = parse(header);
  ASSERT_EQ(parsed.status, Status::done) << parsed.error;
  EXPECT_FALSE(parsed.local);
  EXPECT_EQ(parsed.source, peer("192.0.2.1", 40000));
  EXPECT_EQ(parsed.destination, peer("198.51.100.2", 45000));
  EXPECT_EQ(parsed.consumed, 28u);
}

TEST(ProxyHeaderV2, Tcp6IsProxiedWithItsSourceAndDestination) {
  const Parsed parsed = parse(v2(0x21, 0x21, v6_block()));
  ASSERT_EQ(parsed.status, Status::done) << parsed.error;
  EXPECT_FALSE(parsed.local);
  EXPECT_EQ(parsed.source, peer("2001:db8::1", 40000));
  EXPECT_EQ(parsed.destination, peer("2001:db8::2", 45000));
  EXPECT_EQ(parsed.consumed, 52u);
}

TEST(ProxyHeaderV2, LocalIsLocalAndItsFamilyAndAddressIgnored) {
  for (const std::string& header :
       {v2(0x20, 0x00, ""), v2(0x20, 0x11, kV4Block), v2(0x20, 0x12, "x"), v2(0x20, 0xff, "")}) {
    const Parsed parsed = parse(header + "TIME\r\n");
    ASSERT_EQ(parsed.status, Status::done) << parsed.error;
    EXPECT_TRUE(parsed.local);
    EXPECT_EQ(parsed.source, Peer{});
    EXPECT_EQ(parsed.rest, "TIME\r\n");
  }
}

TEST(ProxyHeaderV2, UnspecAndUnixAreLocalAndTheirBlockSkipped) {
  for (const std::string& header :
       {v2(0x21, 0x00, ""), v2(0x21, 0x00, "abc"), v2(0x21, 0x31, std::string(216, 'u')),
        v2(0x21, 0x32, std::string(220, 'u'))}) {
    const Parsed parsed = parse(header + "TIME\r\n");
    ASSERT_EQ(parsed.status, Status::done) << parsed.error;
    EXPECT_TRUE(parsed.local);
    EXPECT_EQ(parsed.consumed, header.size());
    EXPECT_EQ(parsed.rest, "TIME\r\n");
  }
}

TEST(ProxyHeaderV2, RefusesUdpAndUnknownFamiliesAtTheirByte) {
  const Parsed udp = parse(v2(0x21, 0x12, kV4Block).substr(0, 14));
  EXPECT_EQ(udp.status, Status::error);
  EXPECT_EQ(udp.error, "PROXY v2 header for UDP (jamd serves TCP only)");
  EXPECT_EQ(error_of(v2(0x21, 0x22, v6_block())), "PROXY v2 header for UDP (jamd serves TCP only)");
  for (const std::uint8_t family : {0x01, 0x10, 0x13, 0x23, 0x30, 0x41, 0xff}) {
    EXPECT_EQ(error_of(v2(0x21, family, kV4Block).substr(0, 14)),
              "unsupported PROXY v2 address family")
        << int{family};
  }
}

TEST(ProxyHeaderV2, RefusesOtherVersionsAndCommandsAtTheirByte) {
  for (const std::uint8_t version_command : {0x11, 0x31, 0x01, 0xf1}) {
    const Parsed parsed = parse(v2(version_command, 0x11, kV4Block).substr(0, 13));
    EXPECT_EQ(parsed.status, Status::error) << int{version_command};
    EXPECT_EQ(parsed.error, "unsupported PROXY v2 version") << int{version_command};
  }
  for (const std::uint8_t version_command : {0x22, 0x2f}) {
    EXPECT_EQ(error_of(v2(version_command, 0x11, kV4Block).substr(0, 13)),
              "unsupported PROXY v2 command")
        << int{version_command};
  }
}

TEST(ProxyHeaderV2, RefusesAnAddressBlockLongerThanTheDeclaredLength) {
  const std::string reason = "PROXY v2 address block longer than the declared length";
  // Decided with the length's last byte: the block's bytes are not waited for.
  EXPECT_EQ(error_of(v2(0x21, 0x11, kV4Block, 11).substr(0, 16)), reason);
  EXPECT_EQ(error_of(v2(0x21, 0x11, "", 0)), reason);
  EXPECT_EQ(error_of(v2(0x21, 0x21, v6_block(), 35)), reason);
  EXPECT_EQ(error_of(v2(0x21, 0x21, kV4Block)), reason);  // an IPv4 block for IPv6
  EXPECT_EQ(error_of(v2(0x21, 0x31, std::string(215, 'u'))), reason);
}

TEST(ProxyHeaderV2, NeedsMoreUntilTheDeclaredLengthIsIn) {
  const std::string header = v2(0x21, 0x21, v6_block() + "\x04\x00\x02zz");  // one NOOP TLV
  for (std::size_t size = 0; size < header.size(); ++size) {
    const Parsed parsed = parse(header.substr(0, size));
    EXPECT_EQ(parsed.status, Status::need_more) << size << " bytes: " << parsed.error;
    EXPECT_EQ(parsed.consumed, size);
  }
  EXPECT_EQ(parse(header).status, Status::done);
}

TEST(ProxyHeaderV2, TlvsAfterTheAddressAreSkippedAndTheClientsBytesKept) {
  // PP2_TYPE_ALPN "jamd", PP2_TYPE_AUTHORITY "example.com", PP2_TYPE_NOOP.
  const std::string tlvs =
      "\x01\x00\x04jamd\x02\x00\x0b"
      "example.com\x04\x00\x00"s;
  const std::string header = v2(0x21, 0x11, kV4Block + tlvs);
  const Parsed parsed = parse(header + "TIME\r\nHELP\r\n");
  ASSERT_EQ(parsed.status, Status::done) << parsed.error;
  EXPECT_EQ(parsed.source, peer("192.0.2.1", 40000));
  EXPECT_EQ(parsed.consumed, header.size());
  EXPECT_EQ(parsed.rest, "TIME\r\nHELP\r\n");
}

TEST(ProxyHeaderV2, LargestTlvAreaIsSkippedByAParserOfFixedSize) {
  EXPECT_LT(sizeof(ProxyHeaderParser), 256u);
  const std::string block = kV4Block + std::string(65535 - kV4Block.size(), '\x04');
  const std::string stream = v2(0x21, 0x11, block) + "TIME\r\n";
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{1000}, std::size_t{4096}, kWhole}) {
    const Parsed parsed = parse(stream, chunk);
    ASSERT_EQ(parsed.status, Status::done) << chunk << ": " << parsed.error;
    EXPECT_EQ(parsed.consumed, 16u + 65535u) << chunk;
    EXPECT_EQ(parsed.source, peer("192.0.2.1", 40000)) << chunk;
    EXPECT_EQ(parsed.rest, "TIME\r\n") << chunk;
  }
  EXPECT_EQ(parse(stream.substr(0, stream.size() - 7)).status, Status::need_more);
}

TEST(ProxyHeader, BytesAfterTheHeaderStayInTheInput) {
  const std::string v1 = "PROXY TCP4 192.0.2.1 198.51.100.2 40000 45000\r\n";
  const std::string v2_header = v2(0x21, 0x11, kV4Block);
  for (const std::string& header : {v1, v2_header}) {
    ProxyHeaderParser parser;
    const std::string stream = header + "TIME\r\n";
    std::string_view input = stream;
    ASSERT_EQ(parser.feed(input), Status::done);
    EXPECT_EQ(input, "TIME\r\n");
    EXPECT_EQ(parser.consumed(), header.size());
  }
}

TEST(ProxyHeader, OtherProtocolsFailAtTheFirstByteThatCannotBeginAHeader) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"GET / HTTP/1.1\r\n", 1},
      {"TIME\r\n", 1},
      {"\x16\x03\x01"s, 1},
      {"PUT / HTTP/1.1\r\n", 2},
      {"PROXY\r\n", 6},
      {"proxy TCP4", 1},
      {"\r\nTIME\r\n", 3},
      {"\r\n\r\n\r\n", 5},
      {"\n", 1},
      {kV2Signature.substr(0, 11) + "X", 12},
  };
  for (const auto& [stream, bytes] : cases) {
    const Parsed parsed = parse(stream, 1);
    EXPECT_EQ(parsed.status, Status::error) << stream;
    EXPECT_EQ(parsed.error, "not a PROXY header") << stream;
    EXPECT_EQ(parsed.consumed, bytes) << stream;
  }
  // A prefix of either signature may still become a header.
  EXPECT_EQ(parse("PROX").status, Status::need_more);
  EXPECT_EQ(parse(kV2Signature.substr(0, 5)).status, Status::need_more);
}

TEST(ProxyHeader, SameResultHoweverTheBytesAreCut) {
  const std::vector<std::string> streams = {
      "PROXY TCP4 192.0.2.1 198.51.100.2 40000 45000\r\nTIME\r\n",
      "PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n",
      "PROXY UNKNOWN\r\nHELP\r\n",
      "PROXY TCP4 192.0.2.1 198.51.100.2 40000 45000\n",
      "PROXY TCP4 192.0.2.1 198.51.100.2 40000 4500x\r\n",
      v2(0x21, 0x11, kV4Block + "\x04\x00\x01z") + "TIME\r\n",
      v2(0x21, 0x21, v6_block()),
      v2(0x20, 0x00, std::string(300, 'x')) + "QUIT\r\n",
      v2(0x21, 0x11, "", 3),
      "GET / HTTP/1.1\r\n",
  };
  for (const std::string& stream : streams) {
    const Parsed whole = parse(stream);
    ASSERT_NE(whole.status, Status::need_more) << stream;
    for (std::size_t chunk = 1; chunk <= 7; ++chunk) {
      const Parsed cut = parse(stream, chunk);
      EXPECT_EQ(cut.status, whole.status) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.error, whole.error) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.consumed, whole.consumed) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.rest, whole.rest) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.local, whole.local) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.source, whole.source) << stream << " in pieces of " << chunk;
      EXPECT_EQ(cut.destination, whole.destination) << stream << " in pieces of " << chunk;
    }
  }
}

TEST(ProxyHeader, DoneAndErrorAreFinal) {
  ProxyHeaderParser done;
  std::string_view input = "PROXY UNKNOWN\r\n";
  ASSERT_EQ(done.feed(input), Status::done);
  std::string_view more = "PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n";
  EXPECT_EQ(done.feed(more), Status::done);
  EXPECT_EQ(more.size(), 36u);  // nothing read
  EXPECT_TRUE(done.local());

  ProxyHeaderParser failed;
  input = "X";
  ASSERT_EQ(failed.feed(input), Status::error);
  more = "PROXY UNKNOWN\r\n";
  EXPECT_EQ(failed.feed(more), Status::error);
  EXPECT_EQ(more.size(), 15u);
  EXPECT_EQ(failed.error(), "not a PROXY header");
  EXPECT_EQ(failed.consumed(), 1u);
}

TEST(ProxyHeaderWriter, HeadersRoundTripThroughTheParser) {
  const std::vector<std::pair<Peer, Peer>> pairs = {
      {peer("192.0.2.1", 40000), peer("198.51.100.2", 45000)},
      {peer("0.0.0.0", 0), peer("255.255.255.255", 65535)},
      {peer("2001:db8::1", 1), peer("::", 2)},
      {peer("192.0.2.1", 3), peer("2001:db8::2", 4)},  // mixed: written as IPv6
  };
  for (const auto& [source, destination] : pairs) {
    for (const std::string& header :
         {proxy_v1_header(source, destination), proxy_v2_header(source, destination)}) {
      const Parsed parsed = parse(header + "TIME\r\n");
      ASSERT_EQ(parsed.status, Status::done) << source.to_string() << ": " << parsed.error;
      EXPECT_FALSE(parsed.local);
      EXPECT_EQ(parsed.source, source);
      EXPECT_EQ(parsed.destination, destination);
      EXPECT_EQ(parsed.consumed, header.size());
      EXPECT_EQ(parsed.rest, "TIME\r\n");
    }
  }
  EXPECT_EQ(proxy_v1_header(pairs[0].first, pairs[0].second),
            "PROXY TCP4 192.0.2.1 198.51.100.2 40000 45000\r\n");
  EXPECT_EQ(proxy_v2_header(pairs[0].first, pairs[0].second), v2(0x21, 0x11, kV4Block));
  EXPECT_EQ(proxy_v1_header(pairs[3].first, pairs[3].second),
            "PROXY TCP6 ::ffff:192.0.2.1 2001:db8::2 3 4\r\n");
}

}  // namespace
}  // namespace jamd::core
