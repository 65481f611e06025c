// The command registry, with fake commands only: lookup, splitting, arity, byte checks, the
// checks Registry::from_config makes on each entry, the type table, and the reply contract
// it keeps for commands that are not built in.

#include "commands/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_options.hpp"
#include "commands/command_types.hpp"
#include "commands/reply_check.hpp"
#include "support/dispatch.hpp"
#include "support/fake_options.hpp"
#include "support/lines.hpp"
#include "support/log_capture.hpp"

namespace jamd::commands {
namespace {

using namespace std::string_literals;
using test::closes;
using test::count_crlf;
using test::FakeOptions;
using test::reply;
using test::Values;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

/// A command that records the arguments of every run and replies "OK <name> <count>".
class FakeCommand final : public Command {
 public:
  FakeCommand(std::string name, std::size_t min_args, std::size_t max_args,
              std::vector<std::vector<std::string>>* runs = nullptr)
      : Command(CommandInfo{std::move(name), min_args, max_args, "", "a fake"}), runs_(runs) {}

  After run(const RunContext&, Args args, std::string& out) const override {
    if (runs_ != nullptr) runs_->emplace_back(args.begin(), args.end());
    out.append("OK ").append(info().name).append(" ").append(std::to_string(args.size()));
    out.append("\r\n");
    return After::keep_open;
  }

 private:
  std::vector<std::vector<std::string>>* runs_;
};

/// A command that appends its "reply" option as it is and closes when its "close" option is
/// true: it can break the reply contract in every way.
class ScriptedCommand final : public Command {
 public:
  ScriptedCommand(std::string_view name, std::string reply, bool close)
      : Command(CommandInfo{std::string(name), 0, 0, "", "scripted"}),
        reply_(std::move(reply)),
        close_(close) {}

  After run(const RunContext&, Args, std::string& out) const override {
    out.append(reply_);
    return close_ ? After::close : After::keep_open;
  }

 private:
  std::string reply_;
  bool close_;
};

std::unique_ptr<Command> make_fake(std::string_view name, CommandOptions&, const Services&) {
  return std::make_unique<FakeCommand>(std::string(name), 0, 0);
}

std::unique_ptr<Command> make_scripted(std::string_view name, CommandOptions& options,
                                       const Services&) {
  std::string reply = options.text("reply", "OK\r\n");
  return std::make_unique<ScriptedCommand>(name, std::move(reply), options.boolean("close", false));
}

/// Refuses its "colour" option whatever it says.
std::unique_ptr<Command> make_refusing(std::string_view, CommandOptions& options, const Services&) {
  options.refuse("colour", "no colour suits it");
  return nullptr;
}

std::unique_ptr<Command> make_nothing(std::string_view, CommandOptions&, const Services&) {
  return nullptr;
}

/// "fake" and "scripted" built in, "external" a scripted type from outside, and two broken
/// factories.
const CommandTypes& fake_types() {
  static const CommandTypes types = [] {
    CommandTypes t;
    t.add({"fake", &make_fake, ReplyCheck::debug_builds});
    t.add({"scripted", &make_scripted, ReplyCheck::debug_builds});
    t.add({"external", &make_scripted, ReplyCheck::always});
    t.add({"refusing", &make_refusing, ReplyCheck::debug_builds});
    t.add({"nothing", &make_nothing, ReplyCheck::debug_builds});
    return t;
  }();
  return types;
}

/// The registry of `entries`, or nullptr when one was refused.
std::shared_ptr<const Registry> build(std::vector<FakeOptions>& entries) {
  std::vector<CommandOptions*> pointers;
  for (auto& entry : entries) pointers.push_back(&entry);
  return Registry::from_config(pointers, fake_types());
}

/// Which entry of `entries` was refused, and for which key, such as "1.name"; "" when none.
std::string refused(std::vector<FakeOptions> entries) {
  const bool built = build(entries) != nullptr;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].refusal) {
      EXPECT_FALSE(built);
      return std::to_string(i) + "." + entries[i].refusal->first;
    }
  }
  EXPECT_TRUE(built);
  return "";
}

