// Unit tests of the text checks (UTF-8, printable), to_utf8() and sanitize().
#include "core/text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "support/random.hpp"

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
TEST(IsUtf8, AcceptsValidText) {
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
TEST(IsUtf8, RefusesInvalidText) {
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
TEST(IsUtf8, StopsAtEndOfView) {
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
TEST(IsPrintableUtf8, AcceptsTextSpaceAndTab) {
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
TEST(IsPrintableUtf8, RefusesControlCharacters) {
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
TEST(IsPrintableUtf8, RefusesInvalidUtf8) {
  EXPECT_FALSE(is_printable_utf8("TIME\xFF"));
  EXPECT_FALSE(is_printable_utf8("\xC0\x80"));
  EXPECT_FALSE(is_printable_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_printable_utf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(is_printable_utf8("caf\xC3"));
}

// --- to_utf8 ------------------------------------------------------------------------------

// Valid text, control characters and all, comes back as it was; each invalid byte becomes
// one U+FFFD, and the valid text around it stays.
TEST(ToUtf8, ReplacesInvalidBytesAndKeepsTheRest) {
  for (const std::string& valid :
       {""s, "TIME"s, "a\0b\r\n\t\x1b\x7f"s, "caf\xC3\xA9 \xF0\x9F\x98\x80"s}) {
    EXPECT_EQ(to_utf8(valid), valid) << ::testing::PrintToString(valid);
  }
  EXPECT_EQ(to_utf8("a\xFFz"), "a"s + std::string(kReplacement) + "z");
  EXPECT_EQ(to_utf8("\xC3"), kReplacement);
  EXPECT_EQ(to_utf8("\xED\xA0\x80"), repeat(kReplacement, 3));  // a surrogate: three bytes
  EXPECT_EQ(to_utf8("\xC0\x80\xC3\xA9"), repeat(kReplacement, 2) + "\xC3\xA9");
}

// Whatever the input, the result is valid UTF-8.
TEST(ToUtf8, AnyBytesGiveUtf8) {
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const std::string bytes = test::random_bytes(rng, 100);
    EXPECT_TRUE(is_utf8(to_utf8(bytes))) << ::testing::PrintToString(bytes);
  }
}

// --- sanitize -----------------------------------------------------------------------------

// Printable valid text comes back unchanged.
TEST(Sanitize, KeepsPrintableText) {
  EXPECT_EQ(sanitize(""), "");
  EXPECT_EQ(sanitize("TIME"), "TIME");
  EXPECT_EQ(sanitize("TIME Europe/Paris"), "TIME Europe/Paris");
  EXPECT_EQ(sanitize("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

// Each control character becomes U+FFFD, so the result is one line.
TEST(Sanitize, ReplacesControlCharacters) {
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
TEST(Sanitize, ReplacesInvalidBytes) {
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
TEST(Sanitize, TruncatesLongText) {
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
TEST(Sanitize, AnyBytesGivePrintableUtf8) {
  std::mt19937 rng(42);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const std::string bytes = test::random_bytes(rng, 100);
    const std::string out = sanitize(bytes);
    SCOPED_TRACE(::testing::PrintToString(bytes));
    EXPECT_TRUE(is_printable_utf8(out)) << ::testing::PrintToString(out);
    EXPECT_EQ(out.find_first_of("\r\n"s + '\0'), std::string::npos);
    EXPECT_LE(out.size(), 40u * 4 + 3);
  }
}

}  // namespace
}  // namespace jamd::core
