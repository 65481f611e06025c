#include "app/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <initializer_list>

namespace jamd::app {

bool is_log_level(std::string_view level) {
  for (const std::string_view known :
       {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    if (level == known) return true;
  }
  return false;
}

void start_logging(const std::string& level, const std::string& file) {
  std::shared_ptr<spdlog::logger> logger =
      file.empty() ? spdlog::stderr_logger_mt("jamd") : spdlog::basic_logger_mt("jamd", file);
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  set_log_level(level);
}

void set_log_level(const std::string& level) {
  // The level was checked against the known names: from_str maps unknown names to "off".
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace jamd::app
