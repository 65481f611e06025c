#pragma once

// Random inputs for the property tests: reproducible, from a seeded std::mt19937.

#include <cstddef>
#include <random>
#include <string>

namespace jamd::test {

/// Up to `max_length` bytes, each of any value.
inline std::string random_bytes(std::mt19937& rng, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> any(0, 255);
  std::string bytes(length(rng), '\0');
  for (char& byte : bytes) byte = static_cast<char>(any(rng));
  return bytes;
}

}  // namespace jamd::test
