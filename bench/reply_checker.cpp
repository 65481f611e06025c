#include "bench/reply_checker.hpp"

#include <algorithm>
#include <cstring>

namespace jamd::bench {
namespace {

// Bytes of a wrong reply kept for the report.
constexpr std::size_t kSampleBytes = 60;

}  // namespace

void ReplyChecker::reset() {
  column_ = 0;
  wrong_ = false;
}

ReplyChecker::Lines ReplyChecker::feed(const char* data, std::size_t size, std::string& sample) {
  Lines lines;
  const char* const end = data + size;
  while (data < end) {
    const auto* newline = static_cast<const char*>(std::memchr(data, '\n', end - data));
    const char* const segment_end = newline != nullptr ? newline : end;
    const auto length = static_cast<std::size_t>(segment_end - data);
    if (!wrong_ && column_ < expect_.size()) {
      const std::size_t n = std::min(length, expect_.size() - column_);
      if (std::memcmp(data, expect_.data() + column_, n) != 0 ||
          (newline != nullptr && column_ + length < expect_.size())) {
        wrong_ = true;
        if (sample.empty()) {
          sample.assign(expect_.substr(0, column_));
          sample.append(data, std::min(length, kSampleBytes));
          if (!sample.empty() && sample.back() == '\r') sample.pop_back();
        }
      }
    }
    if (newline == nullptr) {
      column_ += length;
      break;
    }
    ++lines.complete;
    if (wrong_) ++lines.wrong;
    reset();
    data = newline + 1;
  }
  return lines;
}

}  // namespace jamd::bench
