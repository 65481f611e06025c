// jamd's log end to end: the jamd program logging to a file that is renamed under load and
// reopened on SIGUSR1, through the real logrotate with the shipped logrotate file, and in the JSON
// format, whose every line names an event of src/log/events.inc with its fields.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "log/events.hpp"
#include "support/client.hpp"
#include "support/files.hpp"
#include "support/lines.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

/// Waits until the file at `path` holds `text` (at most `timeout`).
bool wait_for_file(const fs::path& path, const std::string& text,
                   std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    if (file_text(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(10ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

/// jamd with its log in the file `log` (logging.file), on `logging` members besides "file";
/// its port is read from the file, as its standard error holds no log.
class FileLogged {
 public:
  explicit FileLogged(const fs::path& log, const std::string& logging = R"("level": "info")",
                      const std::string& extra = "")
      : config_(temp_file(config_text(R"("logging": {"file": ")" + log.string() + "\", " + logging +
                                      "}" + (extra.empty() ? "" : ", " + extra)))),
        jamd_({"--config", config_}, /*wait_listening=*/false) {
    if (!wait_for_file(log, "listening on ")) {
      throw std::runtime_error("jamd did not start: " + jamd_.log() + file_text(log));
    }
    std::smatch match;
    const std::string text = file_text(log);
    if (!std::regex_search(text, match, std::regex(R"(listening on (?:\[[^\]]*\]|[^:]+):(\d+))"))) {
      throw std::runtime_error("no port in the log:\n" + text);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
  }

  Jamd& jamd() { return jamd_; }
  std::uint16_t port() const { return port_; }
  const std::string& config() const { return config_; }

 private:
  std::string config_;
  Jamd jamd_;
  std::uint16_t port_ = 0;
};

/// One session: TIME, its reply, and the close. False when it was not served.
bool one_session(std::uint16_t port) {
  Client client(port);
  client.send("TIME\r\n");
  const auto reply = client.line();
  return reply && reply->starts_with("JAM ");
}

/// The regex of every line of jamd's text log: time, level, message.
const std::regex kTextLine(
    R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (debug|info|warning|error) [^\r\n]+)");

// Log reopen under load: clients open and close sessions, each logged at debug level, while
// the file is renamed and jamd gets SIGUSR1. Every session's lines are in the old file or the
// new one, none lost or torn; what is logged after the reopen is in the new file.
TEST(JamdLog, RenameAndSigusr1UnderLoadLoseNoLine) {
  const fs::path log = temp_dir() / "jamd.log";
  FileLogged server(log, R"("level": "debug")");
  const std::uint16_t port = server.port();
  std::atomic<bool> stop{false};
  std::atomic<int> sessions{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  constexpr int kClients = 3;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      while (!stop.load()) {
        if (!one_session(port)) failures.fetch_add(1);
        sessions.fetch_add(1);
      }
    });
  }
  const auto wait_sessions = [&](int count) {
    for (int i = 0; i < 3000 && sessions.load() < count; ++i) std::this_thread::sleep_for(10ms);
  };
  wait_sessions(300);
  fs::rename(log, log.string() + ".1");
  server.jamd().signal(SIGUSR1);
  const bool reopened = wait_for_file(log, "SIGUSR1: reopened " + log.string() + "\n");
  const int before_seen = sessions.load();
  wait_sessions(before_seen + 300);
  stop.store(true);
  for (auto& client : clients) client.join();
  server.jamd().signal(SIGTERM);
  EXPECT_EQ(server.jamd().wait_exit(), 0);
  ASSERT_TRUE(reopened) << file_text(log);
  EXPECT_EQ(failures.load(), 0);

  const std::string old_text = file_text(log.string() + ".1");
  const std::string new_text = file_text(log);
  for (const std::string* text : {&old_text, &new_text}) {
    for (const std::string& line : lines_of(*text)) {
      EXPECT_TRUE(std::regex_match(line, kTextLine)) << "torn: " << ::testing::PrintToString(line);
    }
  }
  const auto count = [&](const std::string& text, const std::string& what) {
    return static_cast<int>(count_of(text, what));
  };
  const int total = sessions.load();
  EXPECT_EQ(count(old_text, " session opened: 127.0.0.1:") +
                count(new_text, " session opened: 127.0.0.1:"),
            total);
  EXPECT_EQ(count(old_text, " session closed: 127.0.0.1:") +
                count(new_text, " session closed: 127.0.0.1:"),
            total);
  // Sessions from before the reopen are in the old file, and every one begun after the reopen
  // line was seen is in the new one (all those that ended since, but for one a client may
  // have had open then), with the lines of the stop.
  EXPECT_GE(count(old_text, " session opened: "), 300);
  EXPECT_GE(count(new_text, " session opened: "), total - before_seen - kClients);
  EXPECT_THAT(old_text, Not(HasSubstr("SIGUSR1")));
  EXPECT_THAT(old_text, Not(HasSubstr("stopped")));
  EXPECT_THAT(new_text, HasSubstr(" info SIGTERM: stopping\n"));
  EXPECT_TRUE(new_text.ends_with(" info stopped\n")) << new_text.substr(new_text.size() - 200);
}

// The logrotate file the package ships (/etc/logrotate.d/jamd), run by the real logrotate with
// the test's path and jamd's pid: the old lines are in jamd.log.1 (not yet compressed), the new
// ones in jamd.log. The README shows the file as it is. Its systemctl branch is made to fail,
// as the test's jamd is no systemd service; the branch without systemd then signals it.
TEST(JamdLog, TheShippedLogrotateFileRotatesWithoutLosingALine) {
  std::string snippet = file_text(JAMD_SOURCE_DIR "/packaging/logrotate.d/jamd");
  ASSERT_FALSE(snippet.empty()) << "packaging/logrotate.d/jamd is missing";
  const std::string readme = file_text(JAMD_SOURCE_DIR "/README.md");
  const std::string fence = "```logrotate\n";
  const auto begin = readme.find(fence);
  ASSERT_NE(begin, std::string::npos) << "README.md has no logrotate snippet";
  EXPECT_EQ(readme.substr(begin + fence.size(),
                          readme.find("```", begin + fence.size()) - begin - fence.size()),
            snippet)
      << "the README's logrotate snippet is not packaging/logrotate.d/jamd";
  const fs::path folder = temp_dir();
  const fs::path log = folder / "jamd.log";
  FileLogged server(log, R"("level": "debug")");
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"/var/log/jamd/jamd.log", log.string()},
        {"systemctl kill --kill-whom=main --signal=USR1 jamd.service", "false"},
        {"$(pidof jamd)", std::to_string(server.jamd().pid())}}) {
    ASSERT_NE(snippet.find(from), std::string::npos) << from << " is not in the file:\n" << snippet;
    for (auto at = snippet.find(from); at != std::string::npos; at = snippet.find(from, at)) {
      snippet.replace(at, from.size(), to);
      at += to.size();
    }
  }
  std::ofstream(folder / "logrotate.conf") << snippet;
  ASSERT_TRUE(one_session(server.port()));  // "session opened" is logged before the reply

  const Outcome rotated =
      capture("timeout 20 logrotate --force --state " + (folder / "state").string() + " " +
              (folder / "logrotate.conf").string() + " 2>&1");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.output;
  ASSERT_TRUE(wait_for_file(log, "SIGUSR1: reopened " + log.string()));
  ASSERT_TRUE(one_session(server.port()));
  server.jamd().signal(SIGTERM);
  EXPECT_EQ(server.jamd().wait_exit(), 0);

  const std::string old_text = file_text(log.string() + ".1");
  const std::string new_text = file_text(log);
  EXPECT_EQ(count_of(old_text, "session opened"), 1u) << old_text;
  EXPECT_THAT(old_text, HasSubstr("listening on "));
  EXPECT_EQ(count_of(new_text, "session opened"), 1u) << new_text;
  EXPECT_EQ(count_of(old_text + new_text, "session closed"), 2u) << old_text << new_text;
  EXPECT_THAT(new_text, HasSubstr(" info stopped\n"));
  EXPECT_THAT(new_text, Not(HasSubstr("listening on ")));
}