/// A registry of one entry of type `type` with the options `options`.
std::shared_ptr<const Registry> one(std::string type, Values options) {
  options["name"] = "CMD";
  options["type"] = std::move(type);
  std::vector<FakeOptions> entries{FakeOptions(std::move(options))};
  return build(entries);
}

std::vector<std::string> names(const Registry& registry) {
  std::vector<std::string> result;
  for (const auto& command : registry.commands()) result.push_back(command->info().name);
  return result;
}

/// The registry's standard names, on fakes: TIME and HELP reply, QUIT closes.
std::shared_ptr<const Registry> standard_fakes() {
  std::vector<FakeOptions> entries{
      FakeOptions({{"name", "TIME"}, {"type", "fake"}}),
      FakeOptions({{"name", "QUIT"}, {"type", "scripted"}, {"reply", ""}, {"close", "true"}}),
      FakeOptions({{"name", "HELP"}, {"type", "fake"}}),
  };
  return build(entries);
}

TEST(RegistryFind, IgnoresCaseButNeedsTheWholeName) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("TIME", 0, 0));
  const Command* time = registry.find("TIME");
  ASSERT_NE(time, nullptr);
  EXPECT_EQ(time->info().name, "TIME");
  EXPECT_EQ(registry.find("time"), time);
  EXPECT_EQ(registry.find("Time"), time);
  EXPECT_EQ(registry.find("tImE"), time);
  EXPECT_EQ(registry.find("TIM"), nullptr);
  EXPECT_EQ(registry.find("TIMES"), nullptr);
  EXPECT_EQ(registry.find(""), nullptr);
}

TEST(RegistryDispatch, LookupIsCaseInsensitive) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("Time", 0, 0));
  EXPECT_EQ(reply(registry, "time"), "OK Time 0\r\n");
  EXPECT_EQ(reply(registry, "Time"), "OK Time 0\r\n");
  EXPECT_EQ(reply(registry, "TIME"), "OK Time 0\r\n");
}

TEST(RegistryDispatch, UnknownCommandIsNamedAsTyped) {
  const auto registry = standard_fakes();
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(reply(*registry, "FOO"), "ERR unknown command 'FOO'\r\n");
  EXPECT_EQ(reply(*registry, "foo"), "ERR unknown command 'foo'\r\n");
  EXPECT_EQ(reply(*registry, "Foo bar baz"), "ERR unknown command 'Foo'\r\n");
  EXPECT_EQ(reply(*registry, "  TIMEX "), "ERR unknown command 'TIMEX'\r\n");
  const auto [outcome, out] = test::dispatch(*registry, "  TIMEX ");
  EXPECT_EQ(outcome.kind, core::Outcome::Kind::not_a_command);
  EXPECT_EQ(outcome.command, "TIMEX");
}

TEST(RegistryDispatch, EmptyRegistryKnowsNothing) {
  const auto registry = Registry::from_config({}, fake_types());
  ASSERT_NE(registry, nullptr);
  EXPECT_THAT(registry->commands(), IsEmpty());
  EXPECT_EQ(reply(*registry, "TIME"), "ERR unknown command 'TIME'\r\n");
}

TEST(RegistryDispatch, WrongArityIsNamedAsTyped) {
  const auto registry = standard_fakes();
  EXPECT_EQ(reply(*registry, "TIME now"), "ERR wrong number of arguments for 'TIME'\r\n");
  EXPECT_EQ(reply(*registry, "time now"), "ERR wrong number of arguments for 'time'\r\n");
  EXPECT_EQ(reply(*registry, "Time a b c"), "ERR wrong number of arguments for 'Time'\r\n");
  EXPECT_EQ(test::dispatch(*registry, "time now").outcome.command, "TIME");
}

TEST(RegistryDispatch, ChecksMinAndMaxArgsBeforeTheCommandRuns) {
  std::vector<std::vector<std::string>> runs;
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("ECHO", 1, 2, &runs));
  EXPECT_EQ(reply(registry, "ECHO"), "ERR wrong number of arguments for 'ECHO'\r\n");
  EXPECT_EQ(reply(registry, "echo a b c"), "ERR wrong number of arguments for 'echo'\r\n");
  EXPECT_THAT(runs, IsEmpty());
  EXPECT_EQ(reply(registry, "ECHO a"), "OK ECHO 1\r\n");
  EXPECT_EQ(reply(registry, "ECHO a b"), "OK ECHO 2\r\n");
  EXPECT_THAT(runs, ElementsAre(ElementsAre("a"), ElementsAre("a", "b")));
}

