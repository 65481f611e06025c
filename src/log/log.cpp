#include "log/log.hpp"

namespace jamd::log {
namespace {

/// The line this thread is in the middle of writing.
thread_local const Line* writing = nullptr;

}  // namespace

const Line* line_of(std::string_view payload) {
  // The very message write_line() handed spdlog, not merely an equal one: a line written to
  // spdlog directly never takes another line's event and fields.
  if (writing == nullptr || writing->message.data() != payload.data() ||
      writing->message.size() != payload.size()) {
    return nullptr;
  }
  return writing;
}

void write_line(Level level, Line& line, fmt::string_view format) noexcept {
  try {
    fmt::memory_buffer message;
    fmt::vformat_to(fmt::appender(message), format, line.args);
    line.message = std::string_view(message.data(), message.size());
    writing = &line;
    spdlog::default_logger_raw()->log(level, spdlog::string_view_t(message.data(), message.size()));
  } catch (...) {
    // As with spdlog's own calls, a log line never throws into the code that writes it; the
    // format was checked when it was compiled, so only a lack of memory lands here.
  }
  writing = nullptr;
}

}  // namespace jamd::log
