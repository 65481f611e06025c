#pragma once

// Sans-I/O: bytes in, request lines out. Each session owns one; the fuzzer and the unit
// tests drive it directly.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jamd::core {

/// Splits a byte stream into request lines; no I/O (sans-I/O), one instance per session.
///
/// Accepts every line end real clients send: "\r\n", "\n", and telnet's "\r\0" and bare "\r".
/// A "\n" or "\0" right after a "\r" belongs to that "\r", even in the next segment. Telnet
/// IAC commands and subnegotiations are removed ("IAC IAC" is a literal 0xFF byte); backspace
/// and DEL erase the character before them. Every byte of a line except its terminator,
/// telnet sequences included, counts toward the line limit.
class LineParser {
 public:
  /// What next() found.
  enum class Status { line, need_more, too_long };

  /// Consumes bytes from the front of `input` up to and including the next line end. On
  /// Status::line the line is in line() until the next call; on need_more all of `input` was
  /// consumed; on too_long the current line passed `max_line_bytes` and the stream is unusable.
  Status next(std::string_view& input, std::size_t max_line_bytes);

  /// The last complete line (terminator excluded); valid until the next call to next(), and
  /// while the input given to next() lives (a whole line is not copied).
  std::string_view line() const { return line_; }

  /// True when bytes of an unfinished line are buffered.
  bool in_line() const { return raw_length_ > 0; }

  /// True when `rest`, what next() left of its input after a line, holds nothing but the end
  /// of that line's terminator (the "\n" of "\r\n" or the "\0" of "\r\0"): the client
  /// sent nothing past the line. Consumes nothing.
  bool nothing_after_line(std::string_view rest) const;

  /// What follows the last line's terminator in `rest`, what next() left of its input after
  /// that line: `rest` without the "\n" of a "\r\n" (or the "\0" of a "\r\0") that next()
  /// left there. For a session that stops parsing lines (HTTP on the admin port).
  std::string_view after_terminator(std::string_view rest) const;

 private:
  enum class State : std::uint8_t { text, after_cr, iac, iac_option, sub, sub_iac };

  /// Handles one byte that is not plain text; returns true when it ended a line.
  bool special(unsigned char byte);
  void erase_last_character();

  State state_ = State::text;
  std::string buffer_;          // the unfinished line, after telnet and erase processing
  std::string_view line_;       // the finished line: a view into buffer_ or the input
  std::size_t raw_length_ = 0;  // bytes of the unfinished line as received
  bool clear_on_next_ = false;  // buffer_ holds a line already returned
};

}  // namespace jamd::core