// Up to Command::kMaxArgs arguments reach the command, even for one that takes the most.
TEST(RegistryDispatch, MoreThanMaxArgsIsWrongArity) {
  static_assert(Command::kMaxArgs == 8);
  std::vector<std::vector<std::string>> runs;
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("MANY", 0, Command::kMaxArgs, &runs));
  EXPECT_EQ(reply(registry, "MANY 1 2 3 4 5 6 7 8"), "OK MANY 8\r\n");
  EXPECT_THAT(runs, ElementsAre(ElementsAre("1", "2", "3", "4", "5", "6", "7", "8")));
  EXPECT_EQ(reply(registry, "MANY 1 2 3 4 5 6 7 8 9"),
            "ERR wrong number of arguments for 'MANY'\r\n");
  EXPECT_EQ(reply(registry, "MANY 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"),
            "ERR wrong number of arguments for 'MANY'\r\n");
  EXPECT_EQ(runs.size(), 1u);
}

TEST(RegistryCommand, ImpossibleArityIsRefused) {
  EXPECT_THROW(FakeCommand("A", 0, Command::kMaxArgs + 1), std::logic_error);
  EXPECT_THROW(FakeCommand("A", 2, 1), std::logic_error);
  EXPECT_NO_THROW(FakeCommand("A", Command::kMaxArgs, Command::kMaxArgs));
}

// Runs of blanks count as one, and leading and trailing blanks are ignored.
TEST(RegistryDispatch, SpacesAndTabsSeparateArguments) {
  std::vector<std::vector<std::string>> runs;
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("ECHO", 0, 3, &runs));
  EXPECT_EQ(reply(registry, "  ECHO\ta  \t b\t "), "OK ECHO 2\r\n");
  EXPECT_EQ(reply(registry, "\tECHO"), "OK ECHO 0\r\n");
  EXPECT_EQ(reply(registry, "ECHO x,y\tz-1 h\xC3\xA9llo"), "OK ECHO 3\r\n");
  EXPECT_THAT(runs, ElementsAre(ElementsAre("a", "b"), IsEmpty(),
                                ElementsAre("x,y", "z-1", "h\xC3\xA9llo")));
}

TEST(RegistryDispatch, EmptyAndBlankLinesGetNoReplyAndKeepTheSession) {
  const auto registry = standard_fakes();
  for (const char* line : {"", " ", "\t", "  \t \t  "}) {
    const auto [outcome, out] = test::dispatch(*registry, line);
    EXPECT_EQ(outcome.kind, core::Outcome::Kind::replied) << '"' << line << '"';
    EXPECT_EQ(out, "") << '"' << line << '"';
  }
}

TEST(RegistryDispatch, ACommandThatClosesEndsTheSessionWithoutReply) {
  const auto registry = standard_fakes();
  for (const char* line : {"QUIT", "quit", "  Quit\t"}) {
    EXPECT_TRUE(closes(*registry, line)) << line;
  }
  EXPECT_EQ(reply(*registry, "QUIT now"), "ERR wrong number of arguments for 'QUIT'\r\n");
}

// Invalid UTF-8, a NUL or another control character: one "ERR " line, and no run.
// A line whose first word is no command is left to the core, whatever its bytes: the core
// closes an HTTP-looking first line before it judges the bytes.
TEST(RegistryDispatch, ALineNoCommandOwnsIsNotACommandWhateverItsBytes) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("TIME", 0, 1));
  for (const std::string& line : {"GET /\x01 HTTP/1.1"s, "TI\0ME"s, "\xC0\xAF"s}) {
    const auto [outcome, out] = test::dispatch(registry, line);
    EXPECT_EQ(outcome.kind, core::Outcome::Kind::not_a_command) << ::testing::PrintToString(line);
    EXPECT_EQ(out, "") << ::testing::PrintToString(line);
  }
}

