// The admin listener of the jamd program: its own log line and port, STATS there only, HTTP
// /metrics and /healthz through the real curl, the exposition checked by the real promtool,
// every figure made to move and read back alike through STATS and /metrics, and the port
// serving while port 45000 is full and while jamd drains.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/timex.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "support/client.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Optional;
using ::testing::StartsWith;

/// Series and their values, as STATS names them.
using Readings = std::map<std::string, double>;

constexpr const char* kAdminOn = R"("admin": {"listen": "127.0.0.1:0"})";

/// What the real curl gets for `path` on the admin port of `jamd`: the status line, the
/// headers and the body (curl -i).
std::string curl(const Jamd& jamd, const std::string& path) {
  return capture("curl -sS -i --max-time 5 http://127.0.0.1:" + std::to_string(jamd.admin_port()) +
                 path)
      .output;
}

/// The body of a curl -i output.
std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

/// The reply to `request` (STATS, say) on a connection of its own to the admin port, which
/// then QUITs, so that every such connection is closed for the same reason.
std::string stats_line(const Jamd& jamd, const std::string& request) {
  Client admin(jamd.admin_port());
  admin.send(request + "\r\nQUIT\r\n");
  const auto rest = admin.rest();
  EXPECT_TRUE(rest.has_value());
  return rest.value_or("").substr(0, rest.value_or("").find("\r\n"));
}

/// The series of a /metrics body, named as STATS names them (without the "jamd_" prefix).
Readings from_metrics(const std::string& text) {
  Readings readings;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    std::string name = line.substr(0, space);
    if (name.starts_with("jamd_")) name.erase(0, 5);
    readings[name] = std::stod(line.substr(space + 1));
  }
  return readings;
}

/// The series of a STATS reply line.
Readings from_stats(const std::string& line) {
  Readings readings;
  std::istringstream words(line);
  std::string word;
  words >> word;  // STATS
  while (words >> word) {
    const auto equals = word.rfind('=');
    readings[word.substr(0, equals)] = std::stod(word.substr(equals + 1));
  }
  return readings;
}

/// Reads every figure both ways, /metrics first, and checks that both name the same series
/// with the same values, but for those that the reading itself moves.
Readings read_both(const Jamd& jamd) {
  const std::string response = curl(jamd, "/metrics");
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  const Readings metrics = from_metrics(body_of(response));
  const Readings stats = from_stats(stats_line(jamd, "STATS"));
  std::vector<std::string> names_metrics, names_stats;
  for (const auto& [name, value] : metrics) names_metrics.push_back(name);
  for (const auto& [name, value] : stats) names_stats.push_back(name);
  EXPECT_EQ(names_metrics, names_stats);
  const std::regex moved_by_reading(
      R"((received|sent)_bytes_total|process_.*|connections\{listener="admin"\}|)"
      R"(connections_accepted_total\{listener="admin"\}|connections_closed_total\{reason="quit"\}|)"
      R"re(commands_total\{command="(STATS|QUIT)".*|clock_(max|estimated)_error_seconds)re");
  for (const auto& [name, value] : metrics) {
    if (std::regex_match(name, moved_by_reading) || !stats.contains(name)) continue;
    EXPECT_EQ(stats.at(name), value) << name;
  }
  return stats;
}

/// Waits (at most 5 s) until the STATS of `jamd` show `series` at `value`; the last reading.
double wait_for_figure(const Jamd& jamd, const std::string& series, double value) {
  double seen = -1;
  for (int i = 0; i < 500; ++i) {
    seen = from_stats(stats_line(jamd, "STATS " + series))[series];
    if (seen == value) break;
    std::this_thread::sleep_for(10ms);
  }
  return seen;
}

TEST(JamdAdmin, LogsALineOfItsOwnThatTheHelpersTellFromTheMainOne) {
  Jamd jamd(with_config(kAdminOn));
  EXPECT_NE(jamd.admin_port(), 0);
  EXPECT_NE(jamd.admin_port(), jamd.port());
  EXPECT_THAT(jamd.log(),
              HasSubstr("admin listening on 127.0.0.1:" + std::to_string(jamd.admin_port())));
  Jamd without(with_config());
  EXPECT_THAT(without.log(), ::testing::Not(HasSubstr("admin listening")));
}