// A reopen that fails (the path is now a folder) is logged, in the old file, which jamd
// writes on to; the next SIGUSR1, once the path can be opened, moves to a new file.
TEST(JamdLog, AFailedReopenIsLoggedAndTheOldFileKept) {
  const fs::path log = temp_dir() / "jamd.log";
  const fs::path old = log.string() + ".1";
  FileLogged server(log);
  fs::rename(log, old);
  fs::create_directory(log);
  server.jamd().signal(SIGUSR1);
  EXPECT_TRUE(wait_for_file(old, " error SIGUSR1: cannot reopen " + log.string() +
                                     ": Is a directory; writing on to the file open before\n"));
  EXPECT_TRUE(one_session(server.port()));
  fs::remove(log);
  server.jamd().signal(SIGUSR1);
  EXPECT_TRUE(wait_for_file(log, " info SIGUSR1: reopened " + log.string() + "\n"));
  EXPECT_THAT(file_text(old), Not(HasSubstr("reopened")));
}

// With the log on standard error there is nothing to reopen: jamd says so and serves on.
TEST(JamdLog, Sigusr1WithTheLogOnStandardErrorSaysSoAndServesOn) {
  Jamd jamd(with_config());
  jamd.signal(SIGUSR1);
  EXPECT_TRUE(jamd.wait_for_log(" info SIGUSR1: jamd logs to standard error: nothing to reopen\n"));
  EXPECT_TRUE(one_session(jamd.port()));
}

