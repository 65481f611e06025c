#pragma once

// The JSON log format (logging.format "json"): one JSON object a line, for Loki or journald
// forwarding. Its members, in this order:
//   time   the local time, RFC 3339 with milliseconds and the UTC offset
//   level  spdlog's name of the level, as the text format shows it ("info", "warning", ...)
//   event  the kind of line (events.inc); "other" for a line written to spdlog directly
//   msg    the text format's message
// then the line's fields (log.hpp), numbers as JSON numbers and the rest as strings.

#include <chrono>
#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace jamd::log {

/// Formats each spdlog message as a JSON line. Like any spdlog formatter, one instance is
/// used by one sink, under its lock.
class JsonFormatter final : public spdlog::formatter {
 public:
  /// Writes `msg` as one JSON object and a newline to `dest`.
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  /// A new formatter (it holds nothing but a cache of the current second).
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  /// The local time of the second `second` began, and its offset: the parts of "time" that
  /// change once a second, worked out once a second.
  void cache_second(std::chrono::seconds second);

  std::chrono::seconds cached_second_{-1};
  std::string date_time_;  ///< "2024-12-31T23:59:59"
  std::string offset_;     ///< "+07:00"
};

}  // namespace jamd::log
