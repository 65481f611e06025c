// libFuzzer target: arbitrary bytes through the PROXY protocol header parser, as the acceptor
// feeds it what each read gave, checking what the acceptor relies on.
//
// Each input is fed three ways: whole, one byte at a time, and in chunks whose sizes come from
// a hash of the input (so every mutation also moves the cuts). The three must end alike: the
// same status, bytes used, reason, and source and destination. Every call must read no more
// than it was given, all of it on need_more; done and error must be final; a done header must
// be no longer than its version allows; and a proxied source must survive being written again
// by the header writers and parsed back.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/proxy_header.hpp"
#include "core/proxy_header_writer.hpp"

namespace {

using jamd::core::ProxyHeaderParser;
using Status = ProxyHeaderParser::Status;

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "proxy_fuzzer: %s\n", what);
  std::abort();
}

/// How one parser ended.
struct Outcome {
  Status status = Status::need_more;
  std::size_t consumed = 0;
  bool local = false;
  jamd::core::Peer source;
  jamd::core::Peer destination;
  std::string_view error;

  bool operator==(const Outcome&) const = default;
};

/// Feeds `input` in chunks of the sizes `next_chunk` gives until the parser stops needing more,
/// checking each call, then once more past the end to check that done and error are final.
template <typename NextChunk>
Outcome run(std::string_view input, NextChunk next_chunk) {
  ProxyHeaderParser parser;
  Status status = Status::need_more;
  std::size_t fed = 0;
  while (!input.empty() && status == Status::need_more) {
    std::string_view chunk = input.substr(0, next_chunk());
    const std::size_t before = chunk.size();
    const std::size_t consumed_before = parser.consumed();
    status = parser.feed(chunk);
    check(chunk.size() <= before, "feed grew its input");
    const std::size_t used = before - chunk.size();
    check(parser.consumed() == consumed_before + used, "consumed() is not what feed read");
    check(status != Status::need_more || chunk.empty(), "need_more left input unread");
    check(chunk.data() == input.data() + used, "feed did not read from the front");
    fed += used;
    input.remove_prefix(used);
  }
  check(parser.consumed() == fed, "consumed() differs from the bytes read");
  check((status == Status::error) == !parser.error().empty(), "a reason without an error");
  if (status != Status::need_more) {
    std::string_view more = "PROXY UNKNOWN\r\n";
    check(parser.feed(more) == status, "done or error was not final");
    check(more.size() == 15 && parser.consumed() == fed, "read past done or error");
  }
  return {status,          parser.consumed(),    parser.local(),
          parser.source(), parser.destination(), parser.error()};
}

/// A header that the writers produce for a proxied source must parse back to it.
void check_round_trip(const Outcome& outcome) {
  for (const std::string& header :
       {jamd::core::proxy_v1_header(outcome.source, outcome.destination),
        jamd::core::proxy_v2_header(outcome.source, outcome.destination)}) {
    const Outcome again = run(header, [&] { return header.size(); });
    check(again.status == Status::done && !again.local, "a written header was refused");
    check(again.consumed == header.size(), "a written header was not read whole");
    check(again.source == outcome.source && again.destination == outcome.destination,
          "a written header parsed to other addresses");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const Outcome whole = run(input, [&] { return input.size(); });
  const Outcome bytewise = run(input, [] { return std::size_t{1}; });
  check(bytewise == whole, "fed byte by byte, the outcome differs");

  std::uint64_t hash = 14695981039346656037u;  // FNV-1a, then xorshift for the chunk sizes
  for (const std::uint8_t b : input) hash = (hash ^ b) * 1099511628211u;
  const Outcome chunked = run(input, [&] {
    hash ^= hash << 13, hash ^= hash >> 7, hash ^= hash << 17;
    return static_cast<std::size_t>(1 + hash % 64);
  });
  check(chunked == whole, "fed in chunks, the outcome differs");

  if (whole.status == Status::need_more) check(whole.consumed == size, "need_more left bytes");
  if (whole.status != Status::done) return 0;
  if (input[0] == 'P') {
    check(whole.consumed <= ProxyHeaderParser::kMaxV1Bytes, "a v1 header past 107 bytes");
  } else {
    const std::size_t declared = std::size_t{data[14]} << 8 | data[15];
    check(whole.consumed == 16 + declared, "a v2 header not of its declared length");
  }
  if (!whole.local) check_round_trip(whole);
  return 0;
}
