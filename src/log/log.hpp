#pragma once

// jamd's log lines: every line names its event (events.inc), whose fields name the arguments
// of its message. They go to spdlog's default logger, which main sets up (app/logging.hpp):
// the text format shows the message alone, as spdlog always has; the JSON format
// (json_formatter.hpp) adds the event and the fields. Usable from any thread.
//
//   log::warn(log::refused_access_denied, "refused {}: access denied ({})", peer, rule);
//
// The event and the arguments reach the formatter beside spdlog's message, through
// line_of(): the logger is synchronous, so its sinks format the line on the thread that
// writes it, while write() still holds the arguments.

#include <cstddef>
#include <span>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "log/events.hpp"

namespace jamd::log {

/// A log level, as spdlog names them.
using Level = spdlog::level::level_enum;

/// What a line being written carries besides its message: for the JSON formatter.
struct Line {
  const char* event;                    ///< the event's name
  std::span<const char* const> fields;  ///< the names of `args`, in order; "" for none
  fmt::format_args args;                ///< the arguments of the message
  std::string_view message;             ///< the message, as spdlog was given it
};

/// The line this thread is writing, when `payload` (a spdlog message) is its message;
/// nullptr for a line written to spdlog directly.
const Line* line_of(std::string_view payload);

/// True when a line at `level` would be written: to skip preparing its arguments otherwise.
inline bool enabled(Level level) {
  return spdlog::should_log(level);
}

/// Formats `line`'s message from `format` and writes it at `level`; never throws.
void write_line(Level level, Line& line, fmt::string_view format) noexcept;

/// Writes a line of `event` at `level`: `format` with `args`, which the event's fields name.
template <std::size_t N, typename... Args>
void write(Level level, const Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
  static_assert(N == sizeof...(Args), "the event's fields name every argument of its message");
  if (!enabled(level)) return;
  const auto store = fmt::make_format_args(args...);
  Line line{event.name, event.fields, store, {}};
  write_line(level, line, format);
}

/// write() at debug level.
template <std::size_t N, typename... Args>
void debug(const Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::debug, event, format, std::forward<Args>(args)...);
}

/// write() at info level.
template <std::size_t N, typename... Args>
void info(const Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::info, event, format, std::forward<Args>(args)...);
}

/// write() at warn level.
template <std::size_t N, typename... Args>
void warn(const Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::warn, event, format, std::forward<Args>(args)...);
}

/// write() at error level.
template <std::size_t N, typename... Args>
void error(const Event<N>& event, fmt::format_string<Args...> format, Args&&... args) {
  write(Level::err, event, format, std::forward<Args>(args)...);
}

}  // namespace jamd::log
