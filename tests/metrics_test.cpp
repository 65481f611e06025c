// The figures and their two formats, without I/O: the Prometheus text of /metrics and the
// one line of STATS, written from the same families in the same order.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "metrics/figures.hpp"
#include "metrics/prometheus_text.hpp"
#include "metrics/stats_line.hpp"

namespace jamd::metrics {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

/// Two families as the sources write them: a labelled counter and a gauge.
Figures sample() {
  return {Family{"jamd_commands_total",
                 "Commands run, by command and result.",
                 Type::counter,
                 {Series{{{"command", "TIME"}, {"result", "ok"}}, 3},
                  Series{{{"command", "T.ok"}, {"result", "error"}}, 1}}},
          single("jamd_start_time_seconds", "When jamd started.", Type::gauge, 1764000000.25)};
}

TEST(PrometheusText, WritesHelpTypeAndEverySeriesOfEachFamilyInOrder) {
  EXPECT_EQ(prometheus_text(sample()),
            "# HELP jamd_commands_total Commands run, by command and result.\n"
            "# TYPE jamd_commands_total counter\n"
            "jamd_commands_total{command=\"TIME\",result=\"ok\"} 3\n"
            "jamd_commands_total{command=\"T.ok\",result=\"error\"} 1\n"
            "# HELP jamd_start_time_seconds When jamd started.\n"
            "# TYPE jamd_start_time_seconds gauge\n"
            "jamd_start_time_seconds 1764000000.25\n");
}

TEST(PrometheusText, EscapesLabelValuesAndHelpAsTheFormatSays) {
  const Figures figures{Family{"x", "a \\ b\nc", Type::gauge, {Series{{{"l", "q\"\\\n"}}, 1}}}};
  EXPECT_EQ(prometheus_text(figures),
            "# HELP x a \\\\ b\\nc\n# TYPE x gauge\nx{l=\"q\\\"\\\\\\n\"} 1\n");
}

TEST(Values, AreWholeNumbersWithoutExponentAndFractionsInFull) {
  EXPECT_EQ(value_text(1e6), "1000000");
  EXPECT_EQ(value_text(0), "0");
  EXPECT_EQ(value_text(1e15), "1000000000000000");
  EXPECT_EQ(value_text(0.5), "0.5");
  EXPECT_EQ(value_text(1764000000.25), "1764000000.25");
  EXPECT_EQ(value_text(std::nan("")), "NaN");
  EXPECT_EQ(value_text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(value_text(std::numeric_limits<double>::infinity()), "+Inf");
}

TEST(StatsLine, IsStatsAndEverySeriesWithoutThePrefixOnOneLine) {
  std::string out;
  stats_line(sample(), 16384, out);
  EXPECT_EQ(out,
            "STATS commands_total{command=\"TIME\",result=\"ok\"}=3 "
            "commands_total{command=\"T.ok\",result=\"error\"}=1 "
            "start_time_seconds=1764000000.25\r\n");
}

TEST(StatsLine, KeepsANameWithoutTheJamdPrefixAsItIs) {
  std::string out;
  stats_line({single("process_open_fds", "", Type::gauge, 7)}, 16384, out);
  EXPECT_EQ(out, "STATS process_open_fds=7\r\n");
}

TEST(StatsLine, LeavesOutWhatDoesNotFitAndSaysSo) {
  Family many{"jamd_big", "", Type::gauge, {}};
  for (int i = 0; i < 1000; ++i) many.series.push_back({{{"n", std::to_string(i)}}, 1});
  std::string out;
  stats_line({many}, 200, out);
  EXPECT_LE(out.size(), 200u);
  EXPECT_THAT(out, EndsWith(" ...\r\n"));
  EXPECT_THAT(out, HasSubstr("STATS big{n=\"0\"}=1 big{n=\"1\"}=1 "));
}

TEST(StatsOf, AFamilyNameGivesEachOfItsSeries) {
  std::string out;
  ASSERT_TRUE(stats_of(sample(), "commands_total", 16384, out));
  EXPECT_EQ(out,
            "STATS commands_total{command=\"TIME\",result=\"ok\"}=3 "
            "commands_total{command=\"T.ok\",result=\"error\"}=1\r\n");
}

TEST(StatsOf, ASeriesAsStatsWritesItGivesThatOneIgnoringCase) {
  std::string out;
  ASSERT_TRUE(stats_of(sample(), "commands_total{command=\"time\",result=\"ok\"}", 16384, out));
  EXPECT_EQ(out, "STATS commands_total{command=\"TIME\",result=\"ok\"}=3\r\n");
  out.clear();
  ASSERT_TRUE(stats_of(sample(), "START_TIME_SECONDS", 16384, out));
  EXPECT_EQ(out, "STATS start_time_seconds=1764000000.25\r\n");
}

// A command name may hold a dot: quoted label values keep "T.ok" from reading as a series of
// the command "T" with a result "ok".
TEST(StatsOf, ADottedCommandNameNamesOnlyItsOwnSeries) {
  std::string out;
  EXPECT_FALSE(stats_of(sample(), "commands_total.T.ok", 16384, out));
  ASSERT_TRUE(stats_of(sample(), "commands_total{command=\"T.ok\",result=\"error\"}", 16384, out));
  EXPECT_THAT(out, Not(HasSubstr("TIME")));
}

TEST(StatsOf, ANameOfNoFigureWritesNothing) {
  std::string out;
  EXPECT_FALSE(stats_of(sample(), "nope", 16384, out));
  EXPECT_FALSE(stats_of(sample(), "jamd_start_time_seconds", 16384, out));  // STATS has no prefix
  EXPECT_FALSE(stats_of(sample(), "commands_total{command=\"TIME\"}", 16384, out));
  EXPECT_EQ(out, "");
}

TEST(Sources, AreCollectedInTheOrderTheyWereAdded) {
  Sources sources;
  sources.add([](Figures& out) { out.push_back(single("a", "", Type::gauge, 1)); });
  sources.add([](Figures& out) {
    out.push_back(single("b", "", Type::counter, 2));
    out.push_back(single("c", "", Type::gauge, 3));
  });
  const Figures figures = sources.collect();
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_EQ(figures[0].name, "a");
  EXPECT_EQ(figures[2].name, "c");
  EXPECT_EQ(Sources().collect().size(), 0u);
}

}  // namespace
}  // namespace jamd::metrics
