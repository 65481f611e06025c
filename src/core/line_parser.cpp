#include "core/line_parser.hpp"

namespace jamd::core {
namespace {

// Telnet commands (RFC 854) that the parser must recognise to strip them.
constexpr unsigned char kIac = 255;
constexpr unsigned char kWill = 251;  // WILL, WONT, DO and DONT (251-254) take one option byte
constexpr unsigned char kDont = 254;
constexpr unsigned char kSb = 250;
constexpr unsigned char kSe = 240;

constexpr bool is_special(unsigned char byte) {
  return byte == '\r' || byte == '\n' || byte == '\0' || byte == kIac || byte == '\b' ||
         byte == 0x7f;
}

unsigned char at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]);
}

}  // namespace

LineParser::Status LineParser::next(std::string_view& input, std::size_t max_line_bytes) {
  if (clear_on_next_) {
    buffer_.clear();
    clear_on_next_ = false;
  }
  std::size_t i = 0;
  while (i < input.size()) {
    if (state_ == State::text && !is_special(at(input, i))) {
      // A run of plain bytes: copied at once, or not at all when it is a whole line.
      const std::size_t start = i;
      while (i < input.size() && !is_special(at(input, i))) ++i;
      raw_length_ += i - start;
      if (raw_length_ > max_line_bytes) break;
      if (buffer_.empty() && i < input.size() && (input[i] == '\r' || input[i] == '\n')) {
        line_ = input.substr(start, i - start);
        state_ = input[i] == '\r' ? State::after_cr : State::text;
        raw_length_ = 0;
        input.remove_prefix(i + 1);
        return Status::line;
      }
      buffer_.append(input, start, i - start);
      continue;
    }
    const bool ended = special(at(input, i++));
    if (ended) {
      line_ = buffer_;
      clear_on_next_ = true;
      raw_length_ = 0;
      input.remove_prefix(i);
      return Status::line;
    }
    if (raw_length_ > max_line_bytes) break;
  }
  input = {};
  if (raw_length_ <= max_line_bytes) return Status::need_more;
  // Start afresh so that a caller (a fuzzer, say) may go on feeding bytes.
  buffer_.clear();
  raw_length_ = 0;
  state_ = State::text;
  return Status::too_long;
}

bool LineParser::nothing_after_line(std::string_view rest) const {
  if (in_line()) return false;
  if (rest.empty()) return true;
  return state_ == State::after_cr && rest.size() == 1 && (rest[0] == '\n' || rest[0] == '\0');
}

std::string_view LineParser::after_terminator(std::string_view rest) const {
  if (state_ == State::after_cr && !rest.empty() && (rest[0] == '\n' || rest[0] == '\0')) {
    rest.remove_prefix(1);
  }
  return rest;
}

bool LineParser::special(unsigned char byte) {
  switch (state_) {
    case State::text:
      switch (byte) {
        case '\r':
          state_ = State::after_cr;
          return true;
        case '\n':
          return true;
        case kIac:
          state_ = State::iac;
          break;
        case '\b':
        case 0x7f:
          erase_last_character();
          break;
        default:  // a NUL inside a line stays, so that the line is refused
          buffer_.push_back(static_cast<char>(byte));
      }
      break;
    case State::after_cr:
      state_ = State::text;
      if (byte == '\n' || byte == '\0') return false;  // the rest of "\r\n" or "\r\0"
      return special(byte);
    case State::iac:
      if (byte == kIac) {
        buffer_.push_back(static_cast<char>(kIac));
        state_ = State::text;
      } else if (byte >= kWill && byte <= kDont) {
        state_ = State::iac_option;
      } else {
        state_ = byte == kSb ? State::sub : State::text;
      }
      break;
    case State::iac_option:
      state_ = State::text;
      break;
    case State::sub:
      if (byte == kIac) state_ = State::sub_iac;
      break;
    case State::sub_iac:
      state_ = byte == kSe ? State::text : State::sub;
      break;
  }
  ++raw_length_;
  return false;
}

void LineParser::erase_last_character() {
  // Erase a whole UTF-8 sequence: its continuation bytes (at most three), then its lead byte.
  for (int n = 0; n < 3 && !buffer_.empty() && (buffer_.back() & 0xC0) == 0x80; ++n) {
    buffer_.pop_back();
  }
  if (!buffer_.empty()) buffer_.pop_back();
}

}  // namespace jamd::core
