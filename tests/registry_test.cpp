// The command registry as the dispatcher: lookup, splitting, arity, byte checks, and the
// checks Registry::from_config makes on the "commands" list.

#include "commands/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/command.hpp"
#include "commands/config_error.hpp"
#include "support/dispatch.hpp"
#include "support/lines.hpp"

namespace jamd::commands {
namespace {

using commands::After;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

/// A command that records the arguments of every run and replies "OK <name> <count>".
class FakeCommand final : public Command {
 public:
  FakeCommand(std::string name, std::size_t min_args, std::size_t max_args,
              std::vector<std::vector<std::string>>* runs = nullptr)
      : Command(CommandInfo{std::move(name), min_args, max_args, "", "a fake"}), runs_(runs) {}

  After run(Args args, std::string& out) const override {
    if (runs_ != nullptr) runs_->emplace_back(args.begin(), args.end());
    out.append("OK ").append(info().name).append(" ").append(std::to_string(args.size()));
    out.append("\r\n");
    return After::keep_open;
  }

 private:
  std::vector<std::vector<std::string>>* runs_;
};

using test::closes;
using test::reply;

/// The key() of the ConfigError that from_config throws for `commands`.
std::string config_error_key(const json& commands) {
  try {
    (void)Registry::from_config(commands);
  } catch (const ConfigError& e) {
    return e.key();
  }
  return "<no ConfigError>";
}

using test::count_crlf;

std::vector<std::string> names(const Registry& registry) {
  std::vector<std::string> result;
  for (const auto& command : registry.commands()) result.push_back(command->info().name);
  return result;
}

const json kStandard = json::parse(R"([
  {"name": "TIME", "type": "time", "timezone": "UTC"},
  {"name": "QUIT", "type": "quit"},
  {"name": "HELP", "type": "help"}
])");

// Rule: find() matches names case-insensitively, and only whole names.
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

// Rule: dispatch finds the command in any case and runs it.
TEST(RegistryDispatch, LookupIsCaseInsensitive) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("Time", 0, 0));
  EXPECT_EQ(reply(registry, "time"), "OK Time 0\r\n");
  EXPECT_EQ(reply(registry, "Time"), "OK Time 0\r\n");
  EXPECT_EQ(reply(registry, "TIME"), "OK Time 0\r\n");
}

// Rule: the real commands are found in any case too.
TEST(RegistryDispatch, RealCommandsIgnoreCase) {
  const auto registry = Registry::from_config(kStandard);
  for (const char* line : {"time", "Time", "TIME"}) {
    EXPECT_THAT(reply(*registry, line), StartsWith("JAM ")) << line;
  }
}

// Rule: an unknown command gets exactly one error naming it as typed.
TEST(RegistryDispatch, UnknownCommandIsNamedAsTyped) {
  const auto registry = Registry::from_config(kStandard);
  EXPECT_EQ(reply(*registry, "FOO"), "ERR unknown command 'FOO'\r\n");
  EXPECT_EQ(reply(*registry, "foo"), "ERR unknown command 'foo'\r\n");
  EXPECT_EQ(reply(*registry, "Foo bar baz"), "ERR unknown command 'Foo'\r\n");
  EXPECT_EQ(reply(*registry, "  TIMEX "), "ERR unknown command 'TIMEX'\r\n");
}

// Rule: an empty registry knows no command at all.
TEST(RegistryDispatch, EmptyRegistryKnowsNothing) {
  const auto registry = Registry::from_config(json::array());
  EXPECT_THAT(registry->commands(), IsEmpty());
  EXPECT_EQ(reply(*registry, "TIME"), "ERR unknown command 'TIME'\r\n");
}

// Rule: a wrong argument count gets an error naming the command as typed, and no run.
TEST(RegistryDispatch, WrongArityIsNamedAsTyped) {
  const auto registry = Registry::from_config(kStandard);
  EXPECT_EQ(reply(*registry, "TIME now"), "ERR wrong number of arguments for 'TIME'\r\n");
  EXPECT_EQ(reply(*registry, "time now"), "ERR wrong number of arguments for 'time'\r\n");
  EXPECT_EQ(reply(*registry, "Time a b c"), "ERR wrong number of arguments for 'Time'\r\n");
}

