// The command line: parse_options and the usage text.

#include "app/options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace jamd::app {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

/// parse_options over "jamd" followed by `args`.
Options parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"jamd"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

/// The what() of the FlagValueError that parsing `args` throws.
std::string value_error(std::initializer_list<const char*> args) {
  try {
    (void)parse(args);
  } catch (const FlagValueError& e) {
    return e.what();
  }
  return "<no FlagValueError>";
}

TEST(ParseOptions, NoFlagsLeavesEveryOptionUnset) {
  const Options o = parse({});
  EXPECT_FALSE(o.config.has_value());
  EXPECT_FALSE(o.port.has_value());
  EXPECT_FALSE(o.threads.has_value());
  EXPECT_FALSE(o.log_level.has_value());
  EXPECT_FALSE(o.check_config);
  EXPECT_FALSE(o.print_config);
  EXPECT_FALSE(o.version);
  EXPECT_FALSE(o.help);
}

TEST(ParseOptions, EveryFlagSetsItsOptionWithItsValueAsTheNextArgument) {
  const Options o =
      parse({"--config", "/etc/jamd.json", "--port", "5", "--threads", "2", "--log-level", "debug",
             "--check-config", "--print-config", "--version", "--help"});
  EXPECT_EQ(o.config, "/etc/jamd.json");
  EXPECT_EQ(o.port, 5);
  EXPECT_EQ(o.threads, 2);
  EXPECT_EQ(o.log_level, "debug");
  EXPECT_TRUE(o.check_config);
  EXPECT_TRUE(o.print_config);
  EXPECT_TRUE(o.version);
  EXPECT_TRUE(o.help);
  EXPECT_TRUE(parse({"-h"}).help);
}

TEST(ParseOptions, FlagEqualsValueIsFlagValueAndTheValueMayHoldEquals) {
  const Options o =
      parse({"--port=5", "--threads=8", "--log-level=trace", "--config=/tmp/a=b.json"});
  EXPECT_EQ(o.port, 5);
  EXPECT_EQ(o.threads, 8);
  EXPECT_EQ(o.log_level, "trace");
  EXPECT_EQ(o.config, "/tmp/a=b.json");
}

TEST(ParseOptions, AFlagWithoutItsValueIsAUsageError) {
  EXPECT_THROW(parse({"--port"}), std::invalid_argument);
  EXPECT_THROW(parse({"--config"}), std::invalid_argument);
  EXPECT_THROW(parse({"--threads"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "5", "--log-level"}), std::invalid_argument);
}

TEST(ParseOptions, AnUnknownFlagOrAValueGivenToASwitchIsAUsageError) {
  EXPECT_THROW(parse({"--nope"}), std::invalid_argument);
  EXPECT_THROW(parse({"-p", "5"}), std::invalid_argument);
  EXPECT_THROW(parse({"port"}), std::invalid_argument);
  EXPECT_THROW(parse({"--version=1"}), std::invalid_argument);
  EXPECT_THROW(parse({"--check-config=yes"}), std::invalid_argument);
  EXPECT_THROW(parse({"--print-config=1"}), std::invalid_argument);
  EXPECT_THROW(parse({"--help", "--bogus"}), std::invalid_argument);
}

TEST(ParseOptions, PortAndThreadsTakeWholeNumbersOnly) {
  EXPECT_THROW(parse({"--port", "abc"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "5x"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "1.5"}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", ""}), std::invalid_argument);
  EXPECT_THROW(parse({"--port="}), std::invalid_argument);
  EXPECT_THROW(parse({"--port", "99999999999999999999999"}), std::invalid_argument);
  EXPECT_THROW(parse({"--threads", "two"}), std::invalid_argument);
}

TEST(ParseOptions, TheMessageNamesTheFlagAndTheValue) {
  try {
    (void)parse({"--port", "abc"});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("--port"), HasSubstr("abc")));
  }
}

TEST(ParseOptions, AFlagGivenTwiceKeepsItsLastValue) {
  const Options o = parse({"--port", "5", "--port=6", "--config", "a", "--config", "b"});
  EXPECT_EQ(o.port, 6);
  EXPECT_EQ(o.config, "b");
}

// Numbers are read in base 10, as they are typed.
TEST(ParseOptions, NumbersAreDecimal) {
  EXPECT_EQ(parse({"--port", "010"}).port, 10);
  EXPECT_THROW(parse({"--port", "0x10"}), std::invalid_argument);
}

TEST(ParseOptions, TheRangeEdgesAreAllowed) {
  EXPECT_EQ(parse({"--port", "0"}).port, 0);
  EXPECT_EQ(parse({"--port", "65535"}).port, 65535);
  EXPECT_EQ(parse({"--threads", "0"}).threads, 0u);
  EXPECT_EQ(parse({"--threads", "1024"}).threads, 1024u);
  for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    EXPECT_EQ(parse({"--log-level", level}).log_level, level);
  }
}

// Out of range is not a usage error: jamd refuses it as it refuses a bad config value.
TEST(ParseOptions, AValueOutOfRangeIsRefusedNamingTheFlag) {
  EXPECT_THAT(value_error({"--port", "70000"}),
              "--port: expected a whole number from 0 to 65535, got 70000");
  EXPECT_THAT(value_error({"--port", "-1"}), HasSubstr("--port"));
  EXPECT_THAT(value_error({"--threads", "1025"}), HasSubstr("--threads"));
  EXPECT_THAT(value_error({"--threads", "-2"}), HasSubstr("--threads"));
  EXPECT_THAT(value_error({"--log-level", "loud"}),
              AllOf(HasSubstr("--log-level"), HasSubstr("'loud'"), HasSubstr("warn")));
  EXPECT_THAT(value_error({"--log-level", "INFO"}), HasSubstr("--log-level"));
}

TEST(Usage, NamesEveryFlagAndFitsAnEightyColumnTerminal) {
  for (const char* flag : {"--config FILE", "--port N", "--threads N", "--log-level LEVEL",
                           "--check-config", "--print-config", "--version", "--help"}) {
    EXPECT_THAT(kUsage, HasSubstr(flag));
  }
  std::istringstream lines(kUsage);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 80u) << line;
}

}  // namespace
}  // namespace jamd::app
