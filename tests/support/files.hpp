#pragma once

// Files for the tests of the log: reading one whole, a new temporary folder, and the lines
// of a text. Header-only, plain POSIX and the standard library.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace jamd::test {

/// What the file at `path` holds; "" when there is no such file.
inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A new empty folder in the temporary directory.
inline std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "jamd-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  return pattern;
}

/// The lines of `text`, without their "\n".
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace jamd::test