// Rule: the arity is checked against min_args and max_args before the command runs.
TEST(RegistryDispatch, ChecksMinAndMaxArgs) {
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

// Rule: up to Command::kMaxArgs arguments reach the command; more are a wrong arity, even
// for a command that takes the most.
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

// Rule: a command cannot declare more than kMaxArgs, or min_args above max_args.
TEST(RegistryCommand, ImpossibleArityIsRefused) {
  EXPECT_THROW(FakeCommand("A", 0, Command::kMaxArgs + 1), std::logic_error);
  EXPECT_THROW(FakeCommand("A", 2, 1), std::logic_error);
  EXPECT_NO_THROW(FakeCommand("A", Command::kMaxArgs, Command::kMaxArgs));
}

// Rule: spaces and tabs separate arguments; runs of blanks count as one, and leading and
// trailing blanks are ignored.
TEST(RegistryDispatch, BlanksSeparateArguments) {
  std::vector<std::vector<std::string>> runs;
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("ECHO", 0, 3, &runs));
  EXPECT_EQ(reply(registry, "  ECHO\ta  \t b\t "), "OK ECHO 2\r\n");
  EXPECT_EQ(reply(registry, "\tECHO"), "OK ECHO 0\r\n");
  EXPECT_EQ(reply(registry, "ECHO x,y\tz-1 h\xC3\xA9llo"), "OK ECHO 3\r\n");
  EXPECT_THAT(runs, ElementsAre(ElementsAre("a", "b"), IsEmpty(),
                                ElementsAre("x,y", "z-1", "h\xC3\xA9llo")));
}

// Rule: an empty or blank-only line appends nothing and keeps the session open.
TEST(RegistryDispatch, EmptyAndBlankLinesGetNoReply) {
  const auto registry = Registry::from_config(kStandard);
  for (const char* line : {"", " ", "\t", "  \t \t  "}) {
    const auto [outcome, out] = test::dispatch(*registry, line);
    EXPECT_EQ(outcome.kind, core::Outcome::Kind::replied) << '"' << line << '"';
    EXPECT_EQ(out, "") << '"' << line << '"';
  }
}

// Rule: a line with invalid UTF-8, a NUL or another control character gets one "ERR " line,
// and the command does not run.
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

// Rule: add() refuses a name that is taken, in any case, and keeps the first command.
TEST(RegistryAdd, DuplicateNameInAnyCaseThrows) {
  Registry registry;
  registry.add(std::make_unique<FakeCommand>("TIME", 0, 0));
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("TIME", 0, 0)), std::invalid_argument);
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("time", 0, 0)), std::invalid_argument);
  EXPECT_THROW(registry.add(std::make_unique<FakeCommand>("Time", 0, 0)), std::invalid_argument);
  EXPECT_THAT(names(registry), ElementsAre("TIME"));
  EXPECT_NO_THROW(registry.add(std::make_unique<FakeCommand>("TIMES", 0, 0)));
  EXPECT_THAT(names(registry), ElementsAre("TIME", "TIMES"));
}

// Rule: commands() is sorted by name, ignoring case, whatever the order of adding.
TEST(RegistryCommands, SortedByNameIgnoringCase) {
  Registry registry;
  for (const char* name : {"zeta", "Alpha", "mid", "BETA", "a", "Mi"}) {
    registry.add(std::make_unique<FakeCommand>(name, 0, 0));
  }
  EXPECT_THAT(names(registry), ElementsAre("a", "Alpha", "BETA", "Mi", "mid", "zeta"));
}

// Rule: from_config keeps the configured names and sorts them.
TEST(RegistryFromConfig, CommandsAreSorted) {
  const auto registry = Registry::from_config(json::parse(R"([
    {"name": "zeta", "type": "quit"},
    {"name": "Alpha", "type": "help"},
    {"name": "mid", "type": "time", "timezone": "UTC"}
  ])"));
  EXPECT_THAT(names(*registry), ElementsAre("Alpha", "mid", "zeta"));
}

