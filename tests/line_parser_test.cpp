// Unit tests of the sans-I/O line parser: line ends, erase keys, telnet commands, the line limit
// and independence from how the byte stream is cut into segments.
#include "core/line_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <limits>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace jamd::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Status = LineParser::Status;
using namespace std::string_literals;  // "..."s keeps embedded NUL bytes
using namespace std::string_view_literals;

constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();  // one segment
constexpr std::size_t kBigLimit = std::size_t{1} << 20;

/// What a parser made of a byte stream.
struct Parsed {
  std::vector<std::string> lines;  // every complete line, in order
  int too_long = 0;                // how many times next() returned too_long
  bool operator==(const Parsed&) const = default;
};

void PrintTo(const Parsed& parsed, std::ostream* os) {
  *os << "{lines: " << ::testing::PrintToString(parsed.lines) << ", too_long: " << parsed.too_long
      << "}";
}

/// Feeds `data` to `parser` in segments whose sizes cycle through `sizes`, calling next() until
/// each segment is used up, and collects what comes out. With `stop_on_too_long` it stops at the
/// first too_long, since the stream is unusable after it.
Parsed feed(LineParser& parser, std::string_view data, const std::vector<std::size_t>& sizes,
            std::size_t max = kBigLimit, bool stop_on_too_long = false) {
  Parsed parsed;
  for (std::size_t k = 0; !data.empty(); ++k) {
    const std::size_t size = std::min(sizes[k % sizes.size()], data.size());
    std::string_view input = data.substr(0, size);
    data.remove_prefix(size);
    while (!input.empty()) {
      const std::size_t before = input.size();
      switch (parser.next(input, max)) {
        case Status::line:
          parsed.lines.emplace_back(parser.line());  // copied: valid only until the next call
          break;
        case Status::need_more:
          EXPECT_THAT(input, IsEmpty()) << "need_more must consume all of the input";
          break;
        case Status::too_long:
          ++parsed.too_long;
          if (stop_on_too_long) return parsed;
          break;
      }
      if (input.size() == before) {
        ADD_FAILURE() << "next() consumed nothing";
        return parsed;
      }
    }
  }
  return parsed;
}

/// Parses `data` with a fresh parser, in segments of `segment` bytes, up to the first too_long.
Parsed parse(std::string_view data, std::size_t segment = kWhole, std::size_t max = kBigLimit) {
  LineParser parser;
  return feed(parser, data, {segment}, max, /*stop_on_too_long=*/true);
}

std::vector<std::string> non_empty(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  std::copy_if(lines.begin(), lines.end(), std::back_inserter(out),
               [](const std::string& line) { return !line.empty(); });
  return out;
}

// --- Line ends ------------------------------------------------------------------------------

// "\r\n", bare "\n" (netcat), telnet "\r\0" and bare "\r" each end a line.
TEST(LineParser, AcceptsEveryLineEnd) {
  EXPECT_THAT(parse("TIME\r\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIME\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIME\r\0"s).lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIME\r").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIME\rDATE\r").lines, ElementsAre("TIME", "DATE"));
}

// `printf 'TIME\r\n' | telnet` sends "TIME\r\0\r\n": the line, then an empty line.
TEST(LineParser, TelnetCrNulCrLfGivesLineThenEmptyLine) {
  EXPECT_THAT(parse("TIME\r\0\r\n"s).lines, ElementsAre("TIME", ""));
}

// PuTTY plink sends "TIME\r\0\n": the line, then an empty line.
TEST(LineParser, PlinkCrNulLfGivesLineThenEmptyLine) {
  EXPECT_THAT(parse("TIME\r\0\n"s).lines, ElementsAre("TIME", ""));
}

// Whatever the client, one request gives exactly one non-empty line, however it is segmented.
TEST(LineParser, EveryClientFormGivesOneNonEmptyLine) {
  const std::string forms[] = {"TIME\r\n", "TIME\n",        "TIME\r\0"s,
                               "TIME\r",   "TIME\r\0\r\n"s, "TIME\r\0\n"s};
  for (const std::string& form : forms) {
    for (const std::size_t segment : {kWhole, std::size_t{1}, std::size_t{2}, std::size_t{5}}) {
      SCOPED_TRACE(::testing::PrintToString(form) + " in segments of " + std::to_string(segment));
      const Parsed parsed = parse(form, segment);
      EXPECT_THAT(non_empty(parsed.lines), ElementsAre("TIME"));
      EXPECT_EQ(parsed.too_long, 0);
    }
  }
}

