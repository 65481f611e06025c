#include "app/config_reader.hpp"

#include <cmath>

#include <fmt/format.h>

namespace jamd::app {
namespace {

const Json kMissing;                       // what a reader of a missing object reads: null
const Json kEmptyObject = Json::object();  // and of a missing optional one

/// `value` as a whole number from `min` to `max`, or nullopt.
std::optional<std::int64_t> whole_number(const Json& value, std::int64_t min, std::int64_t max) {
  // Compared unsigned first: a huge number read as signed would wrap around.
  if (value.is_number_unsigned()) {
    const auto n = value.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(max)) return std::nullopt;
    if (static_cast<std::int64_t>(n) < min) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (!value.is_number_integer()) return std::nullopt;
  const auto n = value.get<std::int64_t>();
  if (n < min || n > max) return std::nullopt;
  return n;
}

}  // namespace

void ConfigProblems::add(std::string path, const std::string& problem) {
  if (!first_) first_.emplace(std::move(path), problem);
}

void ConfigProblems::throw_first() const {
  if (first_) throw *first_;
}

ConfigReader::ConfigReader(const Json& object, std::string path, ConfigProblems& problems,
                           std::string_view not_an_object)
    : object_(object), path_(std::move(path)), problems_(problems) {
  if (!object_.is_object()) problems_.add(path_, std::string(not_an_object));
}

std::string ConfigReader::path_of(std::string_view key) const {
  if (key.empty()) return path_;
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const Json* ConfigReader::find(std::string_view key) {
  used_.emplace(key);
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

const Json* ConfigReader::required(std::string_view key) {
  const Json* value = find(key);
  if (value == nullptr) problems_.add(path_of(key), "missing");
  return value;
}

std::string ConfigReader::text(std::string_view key, std::string_view fallback) {
  const Json* value = find(key);
  if (value == nullptr) return std::string(fallback);
  if (!value->is_string()) {
    problems_.add(path_of(key), "expected a string, got " + value->dump());
    return std::string(fallback);
  }
  return value->get<std::string>();
}

std::int64_t ConfigReader::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (const auto n = whole_number(*value, min, max)) return *n;
  problems_.add(path_of(key), "expected a whole number from " + std::to_string(min) + " to " +
                                  std::to_string(max) + ", got " + value->dump());
  return fallback;
}

bool ConfigReader::boolean(std::string_view key, bool fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) {
    problems_.add(path_of(key), "expected true or false, got " + value->dump());
    return fallback;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> ConfigReader::texts(std::string_view key) {
  const Json* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    problems_.add(path_of(key), "expected a list of strings, got " + value->dump());
    return std::nullopt;
  }
  std::vector<std::string> result;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    if (!item.is_string()) {
      problems_.add(path_of(key) + "[" + std::to_string(i) + "]",
                    "expected a string, got " + item.dump());
      return std::nullopt;
    }
    result.push_back(item.get<std::string>());
  }
  return result;
}

std::string ConfigReader::json() {
  Json unread = Json::object();
  if (object_.is_object()) {
    for (const auto& [key, value] : object_.items()) {
      if (used_.emplace(key).second) unread[key] = value;
    }
  }
  return unread.dump();
}

void ConfigReader::refuse(std::string_view key, std::string_view reason) {
  problems_.add(path_of(key), std::string(reason));
}

void ConfigReader::refuse_unread(std::string_view reason) {
  if (!object_.is_object()) return;
  for (const auto& [key, value] : object_.items()) {
    if (!used_.contains(key)) return refuse(key, reason);
  }
}

std::string ConfigReader::text(std::string_view key) {
  return required(key) == nullptr ? std::string() : text(key, "");
}

std::int64_t ConfigReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  return required(key) == nullptr ? min : integer(key, min, min, max);
}

double ConfigReader::seconds(std::string_view key) {
  const Json* value = required(key);
  if (value == nullptr) return 0;
  if (!value->is_number() || !std::isfinite(value->get<double>()) || value->get<double>() < 0) {
    problems_.add(path_of(key), "expected a number of seconds, 0 or more, got " + value->dump());
    return 0;
  }
  return value->get<double>();
}

double ConfigReader::number(std::string_view key, double min, double max) {
  const Json* value = required(key);
  if (value == nullptr) return min;
  if (!value->is_number() || !(value->get<double>() >= min && value->get<double>() <= max)) {
    problems_.add(path_of(key),
                  fmt::format("expected a number from {} to {}, got {}", min, max, value->dump()));
    return min;
  }
  return value->get<double>();
}

ConfigReader ConfigReader::object(std::string_view key) {
  const Json* value = required(key);
  return ConfigReader(value == nullptr ? kMissing : *value, path_of(key), problems_);
}

ConfigReader ConfigReader::optional_object(std::string_view key) {
  const Json* value = find(key);
  return ConfigReader(value == nullptr ? kEmptyObject : *value, path_of(key), problems_);
}

const Json* ConfigReader::value(std::string_view key) {
  return required(key);
}

}  // namespace jamd::app
