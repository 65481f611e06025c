#include "core/proxy_header.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace jamd::core {
namespace {

constexpr std::string_view kV1Signature = "PROXY ";
constexpr std::string_view kV2Signature{"\r\n\r\n\0\r\nQUIT\n", 12};
constexpr std::size_t kV2FixedBytes = 16;  // signature, version and command, family, length

// Version 2 family and protocol bytes (the protocol's only valid ones).
constexpr std::uint8_t kUnspec = 0x00;
constexpr std::uint8_t kTcp4 = 0x11;
constexpr std::uint8_t kUdp4 = 0x12;
constexpr std::uint8_t kTcp6 = 0x21;
constexpr std::uint8_t kUdp6 = 0x22;
constexpr std::uint8_t kUnixStream = 0x31;
constexpr std::uint8_t kUnixDatagram = 0x32;

constexpr std::string_view kNotProxy = "not a PROXY header";
constexpr std::string_view kV1TooLong = "PROXY v1 header longer than 107 bytes";
constexpr std::string_view kV1NoCrlf = "PROXY v1 line does not end in CRLF";
constexpr std::string_view kV1Spacing = "bad v1 spacing";
constexpr std::string_view kV1Protocol = "bad v1 protocol";
constexpr std::string_view kV1FieldCount = "wrong number of v1 fields";
constexpr std::string_view kV1Source = "bad v1 source address";
constexpr std::string_view kV1Destination = "bad v1 destination address";
constexpr std::string_view kV1SourcePort = "bad v1 source port";
constexpr std::string_view kV1DestinationPort = "bad v1 destination port";
constexpr std::string_view kV2Version = "unsupported PROXY v2 version";
constexpr std::string_view kV2Command = "unsupported PROXY v2 command";
constexpr std::string_view kV2Family = "unsupported PROXY v2 address family";
constexpr std::string_view kV2Udp = "PROXY v2 header for UDP (jamd serves TCP only)";
constexpr std::string_view kV2Length = "PROXY v2 address block longer than the declared length";

/// The address block's size for a PROXY command's family byte (0 for AF_UNSPEC).
std::size_t address_block_bytes(std::uint8_t family) {
  switch (family) {
    case kTcp4:
      return 12;
    case kTcp6:
      return 36;
    case kUnixStream:
    case kUnixDatagram:
      return 216;
    default:
      return 0;
  }
}

std::uint8_t at(const std::array<char, ProxyHeaderParser::kMaxV1Bytes>& buffer, std::size_t i) {
  return static_cast<std::uint8_t>(buffer[i]);
}

/// A version 1 address of `family` (AF_INET or AF_INET6) into `peer`, IPv4 v4-mapped.
bool parse_v1_address(std::string_view text, int family, Peer& peer) {
  // inet_pton reads a C string: a NUL or any other byte inside the field must not end it early.
  char copy[INET6_ADDRSTRLEN] = {};
  if (text.empty() || text.size() >= sizeof copy ||
      text.find_first_not_of("0123456789abcdefABCDEF.:") != std::string_view::npos) {
    return false;
  }
  std::memcpy(copy, text.data(), text.size());
  peer.address = {};
  if (family == AF_INET6) return ::inet_pton(AF_INET6, copy, peer.address.data()) == 1;
  peer.address[10] = peer.address[11] = 0xff;
  return ::inet_pton(AF_INET, copy, peer.address.data() + 12) == 1;
}

/// A version 1 port: 0-65535 in decimal, digits only, no leading zero (senders write none,
/// so one means a broken or forged header).
bool parse_v1_port(std::string_view text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5 || (text.size() > 1 && text[0] == '0')) return false;
  std::uint32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

ProxyHeaderParser::Status ProxyHeaderParser::feed(std::string_view& input) {
  while (!input.empty() && state_ != State::done && state_ != State::error) {
    if (state_ == State::v2_skip) {
      // TLVs and the rest of the declared length: counted off in bulk, never stored.
      const std::size_t n = std::min<std::size_t>(skip_, input.size());
      skip_ = static_cast<std::uint16_t>(skip_ - n);
      consumed_ += static_cast<std::uint32_t>(n);
      input.remove_prefix(n);
      if (skip_ == 0) state_ = State::done;
      continue;
    }
    const char byte = input.front();
    input.remove_prefix(1);
    ++consumed_;
    take(byte);
  }
  if (state_ == State::done) return Status::done;
  return state_ == State::error ? Status::error : Status::need_more;
}

void ProxyHeaderParser::take(char byte) {
  switch (state_) {
    case State::signature:
      return take_signature_byte(byte);
    case State::v1_line:
      return take_v1_byte(byte);
    case State::v2_fixed:
      return take_v2_fixed_byte(byte);
    case State::v2_address:
      buffer_[buffered_++] = byte;
      if (buffered_ == keep_) finish_v2_address();
      return;
    default:
      return;
  }
}

void ProxyHeaderParser::take_signature_byte(char byte) {
  // The two signatures differ in their first byte, which picks the one to match.
  const bool v1 = (buffered_ == 0 ? byte : buffer_[0]) == kV1Signature[0];
  const std::string_view signature = v1 ? kV1Signature : kV2Signature;
  if (byte != signature[buffered_]) return fail(kNotProxy);
  buffer_[buffered_++] = byte;
  if (buffered_ == signature.size()) state_ = v1 ? State::v1_line : State::v2_fixed;
}

void ProxyHeaderParser::take_v1_byte(char byte) {
  buffer_[buffered_++] = byte;
  if (buffer_[buffered_ - 2] == '\r') {
    if (byte != '\n') return fail(kV1NoCrlf);
    return finish_v1(std::string_view(buffer_.data(), buffered_ - 2));
  }
  if (byte == '\n') return fail(kV1NoCrlf);
  // Fail with the first byte that leaves no room for the CRLF within the limit, rather than
  // waiting for bytes that could only make it longer.
  if (buffered_ >= kMaxV1Bytes - 1 && byte != '\r') fail(kV1TooLong);
}

void ProxyHeaderParser::finish_v1(std::string_view line) {
  std::string_view rest = line.substr(kV1Signature.size());
  // UNKNOWN: the proxy could not tell the client's address; what follows it is to be ignored.
  if (rest == "UNKNOWN" || rest.starts_with("UNKNOWN ")) {
    local_ = true;
    state_ = State::done;
    return;
  }
  std::array<std::string_view, 5> fields;
  std::size_t count = 0;
  while (true) {
    const std::size_t space = rest.find(' ');
    const std::string_view field = rest.substr(0, space);
    if (field.empty()) return fail(kV1Spacing);
    if (count == fields.size()) return fail(kV1FieldCount);
    fields[count++] = field;
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  if (fields[0] != "TCP4" && fields[0] != "TCP6") return fail(kV1Protocol);
  if (count != fields.size()) return fail(kV1FieldCount);
  const int family = fields[0] == "TCP4" ? AF_INET : AF_INET6;
  Peer source;
  Peer destination;
  if (!parse_v1_address(fields[1], family, source)) return fail(kV1Source);
  if (!parse_v1_address(fields[2], family, destination)) return fail(kV1Destination);
  if (!parse_v1_port(fields[3], source.port)) return fail(kV1SourcePort);
  if (!parse_v1_port(fields[4], destination.port)) return fail(kV1DestinationPort);
  source_ = source;
  destination_ = destination;
  state_ = State::done;
}

void ProxyHeaderParser::take_v2_fixed_byte(char byte) {
  buffer_[buffered_++] = byte;
  const auto value = static_cast<std::uint8_t>(byte);
  if (buffered_ == 13) {  // version and command: each decided as soon as its byte is in
    if (value >> 4 != 2) return fail(kV2Version);
    if ((value & 0x0f) > 1) return fail(kV2Command);
    proxy_command_ = (value & 0x0f) == 1;
    return;
  }
  if (buffered_ == 14) {
    family_ = value;
    // A LOCAL command's family is to be ignored (health checks send anything there).
    if (!proxy_command_) return;
    if (family_ == kUdp4 || family_ == kUdp6) return fail(kV2Udp);
    if (family_ != kUnspec && family_ != kTcp4 && family_ != kTcp6 && family_ != kUnixStream &&
        family_ != kUnixDatagram) {
      return fail(kV2Family);
    }
    return;
  }
  if (buffered_ < kV2FixedBytes) return;
  const std::size_t length = std::size_t{at(buffer_, 14)} << 8 | at(buffer_, 15);
  const std::size_t block = proxy_command_ ? address_block_bytes(family_) : 0;
  if (length < block) return fail(kV2Length);
  local_ =
      !proxy_command_ || family_ == kUnspec || family_ == kUnixStream || family_ == kUnixDatagram;
  const std::size_t kept = local_ ? 0 : block;  // only an IP address block is kept
  if (kept == 0) return start_v2_skip(length);
  keep_ = static_cast<std::uint8_t>(kV2FixedBytes + kept);
  skip_ = static_cast<std::uint16_t>(length - kept);
  state_ = State::v2_address;
}

void ProxyHeaderParser::finish_v2_address() {
  const auto port = [&](std::size_t i) {
    return static_cast<std::uint16_t>(at(buffer_, i) << 8 | at(buffer_, i + 1));
  };
  const char* block = buffer_.data() + kV2FixedBytes;
  source_.address = {};
  destination_.address = {};
  if (family_ == kTcp4) {
    source_.address[10] = source_.address[11] = 0xff;
    destination_.address[10] = destination_.address[11] = 0xff;
    std::memcpy(source_.address.data() + 12, block, 4);
    std::memcpy(destination_.address.data() + 12, block + 4, 4);
    source_.port = port(kV2FixedBytes + 8);
    destination_.port = port(kV2FixedBytes + 10);
  } else {
    std::memcpy(source_.address.data(), block, 16);
    std::memcpy(destination_.address.data(), block + 16, 16);
    source_.port = port(kV2FixedBytes + 32);
    destination_.port = port(kV2FixedBytes + 34);
  }
  start_v2_skip(skip_);
}

void ProxyHeaderParser::start_v2_skip(std::size_t bytes) {
  skip_ = static_cast<std::uint16_t>(bytes);
  state_ = bytes == 0 ? State::done : State::v2_skip;
}

void ProxyHeaderParser::fail(std::string_view reason) {
  error_ = reason;
  state_ = State::error;
}

}  // namespace jamd::core
