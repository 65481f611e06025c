// The jamd program itself: started as a process, talked to over real sockets, and stopped
// and reloaded with real signals. Covers docs/protocol.md, the config rules and the lifecycle.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <ctime>
#include <fstream>
#include <regex>
#include <thread>

#include "support/client.hpp"
#include "support/lines.hpp"
#include "support/proc.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Optional;

/// "JAM hh:mm:ss" for the seconds around now in the zone TZ names, for a tolerant compare.
std::vector<std::string> expected_times(const char* tz) {
  std::vector<std::string> times;
  const std::time_t now = std::time(nullptr);
  for (std::time_t t : {now - 1, now, now + 1}) {
    std::tm tm{};
    ::setenv("TZ", tz, 1);
    ::tzset();
    ::localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "JAM %H:%M:%S", &tm);
    times.emplace_back(text);
  }
  ::unsetenv("TZ");
  return times;
}

class JamdProtocol : public ::testing::Test {
 protected:
  Jamd jamd_{with_config()};
  Client client() { return Client(jamd_.port()); }
};

// TIME: "JAM hh:mm:ss", 24-hour, zero-padded, in the server's local time, honouring TZ.
TEST(JamdTime, RepliesWithTheLocalTimeHonouringTz) {
  ::setenv("TZ", "Asia/Kathmandu", 1);  // UTC+05:45: no other zone shares its minutes
  Jamd jamd(with_config());
  ::unsetenv("TZ");
  Client c(jamd.port());
  c.send("TIME\r\n");
  const auto reply = c.line();
  ASSERT_TRUE(reply.has_value());
  EXPECT_THAT(*reply, MatchesRegex("JAM [0-2][0-9]:[0-5][0-9]:[0-5][0-9]"));
  EXPECT_THAT(expected_times("Asia/Kathmandu"), ::testing::Contains(*reply));
}

// 3. QUIT: no reply, earlier replies flushed, later lines discarded, connection closed.
TEST_F(JamdProtocol, QuitFlushesEarlierRepliesAndCloses) {
  Client c = client();
  c.send("TIME\r\nQUIT\r\nTIME\r\n");
  const auto rest = c.rest();
  ASSERT_TRUE(rest.has_value());
  EXPECT_THAT(*rest, MatchesRegex("JAM ..:..:..\r\n"));
}

// 3. Errors begin with ERR, name the command as typed, and keep the session open.
TEST_F(JamdProtocol, ErrorsKeepTheSessionOpen) {
  Client c = client();
  c.send("FOO\r\nTIME now\r\ntime now\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'FOO'"s));
  EXPECT_THAT(c.line(), Optional("ERR wrong number of arguments for 'TIME'"s));
  EXPECT_THAT(c.line(), Optional("ERR wrong number of arguments for 'time'"s));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// 5. jamd never sends telnet commands: every reply byte is text.
TEST_F(JamdProtocol, NeverSendsTelnetCommands) {
  Client c = client();
  c.send("\xff\xfd\x03\xff\xfb\x01TIME\r\nQUIT\r\n");
  const auto rest = c.rest();
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->find('\xff'), std::string::npos);
  EXPECT_THAT(*rest, MatchesRegex("JAM ..:..:..\r\n"));
}

// 7. HELP is generated from the commands' metadata.
TEST_F(JamdProtocol, HelpListsAndDescribesCommands) {
  Client c = client();
  c.send("HELP\r\nHELP time\r\nHELP FOO\r\n");
  EXPECT_THAT(c.line(), Optional("COMMANDS HELP QUIT TIME"s));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("TIME - .*JAM hh:mm:ss.*")));
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'FOO'"s));
}

// 6. An overlong line gets the error, then the close.
TEST(JamdLimits, OverlongLineIsRefusedAndClosed) {
  Jamd jamd(with_config(R"("limits": {"max_line_bytes": 8})"));
  Client c(jamd.port());
  c.send("TIME\r\n123456789\r\nTIME\r\n");
  const auto rest = c.rest();
  ASSERT_TRUE(rest.has_value());
  EXPECT_THAT(*rest, MatchesRegex("JAM ..:..:..\r\nERR line too long\r\n"));
}

