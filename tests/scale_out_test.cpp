// The shipped packaging/haproxy.cfg in front of two jamd instances on loopback, as
// docs/scale-out.md tells it: sessions spread over both; a bare SIGTERM fails no session,
// since jamd's agent puts the instance in drain during limits.stop_grace_s, and restarted on
// its ports the instance takes sessions again; so does a drain by hand with the agent
// disabled; a kill -9 fails only sessions open at that instant, none begun after HAProxy
// marked the instance down; an instance whose clock is not synchronised is taken out by the
// TIME check. HAProxy runs the file itself, with its bind address, servers (and their agent
// ports), runtime socket and global maxconn rewritten for the test and every timing kept:
// its agent check drains an instance within about 0.5 s, its checks take one out within
// about 1.2 s and back within about 2 s, well within each wait's deadline.
//
// Once in ./scripts/test: tests/CMakeLists.txt builds this program only without sanitizers
// (JAMD_SANITIZE empty), that is in the release preset of ./scripts/test (and in debug, for
// day-to-day work); under asan and tsan the same processes would only run slower.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "support/client.hpp"
#include "support/files.hpp"
#include "support/haproxy.hpp"
#include "support/process.hpp"
#include "support/session_load.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

// The test clients' address: jamd sees it through the PROXY header, while the health checks
// come from HAProxy's own, 127.0.0.1.
const std::string kClient = "127.0.0.2";
// Each load is bounded in count and in time, whatever happens to the instances.
constexpr std::size_t kMaxSessions = 6000;
constexpr auto kLoadBudget = 20s;
constexpr unsigned kClients = 4;
// Between two sessions of a client under a load that must last through a failure and a
// restart, which take seconds.
constexpr auto kPause = 5ms;

/// A port in 10000-31999, below Linux's ephemeral range (32768-60999 unless configured
/// otherwise), that nothing holds now (bound without SO_REUSEADDR, so that even a connection
/// in TIME_WAIT on it counts). The kernel never picks such a port for an outgoing
/// connection, so it stays free between an instance's exit and its restart, whatever the
/// clients and HAProxy connect meanwhile.
std::uint16_t free_low_port() {
  static unsigned next = 10000 + static_cast<unsigned>(::getpid()) * 37 % 20000;
  for (int tries = 0; tries < 1000; ++tries) {
    const auto port = static_cast<std::uint16_t>(10000 + next++ % 22000);  // 10000-31999
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free port below 32000");
}

/// Where HAProxy reaches one jamd instance: its port and its admin port (the agent's).
struct Backend {
  std::uint16_t port;
  std::uint16_t admin_port;
};

/// packaging/haproxy.cfg with its frontend bound to 127.0.0.1:`port`, its servers replaced by
/// jamd1, jamd2, ... at 127.0.0.1 and the ports of `servers`, each with the agent port of its
/// instance, its runtime API at `runtime_socket` and a smaller global maxconn; every other
/// line, the checks' and the agent's timings included, as shipped. Throws when the file has
/// not the one `bind`, the `default-server` with an agent check and the `server` lines this
/// rewrites, so that a change of its shape shows here rather than as a test of something else.
std::string test_config(std::uint16_t port, const std::vector<Backend>& servers,
                        const std::string& runtime_socket) {
  std::ifstream in(JAMD_SOURCE_DIR "/packaging/haproxy.cfg");
  std::string text;
  int binds = 0;
  int server_lines = 0;
  int global_maxconns = 0;
  int sockets = 0;
  int agents = 0;
  std::string section;  // "global", "defaults", "frontend jamd", ...
  for (std::string line; std::getline(in, line);) {
    const std::size_t indent = line.find_first_not_of(' ');
    const std::string directive = indent == std::string::npos ? "" : line.substr(indent);
    if (indent == 0 && !directive.starts_with("#")) section = directive;
    if (section == "global" && directive.starts_with("maxconn ")) {
      // The global limit only: 20000 sessions need 40019 descriptors, more than a test (or
      // a container) may open, and HAProxy refuses to start without them. The test's
      // sessions are a few at a time.
      text += line.substr(0, indent) + "maxconn 1000\n";
      ++global_maxconns;
    } else if (directive.starts_with("stats socket ")) {
      text += line.substr(0, indent) + "stats socket " + runtime_socket + " mode 600 level admin\n";
      ++sockets;
    } else if (directive.starts_with("bind ")) {
      text += line.substr(0, indent) + "bind 127.0.0.1:" + std::to_string(port) + "\n";
      ++binds;
    } else if (directive.starts_with("server ")) {
      // A server line's agent-port overrides the default-server's 45001.
      if (server_lines++ > 0) continue;
      for (std::size_t i = 0; i < servers.size(); ++i) {
        text += line.substr(0, indent) + "server jamd" + std::to_string(i + 1) +
                " 127.0.0.1:" + std::to_string(servers[i].port) + " agent-port " +
                std::to_string(servers[i].admin_port) + "\n";
      }
    } else {
      if (directive.starts_with("default-server ") &&
          directive.find(" agent-check ") != std::string::npos &&
          directive.find(" agent-port ") != std::string::npos) {
        ++agents;
      }
      text += line + "\n";
    }
  }
  if (global_maxconns != 1 || sockets != 1 || binds != 1 || agents != 1 || server_lines == 0) {
    throw std::runtime_error(
        "packaging/haproxy.cfg: expected a global maxconn, a stats socket, one bind, a "
        "default-server with an agent-check and agent-port, and server lines, found " +
        std::to_string(global_maxconns) + ", " + std::to_string(sockets) + ", " +
        std::to_string(binds) + ", " + std::to_string(agents) + " and " +
        std::to_string(server_lines));
  }
  return text;
}

/// The arguments of a jamd on 127.0.0.1:`backend.port` that trusts HAProxy (127.0.0.1) for
/// PROXY headers and logs each session, with its admin listener (and so AGENT) on
/// 127.0.0.1:`backend.admin_port` and limits.stop_grace_s 1, as packaging/haproxy.cfg asks,
/// and `extra` config members.
std::vector<std::string> instance(Backend backend, const std::string& extra = "") {
  const std::string config =
      config_text(R"("logging": {"level": "debug"}, "proxy_protocol": {"trusted": ["127.0.0.1"]}, )"
                  R"("limits": {"stop_grace_s": 1}, "admin": {"listen": "127.0.0.1:)" +
                  std::to_string(backend.admin_port) + "\"}" + (extra.empty() ? "" : ", " + extra));
  return {"--config", temp_file(config), "--port", std::to_string(backend.port)};
}

