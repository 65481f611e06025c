// The log's formats: the JSON format of a line (time, level, event, msg and the fields), its
// escaping of any text, and the text format as it always was.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/logging.hpp"
#include "core/text.hpp"
#include "log/log.hpp"
#include "support/random.hpp"

namespace jamd::log {
namespace {

using Json = nlohmann::ordered_json;
using namespace std::string_literals;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

/// While it lives, the default logger writes in `format` (as logging.format names it) into
/// text(), from trace level up.
class Capture {
 public:
  explicit Capture(std::string_view format) : previous_(spdlog::default_logger()) {
    auto logger = std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
    logger->set_formatter(app::make_log_formatter(format));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
  }
  ~Capture() { spdlog::set_default_logger(previous_); }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  std::string text() const { return stream_.str(); }

  /// The one line written so far, parsed; a test failure unless it is one line of JSON.
  Json line() const {
    const std::string all = text();
    EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 1) << all;
    EXPECT_TRUE(all.ends_with("\n")) << all;
    try {
      return Json::parse(all);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << " in " << ::testing::PrintToString(all);
      return nullptr;
    }
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream stream_;
};

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// --- the JSON format ---------------------------------------------------------------------

// time, level, event and msg, then the fields the event names, each the argument's value.
TEST(JsonLog, ALineHasTimeLevelEventMsgAndTheEventsFields) {
  const Capture log("json");
  warn(refused_access_denied, "refused {}: access denied ({})", "127.0.0.2:5555",
       std::string("deny 127.0.0.2/32"));
  const Json line = log.line();
  EXPECT_THAT(keys_of(line), ElementsAre("time", "level", "event", "msg", "peer", "rule"));
  EXPECT_EQ(line["level"], "warning");  // as the text format names it
  EXPECT_EQ(line["event"], "refused_access_denied");
  EXPECT_EQ(line["msg"], "refused 127.0.0.2:5555: access denied (deny 127.0.0.2/32)");
  EXPECT_EQ(line["peer"], "127.0.0.2:5555");
  EXPECT_EQ(line["rule"], "deny 127.0.0.2/32");
}

// Numbers stay numbers; an argument the event leaves unnamed (a plural's "s") is in the
// message only.
TEST(JsonLog, NumbersAreNumbersAndUnnamedArgumentsNoFields) {
  {
    const Capture log("json");
    warn(sessions_revoked, "reload: the new access rules deny {} open session{}: closing {}",
         std::size_t{2}, "s", "them");
    const Json line = log.line();
    EXPECT_THAT(keys_of(line), ElementsAre("time", "level", "event", "msg", "sessions"));
    EXPECT_EQ(line["sessions"], 2);
    EXPECT_EQ(line["msg"], "reload: the new access rules deny 2 open sessions: closing them");
  }
  {
    const Capture log("json");
    warn(refused_per_client_rate, "refused {}: faster than {} a second", "[::1]:7", 0.5);
    EXPECT_EQ(log.line()["new_connections_per_client_per_s"], 0.5);
  }
  {
    const Capture log("json");
    info(serving, "serving with {} I/O thread{} ({}), busy polling {}", 1u, "", "threads 1", "off");
    const Json line = log.line();
    EXPECT_THAT(keys_of(line),
                ElementsAre("time", "level", "event", "msg", "threads", "reason", "busy_poll"));
    EXPECT_EQ(line["threads"], 1);
    EXPECT_EQ(line["level"], "info");
  }
}

// Quotes, backslashes, every control character and non-ASCII text come back as they were,
// in the message and in a field; bytes that are not UTF-8 come back as U+FFFD.
TEST(JsonLog, EscapesAnyTextSoThatItParsesBackAsItWas) {
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls.push_back(c);
  const std::string texts[] = {
      R"(GET "/" \ HTTP)",
      controls,
      "\x7f",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
      R"(C:\jamd\"quoted".json)",
      "/var/log/line\nbreak\r\n",
      "\"\\\"\\\\",
      "",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(::testing::PrintToString(text));
    const Capture log("json");
    warn(foreign_protocol, "closed {}: it speaks HTTP, not jamd (\"{}\")", text, text);
    const Json line = log.line();
    EXPECT_EQ(line["peer"], text);
    EXPECT_EQ(line["line"], text);
    EXPECT_EQ(line["msg"], "closed " + text + ": it speaks HTTP, not jamd (\"" + text + "\")");
  }
  const Capture log("json");
  error(reload_failed, "reload failed: {}", "bad \xFF byte \xC3");
  EXPECT_EQ(log.line()["error"], "bad \xEF\xBF\xBD byte \xEF\xBF\xBD");
}

// Whatever the bytes, the line is one line of valid JSON, which gives back the bytes once
// made UTF-8.
TEST(JsonLog, AnyBytesMakeOneLineOfValidJson) {
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    const std::string bytes = test::random_bytes(rng, 60);
    SCOPED_TRACE(::testing::PrintToString(bytes));
    const Capture log("json");
    info(plugin_log, "plugin {}: {}", bytes, bytes);
    const Json line = log.line();
    EXPECT_EQ(line["text"], core::to_utf8(bytes));
    EXPECT_EQ(line["msg"], core::to_utf8("plugin " + bytes + ": " + bytes));
  }
}

