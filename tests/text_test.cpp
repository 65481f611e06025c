// Unit tests of the text checks (UTF-8, printable), sanitize() and the error reply texts.
#include "core/text.hpp"
#include "core/replies.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace jamd::core {
namespace {

using namespace std::string_literals;  // "..."s keeps embedded NUL bytes

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out.append(text);
  return out;
}

// --- is_utf8 ------------------------------------------------------------------------------

// Valid UTF-8 of 1 to 4 bytes per character, at the edges of each length, is accepted.
TEST(IsUtf8Test, AcceptsValidText) {
  const std::string valid[] = {
      "",
      "TIME",
      "\0"s,               // NUL is valid UTF-8 (if not printable)
      "\xC3\xA9",          // é, 2 bytes
      "\xE2\x82\xAC",      // €, 3 bytes
      "\xF0\x9F\x98\x80",  // U+1F600, 4 bytes
      "\xC2\x80",          // U+0080, smallest 2-byte
      "\xDF\xBF",          // U+07FF, largest 2-byte
      "\xE0\xA0\x80",      // U+0800, smallest 3-byte
      "\xED\x9F\xBF",      // U+D7FF, just below the surrogates
      "\xEE\x80\x80",      // U+E000, just above the surrogates
      "\xEF\xBF\xBF",      // U+FFFF
      "\xF0\x90\x80\x80",  // U+10000, smallest 4-byte
      "\xF4\x8F\xBF\xBF",  // U+10FFFF, the last code point
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80!",
  };
  for (const std::string& text : valid) {
    EXPECT_TRUE(is_utf8(text)) << ::testing::PrintToString(text);
  }
}

// Overlongs, surrogates, code points past U+10FFFF, truncated sequences and stray continuation
// bytes are refused, alone or inside valid text.
TEST(IsUtf8Test, RefusesInvalidText) {
  const std::string invalid[] = {
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong U+007F
      "\xE0\x80\x80",      // overlong NUL, 3 bytes
      "\xE0\x9F\xBF",      // overlong U+07FF
      "\xF0\x80\x80\x80",  // overlong NUL, 4 bytes
      "\xF0\x8F\xBF\xBF",  // overlong U+FFFF
      "\xED\xA0\x80",      // U+D800, first surrogate
      "\xED\xBF\xBF",      // U+DFFF, last surrogate
      "\xF4\x90\x80\x80",  // U+110000
      "\xF5\x80\x80\x80",  // lead byte past F4
      "\xF8\x88\x80\x80\x80",
      "\xFE",
      "\xFF",
      "\xC3",          // truncated 2-byte
      "\xE2\x82",      // truncated 3-byte
      "\xF0\x9F\x98",  // truncated 4-byte
      "abc\xC3",       // truncated at the end
      "\xE2\x82x",     // continuation replaced by ASCII
      "\xC3\xC3\xA9",  // lead byte followed by a lead byte
      "\x80",          // stray continuation
      "\xBF",
      "a\x80z",
      "\xC3\xA9\xA9",  // one continuation too many
  };
  for (const std::string& text : invalid) {
    EXPECT_FALSE(is_utf8(text)) << ::testing::PrintToString(text);
  }
}

// A sequence cut by the end of the view is truncated, even when its rest follows in memory.
TEST(IsUtf8Test, StopsAtEndOfView) {
  const std::string buffer = "a\xF0\x9F\x98\x80";
  for (std::size_t size = 2; size < buffer.size(); ++size) {
    const std::string_view view(buffer.data(), size);
    EXPECT_FALSE(is_utf8(view)) << size;
    // Each byte of the cut sequence is then invalid on its own.
    // (Built with append: g++ 12 at -O3 warns a false -Wrestrict on "a" + std::string.)
    std::string expected("a");
    expected.append(repeat(kReplacement, static_cast<int>(size) - 1));
    EXPECT_EQ(sanitize(view), expected);
  }
  EXPECT_TRUE(is_utf8(buffer));
}

// --- is_printable_utf8 --------------------------------------------------------------------

