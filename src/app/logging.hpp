#pragma once

#include <string>

namespace jamd::app {

/// Sends the log to `file`, or to standard error when it is empty, from `level` up.
/// Throws spdlog::spdlog_ex when the file cannot be opened.
void start_logging(const std::string& level, const std::string& file);

/// Changes the level of the running log.
void set_log_level(const std::string& level);

}  // namespace jamd::app
