#pragma once

// jamd's log: main starts it, changes its level and format on reload, and reopens its file on
// SIGUSR1; the config and the command line check level and format names here. What is
// logged, and how a line names its event and fields, is src/log's.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>

namespace jamd::app {

/// The log levels, as the config and --log-level name them, for messages.
inline constexpr std::string_view kLogLevelNames =
    "trace, debug, info, warn, error, critical or off";

/// The log formats, as logging.format names them, for messages.
inline constexpr std::string_view kLogFormatNames = "text or json";

/// True when `level` is one of kLogLevelNames.
bool is_log_level(std::string_view level);

/// True when `format` is one of kLogFormatNames.
bool is_log_format(std::string_view format);

/// The formatter of the log format `format`: "text" ("2024-12-31 23:59:59.999 info listening
/// on [::]:45000") or "json" (log/json_formatter.hpp).
std::unique_ptr<spdlog::formatter> make_log_formatter(std::string_view format);

/// Sends the log to `file`, or to standard error when it is empty, from `level` up, in
/// `format`. Throws spdlog::spdlog_ex when the file cannot be opened.
void start_logging(const std::string& level, const std::string& format, const std::string& file);

/// Changes the level of the running log.
void set_log_level(const std::string& level);

/// Changes the format of the running log, from its next line on.
void set_log_format(const std::string& format);

/// SIGUSR1: opens the log file anew at its path (logrotate renamed it) and logs that it did;
/// when it cannot, logs why and writes on to the file it had.
void reopen_log();

}  // namespace jamd::app
