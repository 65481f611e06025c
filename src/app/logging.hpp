#pragma once

// jamd's log: main starts it and changes its level on reload; the config and the command
// line check level names with is_log_level().

#include <string>
#include <string_view>

namespace jamd::app {

/// The log levels, as the config and --log-level name them, for messages.
inline constexpr std::string_view kLogLevelNames =
    "trace, debug, info, warn, error, critical or off";

/// True when `level` is one of kLogLevelNames.
bool is_log_level(std::string_view level);

/// Sends the log to `file`, or to standard error when it is empty, from `level` up.
/// Throws spdlog::spdlog_ex when the file cannot be opened.
void start_logging(const std::string& level, const std::string& file);

/// Changes the level of the running log.
void set_log_level(const std::string& level);

}  // namespace jamd::app
