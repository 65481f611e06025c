// The log file: appended to, made with its folder, refused naming its path, and opened anew
// after a rename while threads write (what logrotate and SIGUSR1 do), losing no line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "log/file_sink.hpp"
#include "support/files.hpp"

namespace jamd::log {
namespace {

namespace fs = std::filesystem;
using test::file_text;
using test::lines_of;
using test::temp_dir;

constexpr int kWriters = 4;

/// The lines "<writer> <n>" of `text` for each writer, in order; a test failure for any other
/// line (one torn or mixed with another).
std::vector<std::vector<int>> numbers_by_writer(const std::string& text) {
  std::vector<std::vector<int>> numbers(kWriters);
  static const std::regex kLine(R"((\d) (\d+))");
  for (const std::string& line : lines_of(text)) {
    std::smatch match;
    if (!std::regex_match(line, match, kLine) || std::stoi(match[1]) >= kWriters) {
      ADD_FAILURE() << "not a whole line: " << ::testing::PrintToString(line);
      continue;
    }
    numbers[std::stoi(match[1])].push_back(std::stoi(match[2]));
  }
  return numbers;
}

// Threads write while the file is renamed and the sink reopened (what logrotate and SIGUSR1
// do): every line is whole and in one of the two files, each writer's lines in the old file
// are its first ones and the rest are in the new file, and every line written after the
// reopen returned is in the new file.
TEST(FileSink, RenameAndReopenWhileThreadsWriteLosesNoLine) {
  const std::string path = temp_dir() / "jamd.log";
  const auto sink = std::make_shared<FileSink>(path);
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  constexpr int kAtLeast = 20000;  // lines per writer, of which a quarter after the reopen
  std::vector<std::atomic<int>> written(kWriters);  // lines each writer has written so far
  std::atomic<bool> reopened{false};
  std::vector<int> first_after(kWriters, -1);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      int after = 0;
      for (int n = 0; n < kAtLeast || after < kAtLeast / 4; ++n) {
        if (reopened.load(std::memory_order_acquire)) {
          if (first_after[w] < 0) first_after[w] = n;
          ++after;
        }
        logger.info("{} {}", w, n);
        written[w].store(n + 1, std::memory_order_relaxed);
      }
    });
  }
  // Every writer has begun (a writer the scheduler started late once had no line before it).
  for (const auto& lines : written) {
    while (lines.load(std::memory_order_relaxed) < kAtLeast / 4) std::this_thread::yield();
  }
  fs::rename(path, path + ".1");
  ASSERT_FALSE(sink->reopen());
  reopened.store(true, std::memory_order_release);
  for (auto& writer : writers) writer.join();
  logger.flush();

  const auto old_lines = numbers_by_writer(file_text(path + ".1"));
  const auto new_lines = numbers_by_writer(file_text(path));
  for (int w = 0; w < kWriters; ++w) {
    SCOPED_TRACE("writer " + std::to_string(w));
    const std::vector<int>& before = old_lines[w];
    const std::vector<int>& since = new_lines[w];
    ASSERT_EQ(static_cast<int>(before.size() + since.size()), written[w].load());
    for (std::size_t i = 0; i < before.size(); ++i) ASSERT_EQ(before[i], static_cast<int>(i));
    for (std::size_t i = 0; i < since.size(); ++i) {
      ASSERT_EQ(since[i], static_cast<int>(before.size() + i));
    }
    ASSERT_GE(first_after[w], 0);
    EXPECT_LE(static_cast<int>(before.size()), first_after[w]);  // nothing later in the old file
    EXPECT_GT(before.size(), 0u);
  }
}

// A reopen that fails (the path is now a folder) returns why, and the lines go on to the old
// file; once the path can be opened, a reopen moves them to the new one.
TEST(FileSink, AFailedReopenKeepsWritingTheFileItHad) {
  const std::string path = temp_dir() / "jamd.log";
  const auto sink = std::make_shared<FileSink>(path);
  spdlog::logger logger("test", sink);
  logger.set_pattern("%v");
  logger.info("one");
  fs::rename(path, path + ".1");
  fs::create_directory(path);
  const std::error_code error = sink->reopen();
  EXPECT_EQ(error, std::errc::is_a_directory) << error.message();
  logger.info("two");
  logger.flush();
  EXPECT_EQ(file_text(path + ".1"), "one\ntwo\n");
  fs::remove(path);
  EXPECT_FALSE(sink->reopen());
  logger.info("three");
  logger.flush();
  EXPECT_EQ(file_text(path + ".1"), "one\ntwo\n");
  EXPECT_EQ(file_text(path), "three\n");
}

// The file is appended to, and made with its folder when missing.
TEST(FileSink, AppendsToTheFileAndMakesItsFolder) {
  const fs::path folder = temp_dir();
  const std::string path = folder / "jamd.log";
  std::ofstream(path) << "earlier\n";
  {
    spdlog::logger logger("test", std::make_shared<FileSink>(path));
    logger.set_pattern("%v");
    logger.info("later");
  }
  EXPECT_EQ(file_text(path), "earlier\nlater\n");
  const std::string nested = folder / "a" / "b" / "jamd.log";
  {
    spdlog::logger logger("test", std::make_shared<FileSink>(nested));
    logger.set_pattern("%v");
    logger.info("first");
  }
  EXPECT_EQ(file_text(nested), "first\n");
}

// A path that cannot be a file is refused at start, naming it.
TEST(FileSink, RefusesAPathItCannotOpenNamingIt) {
  const std::string folder = temp_dir();
  try {
    FileSink sink(folder);
    FAIL() << "no error";
  } catch (const spdlog::spdlog_ex& e) {
    EXPECT_THAT(e.what(), ::testing::StartsWith("Failed opening file " + folder + " for writing"));
  }
}

}  // namespace
}  // namespace jamd::log