// A "\n" or "\0" right after a "\r" belongs to it even when it comes in the next segment.
TEST(LineParser, LfOrNulAfterCrInNextSegmentBelongsToCr) {
  for (const std::string& rest : {"\nDATE\r\n"s, "\0DATE\r\n"s}) {
    SCOPED_TRACE(::testing::PrintToString(rest));
    LineParser parser;
    std::string_view input = "TIME\r";
    ASSERT_EQ(parser.next(input, 100), Status::line);
    EXPECT_EQ(parser.line(), "TIME");
    EXPECT_THAT(input, IsEmpty());

    input = rest;
    ASSERT_EQ(parser.next(input, 100), Status::line);
    EXPECT_EQ(parser.line(), "DATE");  // not an empty line
  }
}

// Only one "\n" or "\0" belongs to a "\r": "\r\r\n" is two line ends.
TEST(LineParser, OnlyOneByteAfterCrBelongsToIt) {
  EXPECT_THAT(parse("A\r\r\nB\n").lines, ElementsAre("A", "", "B"));
  EXPECT_THAT(parse("A\r\n\nB\n").lines, ElementsAre("A", "", "B"));
  EXPECT_THAT(parse("A\r\0\0B\n"s).lines, ElementsAre("A", "\0B"s));
}

// "\r\n" split across two calls: the line at "\r", then the "\n" is consumed silently.
TEST(LineParser, CrLfSplitAcrossCalls) {
  LineParser parser;
  std::string_view input = "TIME\r";
  EXPECT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "TIME");
  EXPECT_FALSE(parser.in_line());

  input = "\n";
  EXPECT_EQ(parser.next(input, 100), Status::need_more);
  EXPECT_THAT(input, IsEmpty());
  EXPECT_FALSE(parser.in_line());
}

// A line fed one byte per call: need_more for each byte, the line at the terminator.
TEST(LineParser, LineFedByteByByte) {
  LineParser parser;
  const std::string_view data = "TIME\r\n";
  std::vector<Status> statuses;
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::string_view input = data.substr(i, 1);
    statuses.push_back(parser.next(input, 100));
    EXPECT_THAT(input, IsEmpty());
    if (statuses.back() == Status::line) {
      EXPECT_EQ(parser.line(), "TIME");
    }
  }
  EXPECT_THAT(statuses, ElementsAre(Status::need_more, Status::need_more, Status::need_more,
                                    Status::need_more, Status::line, Status::need_more));
}

// --- Pipelining and line() ----------------------------------------------------------------

// Hundreds of lines in one input come out in order, whatever their terminators and segments.
TEST(LineParser, PipelinedLinesComeOutInOrder) {
  const std::string terminators[] = {"\r\n", "\n", "\r\0"s, "\r"};
  std::string data;
  std::vector<std::string> expected;
  for (int i = 0; i < 500; ++i) {
    expected.push_back("LINE " + std::to_string(i));
    data += expected.back() + terminators[i % 4];
  }
  for (const std::size_t segment : {kWhole, std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    SCOPED_TRACE("segments of " + std::to_string(segment));
    const Parsed parsed = parse(data, segment);
    EXPECT_EQ(parsed.lines, expected);
    EXPECT_EQ(parsed.too_long, 0);
  }
}

// Each call returns one line and leaves the rest of the input for the next call; line() has the
// content of that line, whether it came whole in one segment or was buffered over several.
TEST(LineParser, LineViewHoldsEachPipelinedLine) {
  LineParser parser;
  std::string_view input = "AB";
  EXPECT_EQ(parser.next(input, 100), Status::need_more);

  const std::string segment = "C\r\nDE\nF\r\0G"s;
  input = segment;
  ASSERT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "ABC");  // buffered over two calls
  ASSERT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "DE");
  ASSERT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "F");
  EXPECT_EQ(parser.next(input, 100), Status::need_more);
  EXPECT_TRUE(parser.in_line());

  input = "H\n";
  ASSERT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "GH");
}

// --- need_more and in_line() --------------------------------------------------------------

