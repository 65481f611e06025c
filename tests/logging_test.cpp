// The log: the JSON format of a line (time, level, event, msg and the fields), its escaping
// of any text, the text format as it always was, the log file opened anew after a rename
// while threads write, and the list of events against the README and the sources.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/logging.hpp"
#include "core/text.hpp"
#include "log/events.hpp"
#include "log/file_sink.hpp"
#include "log/log.hpp"
#include "support/random.hpp"

namespace jamd::log {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using namespace std::string_literals;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

const fs::path kSourceDir = fs::path(__FILE__).parent_path().parent_path();

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A new empty folder in the temporary directory.
fs::path temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "jamd-log-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  return pattern;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

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
    const std::time_t before = std::time(nullptr);
    info(stopped, "stopped");
    const std::time_t after = std::time(nullptr);
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

// --- the log file ------------------------------------------------------------------------

constexpr int kWriters = 4;

/// The lines "<writer> <n>" of `text` for each writer, in order; a test failure for any other
/// line (one torn or mixed with another).
std::vector<std::vector<int>> numbers_by_writer(const std::string& text) {
  std::vector<std::vector<int>> numbers(kWriters);
  static const std::regex kLine(R"((\d) (\d+))");
  for (const std::string& line : lines_of(text)) {
    std::smatch match;
    if (!std::regex_match(line, match, kLine) || std::stoi(match[1]) >= kWriters) {
      ADD_FAILURE() << "not a whole line: " << ::testing::PrintToString(line);
      continue;
    }
    numbers[std::stoi(match[1])].push_back(std::stoi(match[2]));
  }
  return numbers;
}

// Threads write while the file is renamed and the sink reopened (what logrotate and SIGUSR1
// do): every line is whole and in one of the two files, each writer's lines in the old file
// are its first ones and the rest are in the new file, and every line written after the
// reopen returned is in the new file.
TEST(FileSink, RenameAndReopenWhileThreadsWriteLosesNoLine) {
  const std::string path = temp_dir() / "jamd.log";
  const auto sink = std::make_shared<FileSink>(path);
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  constexpr int kAtLeast = 20000;  // lines per writer, of which a quarter after the reopen
  std::atomic<int> written{0};
  std::atomic<bool> reopened{false};
  std::vector<int> first_after(kWriters, -1);
  std::vector<int> count(kWriters, 0);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      int after = 0;
      for (int n = 0; n < kAtLeast || after < kAtLeast / 4; ++n) {
        if (reopened.load(std::memory_order_acquire)) {
          if (first_after[w] < 0) first_after[w] = n;
          ++after;
        }
        logger.info("{} {}", w, n);
        written.fetch_add(1, std::memory_order_relaxed);
        count[w] = n + 1;
      }
    });
  }
  while (written.load(std::memory_order_relaxed) < kWriters * kAtLeast / 4) {
    std::this_thread::yield();
  }
  fs::rename(path, path + ".1");
  ASSERT_FALSE(sink->reopen());
  reopened.store(true, std::memory_order_release);
  for (auto& writer : writers) writer.join();
  logger.flush();

  const auto old_lines = numbers_by_writer(read(path + ".1"));
  const auto new_lines = numbers_by_writer(read(path));
  for (int w = 0; w < kWriters; ++w) {
    SCOPED_TRACE("writer " + std::to_string(w));
    const std::vector<int>& before = old_lines[w];
    const std::vector<int>& since = new_lines[w];
    ASSERT_EQ(static_cast<int>(before.size() + since.size()), count[w]);
    for (std::size_t i = 0; i < before.size(); ++i) ASSERT_EQ(before[i], static_cast<int>(i));
    for (std::size_t i = 0; i < since.size(); ++i) {
      ASSERT_EQ(since[i], static_cast<int>(before.size() + i));
    }
    ASSERT_GE(first_after[w], 0);
    EXPECT_LE(static_cast<int>(before.size()), first_after[w]);  // nothing later in the old file
    EXPECT_GT(before.size(), 0u);
  }
}

// A reopen that fails (the path is now a folder) returns why, and the lines go on to the old
// file; once the path can be opened, a reopen moves them to the new one.
TEST(FileSink, AFailedReopenKeepsWritingTheFileItHad) {
  const std::string path = temp_dir() / "jamd.log";
  const auto sink = std::make_shared<FileSink>(path);
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  logger.info("one");
  fs::rename(path, path + ".1");
  fs::create_directory(path);
  const std::error_code error = sink->reopen();
  EXPECT_EQ(error, std::errc::is_a_directory) << error.message();
  logger.info("two");
  logger.flush();
  EXPECT_EQ(read(path + ".1"), "one\ntwo\n");
  fs::remove(path);
  EXPECT_FALSE(sink->reopen());
  logger.info("three");
  logger.flush();
  EXPECT_EQ(read(path + ".1"), "one\ntwo\n");
  EXPECT_EQ(read(path), "three\n");
}

