#pragma once

// Splits a reply stream into lines and checks each line's prefix, without buffering lines.

#include <cstddef>
#include <string>
#include <string_view>

namespace jamd::bench {

/// Streaming check of reply lines against an expected prefix. It keeps only the position in
/// the current line, so any split of the stream into reads gives the same answer.
class ReplyChecker {
 public:
  ReplyChecker() = default;
  /// `expect` must outlive the checker.
  explicit ReplyChecker(std::string_view expect) : expect_(expect) {}

  /// The lines completed by one chunk of input.
  struct Lines {
    int complete = 0;
    int wrong = 0;
  };
  /// Feeds `size` bytes. The start of the first wrong line goes to `sample` when it is empty.
  Lines feed(const char* data, std::size_t size, std::string& sample);
  /// Forgets a partial line (a new connection).
  void reset();

 private:
  std::string_view expect_;
  std::size_t column_ = 0;  // bytes of the current line seen so far
  bool wrong_ = false;      // the current line has already differed from the prefix
};

}  // namespace jamd::bench
