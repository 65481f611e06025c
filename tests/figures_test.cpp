// The commands' and the clock's figure sources: what each adds, read back from the families
// they write, over the process's command counts and a fake clock source.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <thread>

#include "app/clock_figures.hpp"
#include "app/command_figures.hpp"
#include "support/fake_clock_source.hpp"

namespace jamd::app {
namespace {

using ::testing::ElementsAre;
using ::testing::IsNan;

/// Every series of `sources`, keyed by its name and labels as both formats write them.
std::map<std::string, double> series_of(const metrics::Sources& sources) {
  std::map<std::string, double> values;
  for (const metrics::Family& family : sources.collect()) {
    for (const metrics::Series& series : family.series) {
      values[family.name + metrics::labels_text(series.labels)] = series.value;
    }
  }
  return values;
}

// A series per command and result, from every thread's counts, each name once.
TEST(CommandFigures, AreACounterPerCommandAndResult) {
  commands::CommandCounts& counts = commands::command_counts();
  const std::size_t slot = counts.slot("FIGURES.TEST");
  counts.count(slot, false);
  std::thread([&] {
    counts.count(slot, false);
    counts.count(slot, true);
  }).join();
  metrics::Sources sources;
  add_command_figures(sources, counts);
  const metrics::Figures figures = sources.collect();
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].name, "jamd_commands_total");
  EXPECT_EQ(figures[0].type, metrics::Type::counter);
  EXPECT_EQ(figures[0].series.size(), 2 * counts.rows().size());
  const auto values = series_of(sources);
  EXPECT_EQ(values.at(R"(jamd_commands_total{command="FIGURES.TEST",result="ok"})"), 2);
  EXPECT_EQ(values.at(R"(jamd_commands_total{command="FIGURES.TEST",result="error"})"), 1);
}

/// The jamd_clock_* series of a ClockHealth over a source reading `reading`, under `settings`.
std::map<std::string, double> clock_series(const clock::ClockReading& reading,
                                           const clock::ClockSettings& settings = {}) {
  const auto health = test::health_of(std::make_shared<test::FakeClockSource>(reading), settings);
  metrics::Sources sources;
  add_clock_figures(sources, *health);
  return series_of(sources);
}

TEST(ClockFigures, ASynchronisedClockWithItsErrorsInSeconds) {
  const auto values = clock_series(test::synchronised());
  std::vector<std::string> names;
  for (const auto& [name, value] : values) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("jamd_clock_estimated_error_seconds", "jamd_clock_leap",
                                 "jamd_clock_max_error_seconds", "jamd_clock_status_readable",
                                 "jamd_clock_synchronized"));
  EXPECT_EQ(values.at("jamd_clock_synchronized"), 1);
  EXPECT_DOUBLE_EQ(values.at("jamd_clock_max_error_seconds"), 0.005);
  EXPECT_DOUBLE_EQ(values.at("jamd_clock_estimated_error_seconds"), 0.001);
  EXPECT_EQ(values.at("jamd_clock_status_readable"), 1);
  EXPECT_EQ(values.at("jamd_clock_leap"), 0);
}

TEST(ClockFigures, AnUnsynchronisedOrOverTheLimitClockIsNotSynchronised) {
  const auto unsynchronised = clock_series(test::unsynchronised());
  EXPECT_EQ(unsynchronised.at("jamd_clock_synchronized"), 0);
  EXPECT_EQ(unsynchronised.at("jamd_clock_max_error_seconds"), 16);
  EXPECT_EQ(unsynchronised.at("jamd_clock_status_readable"), 1);
  const auto over = clock_series(test::synchronised(), {.max_error_ms = 1});
  EXPECT_EQ(over.at("jamd_clock_synchronized"), 0);
  EXPECT_EQ(over.at("jamd_clock_status_readable"), 1);
}

TEST(ClockFigures, TheLeapStateIsItsNumber) {
  EXPECT_EQ(clock_series(test::leap_pending()).at("jamd_clock_leap"), 1);
  EXPECT_EQ(clock_series(test::leap_in_progress()).at("jamd_clock_leap"), 3);
  EXPECT_EQ(clock_series(test::leap_passed()).at("jamd_clock_leap"), 4);
}

// Unreadable: said so, never guessed; not read at all (clock.source none): unknown, and
// synchronised for the policy.
TEST(ClockFigures, AnUnreadOrUnreadableClockSaysSoWithoutErrors) {
  const auto unreadable = clock_series(test::unreadable());
  EXPECT_EQ(unreadable.at("jamd_clock_synchronized"), 0);
  EXPECT_EQ(unreadable.at("jamd_clock_status_readable"), 0);
  EXPECT_THAT(unreadable.at("jamd_clock_max_error_seconds"), IsNan());
  EXPECT_THAT(unreadable.at("jamd_clock_estimated_error_seconds"), IsNan());
  EXPECT_EQ(unreadable.at("jamd_clock_leap"), -1);
  const auto none = clock_series(test::synchronised(), {.source = clock::Source::none});
  EXPECT_EQ(none.at("jamd_clock_synchronized"), 1);
  EXPECT_EQ(none.at("jamd_clock_status_readable"), 0);
  EXPECT_THAT(none.at("jamd_clock_max_error_seconds"), IsNan());
  EXPECT_EQ(none.at("jamd_clock_leap"), -1);
}

}  // namespace
}  // namespace jamd::app