/// The lines of a JSON log, parsed; a test failure for a line that is not a JSON object with
/// the members every line has and an event of events.inc with its fields alone.
std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (const std::string& line : lines_of(text)) {
    SCOPED_TRACE(line);
    nlohmann::json parsed;
    try {
      parsed = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not JSON: " << e.what();
      continue;
    }
    for (const char* member : {"time", "level", "event", "msg"}) {
      EXPECT_TRUE(parsed.contains(member) && parsed[member].is_string()) << member;
    }
    std::set<std::string> allowed{"time", "level", "event", "msg"};
    bool known = false;
    for (const log::EventListing& event : log::kEvents) {
      if (parsed.value("event", "") != event.name) continue;
      known = true;
      for (const std::string field : event.fields) {
        if (!field.empty()) {
          allowed.insert(field);
          EXPECT_TRUE(parsed.contains(field)) << field;
        }
      }
    }
    EXPECT_TRUE(known) << "unknown event";
    for (const auto& [key, value] : parsed.items()) EXPECT_TRUE(allowed.contains(key)) << key;
    lines.push_back(std::move(parsed));
  }
  return lines;
}

/// The first of `lines` of `event`, or null.
nlohmann::json first_of(const std::vector<nlohmann::json>& lines, const std::string& event) {
  for (const auto& line : lines) {
    if (line["event"] == event) return line;
  }
  return nullptr;
}

// logging.format "json": every line is a JSON object naming its event, with the fields of
// its kind: the address listened on, a session's peer, a refused client and its rule.
TEST(JamdLog, JsonLinesNameTheirEventAndCarryItsFields) {
  const fs::path log = temp_dir() / "jamd.log";
  FileLogged server(log, R"("level": "debug", "format": "json")",
                    R"("access": {"deny": ["127.0.0.2"]})");
  std::uint16_t served_port = 0;
  {
    Client served(server.port());
    served_port = served.local_port();
    served.send("TIME\r\n");
    EXPECT_THAT(served.line(), Optional(::testing::StartsWith("JAM ")));
  }
  Client denied = Client::from("127.0.0.2", server.port());
  EXPECT_THAT(denied.line(), Optional("ERR access denied"s));
  const std::uint16_t denied_port = denied.local_port();
  ASSERT_TRUE(wait_for_file(log, R"("event":"refused_access_denied")"));
  server.jamd().signal(SIGTERM);
  EXPECT_EQ(server.jamd().wait_exit(), 0);

  const auto lines = json_lines(file_text(log));
  const auto listening = first_of(lines, "listening");
  ASSERT_FALSE(listening.is_null());
  EXPECT_EQ(listening["address"], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(listening["level"], "info");
  const std::string peer = "127.0.0.1:" + std::to_string(served_port);
  const auto open = first_of(lines, "session_open");
  ASSERT_FALSE(open.is_null());
  EXPECT_EQ(open["peer"], peer);
  EXPECT_EQ(open["msg"], "session opened: " + peer);
  EXPECT_EQ(open["level"], "debug");
  EXPECT_EQ(first_of(lines, "session_close")["peer"], peer);
  const auto refused = first_of(lines, "refused_access_denied");
  ASSERT_FALSE(refused.is_null());
  EXPECT_EQ(refused["peer"], "127.0.0.2:" + std::to_string(denied_port));
  EXPECT_EQ(refused["rule"], "deny 127.0.0.2/32");
  EXPECT_EQ(refused["level"], "warning");
  EXPECT_EQ(first_of(lines, "serving")["threads"], 2);
  EXPECT_EQ(lines.back()["event"], "stopped");
}

// SIGHUP applies a new logging.format from the next line on, without a restart.
TEST(JamdLog, AReloadSwitchesTheFormatFromTheNextLine) {
  const fs::path log = temp_dir() / "jamd.log";
  FileLogged server(log, R"("format": "text")");
  const std::string json =
      config_text(R"("logging": {"file": ")" + log.string() + R"(", "format": "json"})");
  std::ofstream(server.config()) << json;
  server.jamd().signal(SIGHUP);
  ASSERT_TRUE(wait_for_file(log, R"("event":"reloaded")")) << file_text(log);
  const auto lines = lines_of(file_text(log));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_TRUE(std::regex_match(lines.front(), kTextLine)) << lines.front();
  EXPECT_THAT(file_text(log), Not(HasSubstr("only after a restart")));
  const auto reloaded = nlohmann::json::parse(lines.back());
  EXPECT_EQ(reloaded["msg"], "reloaded " + server.config());
  EXPECT_EQ(reloaded["path"], server.config());
}

}  // namespace
}  // namespace jamd::test