// need_more consumes all of the input; in_line() tells whether part of a line is buffered.
TEST(LineParser, NeedMoreAndInLine) {
  LineParser parser;
  EXPECT_FALSE(parser.in_line());

  std::string_view input;
  EXPECT_EQ(parser.next(input, 100), Status::need_more);
  EXPECT_FALSE(parser.in_line());

  input = "TI";
  EXPECT_EQ(parser.next(input, 100), Status::need_more);
  EXPECT_THAT(input, IsEmpty());
  EXPECT_TRUE(parser.in_line());

  input = "ME\n";
  ASSERT_EQ(parser.next(input, 100), Status::line);
  EXPECT_EQ(parser.line(), "TIME");
  EXPECT_THAT(input, IsEmpty());
  EXPECT_FALSE(parser.in_line());
}

// --- Erase keys ---------------------------------------------------------------------------

// Backspace (0x08) and DEL (0x7f) delete the character before them.
TEST(LineParser, BackspaceAndDelEraseOneCharacter) {
  EXPECT_THAT(parse("TIMX\bE\r\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIMEX\x7f\r\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIMX\x7f\bTIME\r\n").lines, ElementsAre("TITIME"));
  EXPECT_THAT(parse("TIMEXY\b\b\r\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TIMX\bE\r\n", 1).lines, ElementsAre("TIME"));
}

// One backspace erases a whole UTF-8 character of 2, 3 or 4 bytes.
TEST(LineParser, BackspaceErasesWholeUtf8Character) {
  EXPECT_THAT(parse("caf\xC3\xA9\b\r\n").lines, ElementsAre("caf"));            // é
  EXPECT_THAT(parse("caf\xC3\xA9\x7f\r\n").lines, ElementsAre("caf"));          // é, DEL
  EXPECT_THAT(parse("1\xE2\x82\xAC\b\r\n").lines, ElementsAre("1"));            // €
  EXPECT_THAT(parse("x\xF0\x9F\x98\x80\b\r\n").lines, ElementsAre("x"));        // U+1F600
  EXPECT_THAT(parse("\xC3\xA9\xC3\xA9\b\r\n").lines, ElementsAre("\xC3\xA9"));  // one of two
  EXPECT_THAT(parse("caf\xC3\xA9\b\r\n", 1).lines, ElementsAre("caf"));
}

// Backspace at the start of a line does nothing.
TEST(LineParser, BackspaceAtLineStartDoesNothing) {
  EXPECT_THAT(parse("\bTIME\r\n").lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("A\b\b\b\x7fZ\r\n").lines, ElementsAre("Z"));
  EXPECT_THAT(parse("\b\r\n").lines, ElementsAre(""));
  // It never reaches into the line before.
  EXPECT_THAT(parse("ONE\n\bTWO\n").lines, ElementsAre("ONE", "TWO"));
}

// --- Telnet -------------------------------------------------------------------------------

// IAC WILL/WONT/DO/DONT <option> are three bytes, all removed, whatever the option byte.
TEST(LineParser, RemovesTelnetOptionNegotiation) {
  for (const char verb : {'\xFB', '\xFC', '\xFD', '\xFE'}) {
    for (const char option : {'\x01', '\x18', '\x1F', '\r', '\n', '\0', '\xFF'}) {
      const std::string data = "TI\xFF"s + verb + option + "ME\r\n";
      SCOPED_TRACE(::testing::PrintToString(data));
      EXPECT_THAT(parse(data).lines, ElementsAre("TIME"));
      EXPECT_THAT(parse(data, 1).lines, ElementsAre("TIME"));
    }
  }
  // What a telnet client sends first, before any text.
  EXPECT_THAT(parse("\xFF\xFD\x03\xFF\xFB\x18\xFF\xFB\x1F\xFF\xFB\x20TIME\r\n").lines,
              ElementsAre("TIME"));
}

// IAC SB ... IAC SE is removed, line ends and IAC IAC inside it included.
TEST(LineParser, RemovesTelnetSubnegotiation) {
  EXPECT_THAT(parse("\xFF\xFA\x18\x00XTERM\xFF\xF0TIME\r\n"s).lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("TI\xFF\xFA\x1F\x00\x50\x00\x18\xFF\xF0ME\r\n"s).lines, ElementsAre("TIME"));
  EXPECT_THAT(parse("\xFF\xFA\x18\r\n\r\0\n\xFF\xF0TIME\r\n"s).lines, ElementsAre("TIME"));
  // IAC IAC inside is a data byte: the following 0xF0 does not end the subnegotiation.
  EXPECT_THAT(parse("\xFF\xFA\x18\xFF\xFF\xF0X\xFF\xF0TIME\r\n").lines, ElementsAre("TIME"));
}