/// How many sessions of the test clients `jamd` has opened (the checks' are not theirs).
std::size_t client_sessions(const Jamd& jamd) {
  const std::string log = jamd.log();
  const std::string opened = "session opened: " + kClient + ":";
  std::size_t count = 0;
  for (std::size_t at = log.find(opened); at != std::string::npos; at = log.find(opened, at + 1)) {
    ++count;
  }
  return count;
}

/// Waits until `jamd` has opened `count` client sessions, at most `timeout`.
bool wait_client_sessions(const Jamd& jamd, std::size_t count,
                          std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (client_sessions(jamd) < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

/// The failed sessions of `results`, one a line: when each began and ended (relative to
/// `origin`), what went wrong, and HAProxy's log line of it.
std::string describe(const std::vector<SessionResult>& results,
                     std::chrono::steady_clock::time_point origin, const HaproxyProcess& haproxy) {
  const auto ms = [origin](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t - origin).count();
  };
  const std::string log = haproxy.log();
  std::ostringstream out;
  for (const SessionResult& r : failures(results)) {
    out << "  " << ms(r.start) << "-" << ms(r.end) << " ms, port " << r.port << ": " << r.failure
        << "\n";
    const std::size_t at = log.find(kClient + ":" + std::to_string(r.port) + " ");
    if (r.port != 0 && at != std::string::npos) {
      out << "    " << log.substr(at, log.find('\n', at) - at) << "\n";
    }
  }
  return out.str();
}

/// Two jamd instances (jamd1 on ports fixed for the test, so that it can be restarted there)
/// behind the shipped config.
struct Farm {
  explicit Farm(const std::string& jamd1_extra = "")
      : jamd1_at{free_low_port(), free_low_port()},
        jamd2_at{free_low_port(), free_low_port()},
        haproxy_port(free_low_port()),
        jamd1(std::in_place, instance(jamd1_at, jamd1_extra)),
        jamd2(instance(jamd2_at)),
        runtime_socket((temp_dir() / "admin.sock").string()),
        haproxy(test_config(haproxy_port, {jamd1_at, jamd2_at}, runtime_socket), haproxy_port) {}

  /// Sends `command` to HAProxy's runtime API: its answer.
  std::string command(const std::string& command) const {
    return haproxy_command(runtime_socket, command);
  }

  /// Starts jamd1 again on its ports, once the one before has exited.
  void restart_jamd1() {
    // jamd binds with SO_REUSEADDR: the ports are its again while the connections it closed
    // wait out their TIME_WAIT.
    jamd1.reset();
    jamd1.emplace(instance(jamd1_at));
  }

  Backend jamd1_at;
  Backend jamd2_at;
  std::uint16_t haproxy_port;
  std::optional<Jamd> jamd1;
  Jamd jamd2;
  std::string runtime_socket;
  HaproxyProcess haproxy;
};

/// The sessions HAProxy has open on `server` of the backend jamd (scur in "show stat").
std::optional<int> open_on(const Farm& farm, const std::string& server) {
  const auto scur = stat_field(farm.command("show stat"), "jamd", server, "scur");
  return scur ? std::optional(std::stoi(*scur)) : std::nullopt;
}

/// What HAProxy says of `server` of the backend jamd ("UP", "DRAIN", "DRAIN (agent)", ...:
/// status in "show stat").
std::string status_of(const Farm& farm, const std::string& server) {
  return stat_field(farm.command("show stat"), "jamd", server, "status").value_or("(none)");
}

/// Waits until HAProxy has no session open on `server`, at most `timeout`.
bool wait_no_session_on(const Farm& farm, const std::string& server,
                        std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (open_on(farm, server) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST(ScaleOut, TheShippedConfigAndItsStickTableAlternativePassHaproxysCheck) {
  std::ifstream in(JAMD_SOURCE_DIR "/packaging/haproxy.cfg");
  const std::string shipped((std::istreambuf_iterator<char>(in)), {});
  const ConfigCheck check = check_haproxy_config(shipped);
  EXPECT_TRUE(check.valid) << check.output;
  EXPECT_THAT(check.output, Not(HasSubstr("WARNING"))) << check.output;
  // The commented-out per-client limits, with their "# " removed as the file says.
  const std::string alternative = std::regex_replace(
      shipped, std::regex(R"((^|\n)( *)# ((stick-table|tcp-request) ))"), "$1$2$3");
  ASSERT_NE(alternative, shipped) << "no stick-table alternative in packaging/haproxy.cfg";
  const ConfigCheck with_limits = check_haproxy_config(alternative);
  EXPECT_TRUE(with_limits.valid) << with_limits.output;
  EXPECT_THAT(with_limits.output, Not(HasSubstr("WARNING"))) << with_limits.output;
}

// 1. Sessions one after another, then from four clients at once: every one succeeds, and
// each instance serves a share of them.
TEST(ScaleOut, SessionsOneByOneAndAtOnceAllSucceedOnBothInstances) {
  Farm farm;
  const auto origin = std::chrono::steady_clock::now();
  std::vector<SessionResult> results;
  for (int i = 0; i < 300; ++i) results.push_back(run_session(farm.haproxy_port, kClient));
  SessionLoad load(farm.haproxy_port, kClient, kClients, 2000, kLoadBudget);
  EXPECT_TRUE(load.wait_ended(2000, kLoadBudget));
  const std::vector<SessionResult> concurrent = load.stop();
  results.insert(results.end(), concurrent.begin(), concurrent.end());
  EXPECT_EQ(results.size(), 2300u);
  EXPECT_THAT(failures(results), IsEmpty()) << describe(results, origin, farm.haproxy);
  // Each session was opened on exactly one instance: none was lost or served twice.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (client_sessions(*farm.jamd1) + client_sessions(farm.jamd2) < results.size() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  const std::size_t on1 = client_sessions(*farm.jamd1);
  const std::size_t on2 = client_sessions(farm.jamd2);
  EXPECT_EQ(on1 + on2, results.size());
  EXPECT_GE(std::min(on1, on2), results.size() / 10) << on1 << " and " << on2;
  RecordProperty("sessions_on_jamd1", std::to_string(on1));
  RecordProperty("sessions_on_jamd2", std::to_string(on2));
}

/// The farm under a steady load from kClients clients, once 300 sessions have ended and
/// jamd1 has served some of them.
class ScaleOutUnderLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(load_.wait_ended(300));
    ASSERT_TRUE(wait_client_sessions(*farm_.jamd1, 1)) << farm_.jamd1->log();
  }

  /// Sends jamd1 `number` and returns when.
  std::chrono::steady_clock::time_point signal_jamd1(int number) {
    const auto now = std::chrono::steady_clock::now();
    farm_.jamd1->signal(number);
    return now;
  }

  /// When HAProxy logged jamd1 down, `since` or later (waiting at most 10 s).
  std::optional<std::chrono::steady_clock::time_point> jamd1_down(
      std::chrono::steady_clock::time_point since) const {
    return farm_.haproxy.wait_for_log("Server jamd/jamd1 is DOWN", 10s, since);
  }

  Farm farm_;
  SessionLoad load_{farm_.haproxy_port, kClient, kClients, kMaxSessions, kLoadBudget, kPause};
};

// 2. A bare SIGTERM under load (systemctl stop), as docs/scale-out.md tells it: jamd's agent
// answers "drain", so that HAProxy puts the instance in drain and sends it no new session,
// while jamd serves on for limits.stop_grace_s; then jamd closes its listener, serves what it
// holds, and exits 0, and the TIME check marks it down, with no session left for
// shutdown-sessions to cut. No session fails, at the stop or at the DOWN. Restarted on its
// ports, its agent's "ready up" ends the drain, HAProxy marks it up, and it takes sessions
// again. The failures' HAProxy log lines (termination states) are in the message.
TEST_F(ScaleOutUnderLoad, ABareSigtermFailsNoSessionAndTheInstanceServesAgainOnceRestarted) {
  const auto stopped = signal_jamd1(SIGTERM);
  const auto drained =
      farm_.haproxy.wait_for_log("Server jamd/jamd1 enters drain state", 10s, stopped);
  ASSERT_TRUE(drained) << farm_.haproxy.log();
  EXPECT_THAT(farm_.jamd1->wait_exit(10s), Optional(0)) << farm_.jamd1->log();
  EXPECT_THAT(farm_.jamd1->log(),
              HasSubstr("serving on for 1 s before the drain (limits.stop_grace_s)"));
  const auto down = jamd1_down(*drained);
  ASSERT_TRUE(down) << farm_.haproxy.log();
  // Nothing left on it for shutdown-sessions to cut.
  EXPECT_THAT(farm_.haproxy.log(), HasSubstr("Server jamd/jamd1 is DOWN. 1 active and 0 backup "
                                             "servers left. 0 sessions active"));
  farm_.restart_jamd1();
  // HAProxy keeps the drain through the DOWN; the new jamd's "ready up" ends it ("Server
  // jamd/jamd1 is DOWN (leaving forced drain)", or "is UP (...)" should the checks come first).
  EXPECT_TRUE(farm_.haproxy.wait_for_log("(leaving forced drain)", 10s, *down))
      << farm_.haproxy.log();
  EXPECT_TRUE(farm_.haproxy.wait_for_log("Server jamd/jamd1 is UP", 10s, *down))
      << farm_.haproxy.log();
  EXPECT_TRUE(wait_client_sessions(*farm_.jamd1, 20, 10s)) << farm_.jamd1->log();
  EXPECT_EQ(status_of(farm_, "jamd1"), "UP");
  const std::vector<SessionResult> results = load_.stop();
  EXPECT_THAT(failures(results), IsEmpty()) << describe(results, stopped, farm_.haproxy);
  RecordProperty("failed_sessions", std::to_string(failures(results).size()));
  // How long HAProxy took to drain it and to mark it down, for the record (not asserted).
  const auto ms = [stopped](std::chrono::steady_clock::time_point t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(t - stopped).count());
  };
  RecordProperty("drain_after_ms", ms(*drained));
  RecordProperty("down_after_ms", ms(*down));
}

