#include "log/json_formatter.hpp"

#include <cmath>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "log/json_string.hpp"
#include "log/log.hpp"

namespace jamd::log {
namespace {

/// The name of a line that came to spdlog without an event.
constexpr std::string_view kNoEvent = "other";

/// Writes one argument of a line as a JSON value: numbers and booleans as they are, anything
/// else as the string the message shows (a number that JSON cannot hold too: nan, inf).
class FieldWriter {
 public:
  FieldWriter(const fmt::format_args& args, int index, spdlog::memory_buf_t& out)
      : args_(args), index_(index), out_(out) {}

  template <typename T>
  void operator()(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.append(std::string_view(value ? "true" : "false"));
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, char>) {
      fmt::format_to(fmt::appender(out_), "{}", value);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (std::isfinite(value)) {
        fmt::format_to(fmt::appender(out_), "{}", value);
      } else {
        as_text();
      }
    } else if constexpr (std::is_same_v<T, const char*>) {
      append_json_string(value, out_);
    } else if constexpr (std::is_same_v<T, fmt::string_view>) {
      append_json_string(std::string_view(value.data(), value.size()), out_);
    } else {
      as_text();
    }
  }

 private:
  void as_text() {
    fmt::memory_buffer text;
    fmt::vformat_to(fmt::appender(text), fmt::format("{{{}}}", index_), args_);
    append_json_string(std::string_view(text.data(), text.size()), out_);
  }

  const fmt::format_args& args_;
  int index_;
  spdlog::memory_buf_t& out_;
};

void append_fields(const Line& line, spdlog::memory_buf_t& out) {
  for (std::size_t i = 0; i < line.fields.size(); ++i) {
    const std::string_view name = line.fields[i];
    if (name.empty()) continue;
    out.push_back(',');
    append_json_string(name, out);
    out.push_back(':');
    const int index = static_cast<int>(i);
    fmt::visit_format_arg(FieldWriter(line.args, index, out), line.args.get(index));
  }
}

}  // namespace

void JsonFormatter::cache_second(std::chrono::seconds second) {
  cached_second_ = second;
  const std::time_t time = second.count();
  std::tm local{};
  ::localtime_r(&time, &local);
  char text[32];
  date_time_.assign(text, std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local));
  const long offset_min = local.tm_gmtoff / 60;
  offset_ = fmt::format("{}{:02}:{:02}", offset_min < 0 ? '-' : '+', std::labs(offset_min) / 60,
                        std::labs(offset_min) % 60);
}

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  using namespace std::chrono;
  const auto since_epoch = msg.time.time_since_epoch();
  const auto second = floor<seconds>(since_epoch);
  if (second != cached_second_) cache_second(second);
  const auto millis = duration_cast<milliseconds>(since_epoch - second).count();

  const Line* line = line_of(std::string_view(msg.payload.data(), msg.payload.size()));
  dest.append(std::string_view(R"({"time":")"));
  dest.append(date_time_);
  fmt::format_to(fmt::appender(dest), ".{:03}", millis);
  dest.append(offset_);
  dest.append(std::string_view(R"(","level":")"));
  dest.append(spdlog::level::to_string_view(msg.level));
  dest.append(std::string_view(R"(","event":)"));
  append_json_string(line != nullptr ? std::string_view(line->event) : kNoEvent, dest);
  dest.append(std::string_view(R"(,"msg":)"));
  append_json_string(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  if (line != nullptr) append_fields(*line, dest);
  dest.append(std::string_view("}\n"));
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const {
  return std::make_unique<JsonFormatter>();
}

}  // namespace jamd::log