TEST(RegistryDispatch, BadBytesGetOneErrorLine) {
  std::vector<std::vector<std::string>> runs;
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("TIME", 0, Command::kMaxArgs, &runs));
  const std::string lines[] = {
      "TIME\xFF",                // never valid in UTF-8
      "TIME \xC3",               // truncated sequence
      "TIME \xC0\xAF",           // overlong
      "TIME \xED\xA0\x80",       // surrogate
      std::string("TIME\0", 5),  // NUL
      std::string("\0", 1),      // NUL alone
      "TIME\x01",                // C0 control
      "TIME\r",                  // CR left in the line
      "TI\nME",                  // LF inside
      "TIME\x1B[2J",             // escape
      "TIME\x7F",                // DEL
      "TIME \xC2\x85",           // C1 control (NEL)
  };
  for (const std::string& line : lines) {
    const std::string out = reply(registry, line);
    EXPECT_THAT(out, StartsWith("ERR ")) << ::testing::PrintToString(line);
    EXPECT_EQ(count_crlf(out), 1u) << ::testing::PrintToString(line);
    EXPECT_TRUE(out.ends_with("\r\n")) << ::testing::PrintToString(line);
    EXPECT_EQ(out, "ERR request must be UTF-8 text without control characters\r\n");
  }
  EXPECT_THAT(runs, IsEmpty());
}

TEST(RegistryAdd, ANameTakenInAnyCaseThrowsAndKeepsTheFirst) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("TIME", 0, 0));
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("TIME", 0, 0)), std::invalid_argument);
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("time", 0, 0)), std::invalid_argument);
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("Time", 0, 0)), std::invalid_argument);
  EXPECT_THAT(names(registry), ElementsAre("TIME"));
  EXPECT_NO_THROW(registry.add(std::make_unique<FakeCommand>("TIMES", 0, 0)));
  EXPECT_THAT(names(registry), ElementsAre("TIME", "TIMES"));
}

TEST(RegistryCommands, AreSortedByNameIgnoringCaseWhateverTheOrderOfAdding) {
  Registry registry;
  for (const char* name : {"zeta", "Alpha", "mid", "BETA", "a", "Mi"}) {
    registry.add(std::make_unique<FakeCommand>(name, 0, 0));
  }
  EXPECT_THAT(names(registry), ElementsAre("a", "Alpha", "BETA", "Mi", "mid", "zeta"));
}

TEST(RegistryFromConfig, KeepsTheConfiguredNamesAndSortsThem) {
  std::vector<FakeOptions> entries{
      FakeOptions({{"name", "zeta"}, {"type", "fake"}}),
      FakeOptions({{"name", "Alpha"}, {"type", "scripted"}}),
      FakeOptions({{"name", "mid"}, {"type", "fake"}}),
  };
  const auto registry = build(entries);
  ASSERT_NE(registry, nullptr);
  EXPECT_THAT(names(*registry), ElementsAre("Alpha", "mid", "zeta"));
}

TEST(RegistryFromConfig, ANameTakenIgnoringCaseIsRefusedAtTheLaterEntry) {
  EXPECT_EQ(refused({FakeOptions({{"name", "TIME"}, {"type", "fake"}}),
                     FakeOptions({{"name", "time"}, {"type", "scripted"}})}),
            "1.name");
  EXPECT_EQ(refused({FakeOptions({{"name", "QUIT"}, {"type", "fake"}}),
                     FakeOptions({{"name", "HELP"}, {"type", "fake"}}),
                     FakeOptions({{"name", "Quit"}, {"type", "fake"}})}),
            "2.name");
}

TEST(RegistryFromConfig, AnUnknownOrMissingTypeIsRefused) {
  EXPECT_EQ(refused({FakeOptions({{"name", "FOO"}, {"type", "foo"}})}), "0.type");
  EXPECT_EQ(refused({FakeOptions({{"name", "T"}, {"type", "FAKE"}})}), "0.type");  // exact case
  EXPECT_EQ(refused({FakeOptions(Values{{"name", "FOO"}})}), "0.type");
  EXPECT_EQ(refused({FakeOptions({{"name", "QUIT"}, {"type", "fake"}}),
                     FakeOptions({{"name", "X"}, {"type", "nope"}})}),
            "1.type");
}