// 2'. A drain by hand under load, for an operator who wants the instance's sessions to end on
// their own before it stops (a SIGTERM's drain ends each session once it has answered its
// next line, and cuts an idle one after limits.drain_timeout_s). The agent shares HAProxy's
// drain flag and its next "ready up" would end the drain, so the agent is disabled first:
// the drain then holds past several agent-inter, with no new session on the instance. Once
// HAProxy has no session open on it, SIGTERM: jamd exits 0, HAProxy marks it down, and no
// session fails. Restarted, with its agent enabled again and made ready, it is marked up
// and takes sessions again.
TEST_F(ScaleOutUnderLoad, AnInstanceDrainedByHandWithItsAgentDisabledThenStoppedFailsNoSession) {
  EXPECT_EQ(farm_.command("disable agent jamd/jamd1"), "\n");
  EXPECT_EQ(farm_.command("set server jamd/jamd1 state drain"), "\n");
  EXPECT_TRUE(wait_no_session_on(farm_, "jamd1")) << farm_.command("show stat");
  const std::size_t served = client_sessions(*farm_.jamd1);
  std::this_thread::sleep_for(1500ms);  // three agent-inter of 500 ms
  EXPECT_EQ(status_of(farm_, "jamd1"), "DRAIN");
  EXPECT_EQ(client_sessions(*farm_.jamd1), served) << farm_.haproxy.log();
  const auto stopped = signal_jamd1(SIGTERM);
  EXPECT_THAT(farm_.jamd1->wait_exit(10s), Optional(0)) << farm_.jamd1->log();
  const auto down = jamd1_down(stopped);
  ASSERT_TRUE(down) << farm_.haproxy.log();
  farm_.restart_jamd1();
  EXPECT_EQ(farm_.command("enable agent jamd/jamd1"), "\n");
  EXPECT_EQ(farm_.command("set server jamd/jamd1 state ready"), "\n");
  EXPECT_TRUE(farm_.haproxy.wait_for_log("Server jamd/jamd1 is UP", 10s, *down))
      << farm_.haproxy.log();
  EXPECT_TRUE(wait_client_sessions(*farm_.jamd1, served + 20, 10s)) << farm_.jamd1->log();
  const std::vector<SessionResult> results = load_.stop();
  EXPECT_THAT(failures(results), IsEmpty()) << describe(results, stopped, farm_.haproxy);
}

