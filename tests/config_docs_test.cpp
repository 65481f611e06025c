// The config's three descriptions cannot drift apart: every key of the compiled-in defaults
// (jamd --print-config) is in jamd.json(5) and in the README's config reference, with the
// same default. And the config `cmake --install` puts in /etc/jamd is the shipped one with
// the admin listener on, and nothing else changed.

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/files.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using Json = nlohmann::json;

/// A default as the docs write it: a number or a JSON string as JSON writes it, `[]` for an
/// empty list, and the names of a list of commands, comma-separated ("TIME, QUIT, HELP").
std::string written(const Json& value) {
  if (!value.is_array() || value.empty()) return value.dump();
  std::string names;
  for (const Json& entry : value) {
    if (!entry.is_object() || !entry.contains("name")) return value.dump();
    names += (names.empty() ? "" : ", ") + entry["name"].get<std::string>();
  }
  return names;
}

/// Every key of `config` that holds no object, by its dotted path ("limits.max_connections"),
/// with its default as the docs write it.
void flatten(const Json& config, const std::string& prefix,
             std::map<std::string, std::string>& keys) {
  for (const auto& [key, value] : config.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      flatten(value, path, keys);
    } else {
      keys[path] = written(value);
    }
  }
}

std::map<std::string, std::string> compiled_in_defaults() {
  const Outcome printed = capture("timeout 10 " JAMD_BINARY " --print-config");
  EXPECT_EQ(printed.exit_code, 0) << printed.output;
  std::map<std::string, std::string> keys;
  flatten(Json::parse(printed.output), "", keys);
  return keys;
}

/// Whether `text` begins with `default_text`, followed by nothing or by a space, a full stop
/// or a comma (so that a default of 0 does not match "0.5").
bool begins_with_default(const std::string& text, const std::string& default_text) {
  if (!text.starts_with(default_text)) return false;
  return text.size() == default_text.size() ||
         std::string(" .,").find(text[default_text.size()]) != std::string::npos;
}

// jamd.json(5) gives each key as a bold line, "*limits.max_connections*", and the line after
// it begins "Default: 10000".
TEST(ConfigDocs, EveryCompiledInDefaultIsInTheManPage) {
  const std::string page = file_text(JAMD_SOURCE_DIR "/docs/man/jamd.json.5.scd");
  ASSERT_FALSE(page.empty());
  const auto keys = compiled_in_defaults();
  ASSERT_GT(keys.size(), 20u);
  for (const auto& [key, default_text] : keys) {
    const std::string heading = "\n*" + key + "*\n\tDefault: ";
    const auto at = page.find(heading);
    if (at == std::string::npos) {
      ADD_FAILURE() << key << " is not in jamd.json(5) as *" << key
                    << "* then Default: " << default_text;
      continue;
    }
    const std::string rest = page.substr(
        at + heading.size(), page.find('\n', at + heading.size()) - at - heading.size());
    EXPECT_TRUE(begins_with_default(rest, default_text))
        << "jamd.json(5) gives " << key << " the default " << rest << ", jamd has " << default_text;
  }
}

// The README's reference tables have a row "| `limits.max_connections` | 10000 | ..." for each
// key: the default cell, without its backticks, begins with the default ("0 (off)").
TEST(ConfigDocs, EveryCompiledInDefaultIsInTheReadme) {
  const std::string readme = file_text(JAMD_SOURCE_DIR "/README.md");
  ASSERT_FALSE(readme.empty());
  const auto keys = compiled_in_defaults();
  for (const auto& [key, default_text] : keys) {
    const std::string row = "\n| `" + key + "` | ";
    const auto at = readme.find(row);
    if (at == std::string::npos) {
      ADD_FAILURE() << key << " has no row in the README's config reference";
      continue;
    }
    const auto begin = at + row.size();
    std::string cell = readme.substr(begin, readme.find(" |", begin) - begin);
    std::erase(cell, '`');
    EXPECT_TRUE(begins_with_default(cell, default_text))
        << "the README gives " << key << " the default " << cell << ", jamd has " << default_text;
  }
}

Json parsed_config(const std::string& path) {
  const std::string text = file_text(path);
  EXPECT_FALSE(text.empty()) << path << " is missing or empty";
  return Json::parse(text, nullptr, true, /*ignore_comments=*/true);
}

// The file the build writes for /etc/jamd/jamd.json (cmake/installed_config.cmake).
TEST(ConfigDocs, TheInstalledConfigIsTheShippedOneWithTheAdminListenerOn) {
  Json installed = parsed_config(JAMD_TEST_INSTALLED_CONFIG);
  Json shipped = parsed_config(JAMD_SOURCE_DIR "/config/jamd.json");
  EXPECT_EQ(installed["admin"]["listen"], "127.0.0.1:45001");
  EXPECT_EQ(shipped["admin"]["listen"], "");
  installed["admin"].erase("listen");
  shipped["admin"].erase("listen");
  EXPECT_EQ(installed, shipped) << "the installed config differs in more than admin.listen";
  // jamd takes it as it is.
  const Outcome checked = run_jamd({"--check-config", "--config", JAMD_TEST_INSTALLED_CONFIG});
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
}

}  // namespace
}  // namespace jamd::test
