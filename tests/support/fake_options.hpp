#pragma once

// A command entry of the config without a config file: for the unit tests of the registry.
// Header-only; needs jamd_commands.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/command_options.hpp"

namespace jamd::test {

/// The options of a fake entry, by key.
using Values = std::map<std::string, std::string, std::less<>>;
/// The list options of a fake entry, by key.
using Lists = std::map<std::string, std::vector<std::string>, std::less<>>;

/// One config entry: string and list options by key; refusals are recorded, the first one
/// kept.
class FakeOptions final : public commands::CommandOptions {
 public:
  explicit FakeOptions(Values values) : values_(std::move(values)) {}
  /// An entry with list options too. (A constructor of two braced lists would make every
  /// FakeOptions({{"name", ...}, {"type", ...}}) ambiguous.)
  static FakeOptions with_lists(Values values, Lists lists) {
    FakeOptions options(std::move(values));
    options.lists_ = std::move(lists);
    return options;
  }

  std::string text(std::string_view key, std::string_view fallback) override {
    used_.emplace(key);
    const auto it = values_.find(key);
    return it == values_.end() ? std::string(fallback) : it->second;
  }
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t,
                       std::int64_t) override {
    const std::string value = text(key, "");
    return value.empty() ? fallback : std::stoll(value);
  }
  bool boolean(std::string_view key, bool fallback) override {
    const std::string value = text(key, "");
    return value.empty() ? fallback : value == "true";
  }
  std::optional<std::vector<std::string>> texts(std::string_view key) override {
    used_.emplace(key);
    const auto it = lists_.find(key);
    if (it == lists_.end()) return std::nullopt;
    return it->second;
  }
  std::string json() override {
    std::string text = "{";
    const auto quoted = [](const std::string& value) { return "\"" + value + "\""; };
    const auto member = [&](const std::string& key, const std::string& value) {
      if (!used_.emplace(key).second) return;
      text += (text.size() > 1 ? "," : "") + quoted(key) + ":" + value;
    };
    for (const auto& [key, value] : values_) member(key, quoted(value));
    for (const auto& [key, list] : lists_) {
      std::string items;
      for (const auto& item : list) items += (items.empty() ? "" : ",") + quoted(item);
      member(key, "[" + items + "]");
    }
    return text + "}";
  }
  void refuse(std::string_view key, std::string_view reason) override {
    if (!refusal) refusal = {std::string(key), std::string(reason)};
  }
  void refuse_unread(std::string_view reason) override {
    for (const auto& [key, value] : values_) {
      if (!used_.contains(key)) return refuse(key, reason);
    }
    for (const auto& [key, list] : lists_) {
      if (!used_.contains(key)) return refuse(key, reason);
    }
  }
  bool failed() const override { return refusal.has_value(); }

  /// The key refused first, and why.
  std::optional<std::pair<std::string, std::string>> refusal;

 private:
  Values values_;
  Lists lists_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace jamd::test