// Rule: a quit-type command closes the session and appends nothing.
TEST(RegistryDispatch, QuitClosesWithoutReply) {
  const auto registry = Registry::from_config(kStandard);
  for (const char* line : {"QUIT", "quit", "  Quit\t"}) {
    EXPECT_TRUE(closes(*registry, line)) << line;
  }
  EXPECT_EQ(reply(*registry, "QUIT now"), "ERR wrong number of arguments for 'QUIT'\r\n");
}

// Rule: from_config refuses names that collide ignoring case, naming the later entry.
TEST(RegistryFromConfig, DuplicateNameIsRefused) {
  EXPECT_EQ(config_error_key(json::parse(R"([
    {"name": "TIME", "type": "time", "timezone": "UTC"},
    {"name": "time", "type": "quit"}
  ])")),
            "commands[1].name");
  EXPECT_EQ(config_error_key(json::parse(R"([
    {"name": "QUIT", "type": "quit"},
    {"name": "HELP", "type": "help"},
    {"name": "Quit", "type": "quit"}
  ])")),
            "commands[2].name");
}

// Rule: an unknown or missing type is refused with the key of the entry's type.
TEST(RegistryFromConfig, UnknownTypeIsRefused) {
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "FOO", "type": "foo"}])")),
            "commands[0].type");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "T", "type": "TIME"}])")),
            "commands[0].type");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "FOO"}])")), "commands[0].type");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "FOO", "type": 1}])")), "commands[0].type");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "QUIT", "type": "quit"},
                                              {"name": "X", "type": "nope"}])")),
            "commands[1].type");
}

// Rule: an option the command type does not read is refused by its key.
TEST(RegistryFromConfig, UnknownOptionIsRefused) {
  EXPECT_EQ(
      config_error_key(json::parse(R"([{"name": "QUIT", "type": "quit", "timezone": "UTC"}])")),
      "commands[0].timezone");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "TIME", "type": "time", "zone": "UTC"}])")),
            "commands[0].zone");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "HELP", "type": "help", "summary": "x"}])")),
            "commands[0].summary");
}

// Rule: every entry must be an object; the error names the entry itself.
TEST(RegistryFromConfig, NonObjectEntryIsRefused) {
  EXPECT_EQ(config_error_key(json::parse(R"([42])")), "commands[0]");
  EXPECT_EQ(config_error_key(json::parse(R"(["TIME"])")), "commands[0]");
  EXPECT_EQ(config_error_key(json::parse(R"([{"name": "QUIT", "type": "quit"}, null])")),
            "commands[1]");
  EXPECT_EQ(config_error_key(json::parse(R"([[{"name": "QUIT", "type": "quit"}]])")),
            "commands[0]");
}

// Rule: the list itself must be an array.
TEST(RegistryFromConfig, NonArrayIsRefused) {
  EXPECT_EQ(config_error_key(json::object()), "commands");
  EXPECT_EQ(config_error_key(json("TIME")), "commands");
  EXPECT_EQ(config_error_key(json(nullptr)), "commands");
}

// Rule: a name is required and is 1 to 32 of letters, digits, '_', '-' and '.'.
TEST(RegistryFromConfig, MissingOrBadNameIsRefused) {
  const auto with_name = [](const json& name) {
    return json::array({{{"name", name}, {"type", "quit"}}});
  };
  EXPECT_EQ(config_error_key(json::parse(R"([{"type": "quit"}])")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name("")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name("TI ME")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name("TIME!")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name("T\tX")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name("WAKT\xC3\x9A")), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name(std::string(33, 'A'))), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name(5)), "commands[0].name");
  EXPECT_EQ(config_error_key(with_name(nullptr)), "commands[0].name");

  // The edges that are allowed.
  const auto registry = Registry::from_config(json::array({
      {{"name", std::string(32, 'A')}, {"type", "quit"}},
      {{"name", "a_b-c.9"}, {"type", "help"}},
  }));
  EXPECT_THAT(names(*registry), ElementsAre(std::string(32, 'A'), "a_b-c.9"));
}

// Rule: the ConfigError message starts with its key, so a user sees where to look.
TEST(RegistryFromConfig, MessageStartsWithKey) {
  try {
    (void)Registry::from_config(json::parse(R"([{"name": "FOO", "type": "foo"}])"));
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), StartsWith("commands[0].type: "));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("'foo'"));
  }
}

}  // namespace
}  // namespace jamd::commands