// The file is appended to, and made with its folder when missing.
TEST(FileSink, AppendsToTheFileAndMakesItsFolder) {
  const fs::path folder = temp_dir();
  const std::string path = folder / "jamd.log";
  std::ofstream(path) << "earlier\n";
  {
    spdlog::logger logger("test", std::make_shared<FileSink>(path));
    logger.set_pattern("%v");
    logger.info("later");
  }
  EXPECT_EQ(read(path), "earlier\nlater\n");
  const std::string nested = folder / "a" / "b" / "jamd.log";
  {
    spdlog::logger logger("test", std::make_shared<FileSink>(nested));
    logger.set_pattern("%v");
    logger.info("first");
  }
  EXPECT_EQ(read(nested), "first\n");
}

// A path that cannot be a file is refused at start, naming it.
TEST(FileSink, RefusesAPathItCannotOpenNamingIt) {
  const std::string folder = temp_dir();
  try {
    FileSink sink(folder);
    FAIL() << "no error";
  } catch (const spdlog::spdlog_ex& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("Failed opening file " + folder + " for writing"));
  }
}

// --- the events --------------------------------------------------------------------------

// Names are unique; an event's fields are unique and none is a member every line has.
TEST(Events, HaveUniqueNamesAndFieldsApartFromTheLinesOwnMembers) {
  std::set<std::string> names;
  for (const EventListing& event : kEvents) {
    EXPECT_TRUE(names.insert(event.name).second) << event.name;
    EXPECT_THAT(event.name, MatchesRegex("[a-z][a-z0-9_]*"));
    std::set<std::string> fields{"time", "level", "event", "msg"};
    for (const std::string field : event.fields) {
      if (field.empty()) continue;
      EXPECT_TRUE(fields.insert(field).second) << event.name << ": " << field;
      EXPECT_THAT(field, MatchesRegex("[a-z][a-z0-9_]*"));
    }
  }
}

/// The README's rows of its table of events: event -> the fields column.
std::map<std::string, std::string> readme_events() {
  const std::string readme = read(kSourceDir / "README.md");
  const std::string header = "| Event | Level | Fields | Meaning |\n";
  const auto begin = readme.find(header);
  EXPECT_NE(begin, std::string::npos) << "README.md has no table of events";
  std::map<std::string, std::string> rows;
  if (begin == std::string::npos) return rows;
  static const std::regex kRow(R"(\| `([a-z0-9_]+)` \| [^|]+ \| ([^|]*) \| .*)");
  std::istringstream in(readme.substr(begin + header.size()));
  std::string line;
  std::getline(in, line);  // |---|---|...
  while (std::getline(in, line) && line.starts_with("|")) {
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, kRow)) << line;
    if (!match.empty()) rows[match[1]] = match[2];
  }
  return rows;
}

// The README lists every event with its fields ("none" for none), and no other event.
TEST(Events, AreListedInTheReadmeWithTheirFields) {
  auto rows = readme_events();
  for (const EventListing& event : kEvents) {
    std::string fields;
    for (const std::string_view field : event.fields) {
      if (field.empty()) continue;
      fields += (fields.empty() ? "`" : ", `") + std::string(field) + "`";
    }
    const auto row = rows.find(event.name);
    if (row == rows.end()) {
      ADD_FAILURE() << "README.md does not list the event " << event.name;
      continue;
    }
    EXPECT_EQ(row->second, fields.empty() ? "none" : fields) << event.name;
    rows.erase(row);
  }
  for (const auto& [name, fields] : rows) ADD_FAILURE() << "README.md lists " << name << " too";
}

// Every log line in src/ names its event: none goes to spdlog directly but through src/log,
// whose functions the compiler holds to an event with a field for each argument.
TEST(Events, EveryLogLineInTheSourcesNamesOne) {
  static const std::regex kDirect(R"(spdlog::(trace|debug|info|warn|error|critical|log)\s*\()");
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / "src")) {
    const fs::path& path = entry.path();
    if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
    if (path.parent_path().filename() == "log") continue;  // src/log writes to spdlog
    ++files;
    const std::string text = read(path);
    for (std::sregex_iterator it(text.begin(), text.end(), kDirect), end; it != end; ++it) {
      ADD_FAILURE() << path << " logs without an event: " << it->str();
    }
  }
  EXPECT_GT(files, 20u);
}

}  // namespace
}  // namespace jamd::log