// 3. kill -9 of one instance under load: the sessions open on it at that instant fail (at
// most one per client, since each client has one session open at a time), and none begun
// after HAProxy marked it down does.
TEST_F(ScaleOutUnderLoad, AKillNineFailsOnlyTheSessionsOpenOnTheInstanceAndNoneAfterItIsDown) {
  const auto killed = signal_jamd1(SIGKILL);
  EXPECT_EQ(farm_.jamd1->wait_exit(5s), std::nullopt);  // killed, reaped
  const auto down = jamd1_down(killed);
  ASSERT_TRUE(down) << farm_.haproxy.log();
  EXPECT_TRUE(load_.wait_ended(load_.ended() + 300));
  const std::vector<SessionResult> results = load_.stop();
  const std::vector<SessionResult> failed = failures(results);
  EXPECT_LE(failed.size(), kClients) << describe(results, killed, farm_.haproxy);
  for (const SessionResult& session : failed) {
    EXPECT_LT(session.start, *down) << "a session begun after DOWN failed:\n"
                                    << describe(results, killed, farm_.haproxy);
  }
  RecordProperty("failed_sessions", std::to_string(failed.size()));
}

// 4. An instance with clock.unsynchronized "error" and a maximum error no clock meets
// answers TIME with an error: the check's expect fails, HAProxy marks it down, and every
// session goes to the other.
TEST(ScaleOut, AnInstanceWhoseClockIsNotSynchronisedIsTakenOutByTheCheck) {
  Farm farm(R"("clock": {"unsynchronized": "error", "max_error_ms": 0.000001})");
  Client direct = Client::from("127.0.0.3", farm.jamd1_at.port);  // not HAProxy: no header
  direct.send("TIME\r\n");
  EXPECT_THAT(direct.line(), Optional("ERR clock not synchronized"s));
  ASSERT_TRUE(farm.haproxy.wait_for_log("Server jamd/jamd1 is DOWN", 10s)) << farm.haproxy.log();
  // Failed on the reply, at once (min-recv), not on a timeout or a refused connection.
  EXPECT_THAT(farm.haproxy.log(), HasSubstr("TCPCHK did not match content (regex)"));
  const std::size_t on1 = client_sessions(*farm.jamd1);
  const std::size_t on2 = client_sessions(farm.jamd2);
  const auto origin = std::chrono::steady_clock::now();
  SessionLoad load(farm.haproxy_port, kClient, kClients, 400, kLoadBudget);
  EXPECT_TRUE(load.wait_ended(400, kLoadBudget));
  const std::vector<SessionResult> results = load.stop();
  EXPECT_THAT(failures(results), IsEmpty()) << describe(results, origin, farm.haproxy);
  EXPECT_TRUE(wait_client_sessions(farm.jamd2, on2 + results.size())) << farm.jamd2.log();
  EXPECT_EQ(client_sessions(farm.jamd2), on2 + results.size());
  EXPECT_EQ(client_sessions(*farm.jamd1), on1);
}

}  // namespace
}  // namespace jamd::test
