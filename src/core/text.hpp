#pragma once

// UTF-8 checks and the sanitiser for echoed input: for the registry, the commands, the core's
// log lines and the JSON log format. Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace jamd::core {

/// True when `text` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view text);

/// True when `text` is valid UTF-8 without control characters other than space and tab.
bool is_printable_utf8(std::string_view text);

/// `text` with each byte that is not part of valid UTF-8 replaced by U+FFFD, and everything
/// else as it was, control characters included: for text that must be UTF-8 (a JSON log line).
std::string to_utf8(std::string_view text);

/// `text` made safe to echo in a reply: invalid UTF-8 and control characters each become
/// U+FFFD, and anything past `max_chars` characters becomes "...". The result is one line.
std::string sanitize(std::string_view text, std::size_t max_chars = 40);

}  // namespace jamd::core
