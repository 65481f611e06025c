#pragma once

// JSON string literals of any text, for the JSON log format. Pure functions, thread-safe.

#include <string_view>

#include <spdlog/common.h>

namespace jamd::log {

/// Appends `text` to `out` as a JSON string, quotes included: '"', '\' and every control
/// character below U+0020 escaped, and each byte that is not valid UTF-8 written as U+FFFD,
/// so that any bytes make a string a JSON parser accepts.
void append_json_string(std::string_view text, spdlog::memory_buf_t& out);

}  // namespace jamd::log