// 9. Past max_connections: refused with ERR; open sessions unaffected.
TEST(JamdLimits, RefusesPastMaxConnections) {
  Jamd jamd(with_config(R"("limits": {"max_connections": 1})"));
  Client first(jamd.port());
  first.send("TIME\r\n");
  ASSERT_THAT(first.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client second(jamd.port());
  EXPECT_THAT(second.rest(), Optional("ERR too many connections\r\n"s));
  first.send("TIME\r\n");
  EXPECT_THAT(first.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd.wait_for_log("refused"));
}

// 15. Per-client limits from the config: the client's next session past its cap is refused,
// and so is its connection past its rate, while another client is served; the log names
// the address.
TEST(JamdLimits, PerClientCapAndRateRefuseOneClientOnly) {
  Jamd jamd(with_config(R"("limits": {"max_connections_per_client": 1})"));
  Client first = Client::from("127.0.0.2", jamd.port());
  first.send("TIME\r\n");
  ASSERT_THAT(first.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client second = Client::from("127.0.0.2", jamd.port());
  EXPECT_THAT(second.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client other = Client::from("127.0.0.3", jamd.port());
  other.send("TIME\r\n");
  EXPECT_THAT(other.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(
      jamd.wait_for_log(": its address has 1 sessions open (limits.max_connections_per_client)\n"))
      << jamd.log();

  Jamd rated(with_config(R"("limits": {"new_connections_per_client_per_s": 1})"));
  Client once = Client::from("127.0.0.2", rated.port());
  Client again = Client::from("127.0.0.2", rated.port());
  EXPECT_THAT(again.rest(), Optional("ERR too many new connections from your address\r\n"s));
  once.send("TIME\r\n");
  EXPECT_THAT(once.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(
      rated.wait_for_log(": its address opens more than 1 connections a second "
                         "(limits.new_connections_per_client_per_s)\n"))
      << rated.log();
}

// 10. An idle session is closed after idle_timeout_s (fractions allowed).
TEST(JamdLimits, IdleSessionIsClosed) {
  Jamd jamd(with_config(R"("limits": {"idle_timeout_s": 0.25})"));
  Client c(jamd.port());
  const auto begin = std::chrono::steady_clock::now();
  EXPECT_THAT(c.rest(5s), Optional(""s));
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 200ms);
}

// The config: one type under several names with their own zones; only listed commands exist.
TEST(JamdConfig, CommandsComeFromTheConfig) {
  Jamd jamd(with_config(R"("commands": [
      {"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"},
      {"name": "UTC", "type": "time", "timezone": "UTC"},
      {"name": "HELP", "type": "help"}])"));
  Client c(jamd.port());
  c.send("HELP\r\nWAKTU\r\nutc\r\nQUIT\r\n");
  EXPECT_THAT(c.line(), Optional("COMMANDS HELP UTC WAKTU"s));
  const auto jakarta = c.line();
  const auto utc = c.line();
  ASSERT_TRUE(jakarta && utc);
  EXPECT_THAT(expected_times("Asia/Jakarta"), ::testing::Contains(*jakarta));
  EXPECT_THAT(expected_times("UTC"), ::testing::Contains(*utc));
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'QUIT'"s));
}

// The config: every bad file is refused with one message naming the file and the key.
TEST(JamdConfig, BadConfigsAreRefusedNamingFileAndKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"port": 1,})", "line 1"},
      {R"({"prot": 1})", "prot: unknown key"},
      {R"({"port": 65536})", "port:"},
      {R"({"port": -1})", "port:"},
      {R"({"threads": -2})", "threads:"},
      {R"({"bind": "localhost!"})", "bind:"},
      {R"({"logging": {"level": "loud"}})", "logging.level:"},
      {R"({"logging": {"format": "xml"}})", "logging.format:"},
      {R"({"limits": {"max_line_bytes": 0}})", "limits.max_line_bytes:"},
      {R"({"commands": [{"name": "T", "type": "clock"}]})", "commands[0].type:"},
      {R"({"commands": [{"name": "T", "type": "time", "timezone": "Mars/Base"}]})",
       "commands[0].timezone:"},
      {R"({"commands": [{"name": "T", "type": "quit"}, {"name": "t", "type": "quit"}]})",
       "commands[1].name:"},
      {R"({"commands": [{"name": "T", "type": "quit", "colour": "red"}]})", "commands[0].colour:"},
  };
  for (const auto& [text, key] : cases) {
    const std::string path = temp_file(text);
    const Outcome outcome = run_jamd({"--config", path});
    EXPECT_EQ(outcome.exit_code, 1) << text;
    EXPECT_THAT(outcome.output, HasSubstr(path + ": ")) << text;
    EXPECT_THAT(outcome.output, HasSubstr(key)) << text;
    EXPECT_EQ(std::count(outcome.output.begin(), outcome.output.end(), '\n'), 1) << outcome.output;
    EXPECT_EQ(run_jamd({"--config", path, "--check-config"}).exit_code, 1) << text;
  }
  const Outcome missing = run_jamd({"--config", "/nonexistent/jamd.json"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent/jamd.json: cannot read"));
}

// The command line: --check-config, --version, --help and bad flags.
TEST(JamdCommandLine, ChecksVersionHelpAndBadFlags) {
  const Outcome check =
      run_jamd({"--config", JAMD_SOURCE_DIR "/config/jamd.json", "--check-config"});
  EXPECT_EQ(check.exit_code, 0);
  EXPECT_THAT(check.output, HasSubstr("valid"));
  EXPECT_THAT(run_jamd({"--version"}).output,
              MatchesRegex("jamd [0-9]+\\.[0-9]+\\.[0-9]+, plugin ABI 1\\.0\n"));
  EXPECT_THAT(run_jamd({"--help"}).output, HasSubstr("--check-config"));
  EXPECT_EQ(run_jamd({"--bogus"}).exit_code, 2);
  EXPECT_EQ(run_jamd({"--port", "70000", "--check-config"}).exit_code, 1);
}

// Flags override the file, and keep overriding it after a reload.
TEST(JamdCommandLine, FlagsOverrideTheFileAcrossReloads) {
  const std::string path = temp_file(config_text(R"("threads": 4, "logging": {"level": "info"})"));
  Jamd jamd({"--config", path, "--threads", "3", "--log-level", "debug"});
  EXPECT_TRUE(jamd.wait_for_log("3 I/O threads"));
  Client first(jamd.port());
  EXPECT_TRUE(jamd.wait_for_log("session opened: 127.0.0.1:"));  // debug, from the flag
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded"));
  const std::size_t opened = count_of(jamd.log(), "session opened");
  Client second(jamd.port());
  for (int i = 0; i < 500 && count_of(jamd.log(), "session opened") == opened; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GT(count_of(jamd.log(), "session opened"), opened);  // still debug, as the flag says
}

// --print-config prints the settings in effect as a config: without a file those of the
// shipped config/jamd.json, and read back it prints itself.
TEST(JamdCommandLine, PrintConfigPrintsTheSettingsInEffectAsAConfig) {
  const Outcome defaults = run_jamd({"--print-config"});
  EXPECT_EQ(defaults.exit_code, 0);
  EXPECT_THAT(defaults.output, HasSubstr("\"port\": 45000"));
  const Outcome shipped =
      run_jamd({"--config", JAMD_SOURCE_DIR "/config/jamd.json", "--print-config"});
  EXPECT_EQ(shipped.exit_code, 0);
  EXPECT_EQ(shipped.output, defaults.output);

  const Outcome flags = run_jamd({"--config", temp_file(config_text(R"("busy_poll_us": 5)")),
                                  "--port", "7", "--log-level", "warn", "--print-config"});
  EXPECT_EQ(flags.exit_code, 0);
  EXPECT_THAT(flags.output, HasSubstr("\"port\": 7,"));
  EXPECT_THAT(flags.output, HasSubstr("\"level\": \"warn\""));
  EXPECT_THAT(flags.output, HasSubstr("\"busy_poll_us\": 5,"));
  const Outcome again = run_jamd({"--config", temp_file(flags.output), "--print-config"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.output, flags.output);
}

// On start jamd logs every address it listens on and its thread count.
TEST(JamdLifecycle, LogsAddressesAndThreads) {
  Jamd jamd({"--config", temp_file(R"({"port": 0, "bind": ["127.0.0.1", "::1"], "threads": 2})")});
  // The constructor saw the first line; the others may still be on their way.
  EXPECT_TRUE(jamd.wait_for_log("listening on 127.0.0.1:" + std::to_string(jamd.port())));
  EXPECT_TRUE(jamd.wait_for_log("listening on [::1]:" + std::to_string(jamd.port())));
  EXPECT_TRUE(jamd.wait_for_log("2 I/O threads")) << jamd.log();
  Client v6(jamd.port(), "::1");
  v6.send("TIME\r\n");
  EXPECT_THAT(v6.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// "::" listens on IPv6 and IPv4 at once.
TEST(JamdLifecycle, DualStackServesIpv4AndIpv6) {
  Jamd jamd({"--config", temp_file(R"({"port": 0, "bind": "::", "threads": 1})")});
  for (const char* host : {"127.0.0.1", "::1"}) {
    Client c(jamd.port(), host);
    c.send("TIME\r\n");
    EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:.."))) << host;
  }
}

// Refusals are logged at warn, at most 10 a second, and what was left out is counted.
TEST(JamdLifecycle, WarningsAreRateLimited) {
  Jamd jamd(with_config(R"("limits": {"max_connections": 1})"));
  Client holder(jamd.port());
  holder.send("TIME\r\n");
  ASSERT_THAT(holder.line(), Optional(MatchesRegex("JAM ..:..:..")));
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) Client(jamd.port()).rest();
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin);
  std::this_thread::sleep_for(1100ms);
  Client(jamd.port()).rest();  // opens a new second: the count of the last one is logged
  ASSERT_TRUE(jamd.wait_for_log("similar warnings left out"));
  const std::string log = jamd.log();
  EXPECT_LE(count_of(log, "refused"), 10 * static_cast<std::size_t>(seconds.count() + 2));
  if (seconds.count() < 1) {
    EXPECT_THAT(log, HasSubstr("90 similar warnings left out"));
  }
}

/// jamd with busy_poll_us set to `us`, on `threads` I/O threads.
std::vector<std::string> busy_polling(unsigned us, unsigned threads) {
  return {"--config", temp_file(config_text(R"("busy_poll_us": )" + std::to_string(us))),
          "--threads", std::to_string(threads)};
}

// busy_poll_us: with a CPU to spare, a thread that runs out of work polls before it sleeps,
// so that a client's next request finds it awake.
TEST(JamdBusyPoll, BackToBackRequestsFindTheThreadAwake) {
  Jamd jamd(busy_polling(1000, 1));
  ASSERT_TRUE(jamd.wait_for_log("busy polling"));
  if (jamd.log().find("busy polling off") != std::string::npos) {
    GTEST_SKIP() << "jamd may use one CPU here: no CPU to spare for polling";
  }
  ASSERT_TRUE(jamd.wait_for_log("busy polling 1000 µs"));
  Client c(jamd.port());
  constexpr std::size_t kRequests = 200;
  const std::size_t before = sleeps(jamd.pid());
  for (std::size_t i = 0; i < kRequests; ++i) {
    c.send("TIME\r\n");
    ASSERT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  }
  // A thread that slept whenever it was idle would sleep about once per request.
  EXPECT_LT(sleeps(jamd.pid()) - before, kRequests / 2);
}

// busy_poll_us: the polling stops; a jamd without clients uses no CPU.
TEST(JamdBusyPoll, AnIdleThreadSleeps) {
  Jamd jamd(busy_polling(1000, 1));
  ASSERT_TRUE(jamd.wait_for_log("busy polling"));
  if (jamd.log().find("busy polling off") != std::string::npos) {
    GTEST_SKIP() << "jamd may use one CPU here: no CPU to spare for polling";
  }
  ASSERT_TRUE(jamd.wait_for_log("busy polling 1000 µs"));
  Client c(jamd.port());
  c.send("TIME\r\n");
  ASSERT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  const double before = cpu_seconds(jamd.pid());
  std::this_thread::sleep_for(1s);
  EXPECT_LT(cpu_seconds(jamd.pid()) - before, 0.2);
}

// busy_poll_us: with a thread on every CPU there is none to spare, and no thread polls.
TEST(JamdBusyPoll, OffWhenEveryCpuHasAThread) {
  Jamd jamd(busy_polling(1000, std::max(1u, std::thread::hardware_concurrency())));
  EXPECT_TRUE(jamd.wait_for_log("busy polling off"));
}

// A port in use: jamd refuses to start and says why.
TEST(JamdLifecycle, PortInUseIsRefused) {
  Jamd first(with_config());
  const Outcome second =
      run_jamd({"--config", temp_file(config_text()), "--port", std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.output,
              HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(first.port())));
}

// SIGTERM and SIGINT: stop accepting, close the sessions, exit 0, even with thousands of
// clients connected.
TEST(JamdLifecycle, SigtermAndSigintExitZeroWithClientsConnected) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  const int count = static_cast<int>(std::min<rlim_t>(2000, limit.rlim_max - 100));
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  for (const int signal : {SIGTERM, SIGINT}) {
    Jamd jamd(with_config());
    std::vector<Client> clients;
    for (int i = 0; i < count; ++i) clients.emplace_back(jamd.port());
    clients[0].send("TIME\r\n");
    ASSERT_THAT(clients[0].line(), Optional(MatchesRegex("JAM ..:..:..")));
    clients[1].send("TIM");  // half-typed
    jamd.signal(signal);
    EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
    for (auto& c : clients) ASSERT_TRUE(c.rest(1s).has_value());
  }
}

// SIGTERM: a client that never reads is cut off at the drain deadline.
TEST(JamdLifecycle, SigtermCutsOffAClientThatDoesNotRead) {
  Jamd jamd(with_config(R"("limits": {"drain_timeout_s": 0.5})"));
  Client hog(jamd.port(), "127.0.0.1", 4096);
  hog.send("TIME\r\n");  // served: jamd has accepted it (a slow jamd may not have yet)
  ASSERT_THAT(hog.line(10s), Optional(MatchesRegex("JAM ..:..:..")));
  // Sends until jamd has stopped reading because its replies fill every buffer between them:
  // only then has it something left to send when the signal comes. (Stopped after a fixed
  // time instead, a jamd that keeps up has sent everything and rightly closes at once.) A
  // small send buffer makes the hog's socket writable again as soon as jamd reads anything,
  // so that a socket full for the whole patience means jamd read nothing in that time.
  const int small = 4096;
  ::setsockopt(hog.fd(), SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  flood(hog, "TIME\r\n", 100'000'000, 30s, 500ms);
  ASSERT_GT(hog.unsent(), 0u) << "jamd never stopped reading";
  const auto begin = std::chrono::steady_clock::now();
  jamd.signal(SIGTERM);
  EXPECT_EQ(jamd.wait_exit(10s), std::optional<int>(0));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 5s);
  EXPECT_THAT(jamd.log(), HasSubstr("drain deadline passed"));
}

/// A jamd with a config file the test rewrites before sending SIGHUP.
class JamdReload : public ::testing::Test {
 protected:
  void rewrite(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }

  std::string path_ = temp_file(config_text());
  Jamd jamd_{{"--config", path_}};
};

// SIGHUP: new commands and limits apply to the next line; no session is dropped.
TEST_F(JamdReload, NewConfigAppliesToTheNextLine) {
  Client c(jamd_.port());
  c.send("TIME\r\n");
  ASSERT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  rewrite(config_text(R"("limits": {"max_line_bytes": 20}, "commands": [
      {"name": "WAKTU", "type": "time", "timezone": "Asia/Jakarta"}, {"name": "QUIT", "type": "quit"}])"));
  jamd_.signal(SIGHUP);
  ASSERT_TRUE(jamd_.wait_for_log("reloaded"));
  c.send("WAKTU\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'TIME'"s));
  c.send(std::string(21, 'x') + "\r\n");
  EXPECT_THAT(c.rest(), Optional("ERR line too long\r\n"s));
}

// 13. SIGHUP's access rules apply to new connections and to open sessions: one they deny is
// sent the access-denied error and closed, the others stay, and the log says how many.
TEST_F(JamdReload, NewAccessRulesCloseTheOpenSessionsTheyDeny) {
  Client open = Client::from("127.0.0.2", jamd_.port());
  open.send("TIME\r\n");
  ASSERT_THAT(open.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client kept = Client::from("127.0.0.3", jamd_.port());
  rewrite(config_text(R"("access": {"deny": ["127.0.0.2"]})"));
  jamd_.signal(SIGHUP);
  ASSERT_TRUE(jamd_.wait_for_log("reloaded"));
  EXPECT_THAT(open.rest(), Optional("ERR access denied\r\n"s));
  EXPECT_TRUE(jamd_.wait_for_log("the new access rules deny 1 open session: closing it"));
  Client denied = Client::from("127.0.0.2", jamd_.port());
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  kept.send("TIME\r\n");
  EXPECT_THAT(kept.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// SIGHUP with a bad file: the reason is logged and the old config keeps serving.
TEST_F(JamdReload, BadConfigKeepsTheOldOne) {
  Client c(jamd_.port());
  rewrite(R"({"commands": [{"name": "TIME", "type": "nope"}]})");
  jamd_.signal(SIGHUP);
  EXPECT_TRUE(jamd_.wait_for_log("reload failed"));
  EXPECT_THAT(jamd_.log(), HasSubstr(path_ + ": commands[0].type"));
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// SIGHUP: changes that need a restart are logged as such; the log level applies at once.
TEST_F(JamdReload, RestartOnlyChangesAreLogged) {
  rewrite(R"({"port": 1, "bind": "127.0.0.1", "threads": 2, "logging": {"level": "debug"}})");
  jamd_.signal(SIGHUP);
  EXPECT_TRUE(jamd_.wait_for_log("only after a restart"));
  EXPECT_TRUE(jamd_.wait_for_log("reloaded"));  // the new level is set after the warning
  Client c(jamd_.port());
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd_.wait_for_log("session opened"));
  // The port still in effect is the old one: a second reload says so again.
  jamd_.signal(SIGHUP);
  for (int i = 0; i < 500 && count_of(jamd_.log(), "reloaded") < 2; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(count_of(jamd_.log(), "port, bind, threads and busy_poll_us"), 2u) << jamd_.log();
}

// SIGHUP without --config: nothing to re-read, and jamd says so.
TEST(JamdLifecycle, SighupWithoutConfigSaysSo) {
  Jamd jamd({"--port", "0"});
  jamd.signal(SIGHUP);
  EXPECT_TRUE(jamd.wait_for_log("nothing to reload"));
  Client c(jamd.port());
  c.send("TIME\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

}  // namespace
}  // namespace jamd::test
