// jamd serving command plugins: the real jamd program, over real sockets and under real
// signals, with the fixture plugins of tests/plugins/run and the examples. Covers plugins at
// start and on SIGHUP, the reply contract that jamd enforces on what a plugin's run does, C++
// exceptions through plugin.hpp, RTLD_LOCAL, instances reloaded under load, and the examples
// tanggal and words.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "support/client.hpp"
#include "support/lines.hpp"
#include "support/proc.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::Optional;

/// The file of the fixture plugin `name` (tests/plugins/run).
std::string fixture(const std::string& name) {
  return JAMD_RUN_FIXTURE_DIR "/" + name + ".so";
}

/// The real path of the example plugin `name`, which jamd finds by its bare name in the
/// build tree's plugin folder, and names so in its log.
std::string example(const std::string& name) {
  return std::filesystem::canonical(std::filesystem::path(JAMD_BINARY).parent_path() / "plugins" /
                                    (name + ".so"));
}

/// A test config that lists the plugins `paths` (files, or the examples' bare names) and the
/// commands TIME, QUIT and HELP and then `commands` (JSON objects, comma-separated).
std::string with_plugins(const std::vector<std::string>& paths, const std::string& commands) {
  std::string plugins;
  for (const std::string& path : paths) {
    plugins += (plugins.empty() ? "" : ", ") + R"({"path": ")"s + path + R"("})";
  }
  return config_text(R"("plugins": [)" + plugins + R"(], "commands": [)" +
                     R"({"name": "TIME", "type": "time"}, {"name": "QUIT", "type": "quit"}, )"
                     R"({"name": "HELP", "type": "help"})" +
                     (commands.empty() ? "" : ", " + commands) + "]");
}

/// The command entry `name` of type `type`, with more members `extra` ("\"upper\": true").
std::string command(const std::string& name, const std::string& type,
                    const std::string& extra = "") {
  return R"({"name": ")" + name + R"(", "type": ")" + type + "\"" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

/// What `log` holds after its last `marker`; "" without one.
std::string after_last(const std::string& log, const std::string& marker) {
  const std::size_t at = log.rfind(marker);
  return at == std::string::npos ? "" : log.substr(at + marker.size());
}