/// While it lives, the local time zone is `zone` (TZ), as if jamd ran there.
class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* tz = std::getenv("TZ")) previous_ = tz;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~TimeZone() {
    if (previous_) {
      ::setenv("TZ", previous_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

 private:
  std::optional<std::string> previous_;
};

/// The local date and time of `t` ("2024-12-31T23:59:59") and its offset ("+07:00").
std::pair<std::string, std::string> local_text(std::time_t t) {
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char date_time[32];
  char offset[8];
  std::strftime(date_time, sizeof date_time, "%Y-%m-%dT%H:%M:%S", &tm);
  std::strftime(offset, sizeof offset, "%z", &tm);  // "+0700"
  return {date_time, std::string(offset, 3) + ":" + (offset + 3)};
}

// The time is local, RFC 3339 with milliseconds and the offset from UTC, east or west of it
// and in hours and minutes.
TEST(JsonLog, TimeIsLocalRfc3339WithMillisecondsAndOffset) {
  const std::vector<std::pair<const char*, std::vector<std::string>>> zones = {
      {"UTC", {"+00:00"}},
      {"Asia/Jakarta", {"+07:00"}},
      {"Asia/Kolkata", {"+05:30"}},
      {"America/St_Johns", {"-03:30", "-02:30"}},  // standard time, summer time
  };
  for (const auto& [zone, offsets] : zones) {
    SCOPED_TRACE(zone);
    const TimeZone in_zone(zone);
    const Capture log("json");
    // The clock spdlog stamps lines with: time() reads the kernel's coarse clock, which can
    // still say the last second a few milliseconds into the next (seen: a line at :44.000
    // between two time() of :43).
    using std::chrono::system_clock;
    const std::time_t before = system_clock::to_time_t(system_clock::now());
    info(stopped, "stopped");
    const std::time_t after = system_clock::to_time_t(system_clock::now());
    const std::string time = log.line()["time"];
    EXPECT_THAT(time, MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})"
                                   R"(\.[0-9]{3}[+-][0-9]{2}:[0-9]{2})"));
    const auto [date_before, offset] = local_text(before);
    const std::string date_after = local_text(after).first;
    EXPECT_TRUE(time.starts_with(date_before) || time.starts_with(date_after)) << time;
    EXPECT_TRUE(time.ends_with(offset)) << time << " " << offset;
    EXPECT_THAT(offsets, ::testing::Contains(time.substr(time.size() - 6)));
  }
}

// A line written to spdlog directly, not through src/log, is still a JSON line, of event
// "other", with no fields: none of the line written before it.
TEST(JsonLog, ALineWrittenToSpdlogDirectlyIsOfEventOther) {
  {
    const Capture log("json");
    info(listening, "listening on {}", "127.0.0.1:1");
    EXPECT_EQ(log.line()["event"], "listening");
  }
  const Capture log("json");
  spdlog::info("plain {}", 42);
  const Json line = log.line();
  EXPECT_THAT(keys_of(line), ElementsAre("time", "level", "event", "msg"));
  EXPECT_EQ(line["event"], "other");
  EXPECT_EQ(line["msg"], "plain 42");
}

// --- the text format ---------------------------------------------------------------------

// The text format is the message alone after the time and level, as before there were events.
TEST(TextLog, IsTheTimeTheLevelAndTheMessage) {
  const Capture log("text");
  warn(refused_access_denied, "refused {}: access denied ({})", "127.0.0.2:5555",
       "deny 127.0.0.2/32");
  const std::string text = log.text();
  ASSERT_TRUE(text.ends_with("\n")) << text;
  EXPECT_THAT(text.substr(0, text.size() - 1),
              MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} )"
                           R"(warning refused 127\.0\.0\.2:5555: access denied )"
                           R"(\(deny 127\.0\.0\.2/32\))"));
}

}  // namespace
}  // namespace jamd::log
