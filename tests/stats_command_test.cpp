// The stats command type through the registry, with the figures a test gives it: every figure
// on one line, one figure, the unknown-figure error, and a reply within the contract.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "commands/reply_check.hpp"
#include "support/config.hpp"
#include "support/dispatch.hpp"

namespace jamd::commands {
namespace {

using test::reply;
using ::testing::StartsWith;

/// The services of a STATS whose figures are a counter and a labelled gauge; `calls` counts
/// how often they were collected.
Services with_figures(int& calls) {
  Services services;
  services.figures = [&calls] {
    ++calls;
    return metrics::Figures{
        metrics::single("jamd_sent_bytes_total", "Bytes sent.", metrics::Type::counter, 42),
        metrics::Family{"jamd_connections",
                        "Sessions open.",
                        metrics::Type::gauge,
                        {{{{"listener", "main"}}, 2}, {{{"listener", "admin"}}, 1}}}};
  };
  return services;
}

TEST(StatsCommand, RepliesEveryFigureCollectedAnewOnOneLine) {
  int calls = 0;
  const auto registry =
      test::registry_of(R"([{"name": "STATS", "type": "stats"}])", with_figures(calls));
  ASSERT_NE(registry, nullptr);
  const std::string line =
      "STATS sent_bytes_total=42 connections{listener=\"main\"}=2 "
      "connections{listener=\"admin\"}=1\r\n";
  EXPECT_EQ(reply(*registry, "STATS"), line);
  EXPECT_EQ(reply(*registry, "stats"), line);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(reply_problem(line, After::keep_open), nullptr);
}

TEST(StatsCommand, NamesOneFigureOrOneFamily) {
  int calls = 0;
  const auto registry =
      test::registry_of(R"([{"name": "STATS", "type": "stats"}])", with_figures(calls));
  EXPECT_EQ(reply(*registry, "STATS sent_bytes_total"), "STATS sent_bytes_total=42\r\n");
  EXPECT_EQ(reply(*registry, "STATS connections{listener=\"admin\"}"),
            "STATS connections{listener=\"admin\"}=1\r\n");
  EXPECT_EQ(reply(*registry, "STATS connections"),
            "STATS connections{listener=\"main\"}=2 connections{listener=\"admin\"}=1\r\n");
}

TEST(StatsCommand, AnUnknownFigureIsTheUnknownFigureError) {
  int calls = 0;
  const auto registry =
      test::registry_of(R"([{"name": "STATS", "type": "stats"}])", with_figures(calls));
  EXPECT_EQ(reply(*registry, "STATS nope"), "ERR unknown figure 'nope'\r\n");
  EXPECT_EQ(reply(*registry, "STATS a b"), "ERR wrong number of arguments for 'STATS'\r\n");
}

TEST(StatsCommand, WithoutFiguresRepliesStatsAlone) {
  const auto registry = test::registry_of(R"([{"name": "STATS", "type": "stats"}])");
  EXPECT_EQ(reply(*registry, "STATS"), "STATS\r\n");
}

TEST(StatsCommand, TellsHelpWhatItDoes) {
  const auto registry = test::registry_of(
      R"([{"name": "STATS", "type": "stats"}, {"name": "HELP", "type": "help"}])");
  EXPECT_THAT(reply(*registry, "HELP STATS"), StartsWith("STATS [figure] - replies STATS"));
}

}  // namespace
}  // namespace jamd::commands
