#pragma once

// The one reader of the config file's values, for the top level, its sections and each
// command entry alike: src/app's config code reads with it, and the registry reads command
// options through it (as commands::CommandOptions).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/config_error.hpp"
#include "commands/command_options.hpp"

namespace jamd::app {

/// The config's JSON, keys kept in the order of the file.
using Json = nlohmann::ordered_json;

/// The first problem that the readers sharing it found. Later problems are not kept: they
/// often follow from the first.
class ConfigProblems {
 public:
  /// Records `problem` with the value at `path`, unless a problem was recorded already.
  void add(std::string path, const std::string& problem);
  bool any() const { return first_.has_value(); }
  /// Throws the first problem as a ConfigError, if there is one.
  void throw_first() const;

 private:
  std::optional<ConfigError> first_;
};

/// Reads the members of one JSON object whose path in the config is `path` (such as "",
/// "limits" or "commands[2]"). Each getter marks its key used and checks the value's kind
/// and range; a wrong value is recorded in `problems` with its path, and the getter returns
/// a fallback. The getters without a fallback are for keys the built-in defaults always
/// hold: a missing one is a problem too. refuse_unread() then refuses the keys nobody read.
class ConfigReader final : public commands::CommandOptions {
 public:
  /// Reads `object`, which must outlive the reader; a value that is not an object is
  /// recorded as `not_an_object` at `path`.
  ConfigReader(const Json& object, std::string path, ConfigProblems& problems,
               std::string_view not_an_object = "expected an object");

  // commands::CommandOptions, for the options of a command entry.
  std::string text(std::string_view key, std::string_view fallback) override;
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) override;
  bool boolean(std::string_view key, bool fallback) override;
  std::optional<std::vector<std::string>> texts(std::string_view key) override;
  std::string json() override;
  void refuse(std::string_view key, std::string_view reason) override;
  void refuse_unread(std::string_view reason) override;
  bool failed() const override { return problems_.any(); }

  // Keys that must be there.
  std::string text(std::string_view key);
  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
  /// A number of seconds, 0 or more, fractions allowed.
  double seconds(std::string_view key);
  /// A number from `min` to `max`, fractions allowed.
  double number(std::string_view key, double min, double max);
  /// The object `key`, to read with a reader of its own that shares these problems.
  ConfigReader object(std::string_view key);
  /// The same for a key that may be missing, which reads as an empty object.
  ConfigReader optional_object(std::string_view key);
  /// The value of `key` as it is, for values of more than one shape; nullptr when missing.
  const Json* value(std::string_view key);

  /// The path of `key` in the config, such as "limits.max_line_bytes"; the reader's own for "".
  std::string path_of(std::string_view key) const;

 private:
  /// The value of `key`, marked used, or nullptr.
  const Json* find(std::string_view key);
  /// The value of `key`, or nullptr after recording that it is missing.
  const Json* required(std::string_view key);

  const Json& object_;
  std::string path_;
  ConfigProblems& problems_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace jamd::app