// 17. STATS is on the admin port only; port 45000's commands and HELP do not change.
TEST(JamdAdmin, ServesThePublicCommandsAndStatsWhilePort45000KeepsItsHelp) {
  Jamd jamd(with_config(kAdminOn));
  Client admin(jamd.admin_port());
  admin.send("HELP\r\nTIME\r\nSTATS sent_bytes_total\r\nSTATS nope\r\n");
  EXPECT_THAT(admin.line(), Optional("COMMANDS AGENT HELP QUIT STATS TIME"s));
  EXPECT_THAT(admin.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(admin.line(), Optional(MatchesRegex("STATS sent_bytes_total=[0-9]+")));
  EXPECT_THAT(admin.line(), Optional("ERR unknown figure 'nope'"s));
  Client public_client(jamd.port());
  public_client.send("HELP\r\nSTATS\r\n");
  EXPECT_THAT(public_client.line(), Optional("COMMANDS HELP QUIT TIME"s));
  EXPECT_THAT(public_client.line(), Optional("ERR unknown command 'STATS'"s));
}

// The exposition is the Prometheus text format, which promtool checks without a word.
TEST(JamdAdmin, MetricsAreThePrometheusTextFormatAndPassPromtool) {
  Jamd jamd(with_config(kAdminOn));
  const std::string response = curl(jamd, "/metrics");
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(response, HasSubstr("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  EXPECT_THAT(response, HasSubstr("Connection: close\r\n"));
  const std::string metrics = temp_file(body_of(response), "metrics.txt");
  const Outcome promtool = capture("promtool check metrics < " + metrics + " 2>&1");
  EXPECT_EQ(promtool.exit_code, 0) << promtool.output;
  EXPECT_EQ(promtool.output, "");
  EXPECT_THAT(curl(jamd, "/"), StartsWith("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_THAT(curl(jamd, "/metrics/x"), StartsWith("HTTP/1.1 404 Not Found\r\n"));
}

// The build and the process.
TEST(JamdAdmin, NamesTheBuildAndTheProcess) {
  const double before = static_cast<double>(std::time(nullptr));
  Jamd jamd(with_config(kAdminOn));
  const Readings figures = read_both(jamd);
  bool build = false;
  for (const auto& [name, value] : figures) {
    if (!name.starts_with("build_info{")) continue;
    build = true;
    EXPECT_TRUE(std::regex_match(
        name,
        std::regex(
            R"re(build_info\{version="[0-9]+\.[0-9]+\.[0-9]+",commit="([0-9a-f]{12}|unknown)"\})re")))
        << name;
    EXPECT_EQ(value, 1);
  }
  EXPECT_TRUE(build);
  EXPECT_GE(figures.at("start_time_seconds"), before - 1);
  EXPECT_LE(figures.at("start_time_seconds"), before + 10);
  EXPECT_NEAR(figures.at("process_start_time_seconds"), figures.at("start_time_seconds"), 10);
  EXPECT_GT(figures.at("process_cpu_seconds_total"), 0);
  EXPECT_GT(figures.at("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(figures.at("process_virtual_memory_bytes"),
            figures.at("process_resident_memory_bytes"));
  EXPECT_GE(figures.at("process_open_fds"), 5);
  EXPECT_GE(figures.at("process_max_fds"), figures.at("process_open_fds"));
  EXPECT_EQ(figures.at("max_connections"), 10000);
  EXPECT_EQ(figures.at("admin_max_connections"), 16);
}

// Every connection figure, moved by a client of each kind, read back both ways.
TEST(JamdAdmin, EveryConnectionFigureMovesAndReadsAlikeBothWays) {
  const std::string path = temp_file(config_text(std::string(kAdminOn) + R"(,
      "limits": {"max_connections": 2, "max_connections_per_client": 1, "max_line_bytes": 16},
      "access": {"deny": ["127.0.0.9"]})"));
  Jamd jamd({"--config", path});
  const Readings before = read_both(jamd);
  for (const char* reason :
       {"max_connections", "access_denied", "per_client_limit", "per_client_rate"}) {
    EXPECT_EQ(before.at("connections_refused_total{reason=\""s + reason + "\"}"), 0) << reason;
  }
  {
    Client first = Client::from("127.0.0.2", jamd.port());
    first.send("TIME\r\n");
    ASSERT_THAT(first.line(), Optional(MatchesRegex("JAM ..:..:..")));
    Client same_client = Client::from("127.0.0.2", jamd.port());
    EXPECT_THAT(same_client.rest(), Optional("ERR too many connections from your address\r\n"s));
    Client denied = Client::from("127.0.0.9", jamd.port());
    EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
    Client second = Client::from("127.0.0.3", jamd.port());
    second.send("TIME\r\n");
    ASSERT_THAT(second.line(), Optional(MatchesRegex("JAM ..:..:..")));
    Client full = Client::from("127.0.0.4", jamd.port());
    EXPECT_THAT(full.rest(), Optional("ERR too many connections\r\n"s));
    const Readings open = read_both(jamd);
    EXPECT_EQ(open.at("connections{listener=\"main\"}"), 2);
    EXPECT_EQ(open.at("tracked_clients"), 2);
    first.send("QUIT\r\n");
    EXPECT_THAT(first.rest(), Optional(""s));
    second.send("a line longer than sixteen bytes\r\n");
    EXPECT_THAT(second.rest(), Optional("ERR line too long\r\n"s));
  }
  ASSERT_EQ(wait_for_figure(jamd, "connections{listener=\"main\"}", 0), 0);
  {
    Client http = Client::from("127.0.0.5", jamd.port());
    http.send("GET / HTTP/1.1\r\nHost: jamd\r\n\r\n");
    EXPECT_THAT(http.rest(), Optional(""s));
    Client closes = Client::from("127.0.0.6", jamd.port());
    closes.send("TIME\r\n");
    ASSERT_THAT(closes.line(), Optional(MatchesRegex("JAM ..:..:..")));
  }
  ASSERT_EQ(wait_for_figure(jamd, "connections_closed_total{reason=\"client\"}", 1), 1);

  // A reload adds an idle timeout, a send timeout, a rate and a trusted proxy, and denies a
  // client that is connected.
  Client revoked = Client::from("127.0.0.7", jamd.port());
  revoked.send("TIME\r\n");
  ASSERT_THAT(revoked.line(), Optional(MatchesRegex("JAM ..:..:..")));
  std::ofstream(path, std::ios::trunc) << config_text(std::string(kAdminOn) + R"(,
      "limits": {"max_connections": 10, "max_line_bytes": 16, "idle_timeout_s": 0.5, "send_timeout_s": 0.3,
                 "new_connections_per_client_per_s": 1},
      "access": {"deny": ["127.0.0.9", "127.0.0.7"]},
      "proxy_protocol": {"trusted": ["127.0.0.8"]})");
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded"));
  EXPECT_THAT(revoked.rest(), Optional("ERR access denied\r\n"s));
  {
    Client idle = Client::from("127.0.0.10", jamd.port());
    EXPECT_THAT(idle.rest(), Optional(""s));
  }
  {
    Client once = Client::from("127.0.0.11", jamd.port());
    Client again = Client::from("127.0.0.11", jamd.port());
    EXPECT_THAT(again.rest(), Optional("ERR too many new connections from your address\r\n"s));
  }
  {
    Client proxy = Client::from("127.0.0.8", jamd.port());
    proxy.send("TIME\r\n");  // no PROXY header
    EXPECT_THAT(proxy.rest(), Optional(""s));
  }
  {
    Client slow(jamd.port(), "127.0.0.1", 4096, "127.0.0.12");
    ASSERT_GT(flood(slow, "TIME\r\n", 1'000'000), 0u);
    EXPECT_EQ(wait_for_figure(jamd, "connections_closed_total{reason=\"send_timeout\"}", 1), 1);
  }
  ASSERT_EQ(wait_for_figure(jamd, "connections{listener=\"main\"}", 0), 0);

  const Readings after = read_both(jamd);
  const std::map<std::string, double> refused = {{"max_connections", 1},
                                                 {"access_denied", 1},
                                                 {"per_client_limit", 1},
                                                 {"per_client_rate", 1}};
  for (const auto& [reason, count] : refused) {
    EXPECT_EQ(after.at("connections_refused_total{reason=\"" + reason + "\"}"), count) << reason;
  }
  // The admitted sessions: first, second, http, closes, revoked, idle, once, slow.
  EXPECT_EQ(after.at("connections_accepted_total{listener=\"main\"}"), 8);
  const std::map<std::string, double> closed = {
      {"client", 2},        {"quit", 1},       {"idle_timeout", 1}, {"send_timeout", 1},
      {"line_too_long", 1}, {"http_probe", 1}, {"proxy_header", 1}, {"access_revoked", 1},
      {"clock_refused", 0}, {"shutdown", 0},   {"error", 0}};
  for (const auto& [reason, count] : closed) {
    const std::string series = "connections_closed_total{reason=\"" + reason + "\"}";
    // Every HTTP request and STATS connection of the admin port ends as QUIT does.
    if (reason == "quit") {
      EXPECT_GE(after.at(series), count);
    } else {
      EXPECT_EQ(after.at(series), count) << reason;
    }
  }
  EXPECT_GT(after.at("received_bytes_total"), before.at("received_bytes_total"));
  EXPECT_GT(after.at("sent_bytes_total"), before.at("sent_bytes_total"));
  EXPECT_GE(after.at("replies_held_back_total"), 1);
  EXPECT_GT(after.at("connections_accepted_total{listener=\"admin\"}"),
            before.at("connections_accepted_total{listener=\"admin\"}"));
  EXPECT_EQ(after.at("accept_paused_seconds_total"), 0);
}

// The config: reloads by result, when the config in effect was read, and whether it is the
// file's.
TEST(JamdAdmin, ReloadsGoodAndBadAreCounted) {
  const std::string path = temp_file(config_text(kAdminOn));
  Jamd jamd({"--config", path});
  const Readings start = read_both(jamd);
  EXPECT_EQ(start.at("config_reloads_total{result=\"ok\"}"), 0);
  EXPECT_EQ(start.at("config_last_reload_successful"), 1);
  EXPECT_NEAR(start.at("config_last_reload_success_timestamp_seconds"),
              start.at("start_time_seconds"), 1);
  std::this_thread::sleep_for(1100ms);  // a reload a second later
  std::ofstream(path, std::ios::trunc)
      << config_text(std::string(kAdminOn) + R"(, "limits": {"max_connections": 7})");
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded"));
  const Readings good = read_both(jamd);
  EXPECT_EQ(good.at("config_reloads_total{result=\"ok\"}"), 1);
  EXPECT_EQ(good.at("config_reloads_total{result=\"error\"}"), 0);
  EXPECT_GT(good.at("config_last_reload_success_timestamp_seconds"),
            start.at("config_last_reload_success_timestamp_seconds") + 1);
  EXPECT_EQ(good.at("max_connections"), 7);
  std::ofstream(path, std::ios::trunc) << R"({"commands": [{"name": "TIME", "type": "nope"}]})";
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reload failed"));
  const Readings bad = read_both(jamd);
  EXPECT_EQ(bad.at("config_reloads_total{result=\"ok\"}"), 1);
  EXPECT_EQ(bad.at("config_reloads_total{result=\"error\"}"), 1);
  EXPECT_EQ(bad.at("config_last_reload_successful"), 0);
  EXPECT_EQ(bad.at("config_last_reload_success_timestamp_seconds"),
            good.at("config_last_reload_success_timestamp_seconds"));
}

// The admin port is the operator's way in when port 45000 is full.
TEST(JamdAdmin, AnswersWhilePort45000IsFull) {
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "limits": {"max_connections": 1})"));
  Client holder(jamd.port());
  holder.send("TIME\r\n");
  ASSERT_THAT(holder.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client refused(jamd.port());
  EXPECT_THAT(refused.rest(), Optional("ERR too many connections\r\n"s));
  Client admin(jamd.admin_port());
  admin.send("STATS connections\r\n");
  EXPECT_THAT(
      admin.line(),
      Optional("STATS connections{listener=\"main\"}=1 connections{listener=\"admin\"}=1"s));
  EXPECT_THAT(curl(jamd, "/healthz"), StartsWith("HTTP/1.1 200 OK\r\n"));
}

/// What /healthz should say of this machine's clock, from the test's own adjtimex.
std::string clock_synchronized() {
  timex t{};
  const int state = ::adjtimex(&t);
  if (state < 0) return "no";  // unreadable counts as not synchronised
  return state != TIME_ERROR && (t.status & STA_UNSYNC) == 0 ? "yes" : "no";
}

// Each command by its configured name and result, a line that names no command under one
// name, and the HTTP requests of the admin port under none.
TEST(JamdAdmin, CommandsAreCountedByNameAndResult) {
  Jamd jamd(with_config(kAdminOn));
  const Readings before = read_both(jamd);
  EXPECT_EQ(before.at(R"(commands_total{command="TIME",result="ok"})"), 0);
  EXPECT_EQ(before.at(R"s(commands_total{command="(unknown)",result="error"})s"), 0);
  Client client(jamd.port());
  client.send("TIME\r\nTIME\r\nTIME now\r\nNOPE\r\nHELP\r\nQUIT\r\n");
  const auto replies = client.rest();
  ASSERT_TRUE(replies.has_value());
  EXPECT_THAT(*replies, HasSubstr("ERR wrong number of arguments for 'TIME'\r\n"));
  EXPECT_THAT(*replies, HasSubstr("ERR unknown command 'NOPE'\r\n"));
  const Readings after = read_both(jamd);
  const std::map<std::string, double> counted = {
      {R"(commands_total{command="TIME",result="ok"})", 2},
      {R"(commands_total{command="TIME",result="error"})", 1},
      {R"(commands_total{command="HELP",result="ok"})", 1},
      {R"(commands_total{command="HELP",result="error"})", 0},
      {R"s(commands_total{command="(unknown)",result="ok"})s", 0},
      {R"s(commands_total{command="(unknown)",result="error"})s", 1}};
  for (const auto& [series, count] : counted) EXPECT_EQ(after.at(series), count) << series;
  // The client's QUIT and the first read_both's STATS and QUIT: a STATS line is written
  // before its own run and the QUIT after it are counted.
  EXPECT_EQ(after.at(R"(commands_total{command="QUIT",result="ok"})"), 2);
  EXPECT_EQ(after.at(R"(commands_total{command="STATS",result="ok"})"), 1);
  EXPECT_FALSE(after.contains(R"(commands_total{command="NOPE",result="error"})"));
}

// The clock's figures are what the kernel says, read by the test's own adjtimex.
TEST(JamdAdmin, TheClockFiguresAreTheKernelsOwn) {
  Jamd jamd(with_config(kAdminOn));
  timex t{};
  const int state = ::adjtimex(&t);
  const Readings readings = read_both(jamd);
  EXPECT_EQ(readings.at("clock_synchronized"), clock_synchronized() == "yes" ? 1 : 0);
  if (state < 0) {  // a sandbox forbids it: said so, never guessed
    EXPECT_EQ(readings.at("clock_status_readable"), 0);
    EXPECT_TRUE(std::isnan(readings.at("clock_max_error_seconds")));
    EXPECT_EQ(readings.at("clock_leap"), -1);
    return;
  }
  EXPECT_EQ(readings.at("clock_status_readable"), 1);
  // The kernel's maximum error grows between two reads of an unsynchronised clock, by at
  // most 500 µs a second.
  EXPECT_NEAR(readings.at("clock_max_error_seconds"), t.maxerror / 1e6, 0.1);
  EXPECT_NEAR(readings.at("clock_estimated_error_seconds"), t.esterror / 1e6, 0.1);
  if ((state == TIME_OK || state == TIME_ERROR) && (t.status & (STA_INS | STA_DEL)) == 0) {
    EXPECT_EQ(readings.at("clock_leap"), 0);
  }
}

// Over clock.max_error_ms the clock is not synchronised, whatever the kernel says, and under
// "error" TIME counts as an error; with clock.source "none" nothing is read.
TEST(JamdAdmin, TheClockFiguresFollowTheClockSettings) {
  {
    Jamd jamd(with_config(std::string(kAdminOn) +
                          R"(, "clock": {"max_error_ms": 0.000001, "unsynchronized": "error"})"));
    Client client(jamd.port());
    client.send("TIME\r\n");
    EXPECT_THAT(client.line(), Optional("ERR clock not synchronized"s));
    const Readings readings = read_both(jamd);
    EXPECT_EQ(readings.at("clock_synchronized"), 0);
    EXPECT_EQ(readings.at(R"(commands_total{command="TIME",result="error"})"), 1);
    EXPECT_EQ(readings.at(R"(commands_total{command="TIME",result="ok"})"), 0);
  }
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "clock": {"source": "none"})"));
  const Readings readings = read_both(jamd);
  EXPECT_EQ(readings.at("clock_synchronized"), 1);
  EXPECT_EQ(readings.at("clock_status_readable"), 0);
  EXPECT_TRUE(std::isnan(readings.at("clock_max_error_seconds")));
  EXPECT_TRUE(std::isnan(readings.at("clock_estimated_error_seconds")));
  EXPECT_EQ(readings.at("clock_leap"), -1);
}

// /healthz: 200 while jamd answers TIME, 503 while it drains after SIGTERM; the admin port
// stays open until the public port has drained. Its line says what the clock policy sees. A
// client whose PROXY header comes as the drain begins is served: it connected before.
TEST(JamdAdmin, HealthzIsOkWhileServingAndUnavailableWhileDraining) {
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "limits": {"drain_timeout_s": 3},
      "proxy_protocol": {"trusted": ["127.0.0.13"]})"));
  const std::string ok = curl(jamd, "/healthz");
  EXPECT_THAT(ok, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(body_of(ok), "ok; clock synchronized: " + clock_synchronized() + "\n");
  // A client that reads nothing holds the drain (see JamdLifecycle.SigtermCutsOff...).
  Client hog(jamd.port(), "127.0.0.1", 4096);
  hog.send("TIME\r\n");
  ASSERT_THAT(hog.line(10s), Optional(MatchesRegex("JAM ..:..:..")));
  const int small = 4096;
  ::setsockopt(hog.fd(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  flood(hog, "TIME\r\n", 100'000'000, 30s, 500ms);
  ASSERT_GT(hog.unsent(), 0u) << "jamd never stopped reading";
  Client late = Client::from("127.0.0.13", jamd.port());  // its header is awaited
  {
    // Accepted after `late` (one acceptor takes its queue in order), so that `late` waits
    // for its header when the stop comes, and not in the listen queue.
    Client after = Client::from("127.0.0.14", jamd.port());
    after.send("TIME\r\nQUIT\r\n");
    ASSERT_THAT(after.rest(), Optional(MatchesRegex("JAM ..:..:..\r\n")));
  }
  ASSERT_EQ(wait_for_figure(jamd, "connections{listener=\"main\"}", 1), 1);  // the hog
  jamd.signal(SIGTERM);
  ASSERT_TRUE(jamd.wait_for_log("SIGTERM: stopping"));
  // Read by line, not to the end: a header that came before the drain began (the signal and
  // the drain are not one instant) leaves the session open for its next line.
  late.send("PROXY TCP4 192.0.2.1 127.0.0.1 5555 45000\r\nTIME\r\n");
  EXPECT_THAT(late.line(), Optional(MatchesRegex("JAM ..:..:..")));
  const std::string accepted = R"(connections_accepted_total{listener="main"})";
  EXPECT_EQ(from_metrics(body_of(curl(jamd, "/metrics")))[accepted], 3);
  const std::string draining = curl(jamd, "/healthz");
  EXPECT_THAT(draining, StartsWith("HTTP/1.1 503 Service Unavailable\r\n"));
  EXPECT_EQ(body_of(draining), "draining; clock synchronized: " + clock_synchronized() + "\n");
  Client admin(jamd.admin_port());
  // The hog, and `late`: waiting for its next line, or reading and dropping what it sends.
  admin.send("STATS connections{listener=\"main\"}\r\n");
  EXPECT_THAT(admin.line(), Optional("STATS connections{listener=\"main\"}=2"s));
  EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
  EXPECT_THAT(admin.rest(1s), Optional(""s));  // closed last
  EXPECT_THAT(late.rest(1s), Optional(""s));
}

// limits.stop_grace_s: after SIGTERM jamd goes on accepting and serving, while AGENT says
// "drain" and /healthz 503, so that a balancer moves away before the listener closes.
TEST(JamdAdmin, AgentSaysDrainWhileJamdServesOnThroughTheStopGrace) {
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "limits": {"stop_grace_s": 1.5})"));
  Client agent(jamd.admin_port());
  agent.send("AGENT\n");  // as HAProxy's agent-send writes it
  EXPECT_THAT(agent.line(), Optional("ready up"s));
  const auto signalled = std::chrono::steady_clock::now();
  jamd.signal(SIGTERM);
  ASSERT_TRUE(jamd.wait_for_log("serving on for 1.5 s before the drain (limits.stop_grace_s)"));
  agent.send("AGENT\n");
  EXPECT_THAT(agent.line(), Optional("drain"s));
  EXPECT_THAT(curl(jamd, "/healthz"), StartsWith("HTTP/1.1 503 Service Unavailable\r\n"));
  Client late(jamd.port());  // still accepted
  late.send("TIME\r\nQUIT\r\n");
  EXPECT_THAT(late.rest(), Optional(MatchesRegex("JAM ..:..:..\r\n")));
  EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
  EXPECT_GE(std::chrono::steady_clock::now() - signalled, 1400ms);
}

// A second SIGTERM ends the grace at once.
TEST(JamdAdmin, ASecondSigtermEndsTheStopGrace) {
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "limits": {"stop_grace_s": 60})"));
  const auto signalled = std::chrono::steady_clock::now();
  jamd.signal(SIGTERM);
  ASSERT_TRUE(jamd.wait_for_log("serving on for 60 s before the drain"));
  jamd.signal(SIGTERM);
  EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 10s);
  EXPECT_THAT(jamd.log(), HasSubstr("SIGTERM: draining now"));
}

// During the grace SIGUSR1 is still served, a SIGHUP is not applied (jamd is on its way out),
// and SIGINT ends the grace as a second SIGTERM does.
TEST(JamdAdmin, DuringTheStopGraceSigusr1IsServedSighupIsNotAndSigintEndsIt) {
  Jamd jamd(with_config(std::string(kAdminOn) + R"(, "limits": {"stop_grace_s": 60})"));
  jamd.signal(SIGTERM);
  ASSERT_TRUE(jamd.wait_for_log("serving on for 60 s before the drain"));
  jamd.signal(SIGUSR1);
  EXPECT_TRUE(jamd.wait_for_log("SIGUSR1: jamd logs to standard error: nothing to reopen"));
  jamd.signal(SIGHUP);
  {
    Client client(jamd.port());
    client.send("TIME\r\nQUIT\r\n");
    EXPECT_THAT(client.line(), Optional(MatchesRegex("JAM ..:..:..")));
  }
  const auto signalled = std::chrono::steady_clock::now();
  jamd.signal(SIGINT);
  EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 10s);
  EXPECT_THAT(jamd.log(), HasSubstr("SIGINT: draining now"));
  EXPECT_THAT(jamd.log(), ::testing::Not(HasSubstr("reloaded ")));
}

}  // namespace
}  // namespace jamd::test
