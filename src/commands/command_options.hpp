#pragma once

// The options of one command entry in the config, as a command's factory reads them. The
// registry and the factories call it; src/app implements it over the config file, and tests
// with fakes. Nothing here knows the file's format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jamd::commands {

/// One entry of the config's command list. Errors are values: a value of the wrong kind, or
/// a refusal, is recorded (the first one is what the user is told, with the entry's path in
/// the config), the getter returns its fallback, and the entry has failed. A factory that
/// refuses an option returns nullptr. Reading an option marks it used: the registry refuses
/// any option nobody read, so that a typo never passes silently.
class CommandOptions {
 public:
  virtual ~CommandOptions() = default;

  /// The string option `key`, or `fallback` when the entry has none.
  virtual std::string text(std::string_view key, std::string_view fallback) = 0;

  /// The whole-number option `key`, from `min` to `max`, or `fallback` when the entry has none.
  virtual std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) = 0;

  /// The true-or-false option `key`, or `fallback` when the entry has none.
  virtual bool boolean(std::string_view key, bool fallback) = 0;

  /// The list-of-strings option `key`, or nullopt when the entry has none.
  virtual std::optional<std::vector<std::string>> texts(std::string_view key) = 0;

  /// Every option that no getter has read yet, as the text of one JSON object; each of them
  /// is then read. For code that reads its options as JSON itself.
  virtual std::string json() = 0;

  /// Refuses option `key` (which need not be present; "" for the entry as a whole) for
  /// `reason`.
  virtual void refuse(std::string_view key, std::string_view reason) = 0;

  /// Refuses the first option that no one has read, for `reason`. The registry calls it once
  /// the factory has returned.
  virtual void refuse_unread(std::string_view reason) = 0;

  /// True once anything about this entry was refused.
  virtual bool failed() const = 0;
};

}  // namespace jamd::commands