TEST(RegistryFromConfig, TheFirstRefusedEntryStopsTheBuild) {
  std::vector<FakeOptions> entries{FakeOptions({{"name", "A"}, {"type", "nope"}}),
                                   FakeOptions({{"name", "B"}, {"type", "nope"}})};
  EXPECT_EQ(build(entries), nullptr);
  EXPECT_TRUE(entries[0].failed());
  EXPECT_FALSE(entries[1].failed());
}

TEST(RegistryFromConfig, AnOptionTheFactoryDidNotReadIsRefusedNamingTheType) {
  std::vector<FakeOptions> entries{
      FakeOptions({{"name", "QUIT"}, {"type", "fake"}, {"timezone", "UTC"}})};
  EXPECT_EQ(build(entries), nullptr);
  ASSERT_TRUE(entries[0].refusal);
  EXPECT_EQ(entries[0].refusal->first, "timezone");
  EXPECT_EQ(entries[0].refusal->second, "unknown option for a command of type 'fake'");
}

TEST(RegistryFromConfig, AFactoryRefusalIsTheEntrysError) {
  std::vector<FakeOptions> entries{FakeOptions({{"name", "X"}, {"type", "refusing"}})};
  EXPECT_EQ(build(entries), nullptr);
  ASSERT_TRUE(entries[0].refusal);
  EXPECT_EQ(entries[0].refusal->first, "colour");
  EXPECT_EQ(entries[0].refusal->second, "no colour suits it");
}

TEST(RegistryFromConfig, AFactoryThatMakesNothingWithoutSayingWhyIsRefused) {
  EXPECT_EQ(refused({FakeOptions({{"name", "X"}, {"type", "nothing"}})}), "0.type");
}

// A name is 1 to 32 of letters, digits, '_', '-' and '.'.
TEST(RegistryFromConfig, AMissingOrBadNameIsRefused) {
  const auto with_name = [](std::string name) {
    return std::vector<FakeOptions>{FakeOptions({{"name", std::move(name)}, {"type", "fake"}})};
  };
  EXPECT_EQ(refused({FakeOptions(Values{{"type", "fake"}})}), "0.name");
  for (const std::string& bad :
       {std::string(""), std::string("TI ME"), std::string("TIME!"), std::string("T\tX"),
        std::string("WAKT\xC3\x9A"), std::string(33, 'A')}) {
    EXPECT_EQ(refused(with_name(bad)), "0.name") << bad;
  }
  std::vector<FakeOptions> edges{FakeOptions({{"name", std::string(32, 'A')}, {"type", "fake"}}),
                                 FakeOptions({{"name", "a_b-c.9"}, {"type", "fake"}})};
  const auto registry = build(edges);
  ASSERT_NE(registry, nullptr);
  EXPECT_THAT(names(*registry), ElementsAre(std::string(32, 'A'), "a_b-c.9"));
}

TEST(CommandTypes, ATypeNameRegisteredTwiceIsRefused) {
  CommandTypes types;
  types.add({"fake", &make_fake, ReplyCheck::debug_builds});
  EXPECT_THROW(types.add({"fake", &make_scripted, ReplyCheck::always}), std::invalid_argument);
  EXPECT_THROW(types.add({"nofactory", nullptr, ReplyCheck::debug_builds}), std::invalid_argument);
  ASSERT_NE(types.find("fake"), nullptr);
  EXPECT_EQ(types.find("fake")->check, ReplyCheck::debug_builds);
  EXPECT_EQ(types.find("Fake"), nullptr);
}

using test::LogCapture;

/// What became of a line: the outcome's kind and command, and all that `out` then holds.
struct Scripted {
  core::Outcome::Kind kind;
  std::string command;
  std::string out;
};

/// What a client sees for a scripted command of `type` that writes `out` (and closes when
/// `close` says so), after an earlier reply.
Scripted run_scripted(const std::string& type, const std::string& out,
                      const std::string& close = "false") {
  const auto registry = one(type, {{"reply", out}, {"close", close}});
  EXPECT_NE(registry, nullptr);
  std::string all = "JAM 00:00:00\r\n";
  const core::Outcome outcome = registry->dispatch(test::test_context(), "CMD", all);
  return {outcome.kind, std::string(outcome.command), all};
}

