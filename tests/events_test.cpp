// The kinds of log line (src/log/events.inc): their names and fields, the README's table of
// them, and the sources, whose every log line names one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "log/events.hpp"
#include "support/files.hpp"

namespace jamd::log {
namespace {

namespace fs = std::filesystem;
using ::testing::MatchesRegex;

const fs::path kSourceDir = fs::path(__FILE__).parent_path().parent_path();

/// What the file at `path` holds; a test failure when there is none.
std::string read(const fs::path& path) {
  EXPECT_TRUE(fs::exists(path)) << "cannot read " << path;
  return test::file_text(path);
}

// Names are unique; an event's fields are unique and none is a member every line has.
TEST(Events, HaveUniqueNamesAndFieldsApartFromTheLinesOwnMembers) {
  std::set<std::string> names;
  for (const EventListing& event : kEvents) {
    EXPECT_TRUE(names.insert(event.name).second) << event.name;
    EXPECT_THAT(event.name, MatchesRegex("[a-z][a-z0-9_]*"));
    std::set<std::string> fields{"time", "level", "event", "msg"};
    for (const std::string field : event.fields) {
      if (field.empty()) continue;
      EXPECT_TRUE(fields.insert(field).second) << event.name << ": " << field;
      EXPECT_THAT(field, MatchesRegex("[a-z][a-z0-9_]*"));
    }
  }
}

/// The README's rows of its table of events: event -> the fields column.
std::map<std::string, std::string> readme_events() {
  const std::string readme = read(kSourceDir / "README.md");
  const std::string header = "| Event | Level | Fields | Meaning |\n";
  const auto begin = readme.find(header);
  EXPECT_NE(begin, std::string::npos) << "README.md has no table of events";
  std::map<std::string, std::string> rows;
  if (begin == std::string::npos) return rows;
  static const std::regex kRow(R"(\| `([a-z0-9_]+)` \| [^|]+ \| ([^|]*) \| .*)");
  std::istringstream in(readme.substr(begin + header.size()));
  std::string line;
  std::getline(in, line);  // |---|---|...
  while (std::getline(in, line) && line.starts_with("|")) {
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, kRow)) << line;
    if (!match.empty()) rows[match[1]] = match[2];
  }
  return rows;
}

// The README lists every event with its fields ("none" for none), and no other event.
TEST(Events, AreListedInTheReadmeWithTheirFields) {
  auto rows = readme_events();
  for (const EventListing& event : kEvents) {
    std::string fields;
    for (const std::string_view field : event.fields) {
      if (field.empty()) continue;
      fields += (fields.empty() ? "`" : ", `") + std::string(field) + "`";
    }
    const auto row = rows.find(event.name);
    if (row == rows.end()) {
      ADD_FAILURE() << "README.md does not list the event " << event.name;
      continue;
    }
    EXPECT_EQ(row->second, fields.empty() ? "none" : fields) << event.name;
    rows.erase(row);
  }
  for (const auto& [name, fields] : rows) ADD_FAILURE() << "README.md lists " << name << " too";
}

// Every log line in src/ names its event: none goes to spdlog directly but through src/log,
// whose functions the compiler holds to an event with a field for each argument.
TEST(Events, EveryLogLineInTheSourcesNamesOne) {
  static const std::regex kDirect(R"(spdlog::(trace|debug|info|warn|error|critical|log)\s*\()");
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / "src")) {
    const fs::path& path = entry.path();
    if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
    if (path.parent_path().filename() == "log") continue;  // src/log writes to spdlog
    ++files;
    const std::string text = read(path);
    for (std::sregex_iterator it(text.begin(), text.end(), kDirect), end; it != end; ++it) {
      ADD_FAILURE() << path << " logs without an event: " << it->str();
    }
  }
  EXPECT_GT(files, 20u);
}

}  // namespace
}  // namespace jamd::log
