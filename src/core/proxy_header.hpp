#pragma once

// Sans-I/O: the PROXY protocol header (HAProxy's send-proxy and send-proxy-v2) that a trusted
// proxy sends before its client's bytes. The acceptor feeds it what the socket gave until it is
// done, then serves the client under the address it carried; the fuzzer drives it directly.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/peer.hpp"

namespace jamd::core {

/// Reads one PROXY protocol header, version 1 (text) or 2 (binary), from the front of a
/// connection's byte stream; no I/O, no allocation, the same result however the bytes are cut.
///
/// Version 1: "PROXY TCP4 <src> <dst> <sport> <dport>\r\n", the same with TCP6, or
/// "PROXY UNKNOWN[ anything]\r\n", at most 107 bytes, single spaces, CRLF only, addresses valid
/// for their family and ports 0-65535 in decimal without sign or leading zero. Version 2: the
/// 12-byte signature, version 2, the LOCAL or PROXY command, TCP over IPv4 or IPv6 (UDP is an
/// error: jamd serves no datagrams), AF_UNSPEC or AF_UNIX (served as the proxy's own), then
/// the declared length of address block and TLVs, up to 65535 bytes; the TLVs are skipped
/// as they arrive, never buffered.
class ProxyHeaderParser {
 public:
  /// What feed() found.
  enum class Status { need_more, done, error };

  /// The longest version 1 header, CRLF included (the protocol's limit).
  static constexpr std::size_t kMaxV1Bytes = 107;

  /// Reads header bytes from the front of `input` and removes them from it. On need_more all
  /// of `input` was read; on done `input` holds the bytes after the header (the client's first
  /// bytes); on error the stream is no PROXY header and the connection should be closed. A
  /// byte that no header can hold is an error at once: "TIME" fails on its first byte. After
  /// done or error, feed() returns the same status again and reads nothing.
  Status feed(std::string_view& input);

  /// True when the header names no client to serve under: a version 2 LOCAL command, a
  /// version 1 "PROXY UNKNOWN", or a version 2 AF_UNSPEC or AF_UNIX address. The connection
  /// is then served as the proxy's own. Meaningful once feed() returned done.
  bool local() const { return local_; }

  /// The client's address and port, IPv4 held v4-mapped as in Peer; set once feed() returned
  /// done and local() is false.
  const Peer& source() const { return source_; }

  /// The address and port the client connected to, as the proxy saw them; set when source() is.
  const Peer& destination() const { return destination_; }

  /// Why feed() returned error, for the log ("bad v1 source port"); empty otherwise.
  std::string_view error() const { return error_; }

  /// How many bytes of the stream the parser has read: on done, the header's size.
  std::size_t consumed() const { return consumed_; }

 private:
  enum class State : std::uint8_t {
    signature,
    v1_line,
    v2_fixed,
    v2_address,
    v2_skip,
    done,
    error
  };

  /// Takes one byte in any state but v2_skip.
  void take(char byte);
  void take_signature_byte(char byte);
  void take_v1_byte(char byte);
  void take_v2_fixed_byte(char byte);
  /// Parses the complete version 1 line (CRLF excluded); done or error.
  void finish_v1(std::string_view line);
  /// Reads the version 2 address block, now complete; the TLVs are skipped next.
  void finish_v2_address();
  /// Skips the rest of the version 2 header, or ends it when nothing is left.
  void start_v2_skip(std::size_t bytes);
  void fail(std::string_view reason);

  State state_ = State::signature;
  bool proxy_command_ = false;  // version 2: PROXY rather than LOCAL
  std::uint8_t family_ = 0;     // version 2: the family and protocol byte
  std::uint8_t buffered_ = 0;   // bytes in buffer_
  std::uint8_t keep_ = 0;       // version 2: the bytes of buffer_ to fill, fixed part included
  std::uint16_t skip_ = 0;      // version 2: declared bytes still to skip
  std::uint32_t consumed_ = 0;
  bool local_ = false;
  // The version 1 line, or the version 2 fixed part and address block; never anything more.
  std::array<char, kMaxV1Bytes> buffer_{};
  Peer source_;
  Peer destination_;
  std::string_view error_;  // a string literal
};

}  // namespace jamd::core
