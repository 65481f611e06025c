#include "core/http_probe.hpp"

#include <array>
#include <cctype>

namespace jamd::core {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// "HTTP/" and a digit, a dot and a digit, as in "HTTP/1.1".
bool is_http_version(std::string_view word) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  return word.size() == 8 && word.starts_with("HTTP/") && digit(word[5]) && word[6] == '.' &&
         digit(word[7]);
}

bool is_method(std::string_view word) {
  if (word.empty() || word.size() > 16) return false;
  for (const char c : word) {
    if (!std::isupper(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

bool starts_with_host_header(std::string_view line) {
  constexpr std::string_view kHost = "host:";
  if (line.size() < kHost.size()) return false;
  for (std::size_t i = 0; i < kHost.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != kHost[i]) return false;
  }
  return true;
}

}  // namespace

bool looks_like_http(std::string_view line) {
  return starts_with_host_header(line) || is_http_request_line(line);
}

bool is_http_request_line(std::string_view line) {
  std::array<std::string_view, 3> words;
  std::size_t count = 0;
  for (std::size_t i = 0; i < line.size();) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    if (count == words.size()) return false;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    words[count++] = line.substr(start, i - start);
  }
  return count == 3 && is_method(words[0]) && is_http_version(words[2]);
}

}  // namespace jamd::core