// A subnegotiation spanning calls is still removed, however it is cut.
TEST(LineParser, RemovesTelnetSubnegotiationAcrossCalls) {
  const std::string data = "TI\xFF\xFA\x18\x00XTERM\r\n\xFF\xFF\xFF\xF0ME\r\n"s;
  for (std::size_t segment = 1; segment <= data.size(); ++segment) {
    SCOPED_TRACE("segments of " + std::to_string(segment));
    EXPECT_THAT(parse(data, segment).lines, ElementsAre("TIME"));
  }
}

// Two-byte commands such as IAC NOP, IAC AYT and IAC GA are removed.
TEST(LineParser, RemovesTwoByteTelnetCommands) {
  for (const char command : {'\xF0', '\xF1', '\xF3', '\xF4', '\xF6', '\xF9'}) {
    const std::string data = "TI\xFF"s + command + "ME\r\n";
    SCOPED_TRACE(::testing::PrintToString(data));
    EXPECT_THAT(parse(data).lines, ElementsAre("TIME"));
    EXPECT_THAT(parse(data, 1).lines, ElementsAre("TIME"));
  }
}

// IAC IAC stands for one literal 0xFF byte, which stays in the line.
TEST(LineParser, IacIacIsLiteralFfByte) {
  EXPECT_THAT(parse("A\xFF\xFFZ\r\n").lines, ElementsAre("A\xFFZ"));
  EXPECT_THAT(parse("\xFF\xFF\xFF\xFF\r\n").lines, ElementsAre("\xFF\xFF"));
  EXPECT_THAT(parse("A\xFF\xFFZ\r\n", 1).lines, ElementsAre("A\xFFZ"));
}

// --- NUL ----------------------------------------------------------------------------------

// A NUL that does not follow "\r" stays in the line (so that the line is refused later).
TEST(LineParser, NulInsideLineStays) {
  EXPECT_THAT(parse("TI\0ME\r\n"s).lines, ElementsAre("TI\0ME"s));
  EXPECT_THAT(parse("\0TIME\n"s).lines, ElementsAre("\0TIME"s));
  EXPECT_THAT(parse("TIME\0\r\n"s).lines, ElementsAre("TIME\0"s));
  EXPECT_THAT(parse("TI\0ME\r\n"s, 1).lines, ElementsAre("TI\0ME"s));
}

// --- Line limit ---------------------------------------------------------------------------

// A line of exactly max bytes is fine; one more byte is too long. The terminator is excluded.
TEST(LineParser, LimitIsInclusiveAndExcludesTerminator) {
  const std::string ten(10, 'a');
  for (const std::string_view end : {"\r\n"sv, "\n"sv, "\r\0"sv, "\r"sv}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(end)));
    EXPECT_EQ(parse(ten + std::string(end), kWhole, 10), (Parsed{{ten}, 0}));
    EXPECT_EQ(parse(ten + "a" + std::string(end), kWhole, 10), (Parsed{{}, 1}));
    EXPECT_EQ(parse(ten + std::string(end), 1, 10), (Parsed{{ten}, 0}));
    EXPECT_EQ(parse(ten + "a" + std::string(end), 1, 10), (Parsed{{}, 1}));
  }
  EXPECT_EQ(parse("\r\n", kWhole, 0), (Parsed{{""}, 0}));
  EXPECT_EQ(parse("a\r\n", kWhole, 0), (Parsed{{}, 1}));
}

