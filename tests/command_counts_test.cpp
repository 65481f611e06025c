// How often each command ran and how it went (jamd_commands_total): counted by the registry
// on every line, by configured name and result, across registries and threads.

#include "commands/command_counts.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands/command.hpp"
#include "commands/registry.hpp"
#include "support/dispatch.hpp"

namespace jamd::commands {
namespace {

/// Replies "ERR no" when its one optional argument is "fail", else "OK".
class Answer final : public Command {
 public:
  explicit Answer(std::string name) : Command(CommandInfo{std::move(name), 0, 1, "", "answers"}) {}
  After run(const RunContext&, Args args, std::string& out) const override {
    out.append(!args.empty() && args[0] == "fail" ? "ERR no\r\n" : "OK\r\n");
    return After::keep_open;
  }
};

/// The counts of `name` now (zero when it has none yet).
CommandCounts::Row counts_of(std::string_view name) {
  for (const auto& row : command_counts().rows()) {
    if (row.command == name) return row;
  }
  return {std::string(name), 0, 0};
}

std::shared_ptr<Registry> registry_of(const std::string& name) {
  auto registry = std::make_shared<Registry>();
  registry->add(std::make_unique<Answer>(name));
  return registry;
}

TEST(CommandCounts, ASlotIsTheSameForANameForAsLongAsTheProcessLives) {
  const std::size_t slot = command_counts().slot("COUNTS-SLOT");
  EXPECT_EQ(command_counts().slot("COUNTS-SLOT"), slot);
  EXPECT_NE(command_counts().slot("COUNTS-OTHER"), slot);
}

TEST(CommandCounts, EachLineCountsOnceUnderItsCommandAndResult) {
  const auto registry = registry_of("COUNTED");
  const auto unknown = counts_of(CommandCounts::kUnknown);
  test::dispatch(*registry, "counted");
  test::dispatch(*registry, "COUNTED fail");
  test::dispatch(*registry, "COUNTED one two");  // wrong arguments: an error
  test::dispatch(*registry, "COUNTED \x01");     // bytes that are not text: an error
  test::dispatch(*registry, "   ");              // no command: not counted
  test::reply(*registry, "NOSUCH-COMMAND-1");    // answered as the core answers it
  test::reply(*registry, "NOSUCH-COMMAND-2");
  test::dispatch(*registry, "NOSUCH-COMMAND-3");  // taken for HTTP, say: not counted
  const auto counted = counts_of("COUNTED");
  EXPECT_EQ(counted.ok, 1u);
  EXPECT_EQ(counted.error, 3u);
  EXPECT_EQ(counts_of(CommandCounts::kUnknown).error, unknown.error + 2);
  for (const auto& row : command_counts().rows()) {
    EXPECT_EQ(row.command.find("NOSUCH"), std::string::npos) << "a client made a series";
  }
}

TEST(CommandCounts, ANameKeepsItsCountsAcrossRegistries) {
  test::dispatch(*registry_of("KEPT"), "KEPT");
  const auto reloaded = registry_of("KEPT");
  test::dispatch(*reloaded, "kept");
  EXPECT_EQ(counts_of("KEPT").ok, 2u);
}

TEST(CommandCounts, ThreadsCountApartAndAreSummed) {
  const auto registry = registry_of("THREADED");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 1000; ++i) test::dispatch(*registry, "THREADED");
    });
  }
  for (auto& thread : threads) {
    const auto row = counts_of("THREADED");  // read while they count: no data race
    EXPECT_LE(row.ok, 4000u);
    thread.join();
  }
  EXPECT_EQ(counts_of("THREADED").ok, 4000u);
}

}  // namespace
}  // namespace jamd::commands