/// Writes `text` to the config file `path`, sends jamd SIGHUP and waits for its next
/// "reloaded" line; false when it does not come.
bool reload(const Jamd& jamd, const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  const std::size_t before = count_of(jamd.log(), " info reloaded ");
  jamd.signal(SIGHUP);
  for (int i = 0; i < 1000; ++i) {
    if (count_of(jamd.log(), " info reloaded ") > before) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

/// Waits until jamd's log after its last "reloaded" line holds `text`.
bool wait_after_reload(const Jamd& jamd, const std::string& text) {
  for (int i = 0; i < 500; ++i) {
    if (after_last(jamd.log(), " info reloaded ").find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

/// Stops jamd with SIGTERM and waits for its exit and its last log line ("stopped"), so that
/// the log is complete up to there: the exit code.
std::optional<int> stop(Jamd& jamd) {
  jamd.signal(SIGTERM);
  const std::optional<int> code = jamd.wait_exit(20s);
  EXPECT_TRUE(jamd.wait_for_log(" info stopped\n")) << jamd.log();
  return code;
}

// -- At start -------------------------------------------------------------------------------

// A plugin that cannot be loaded stops the start: exit 1, one line naming config, entry, file
// and reason (tests/plugins/load covers every reason).
TEST(PluginStart, AMissingPluginFileStopsTheStartNamingTheFile) {
  const std::string missing = fixture("missing");
  const std::string config = temp_file(with_plugins({missing}, ""));
  const Outcome outcome = run_jamd({"--config", config});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.output, "jamd: " + config + ": plugins[0]: " + missing +
                                ": cannot open it: No such file or directory\n");
}

// A C++ constructor that throws fails the create, so the start, with the exception's text.
TEST(PluginStart, AConstructorThatThrowsStopsTheStartWithItsText) {
  const std::string config =
      temp_file(with_plugins({fixture("throws")}, command("FRAGILE", "throws.fragile")));
  const Outcome outcome = run_jamd({"--config", config});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.output, "jamd: " + config +
                                ": commands[3]: plugin throws: create of type 'fragile' failed: "
                                "fragile refuses to be made\n");
}

// -- On SIGHUP ------------------------------------------------------------------------------

// A plugin added by a reload serves its commands to the sessions opened after it and to
// those already open, and the log names it after the reloaded line.
TEST(PluginReload, AddingAPluginServesItsCommandsAlsoInSessionsAlreadyOpen) {
  const std::string path = temp_file(with_plugins({}, ""));
  Jamd jamd({"--config", path});
  Client before(jamd.port());
  before.send("ECHO hi\r\n");
  ASSERT_THAT(before.line(), Optional("ERR unknown command 'ECHO'"s));
  ASSERT_TRUE(reload(jamd, path, with_plugins({"words"}, command("ECHO", "words.echo"))));
  EXPECT_TRUE(wait_after_reload(jamd, "plugin words 1.0.0 from " + example("words") + "\n"))
      << jamd.log();
  before.send("ECHO hi\r\nTIME\r\n");
  EXPECT_THAT(before.line(), Optional("hi"s));
  EXPECT_THAT(before.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client after(jamd.port());
  after.send("ECHO there\r\n");
  EXPECT_THAT(after.line(), Optional("there"s));
}

// A plugin that a reload no longer lists loses its commands (the plugin listed last, which
// stays, is logged after it: its line marks the end of the list). Listed again, it serves
// again.
TEST(PluginReload, RemovingAPluginRemovesItsCommands) {
  const std::string tanggal = command("TANGGAL", "tanggal.date", R"("timezone": "UTC")");
  const std::string path =
      temp_file(with_plugins({"words", "tanggal"}, command("ECHO", "words.echo") + ", " + tanggal));
  Jamd jamd({"--config", path});
  Client c(jamd.port());
  c.send("ECHO hi\r\n");
  ASSERT_THAT(c.line(), Optional("hi"s));
  ASSERT_TRUE(reload(jamd, path, with_plugins({"tanggal"}, tanggal)));
  ASSERT_TRUE(wait_after_reload(jamd, "plugin tanggal 1.0.0 from " + example("tanggal") + "\n"))
      << jamd.log();
  EXPECT_THAT(after_last(jamd.log(), " info reloaded "), Not(HasSubstr("plugin words")));
  c.send("ECHO hi\r\nTANGGAL\r\n");
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'ECHO'"s));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("TANGGAL [A-Za-z]+, [0-9]+ [A-Za-z]+ [0-9]+")));

  ASSERT_TRUE(reload(jamd, path, with_plugins({"words"}, command("ECHO", "words.echo"))));
  c.send("ECHO again\r\n");
  EXPECT_THAT(c.line(), Optional("again"s));
}

// A reload with a plugin file that is missing fails as a whole: the log says why, naming the
// config, the entry and the file, and the commands in use keep answering.
TEST(PluginReload, AMissingPluginFileKeepsTheConfigInUse) {
  const std::string path = temp_file(with_plugins({"words"}, command("ECHO", "words.echo")));
  Jamd jamd({"--config", path});
  Client c(jamd.port());
  const std::string missing = fixture("missing");
  std::ofstream(path, std::ios::trunc) << with_plugins({"words", missing}, "");
  jamd.signal(SIGHUP);
  EXPECT_TRUE(jamd.wait_for_log(" error reload failed, keeping the config in use: " + path +
                                ": plugins[1]: " + missing +
                                ": cannot open it: No such file or directory\n"))
      << jamd.log();
  c.send("ECHO still\r\n");
  EXPECT_THAT(c.line(), Optional("still"s));
  Client later(jamd.port());
  later.send("ECHO still\r\n");
  EXPECT_THAT(later.line(), Optional("still"s));
}

// A reload whose new command cannot be made (its C++ constructor throws) fails likewise.
TEST(PluginReload, AConstructorThatThrowsKeepsTheConfigInUse) {
  const std::string path = temp_file(with_plugins({"words"}, command("ECHO", "words.echo")));
  Jamd jamd({"--config", path});
  std::ofstream(path, std::ios::trunc)
      << with_plugins({"words", fixture("throws")},
                      command("ECHO", "words.echo") + ", " + command("FRAGILE", "throws.fragile"));
  jamd.signal(SIGHUP);
  EXPECT_TRUE(jamd.wait_for_log(" error reload failed, keeping the config in use: " + path +
                                ": commands[4]: plugin throws: create of type 'fragile' "
                                "failed: fragile refuses to be made\n"))
      << jamd.log();
  Client c(jamd.port());
  c.send("ECHO still\r\nFRAGILE\r\n");
  EXPECT_THAT(c.line(), Optional("still"s));
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'FRAGILE'"s));
}

// -- The reply contract ---------------------------------------------------------------------

/// One type of the misbehave plugin, and what jamd makes of its run.
struct Misbehaviour {
  std::string type;
  std::string reply;    // what the client gets
  std::string problem;  // the warning's problem; "" for a run that keeps the contract
};

void PrintTo(const Misbehaviour& m, std::ostream* out) {
  *out << m.type;
}

class PluginReplyContract : public ::testing::TestWithParam<Misbehaviour> {};

// Each run that breaks the contract gives the client ERR internal error, the session stays
// open, and the log has one warning naming the plugin, the command and the problem; a run
// that keeps it is served as it is, without a warning.
TEST_P(PluginReplyContract, IsEnforcedOnEveryRunAndTheSessionStaysOpen) {
  const Misbehaviour& m = GetParam();
  std::string name = m.type;
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Jamd jamd({"--config", temp_file(with_plugins({fixture("misbehave")},
                                                command(name, "misbehave." + m.type)))});
  Client c(jamd.port());
  c.send(name + "\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional(m.reply));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_EQ(stop(jamd), 0);
  const std::string log = jamd.log();
  if (!m.problem.empty()) {
    EXPECT_THAT(log, HasSubstr(" warning plugin misbehave: command " + name + ": " + m.problem +
                               "; the client got ERR internal error\n"));
  }
  EXPECT_EQ(count_of(log, "plugin misbehave: "), m.problem.empty() ? 0u : 1u) << log;
}

const std::string kInternal = "ERR internal error";
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

INSTANTIATE_TEST_SUITE_P(
    Misbehave, PluginReplyContract,
    ::testing::Values(
        Misbehaviour{"crlf", kInternal, "the reply is not one line"},
        Misbehaviour{"bad_utf8", kInternal, "the reply is not UTF-8"},
        Misbehaviour{"control", kInternal, "the reply holds a control character"},
        Misbehaviour{"silent", kInternal, "no reply"},
        Misbehaviour{"too_long", kInternal, "the reply is longer than JAMD_MAX_REPLY_BYTES"},
        Misbehaviour{"reply_close", kInternal, "run replied and asked to close the session"},
        Misbehaviour{"seven", kInternal, "run returned 7, which is no status of plugin ABI 1.0"},
        Misbehaviour{"deferred", kInternal, "run returned 2, which is no status of plugin ABI 1.0"},
        Misbehaviour{"error", kInternal, "run returned JAMD_ERROR"},
        Misbehaviour{"internal", kInternal, "the frobnicator is out of order"},
        // The 250 characters are sanitised and cut to 200, then "...".
        Misbehaviour{"client_error",
                     "ERR no" + kReplacement + "such" + kReplacement + "thing " +
                         std::string(200 - 14, 'z') + "...",
                     ""},
        Misbehaviour{"longest", std::string(16382, 'y'), ""}),
    [](const ::testing::TestParamInfo<Misbehaviour>& info) { return info.param.type; });

// JAMD_CLOSE without a reply ends the session as QUIT does: earlier replies are flushed,
// later lines discarded, and nothing is logged about it.
TEST(PluginReplyContract, CloseWithoutAReplyEndsTheSessionAsQuitDoes) {
  Jamd jamd({"--config",
             temp_file(with_plugins({fixture("misbehave")}, command("BYE", "misbehave.close")))});
  {
    Client c(jamd.port());
    c.send("TIME\r\nBYE\r\nTIME\r\n");
    EXPECT_THAT(c.rest(), Optional(MatchesRegex("JAM ..:..:..\r\n")));
  }  // closed, so that jamd need not wait for its end of the close at the stop
  EXPECT_EQ(stop(jamd), 0);
  EXPECT_THAT(jamd.log(), Not(HasSubstr("plugin misbehave: ")));
}

// A C++ run that throws: plugin.hpp catches it, the client gets ERR internal error, and the
// warning names the exception's text.
TEST(PluginReplyContract, ACppRunThatThrowsGivesInternalErrorAndNamesTheException) {
  Jamd jamd(
      {"--config", temp_file(with_plugins({fixture("throws")}, command("BOOM", "throws.boom")))});
  Client c(jamd.port());
  c.send("BOOM\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional(kInternal));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_EQ(stop(jamd), 0);
  EXPECT_THAT(jamd.log(),
              HasSubstr(" warning plugin throws: command BOOM: threw: boom; the client got "
                        "ERR internal error\n"));
}

// -- Commands, HELP and isolation -------------------------------------------------------------

// HELP lists plugin commands beside the built-in ones and describes them from what the plugin
// registered; jamd checks their arity as it does TIME's.
TEST(PluginCommands, HelpListsThemAndTheirArityIsChecked) {
  Jamd jamd({"--config", temp_file(with_plugins({"words", "tanggal"},
                                                command("ECHO", "words.echo") + ", " +
                                                    command("REVERSE", "words.reverse") + ", " +
                                                    command("TANGGAL", "tanggal.date")))});
  Client c(jamd.port());
  c.send(
      "HELP\r\nHELP echo\r\nHELP TANGGAL\r\nREVERSE\r\nREVERSE 1 2 3 4 5 6 7 8 9\r\n"
      "REVERSE 1 2 3 4 5 6 7 8\r\nTANGGAL today\r\n");
  EXPECT_THAT(c.line(), Optional("COMMANDS ECHO HELP QUIT REVERSE TANGGAL TIME"s));
  EXPECT_THAT(c.line(), Optional("ECHO word... - replies with its words"s));
  EXPECT_THAT(c.line(), Optional("TANGGAL - replies TANGGAL and today's date in Indonesian"s));
  EXPECT_THAT(c.line(), Optional("ERR wrong number of arguments for 'REVERSE'"s));
  EXPECT_THAT(c.line(), Optional("ERR wrong number of arguments for 'REVERSE'"s));
  EXPECT_THAT(c.line(), Optional("8 7 6 5 4 3 2 1"s));
  EXPECT_THAT(c.line(), Optional("ERR wrong number of arguments for 'TANGGAL'"s));
}

// 13. A plugin command's entry may have an allow list: jamd keeps it, and the plugin's type,
// which reads its own options, is never given it.
TEST(PluginCommands, AnAllowListKeepsOneToItsClients) {
  Jamd jamd({"--config", temp_file(with_plugins(
                             {"words"}, command("ECHO", "words.echo",
                                                R"("upper": true, "allow": ["127.0.0.1"])")))});
  Client inside = Client::from("127.0.0.1", jamd.port());
  inside.send("echo hi\r\n");
  EXPECT_THAT(inside.line(), Optional("HI"s));
  Client outside = Client::from("127.0.0.2", jamd.port());
  outside.send("echo hi\r\nHELP\r\nTIME\r\n");
  EXPECT_THAT(outside.line(), Optional("ERR 'echo' is not allowed from 127.0.0.2"s));
  EXPECT_THAT(outside.line(), Optional("COMMANDS HELP QUIT TIME"s));
  EXPECT_THAT(outside.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// Two plugins that both export helper(): loaded RTLD_LOCAL, each one's call finds its own.
TEST(PluginIsolation, TwoPluginsExportingTheSameFunctionEachCallTheirOwn) {
  Jamd jamd({"--config", temp_file(with_plugins({fixture("isolated_a"), fixture("isolated_b")},
                                                command("A", "isolated_a.which") + ", " +
                                                    command("B", "isolated_b.which")))});
  Client c(jamd.port());
  c.send("A\r\nB\r\n");
  EXPECT_THAT(c.line(), Optional("helper of isolated_a"s));
  EXPECT_THAT(c.line(), Optional("helper of isolated_b"s));
}

// -- Reloads under load ---------------------------------------------------------------------

/// What one client of the load saw.
struct Seen {
  std::size_t replies = 0;
  std::set<long> generations;
  std::string wrong;  // the first reply that is no COUNT of a generation written, or goes back
};

/// The config of the load test: the counter plugin's COUNT, of `generation`.
std::string counter_config(long generation) {
  return with_plugins(
      {fixture("counter")},
      command("COUNT", "counter.count", R"("generation": )" + std::to_string(generation)));
}

// Clients on every I/O thread send pipelined lines to a plugin command while reload after
// reload replaces its instance: every reply is one of a generation already written, no
// session sees an older generation after a newer one, no instance is destroyed while a run is
// in it or run after it was destroyed (the counter plugin aborts; ASan sees the use after
// free), and at exit every instance made was destroyed once.
TEST(PluginReloadUnderLoad, InstancesAreDestroyedOnlyAfterTheirLastRun) {
  constexpr unsigned kThreads = 4;
  constexpr int kBatch = 16;
  const std::string path = temp_file(counter_config(0));
  Jamd jamd({"--config", path, "--threads", std::to_string(kThreads)});
  ASSERT_TRUE(jamd.wait_for_log("serving with 4 I/O threads"));

  std::atomic<long> written{0};  // the highest generation a config file has held
  std::atomic<bool> done{false};
  std::atomic<unsigned> ready{0};
  std::vector<Seen> seen(kThreads);
  std::vector<std::thread> clients;
  for (unsigned i = 0; i < kThreads; ++i) {
    clients.emplace_back([&, i] {
      Seen& s = seen[i];
      std::string batch;
      for (int k = 0; k < kBatch; ++k) batch += "COUNT\r\n";
      long last = 0;
      try {
        Client c(jamd.port());
        while (!done && s.wrong.empty()) {
          c.send(batch);
          for (int k = 0; k < kBatch && s.wrong.empty(); ++k) {
            const std::optional<std::string> reply = c.line(10s);
            const long high = written;
            long generation = -1;
            if (reply && reply->starts_with("COUNT ")) {
              const char* end = reply->data() + reply->size();
              if (std::from_chars(reply->data() + 6, end, generation).ptr != end) generation = -1;
            }
            if (generation < last || generation > high) {
              s.wrong = reply.value_or("<no reply>") + " after COUNT " + std::to_string(last) +
                        ", with generation " + std::to_string(high) + " written";
            } else {
              last = generation;
              s.generations.insert(generation);
              ++s.replies;
            }
          }
          if (s.replies == kBatch) ++ready;
        }
      } catch (const std::exception& e) {
        s.wrong = std::string("client failed: ") + e.what();
      }
    });
  }
  for (int i = 0; i < 1000 && ready < kThreads; ++i) std::this_thread::sleep_for(10ms);

  // Reloads one after another, each waited for so that no two SIGHUPs merge into one.
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  const long max_reloads = static_cast<long>(scaled(200));
  long generation = 0;
  bool reloaded = true;
  while (reloaded && generation < max_reloads && std::chrono::steady_clock::now() < deadline) {
    written = ++generation;
    reloaded = reload(jamd, path, counter_config(generation));
  }
  done = true;
  for (std::thread& t : clients) t.join();
  ASSERT_TRUE(reloaded) << "reload " << generation << " did not end:\n" << jamd.log();

  std::set<long> generations;
  for (const Seen& s : seen) {
    EXPECT_EQ(s.wrong, "");
    EXPECT_GE(s.replies, static_cast<std::size_t>(kBatch));
    generations.insert(s.generations.begin(), s.generations.end());
  }
  EXPECT_GT(generations.size(), 1u) << "no client saw a reload";

  // One more reload destroys the instances that the last one replaced (or the exit does).
  written = ++generation;
  ASSERT_TRUE(reload(jamd, path, counter_config(generation)));
  Client c(jamd.port());
  c.send("COUNT\r\n");
  EXPECT_THAT(c.line(), Optional("COUNT " + std::to_string(generation)));
  EXPECT_EQ(stop(jamd), 0);
  const std::string instances = std::to_string(generation + 1);
  EXPECT_TRUE(jamd.wait_for_log(" info plugin counter: fini: " + instances +
                                " instances created, " + instances + " destroyed\n"))
      << jamd.log();
  EXPECT_THAT(jamd.log(), Not(HasSubstr("ABORT")));
  std::cout << "[          ] " << generation << " reloads; replies per client:";
  for (const Seen& s : seen) std::cout << ' ' << s.replies;
  std::cout << "; " << generations.size() << " generations seen\n";
}

// -- The examples ---------------------------------------------------------------------------

/// What TANGGAL replies at `t` in the zone `tz`.
std::string tanggal_at(std::time_t t, const char* tz) {
  static const char* const days[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                     "Kamis",  "Jumat", "Sabtu"};
  static const char* const months[] = {"Januari",   "Februari", "Maret",    "April",
                                       "Mei",       "Juni",     "Juli",     "Agustus",
                                       "September", "Oktober",  "November", "Desember"};
  ::setenv("TZ", tz, 1);
  ::tzset();
  std::tm tm{};
  ::localtime_r(&t, &tm);
  ::unsetenv("TZ");
  ::tzset();
  return "TANGGAL "s + days[tm.tm_wday] + ", " + std::to_string(tm.tm_mday) + " " +
         months[tm.tm_mon] + " " + std::to_string(tm.tm_year + 1900);
}

// tanggal: today's date in Indonesian in the entry's zone (UTC, and UTC+14, which is a day
// ahead of UTC for ten hours of each day). Either date of a midnight during the request is
// right.
TEST(PluginExamples, TanggalRepliesWithTodaysDateInIndonesian) {
  Jamd jamd({"--config",
             temp_file(with_plugins(
                 {"tanggal"}, command("TANGGAL", "tanggal.date", R"("timezone": "UTC")") + ", " +
                                  command("KIRITIMATI", "tanggal.date",
                                          R"("timezone": "Pacific/Kiritimati")")))});
  Client c(jamd.port());
  const std::time_t before = std::time(nullptr) - 1;  // jamd's clock may lag a little
  c.send("TANGGAL\r\nKIRITIMATI\r\n");
  const std::optional<std::string> utc = c.line();
  const std::optional<std::string> kiritimati = c.line();
  const std::time_t after = std::time(nullptr);
  ASSERT_TRUE(utc && kiritimati);
  EXPECT_THAT((std::set{tanggal_at(before, "UTC"), tanggal_at(after, "UTC")}), Contains(*utc));
  EXPECT_THAT(
      (std::set{tanggal_at(before, "Pacific/Kiritimati"), tanggal_at(after, "Pacific/Kiritimati")}),
      Contains(*kiritimati));
}

// tanggal.clock replies what TIME replies, in the same zone: the two read the same clock.
TEST(PluginExamples, TanggalClockRepliesAsTimeDoes) {
  const std::string zone = R"("timezone": "Pacific/Kiritimati")";
  Jamd jamd({"--config",
             temp_file(with_plugins({"tanggal"}, command("WAKTU", "time", zone) + ", " +
                                                     command("JAM", "tanggal.clock", zone)))});
  Client c(jamd.port());
  // A second may turn between the two replies of a batch, but not in three batches running.
  std::vector<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < 3; ++i) {
    c.send("WAKTU\r\nJAM\r\n");
    const std::optional<std::string> time = c.line();
    const std::optional<std::string> jam = c.line();
    ASSERT_TRUE(time && jam);
    EXPECT_THAT(*jam, MatchesRegex("JAM [0-2][0-9]:[0-5][0-9]:[0-5][0-9]"));
    seen.emplace_back(*time, *jam);
  }
  EXPECT_TRUE(
      std::any_of(seen.begin(), seen.end(), [](const auto& p) { return p.first == p.second; }))
      << seen.front().first << " / " << seen.front().second;
}

// words: echo joins its words by one space, in capitals with "upper": true; reverse turns
// their order round.
TEST(PluginExamples, WordsEchoesAndReverses) {
  Jamd jamd({"--config",
             temp_file(with_plugins({"words"}, command("ECHO", "words.echo", R"("upper": true)") +
                                                   ", " + command("SAY", "words.echo") + ", " +
                                                   command("REVERSE", "words.reverse")))});
  Client c(jamd.port());
  c.send("ECHO hello  wide World\r\nSAY hello  World\r\nREVERSE one two three\r\n");
  EXPECT_THAT(c.line(), Optional("HELLO WIDE WORLD"s));
  EXPECT_THAT(c.line(), Optional("hello World"s));
  EXPECT_THAT(c.line(), Optional("three two one"s));
}

// -- The clock policy -------------------------------------------------------------------------

/// The examples' commands that read the clock (JAM, TANGGAL) and one that does not (ECHO),
/// under clock.unsynchronized `policy`, with a clock.max_error_ms no real clock meets.
std::string with_clock_policy(const std::string& policy) {
  std::string text = with_plugins({"tanggal", "words"}, command("JAM", "tanggal.clock") + ", " +
                                                            command("TANGGAL", "tanggal.date") +
                                                            ", " + command("ECHO", "words.echo"));
  text.pop_back();  // the closing brace
  return text + R"(, "clock": {"unsynchronized": ")" + policy + R"(", "max_error_ms": 0.000001}})";
}

// 16. A plugin command that reads the host's clock tells the time: the policy replaces its
// reply, as TIME's; one that does not read it is unaffected.
TEST(PluginClock, ACommandThatReadsTheClockGetsTheErrorAndOneThatDoesNotAnswers) {
  Jamd jamd({"--config", temp_file(with_clock_policy("error"))});
  Client c(jamd.port());
  c.send("JAM\r\nTANGGAL\r\nECHO hari ini\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
  EXPECT_THAT(c.line(), Optional("hari ini"s));
  EXPECT_THAT(c.line(), Optional("ERR clock not synchronized"s));
}

// 16. Under "refuse" a plugin's time command closes the session without a reply.
TEST(PluginClock, UnderRefuseACommandThatReadsTheClockClosesWithoutAReply) {
  Jamd jamd({"--config", temp_file(with_clock_policy("refuse"))});
  Client c(jamd.port());
  c.send("ECHO sebelum\r\nJAM\r\nECHO sesudah\r\n");
  EXPECT_THAT(c.rest(), Optional("sebelum\r\n"s));
}

// Under "serve" every command answers as usual, the clock's state only logged.
TEST(PluginClock, UnderServeACommandThatReadsTheClockAnswers) {
  Jamd jamd({"--config", temp_file(with_clock_policy("serve"))});
  Client c(jamd.port());
  c.send("JAM\r\n");
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM [0-2][0-9]:[0-5][0-9]:[0-5][0-9]")));
}

}  // namespace
}  // namespace jamd::test
