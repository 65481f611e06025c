// The error replies a client can see (src/core/replies.cpp): their texts, and that each is
// one line of valid UTF-8 whatever the input it echoes.
#include "core/replies.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "support/peer.hpp"
#include "support/random.hpp"

namespace jamd::core {
namespace {

using namespace std::string_literals;  // "..."s keeps embedded NUL bytes

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

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
TEST(Replies, AreTheseExactTexts) {
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
  replies::not_allowed(out, "SECRET", test::peer("192.0.2.7", 40000));
  EXPECT_EQ(out, "ERR 'SECRET' is not allowed from 192.0.2.7\r\n");

  out.clear();
  replies::not_allowed(out, "secret", test::peer("::1", 40000));
  EXPECT_EQ(out, "ERR 'secret' is not allowed from ::1\r\n");

  out.clear();
  replies::bad_characters(out);
  EXPECT_EQ(out, "ERR request must be UTF-8 text without control characters\r\n");

  out.clear();
  replies::line_too_long(out);
  EXPECT_EQ(out, "ERR line too long\r\n");

  out.clear();
  replies::too_many_connections(out);
  EXPECT_EQ(out, "ERR too many connections\r\n");

  out.clear();
  replies::access_denied(out);
  EXPECT_EQ(out, "ERR access denied\r\n");

  out.clear();
  replies::internal_error(out);
  EXPECT_EQ(out, "ERR internal error\r\n");

  out.clear();
  replies::clock_not_synchronized(out);
  EXPECT_EQ(out, "ERR clock not synchronized\r\n");

  out.clear();
  replies::unknown_figure(out, "no\r\nsuch");
  EXPECT_EQ(out, "ERR unknown figure 'no\xEF\xBF\xBD\xEF\xBF\xBDsuch'\r\n");
}

// 17. The admin port's HTTP error bodies: one line each.
TEST(Replies, TheAdminPortsHttpErrorsAreOneLineEach) {
  for (const std::string_view body :
       {replies::kHttpNotFound, replies::kHttpBadRequest, replies::kHttpHeaderTooLarge,
        replies::kHttpMethodNotAllowed}) {
    EXPECT_EQ(body.find('\n'), body.size() - 1) << body;
  }
  EXPECT_EQ(replies::kHttpNotFound, "not found: try /metrics or /healthz\n");
}

// 2 and 4. A line no command owns: unknown command, unless its bytes are not text.
TEST(Replies, ALineNoCommandOwnsIsUnknownUnlessItIsNotText) {
  std::string out;
  replies::not_a_command(out, "FOO bar", "FOO");
  EXPECT_EQ(out, "ERR unknown command 'FOO'\r\n");
  for (const std::string& line : {"FOO\x01"s, "\xC0\xAF"s, "TI\0ME"s, "FOO \xFF"s}) {
    out.clear();
    replies::not_a_command(out, line, line.substr(0, 3));
    EXPECT_EQ(out, "ERR request must be UTF-8 text without control characters\r\n")
        << ::testing::PrintToString(line);
  }
}

// Each reply is appended after what `out` already holds, which stays untouched.
TEST(Replies, AppendOneLineAfterWhatOutHolds) {
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
TEST(Replies, SanitiseTheNamesTheyEcho) {
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
  replies::not_allowed(out, "SE\r\nCRET", test::peer("192.0.2.7"));
  EXPECT_EQ(out, "ERR 'SE" + r + r + "CRET' is not allowed from 192.0.2.7\r\n");
  EXPECT_TRUE(IsOneLine(out));

  out.clear();
  replies::unknown_command(out, "caf\xC3\xA9");  // valid UTF-8 is echoed as is
  EXPECT_EQ(out, "ERR unknown command 'caf\xC3\xA9'\r\n");
}

// Long names are truncated with "...".
TEST(Replies, TruncateLongNamesWithDots) {
  const std::string name(100, 'X');
  std::string out;
  replies::unknown_command(out, name);
  EXPECT_EQ(out, "ERR unknown command '" + std::string(40, 'X') + "...'\r\n");

  out.clear();
  replies::wrong_arguments(out, name);
  EXPECT_EQ(out, "ERR wrong number of arguments for '" + std::string(40, 'X') + "...'\r\n");

  out.clear();
  replies::not_allowed(out, name, test::peer("10.0.0.1"));
  EXPECT_EQ(out, "ERR '" + std::string(40, 'X') + "...' is not allowed from 10.0.0.1\r\n");
}

// Whatever the name, every echoing reply is one line of valid UTF-8.
TEST(Replies, AreOneLineWhateverTheName) {
  std::mt19937 rng(1);
  for (int iteration = 0; iteration < 1000; ++iteration) {
    const std::string name = test::random_bytes(rng, 80);
    SCOPED_TRACE(::testing::PrintToString(name));
    std::string out;
    replies::unknown_command(out, name);
    EXPECT_TRUE(IsOneLine(out)) << ::testing::PrintToString(out);
    out.clear();
    replies::wrong_arguments(out, name);
    EXPECT_TRUE(IsOneLine(out)) << ::testing::PrintToString(out);
    out.clear();
    replies::not_allowed(out, name, test::peer("2001:db8::1"));
    EXPECT_TRUE(IsOneLine(out)) << ::testing::PrintToString(out);
  }
}

}  // namespace
}  // namespace jamd::core
