#include "clock/clock_settings.hpp"

#include <array>
#include <utility>

namespace jamd::clock {
namespace {

constexpr std::array kSources{std::pair{Source::kernel, std::string_view("kernel")},
                              std::pair{Source::none, std::string_view("none")}};
constexpr std::array kPolicies{std::pair{Policy::serve, std::string_view("serve")},
                               std::pair{Policy::error, std::string_view("error")},
                               std::pair{Policy::refuse, std::string_view("refuse")}};

template <typename Table, typename Value>
std::string_view name_in(const Table& table, Value value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename Value, typename Table>
std::optional<Value> value_in(const Table& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name_of(Source source) {
  return name_in(kSources, source);
}

std::string_view name_of(Policy policy) {
  return name_in(kPolicies, policy);
}

std::optional<Source> source_named(std::string_view name) {
  return value_in<Source>(kSources, name);
}

std::optional<Policy> policy_named(std::string_view name) {
  return value_in<Policy>(kPolicies, name);
}

}  // namespace jamd::clock
