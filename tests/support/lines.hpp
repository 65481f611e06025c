#pragma once

#include <cstddef>
#include <string>

namespace jamd::test {

/// How many "\r\n" line ends `text` holds.
inline std::size_t count_crlf(const std::string& text) {
  std::size_t count = 0;
  for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at + 2)) {
    ++count;
  }
  return count;
}

}  // namespace jamd::test