// Text, space, tab and non-ASCII characters (from U+00A0 on) are printable.
TEST(IsPrintableUtf8Test, AcceptsTextSpaceAndTab) {
  EXPECT_TRUE(is_printable_utf8(""));
  EXPECT_TRUE(is_printable_utf8("TIME"));
  EXPECT_TRUE(is_printable_utf8("TIME Europe/Paris"));
  EXPECT_TRUE(is_printable_utf8(" "));
  EXPECT_TRUE(is_printable_utf8("\t"));
  EXPECT_TRUE(is_printable_utf8("TIME\tUTC"));
  EXPECT_TRUE(is_printable_utf8("~"));         // U+007E, last before DEL
  EXPECT_TRUE(is_printable_utf8("\xC2\xA0"));  // U+00A0, first after the C1 controls
  EXPECT_TRUE(is_printable_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

// C0 controls except tab, DEL and the C1 controls U+0080-U+009F are not printable.
TEST(IsPrintableUtf8Test, RefusesControlCharacters) {
  for (int byte = 0x00; byte < 0x20; ++byte) {
    if (byte == '\t') continue;
    const std::string text = "A"s + static_cast<char>(byte) + "B";
    EXPECT_FALSE(is_printable_utf8(text)) << ::testing::PrintToString(text);
  }
  EXPECT_FALSE(is_printable_utf8("\x7f"));
  for (int second = 0x80; second <= 0x9F; ++second) {
    const std::string text = "\xC2"s + static_cast<char>(second);  // U+0080 to U+009F
    EXPECT_TRUE(is_utf8(text));
    EXPECT_FALSE(is_printable_utf8(text)) << ::testing::PrintToString(text);
  }
}

// Invalid UTF-8 is not printable, even without control characters.
TEST(IsPrintableUtf8Test, RefusesInvalidUtf8) {
  EXPECT_FALSE(is_printable_utf8("TIME\xFF"));
  EXPECT_FALSE(is_printable_utf8("\xC0\x80"));
  EXPECT_FALSE(is_printable_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_printable_utf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(is_printable_utf8("caf\xC3"));
}

// --- sanitize -----------------------------------------------------------------------------

// Printable valid text comes back unchanged.
TEST(SanitizeTest, KeepsPrintableText) {
  EXPECT_EQ(sanitize(""), "");
  EXPECT_EQ(sanitize("TIME"), "TIME");
  EXPECT_EQ(sanitize("TIME Europe/Paris"), "TIME Europe/Paris");
  EXPECT_EQ(sanitize("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

// Each control character becomes U+FFFD, so the result is one line.
TEST(SanitizeTest, ReplacesControlCharacters) {
  const std::string r(kReplacement);
  EXPECT_EQ(sanitize("FOO\r\nBAR"), "FOO" + r + r + "BAR");
  EXPECT_EQ(sanitize("A\0B"s), "A" + r + "B");
  EXPECT_EQ(sanitize("A\x1B[2J"), "A" + r + "[2J");  // no terminal escapes
  EXPECT_EQ(sanitize("A\x7f"), "A" + r);
  EXPECT_EQ(sanitize("A\tB"), "A" + r + "B");
  EXPECT_EQ(sanitize("\xC2\x85"), r);  // U+0085 NEL, a C1 control: one replacement
  EXPECT_EQ(sanitize("\xC2\x9F"), r);  // U+009F
}

// Each byte that is not part of valid UTF-8 becomes U+FFFD.
TEST(SanitizeTest, ReplacesInvalidBytes) {
  const std::string r(kReplacement);
  EXPECT_EQ(sanitize("\xFF"), r);
  EXPECT_EQ(sanitize("a\x80z"), "a" + r + "z");
  EXPECT_EQ(sanitize("caf\xC3"), "caf" + r);
  EXPECT_EQ(sanitize("\xC0\x80"), r + r);
  EXPECT_EQ(sanitize("\xED\xA0\x80"), r + r + r);
  EXPECT_EQ(sanitize("\xF4\x90\x80\x80"), r + r + r + r);
  EXPECT_EQ(sanitize("\xE2\x82x\xC3\xA9"), r + r + "x\xC3\xA9");  // the valid é survives
}

// Past max_chars characters (not bytes) the rest becomes "...".
TEST(SanitizeTest, TruncatesLongText) {
  EXPECT_EQ(sanitize(std::string(40, 'a')), std::string(40, 'a'));  // default limit: 40
  EXPECT_EQ(sanitize(std::string(41, 'a')), std::string(40, 'a') + "...");
  EXPECT_EQ(sanitize(std::string(1000, 'a')), std::string(40, 'a') + "...");
  EXPECT_EQ(sanitize("abcdef", 3), "abc...");
  EXPECT_EQ(sanitize("abc", 3), "abc");
  EXPECT_EQ(sanitize("a", 0), "...");
  EXPECT_EQ(sanitize("", 0), "");
  // Characters, not bytes: a multi-byte character is never cut.
  EXPECT_EQ(sanitize(repeat("\xC3\xA9", 41)), repeat("\xC3\xA9", 40) + "...");
  EXPECT_EQ(sanitize(repeat("\xF0\x9F\x98\x80", 3), 2), repeat("\xF0\x9F\x98\x80", 2) + "...");
  // A replacement counts as one character.
  EXPECT_EQ(sanitize("\r\r\r\r", 2), repeat(kReplacement, 2) + "...");
}

// Whatever the input, the result is printable UTF-8 and so one line, of bounded length.
TEST(SanitizeTest, AnyBytesGivePrintableUtf8) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> length(0, 100);
  std::uniform_int_distribution<int> any(0, 255);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::string bytes(static_cast<std::size_t>(length(rng)), '\0');
    for (char& byte : bytes) byte = static_cast<char>(any(rng));
    const std::string out = sanitize(bytes);
    SCOPED_TRACE(::testing::PrintToString(bytes));
    EXPECT_TRUE(is_printable_utf8(out)) << ::testing::PrintToString(out);
    EXPECT_EQ(out.find_first_of("\r\n"s + '\0'), std::string::npos);
    EXPECT_LE(out.size(), 40u * 4 + 3);
  }
}

// --- replies ------------------------------------------------------------------------------

// True when `reply` is exactly one line of valid UTF-8 ending in "\r\n".
::testing::AssertionResult IsOneLine(const std::string& reply) {
  if (reply.size() < 2 || !reply.ends_with("\r\n")) {
    return ::testing::AssertionFailure() << "does not end in \\r\\n";
  }
  const std::string_view body(reply.data(), reply.size() - 2);
  if (!is_printable_utf8(body)) {
    return ::testing::AssertionFailure() << "not printable UTF-8 before \\r\\n";
  }
  return ::testing::AssertionSuccess();
}

// The exact texts of the replies.
TEST(RepliesTest, Texts) {
  std::string out;
  replies::error(out, "boom");
  EXPECT_EQ(out, "ERR boom\r\n");

  out.clear();
  replies::unknown_command(out, "FOO");
  EXPECT_EQ(out, "ERR unknown command 'FOO'\r\n");

  out.clear();
  replies::wrong_arguments(out, "TIME");
  EXPECT_EQ(out, "ERR wrong number of arguments for 'TIME'\r\n");

  out.clear();
  replies::bad_characters(out);
  EXPECT_EQ(out, "ERR request must be UTF-8 text without control characters\r\n");

  out.clear();
  replies::line_too_long(out);
  EXPECT_EQ(out, "ERR line too long\r\n");

  out.clear();
  replies::too_many_connections(out);
  EXPECT_EQ(out, "ERR too many connections\r\n");
}

// Each reply is appended after what `out` already holds, which stays untouched.
TEST(RepliesTest, AppendOneLine) {
  std::string out = "OK 1\r\n";
  replies::line_too_long(out);
  replies::unknown_command(out, "FOO");
  replies::too_many_connections(out);
  EXPECT_EQ(out,
            "OK 1\r\n"
            "ERR line too long\r\n"
            "ERR unknown command 'FOO'\r\n"
            "ERR too many connections\r\n");
}

// Echoed names are sanitised: line ends, control bytes and invalid UTF-8 become U+FFFD.
TEST(RepliesTest, SanitiseEchoedNames) {
  const std::string r(kReplacement);
  std::string out;
  replies::unknown_command(out, "FOO\r\nOK 0\r\n");
  EXPECT_EQ(out, "ERR unknown command 'FOO" + r + r + "OK 0" + r + r + "'\r\n");
  EXPECT_TRUE(IsOneLine(out));

  out.clear();
  replies::wrong_arguments(out, "T\0I\x1BME\xFF"s);
  EXPECT_EQ(out, "ERR wrong number of arguments for 'T" + r + "I" + r + "ME" + r + "'\r\n");
  EXPECT_TRUE(IsOneLine(out));

  out.clear();
  replies::unknown_command(out, "caf\xC3\xA9");  // valid UTF-8 is echoed as is
  EXPECT_EQ(out, "ERR unknown command 'caf\xC3\xA9'\r\n");
}

// Long names are truncated with "...".
TEST(RepliesTest, TruncateLongNames) {
  const std::string name(100, 'X');
  std::string out;
  replies::unknown_command(out, name);
  EXPECT_EQ(out, "ERR unknown command '" + std::string(40, 'X') + "...'\r\n");

  out.clear();
  replies::wrong_arguments(out, name);
  EXPECT_EQ(out, "ERR wrong number of arguments for '" + std::string(40, 'X') + "...'\r\n");
}

// Whatever the name, both echoing replies are one line of valid UTF-8.
TEST(RepliesTest, AnyNameGivesOneLine) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> length(0, 80);
  std::uniform_int_distribution<int> any(0, 255);
  for (int iteration = 0; iteration < 1000; ++iteration) {
    std::string name(static_cast<std::size_t>(length(rng)), '\0');
    for (char& byte : name) byte = static_cast<char>(any(rng));
    SCOPED_TRACE(::testing::PrintToString(name));
    std::string out;
    replies::unknown_command(out, name);
    EXPECT_TRUE(IsOneLine(out)) << ::testing::PrintToString(out);
    out.clear();
    replies::wrong_arguments(out, name);
    EXPECT_TRUE(IsOneLine(out)) << ::testing::PrintToString(out);
  }
}

}  // namespace
}  // namespace jamd::core