TEST(ReplyContract, ABrokenReplyFromOutsideBecomesAnInternalErrorAndTheSessionStays) {
  const std::string breaches[] = {
      "OK",                                           // no line end
      "OK\n",                                         // a bare LF
      "A\r\nB\r\n",                                   // two lines
      "A\rB\r\n",                                     // a CR inside
      "\xFF\r\n",                                     // not UTF-8
      "\x1B[2J\r\n",                                  // a control character
      "",                                             // no reply at all
      std::string(kMaxReplyBytes - 1, 'x') + "\r\n",  // one byte too long
  };
  for (const std::string& breach : breaches) {
    const auto [kind, command, out] = run_scripted("external", breach);
    EXPECT_EQ(kind, core::Outcome::Kind::replied) << ::testing::PrintToString(breach);
    EXPECT_EQ(command, "CMD");
    EXPECT_EQ(out, "JAM 00:00:00\r\nERR internal error\r\n") << ::testing::PrintToString(breach);
  }
}

TEST(ReplyContract, ACommandFromOutsideThatWritesAndClosesKeepsTheSessionOpen) {
  const auto [kind, command, out] = run_scripted("external", "BYE\r\n", "true");
  EXPECT_EQ(kind, core::Outcome::Kind::replied);
  EXPECT_EQ(out, "JAM 00:00:00\r\nERR internal error\r\n");
}

TEST(ReplyContract, RepliesThatKeepItPassUnchanged) {
  const std::string longest = std::string(kMaxReplyBytes - 2, 'x') + "\r\n";
  for (const std::string& good :
       {std::string("OK\r\n"), std::string("h\xC3\xA9llo\tworld\r\n"), longest}) {
    const auto [kind, command, out] = run_scripted("external", good);
    EXPECT_EQ(kind, core::Outcome::Kind::replied);
    EXPECT_EQ(out, "JAM 00:00:00\r\n" + good);
  }
  const auto [kind, command, out] = run_scripted("external", "", "true");
  EXPECT_EQ(kind, core::Outcome::Kind::close);
  EXPECT_EQ(out, "JAM 00:00:00\r\n");
}

TEST(ReplyContract, TheWarningNamesTheCommandAndWhatWasWrong) {
  const LogCapture log;
  (void)run_scripted("external", "A\r\nB\r\n");
  EXPECT_THAT(log.text(), HasSubstr("command CMD broke the reply contract"));
  EXPECT_THAT(log.text(), HasSubstr("not one line"));
}

// Built-in commands are checked only in debug and fuzz builds, so release pays nothing.
TEST(ReplyContract, BuiltInCommandsAreCheckedOnlyWhereTheBuildSaysSo) {
  const auto [kind, command, out] = run_scripted("scripted", "A\r\nB\r\n");
  EXPECT_EQ(kind, core::Outcome::Kind::replied);
  if (kCheckBuiltinReplies) {
    EXPECT_EQ(out, "JAM 00:00:00\r\nERR internal error\r\n");
  } else {
    EXPECT_EQ(out, "JAM 00:00:00\r\nA\r\nB\r\n");
  }
}

TEST(ReplyProblem, NamesEachBreach) {
  EXPECT_EQ(reply_problem("OK\r\n", After::keep_open), nullptr);
  EXPECT_EQ(reply_problem("", After::close), nullptr);
  EXPECT_STREQ(reply_problem("", After::keep_open), "no reply");
  EXPECT_STREQ(reply_problem("X\r\n", After::close), "it replied and closed the session");
  EXPECT_EQ(reply_problem("", After::withhold), nullptr);
  EXPECT_STREQ(reply_problem("X\r\n", After::withhold), "it replied and closed the session");
  EXPECT_STREQ(reply_problem("OK", After::keep_open), "the reply does not end in \\r\\n");
  EXPECT_STREQ(reply_problem("A\nB\r\n", After::keep_open), "the reply is not one line");
  EXPECT_STREQ(reply_problem("\x01\r\n", After::keep_open), "the reply holds a control character");
  EXPECT_STREQ(reply_problem("\xFF\r\n", After::keep_open), "the reply is not UTF-8");
  EXPECT_STREQ(reply_problem(std::string(kMaxReplyBytes + 1, 'x'), After::keep_open),
               "the reply is longer than kMaxReplyBytes");
}

}  // namespace
}  // namespace jamd::commands