// too_long comes as soon as the line passes the limit, before any line end, and uses up the
// input.
// What follows a line's terminator, for a session that stops parsing lines (HTTP on the
// admin port): the "\n" of a "\r\n" or the "\0" of a "\r\0" belongs to the line.
TEST(LineParser, AfterTheTerminatorLeavesOutTheRestOfTheLinesEnd) {
  for (const auto& [input, after] :
       {std::pair{"GET / HTTP/1.1\r\nHost: x\r\n"s, "Host: x\r\n"s},
        std::pair{"GET\r\0Host"s, "Host"s}, std::pair{"GET\nHost"s, "Host"s},
        std::pair{"GET\r\n"s, ""s}, std::pair{"GET\rHost"s, "Host"s},
        std::pair{"GET\n\nHost"s, "\nHost"s}}) {
    LineParser parser;
    std::string_view rest = input;
    ASSERT_EQ(parser.next(rest, 1024), Status::line);
    EXPECT_EQ(parser.after_terminator(rest), after) << input;
  }
}

TEST(LineParser, TooLongInOneCall) {
  LineParser parser;
  const std::string data = std::string(11, 'a') + "\r\nTIME\r\n";
  std::string_view input = data;
  EXPECT_EQ(parser.next(input, 10), Status::too_long);
  EXPECT_THAT(input, IsEmpty());
  EXPECT_FALSE(parser.in_line());

  const std::string unterminated(11, 'a');
  input = unterminated;
  EXPECT_EQ(LineParser().next(input, 10), Status::too_long);
}

// A line spread over several calls is too long once its bytes together pass the limit.
TEST(LineParser, TooLongOverSeveralCalls) {
  LineParser parser;
  std::string_view input = "aaaa";
  EXPECT_EQ(parser.next(input, 10), Status::need_more);
  input = "aaaa";
  EXPECT_EQ(parser.next(input, 10), Status::need_more);
  input = "aa";
  EXPECT_EQ(parser.next(input, 10), Status::need_more);  // exactly 10
  input = "a\r\n";
  EXPECT_EQ(parser.next(input, 10), Status::too_long);
}

