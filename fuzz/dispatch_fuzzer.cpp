// libFuzzer target: arbitrary bytes through the line parser, the HTTP probe and the registry
// of the built-in defaults (config/jamd.json, compiled in), as a session feeds them, checking
// what a client would see.
//
// Each input is fed three ways: whole, one byte at a time, and in chunks whose sizes come
// from a hash of the input (so every mutation also moves the cuts). Partial lines, a "\r\n"
// or a telnet sequence split across segments must not change a thing: the three replies must
// be equal. Every reply must keep the contract of Command::run: whole CRLF lines of valid
// UTF-8, one per non-blank line, at most kMaxReplyBytes each. The registry's own check of that
// contract is on in fuzz builds; the checks here are written apart from it, and a reply it
// had to replace (ERR internal error) fails too.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "app/builtin_commands.hpp"
#include "app/config.hpp"
#include "commands/command.hpp"
#include "commands/registry.hpp"
#include "core/http_probe.hpp"
#include "core/line_parser.hpp"
#include "core/replies.hpp"

namespace {

using jamd::core::LineParser;
using jamd::core::Outcome;

/// The client every input comes from.
const jamd::core::Peer kPeer{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1}, 40000};

void check(bool ok, const char* what, std::string_view detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "dispatch_fuzzer: %s: '%.*s'\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

/// The commands of the built-in defaults, with a fixed clock so that TIME replies are
/// repeatable.
const jamd::commands::Registry& shipped_registry() {
  static const std::shared_ptr<const jamd::commands::Registry> registry = jamd::app::build_registry(
      jamd::app::default_settings().commands, jamd::app::builtin_command_types(),
      {.clock = [] { return std::chrono::system_clock::time_point(std::chrono::hours(1)); }});
  return *registry;
}

/// What the registry grants kPeer, worked out once as a session does when it is admitted.
const jamd::core::Grants& granted() {
  static const jamd::core::Grants grants = [] {
    jamd::core::Grants g;
    shipped_registry().grant(kPeer, g);
    return g;
  }();
  return grants;
}

/// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF), written apart from
/// jamd's own check so that a bug there cannot hide itself.
bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned lead = byte(i);
    std::size_t length = 0;
    unsigned cp = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF)
      length = 2, cp = lead & 0x1F;
    else if (lead >= 0xE0 && lead <= 0xEF)
      length = 3, cp = lead & 0x0F;
    else if (lead >= 0xF0 && lead <= 0xF4)
      length = 4, cp = lead & 0x07;
    else
      return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

/// One reply: a single line ending in "\r\n", valid UTF-8, no longer than kMaxReplyBytes.
void check_reply(std::string_view reply) {
  check(reply.size() >= 2 && reply.ends_with("\r\n"), "reply does not end in CRLF", reply);
  const std::string_view body = reply.substr(0, reply.size() - 2);
  check(body.find_first_of("\r\n") == std::string_view::npos, "CR or LF inside a reply", reply);
  check(valid_utf8(body), "reply is not valid UTF-8", reply);
  check(reply.size() <= jamd::commands::kMaxReplyBytes, "reply is too long", reply);
  check(body != "ERR internal error", "a command broke the reply contract", reply);
}

/// Feeds `input` to a new session's parser in chunks of the sizes `next_chunk` gives, as
/// Session::answer does (an HTTP first line closes the session); returns all the replies.
template <typename NextChunk>
std::string run_session(std::string_view input, NextChunk next_chunk) {
  const auto& registry = shipped_registry();
  const jamd::core::Context context{kPeer, jamd::core::Listener::main, granted()};
  const std::size_t max_line_bytes = jamd::app::default_settings().limits.max_line_bytes;
  LineParser parser;
  std::string out;
  bool first_line = true;
  while (!input.empty()) {
    std::string_view chunk = input.substr(0, next_chunk());
    input.remove_prefix(chunk.size());
    while (true) {
      const std::size_t before = chunk.size();
      const auto status = parser.next(chunk, max_line_bytes);
      check(chunk.size() < before || before == 0, "parser consumed nothing");
      if (status == LineParser::Status::need_more) {
        check(chunk.empty(), "need_more left input");
        break;
      }
      if (status == LineParser::Status::too_long) {
        jamd::core::replies::line_too_long(out);
        return out;  // the session closes
      }
      const std::string_view line = parser.line();
      check(line.size() <= max_line_bytes, "line longer than the limit", line);
      const std::size_t start = out.size();
      const Outcome outcome = registry.dispatch(context, line, out);
      if (outcome.kind == Outcome::Kind::not_a_command) {
        check(out.size() == start, "a line that is no command got a reply", line);
        check(!outcome.command.empty(), "no command word for a line that is no command", line);
        if (first_line && jamd::core::looks_like_http(line)) {
          return out;  // a browser or a cross-protocol attack: closed without a reply
        }
        registry.answered_unknown();
        jamd::core::replies::not_a_command(out, line, outcome.command);
      }
      first_line = false;
      const std::string_view reply = std::string_view(out).substr(start);
      if (outcome.ends_session()) {
        check(reply.empty(), "a closing command replied", reply);
        return out;
      }
      if (blank(line)) {
        check(reply.empty(), "a blank line got a reply", reply);
      } else {
        check_reply(reply);
        // Without a command found (bytes that are not text), only the host's errors.
        check(!outcome.command.empty() || reply.starts_with("ERR "), "reply of an unknown kind",
              reply);
      }
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::string whole = run_session(input, [&] { return input.size(); });
  const std::string bytewise = run_session(input, [] { return std::size_t{1}; });
  check(bytewise == whole, "replies differ when fed byte by byte", bytewise);

  std::uint64_t hash = 14695981039346656037u;  // FNV-1a, then xorshift for the chunk sizes
  for (const std::uint8_t b : input) hash = (hash ^ b) * 1099511628211u;
  const std::string chunked = run_session(input, [&] {
    hash ^= hash << 13, hash ^= hash >> 7, hash ^= hash << 17;
    return static_cast<std::size_t>(1 + hash % 64);
  });
  check(chunked == whole, "replies differ when fed in chunks", chunked);
  return 0;
}
