#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <initializer_list>

#include "log/file_sink.hpp"
#include "log/json_formatter.hpp"
#include "log/log.hpp"

namespace jamd::app {
namespace {

/// The log file, when there is one: SIGUSR1 reopens it. Set once at start, on the main thread,
/// which takes the signals.
std::shared_ptr<log::FileSink> file_sink;

}  // namespace

bool is_log_level(std::string_view level) {
  for (const std::string_view known :
       {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    if (level == known) return true;
  }
  return false;
}

bool is_log_format(std::string_view format) {
  return format == "text" || format == "json";
}

std::unique_ptr<spdlog::formatter> make_log_formatter(std::string_view format) {
  if (format == "json") return std::make_unique<log::JsonFormatter>();
  return std::make_unique<spdlog::pattern_formatter>("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
}

void start_logging(const std::string& level, const std::string& format, const std::string& file) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    file_sink = std::make_shared<log::FileSink>(file);
    sink = file_sink;
  }
  // Synchronous, as src/log needs: each line is formatted on the thread that writes it.
  auto logger = std::make_shared<spdlog::logger>("jamd", std::move(sink));
  logger->set_formatter(make_log_formatter(format));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  set_log_level(level);
}

void set_log_level(const std::string& level) {
  // The level was checked against the known names: from_str maps unknown names to "off".
  spdlog::set_level(spdlog::level::from_str(level));
}

void set_log_format(const std::string& format) {
  // Each sink swaps its formatter under its own lock: a line is in one format or the other.
  spdlog::default_logger_raw()->set_formatter(make_log_formatter(format));
}

void reopen_log() {
  if (file_sink == nullptr) {
    log::info(log::log_reopen_skipped, "SIGUSR1: jamd logs to standard error: nothing to reopen");
    return;
  }
  if (const std::error_code error = file_sink->reopen()) {
    log::error(log::log_reopen_failed,
               "SIGUSR1: cannot reopen {}: {}; writing on to the file open before",
               file_sink->path(), error.message());
    return;
  }
  log::info(log::log_reopened, "SIGUSR1: reopened {}", file_sink->path());
}

}  // namespace jamd::app