// Byte by byte and never terminated: too_long at the first byte past the limit, and nothing
// is kept after it, so memory does not grow with the stream.
TEST(LineParser, UnterminatedByteByByteStopsAtLimit) {
  constexpr std::size_t kMax = 100;
  LineParser parser;
  std::vector<std::size_t> too_long_at;
  for (std::size_t i = 0; i < 10'000; ++i) {
    std::string_view input = "x";
    const Status status = parser.next(input, kMax);
    ASSERT_NE(status, Status::line);
    if (status == Status::too_long) {
      too_long_at.push_back(i);
      EXPECT_FALSE(parser.in_line()) << "nothing may stay buffered after too_long";
    }
  }
  ASSERT_FALSE(too_long_at.empty());
  EXPECT_EQ(too_long_at.front(), kMax);  // byte 101 of the line
  // Each too_long drops what was buffered: the next one needs another kMax + 1 bytes.
  EXPECT_EQ(too_long_at.size(), 10'000 / (kMax + 1));
  EXPECT_EQ(too_long_at[1], 2 * kMax + 1);
}

// Telnet bytes count toward the limit: commands, subnegotiations and IAC IAC.
TEST(LineParser, TelnetBytesCountTowardLimit) {
  std::string nops;
  for (int i = 0; i < 6; ++i) nops += "\xFF\xF1";  // 12 bytes, all removed
  EXPECT_EQ(parse(nops + "A\r\n", kWhole, 13), (Parsed{{"A"}, 0}));
  EXPECT_EQ(parse(nops + "A\r\n", kWhole, 12), (Parsed{{}, 1}));

  // 3 + 8 + 2 bytes of subnegotiation and 4 of text: 17 raw bytes.
  const std::string sub = "\xFF\xFA\x18"s + "abcdefgh" + "\xFF\xF0" + "TIME\r\n";
  for (const std::size_t segment : {kWhole, std::size_t{1}, std::size_t{4}}) {
    SCOPED_TRACE("segments of " + std::to_string(segment));
    EXPECT_EQ(parse(sub, segment, 17), (Parsed{{"TIME"}, 0}));
    EXPECT_EQ(parse(sub, segment, 16), (Parsed{{}, 1}));
  }
  // A subnegotiation never closed cannot grow without bound: too_long at its 101st byte.
  {
    LineParser parser;
    std::string_view input = "\xFF\xFA\x18";
    EXPECT_EQ(parser.next(input, 100), Status::need_more);
    std::size_t fed = 3;
    for (Status status = Status::need_more; status == Status::need_more; ++fed) {
      ASSERT_LT(fed, 1000u);
      input = "x";
      status = parser.next(input, 100);
    }
    EXPECT_EQ(fed, 101u);
  }

  EXPECT_EQ(parse("\xFF\xFF\xFF\xFF\r\n", kWhole, 4), (Parsed{{"\xFF\xFF"}, 0}));
  EXPECT_EQ(parse("\xFF\xFF\xFF\xFF\r\n", kWhole, 3), (Parsed{{}, 1}));
}

// Erase keys are raw bytes too: erasing does not give back room under the limit.
TEST(LineParser, EraseKeysCountTowardLimit) {
  EXPECT_EQ(parse("abcd\b\b\b\bx\r\n", kWhole, 9), (Parsed{{"x"}, 0}));
  EXPECT_EQ(parse("abcd\b\b\b\bx\r\n", kWhole, 8), (Parsed{{}, 1}));
}

// The limit applies per line: many short lines together may pass it.
TEST(LineParser, LimitIsPerLine) {
  std::string data;
  for (int i = 0; i < 100; ++i) data += "0123456789\r\n";
  const Parsed parsed = parse(data, kWhole, 10);
  EXPECT_EQ(parsed.lines.size(), 100u);
  EXPECT_EQ(parsed.too_long, 0);
}

// --- Segmentation independence ------------------------------------------------------------

/// Random bytes, biased toward the ones the parser treats specially.
std::string biased_bytes(std::mt19937& rng) {
  static constexpr char kSpecial[] = {'\r',   '\n',   '\0',   '\b',   '\x7f', '\xFF',
                                      '\xFF', '\xFA', '\xF0', '\xF1', '\xFB', '\xFD',
                                      '\xC3', '\xA9', 'A',    'B'};
  std::uniform_int_distribution<int> length(0, 64);
  std::uniform_int_distribution<int> coin(0, 2);
  std::uniform_int_distribution<int> special(0, sizeof kSpecial - 1);
  std::uniform_int_distribution<int> any(0, 255);
  std::string bytes(static_cast<std::size_t>(length(rng)), '\0');
  for (char& byte : bytes) {
    byte = coin(rng) == 0 ? static_cast<char>(any(rng)) : kSpecial[special(rng)];
  }
  return bytes;
}

std::vector<std::size_t> random_segments(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> count(1, 8);
  std::uniform_int_distribution<std::size_t> size(1, 9);
  std::vector<std::size_t> sizes(count(rng));
  for (std::size_t& s : sizes) s = size(rng);
  return sizes;
}

// Random streams cut into random segments give the same lines as in one piece.
TEST(LineParser, SegmentationDoesNotChangeLines) {
  std::mt19937 rng(20240601);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const std::string data = biased_bytes(rng);
    const std::vector<std::size_t> sizes = random_segments(rng);
    SCOPED_TRACE("iteration " + std::to_string(iteration) + ": " + ::testing::PrintToString(data) +
                 " in " + ::testing::PrintToString(sizes));
    LineParser whole;
    const Parsed expected = feed(whole, data, {kWhole});
    LineParser segmented;
    ASSERT_EQ(feed(segmented, data, sizes), expected);
    LineParser bytewise;
    ASSERT_EQ(feed(bytewise, data, {1}), expected);
    EXPECT_EQ(segmented.in_line(), whole.in_line());
  }
}

// With a small limit, the lines before the first too_long and the too_long itself do not
// depend on segmentation either.
TEST(LineParser, SegmentationDoesNotChangeTooLong) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> limit(0, 16);
  int too_long_seen = 0;
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const std::string data = biased_bytes(rng);
    const std::vector<std::size_t> sizes = random_segments(rng);
    const std::size_t max = limit(rng);
    SCOPED_TRACE("iteration " + std::to_string(iteration) + ": " + ::testing::PrintToString(data) +
                 " in " + ::testing::PrintToString(sizes) + ", max " + std::to_string(max));
    LineParser whole;
    const Parsed expected = feed(whole, data, {kWhole}, max, true);
    LineParser segmented;
    ASSERT_EQ(feed(segmented, data, sizes, max, true), expected);
    too_long_seen += expected.too_long;
  }
  EXPECT_GT(too_long_seen, 100);  // the property was exercised on both outcomes
}

}  // namespace
}  // namespace jamd::core
