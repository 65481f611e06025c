#pragma once

#include <cstddef>
#include <string>

namespace jamd::test {

/// How many times `needle` occurs in `text`, without overlaps.
inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

/// How many "\r\n" line ends `text` holds.
inline std::size_t count_crlf(const std::string& text) {
  return count_of(text, "\r\n");
}

}  // namespace jamd::test
