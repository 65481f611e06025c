// The config reader on its own: kinds, ranges, paths, the first problem, unread keys.

#include "app/config_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace jamd::app {
namespace {

using ::testing::StartsWith;

/// The first problem `problems` holds, as "key: problem", or "" when there is none.
std::string first(const ConfigProblems& problems) {
  try {
    problems.throw_first();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const Json kEntry = Json::parse(R"({"name": "X", "count": 3, "on": true, "zone": "UTC"})");

TEST(ConfigReader, GivesEachKindOrItsFallbackWhenTheKeyIsMissing) {
  ConfigProblems problems;
  ConfigReader reader(kEntry, "commands[2]", problems);
  EXPECT_EQ(reader.text("zone", "local"), "UTC");
  EXPECT_EQ(reader.text("other", "local"), "local");
  EXPECT_EQ(reader.integer("count", 1, 0, 10), 3);
  EXPECT_EQ(reader.integer("other", 1, 0, 10), 1);
  EXPECT_TRUE(reader.boolean("on", false));
  EXPECT_FALSE(reader.boolean("other", false));
  EXPECT_FALSE(reader.failed());
}

TEST(ConfigReader, AWrongValueIsRecordedWithItsPathAndTheFallbackReturned) {
  ConfigProblems problems;
  ConfigReader reader(kEntry, "commands[2]", problems);
  EXPECT_EQ(reader.integer("count", 1, 5, 10), 1);
  EXPECT_TRUE(reader.failed());
  EXPECT_EQ(first(problems), "commands[2].count: expected a whole number from 5 to 10, got 3");
}

TEST(ConfigReader, EachKindRefusesTheOthers) {
  const auto problem = [](auto read) {
    ConfigProblems problems;
    ConfigReader reader(kEntry, "", problems);
    read(reader);
    return first(problems);
  };
  EXPECT_EQ(problem([](ConfigReader& r) { r.text("count", ""); }),
            "count: expected a string, got 3");
  EXPECT_EQ(problem([](ConfigReader& r) { r.integer("zone", 0, 0, 9); }),
            "zone: expected a whole number from 0 to 9, got \"UTC\"");
  EXPECT_EQ(problem([](ConfigReader& r) { r.boolean("name", false); }),
            "name: expected true or false, got \"X\"");
  EXPECT_EQ(problem([](ConfigReader& r) { r.seconds("zone"); }),
            "zone: expected a number of seconds, 0 or more, got \"UTC\"");
  EXPECT_EQ(problem([](ConfigReader& r) { r.text("missing"); }), "missing: missing");
}

// A list of strings, as a command entry's "allow" is read; each wrong item is named by its
// index.
TEST(ConfigReader, ReadsAListOfStringsMarkingItUsed) {
  const Json entry = Json::parse(R"({"allow": ["::1", "10.0.0.0/8"], "none": []})");
  ConfigProblems problems;
  ConfigReader reader(entry, "commands[1]", problems);
  EXPECT_EQ(reader.texts("allow"), (std::vector<std::string>{"::1", "10.0.0.0/8"}));
  EXPECT_EQ(reader.texts("none"), std::vector<std::string>());
  EXPECT_EQ(reader.texts("missing"), std::nullopt);
  reader.refuse_unread("unknown");
  EXPECT_EQ(first(problems), "");
  EXPECT_EQ(reader.json(), "{}");

  const auto problem = [](const char* text) {
    const Json value = Json::parse(text);
    ConfigProblems problems;
    ConfigReader reader(value, "commands[1]", problems);
    EXPECT_EQ(reader.texts("allow"), std::nullopt) << text;
    return first(problems);
  };
  EXPECT_EQ(problem(R"({"allow": "::1"})"),
            "commands[1].allow: expected a list of strings, got \"::1\"");
  EXPECT_EQ(problem(R"({"allow": ["::1", 8, null]})"),
            "commands[1].allow[1]: expected a string, got 8");
}

TEST(ConfigReader, KeepsOnlyTheFirstProblem) {
  ConfigProblems problems;
  ConfigReader reader(kEntry, "x", problems);
  reader.refuse("zone", "first");
  reader.refuse("name", "second");
  EXPECT_EQ(first(problems), "x.zone: first");
}

TEST(ConfigReader, RefusesTheFirstKeyNobodyRead) {
  ConfigProblems problems;
  ConfigReader reader(kEntry, "commands[0]", problems);
  (void)reader.text("name", "");
  (void)reader.text("zone", "");
  reader.refuse_unread("unknown option");
  EXPECT_EQ(first(problems), "commands[0].count: unknown option");
}

TEST(ConfigReader, ANestedObjectIsReadAtItsPath) {
  const Json config = Json::parse(R"({"limits": {"max_line_bytes": 0, "extra": 1}})");
  ConfigProblems problems;
  ConfigReader root(config, "", problems);
  ConfigReader limits = root.object("limits");
  EXPECT_EQ(limits.path_of("max_line_bytes"), "limits.max_line_bytes");
  limits.refuse_unread("unknown key");
  EXPECT_EQ(first(problems), "limits.max_line_bytes: unknown key");
}

TEST(ConfigReader, AValueThatIsNotAnObjectIsRefusedAtItsOwnPath) {
  ConfigProblems problems;
  const Json number(42);
  ConfigReader reader(number, "commands[1]", problems, "expected an object");
  EXPECT_EQ(reader.text("name", "fallback"), "fallback");
  EXPECT_THAT(first(problems), StartsWith("commands[1]: expected an object"));
}

}  // namespace
}  // namespace jamd::app
