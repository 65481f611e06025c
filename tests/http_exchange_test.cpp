// The admin port's HTTP exchange without I/O: requests fed whole, in pieces and malformed,
// answered through a handler, the response as Beast writes it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/http_exchange.hpp"

namespace jamd::core {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

/// A handler that answers /ok and names the path it was asked for.
HttpResponse answer(std::string_view path) {
  if (path != "/ok") return {.status = 404, .body = "no " + std::string(path) + "\n"};
  return {.status = 200, .content_type = "text/plain; version=0.0.4", .body = "fine\n"};
}

const HttpHandler kHandler = answer;

/// The response to `request` fed in one piece, or "<need more>".
std::string response_to(std::string_view request) {
  HttpExchange exchange(kHandler);
  std::string out;
  if (exchange.feed(request, out) == HttpExchange::Status::need_more) return "<need more>";
  return out;
}

TEST(HttpExchange, AnswersAGetWithTheHandlersResponseAndConnectionClose) {
  const std::string out = response_to("GET /ok HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
  EXPECT_THAT(out, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(out, HasSubstr("Connection: close\r\n"));
  EXPECT_THAT(out, HasSubstr("Content-Type: text/plain; version=0.0.4\r\n"));
  EXPECT_THAT(out, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(out, EndsWith("\r\n\r\nfine\n"));
}

TEST(HttpExchange, AnswersHttp10WithHttp11AndPassesThePathWithoutItsQuery) {
  const std::string out = response_to("GET /elsewhere?x=1 HTTP/1.0\r\n\r\n");
  EXPECT_THAT(out, StartsWith("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_THAT(out, EndsWith("\r\n\r\nno /elsewhere\n"));
}

TEST(HttpExchange, WaitsForTheWholeHeaderFedInPieces) {
  HttpExchange exchange(kHandler);
  std::string out;
  const std::string request = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t i = 0; i + 1 < request.size(); ++i) {
    ASSERT_EQ(exchange.feed(request.substr(i, 1), out), HttpExchange::Status::need_more) << i;
  }
  EXPECT_EQ(exchange.feed(request.substr(request.size() - 1), out), HttpExchange::Status::answered);
  EXPECT_THAT(out, StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST(HttpExchange, HeadGetsTheHeadersOfGetWithoutTheBody) {
  const std::string out = response_to("HEAD /ok HTTP/1.1\r\n\r\n");
  EXPECT_THAT(out, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(out, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(out, EndsWith("\r\n\r\n"));
}

TEST(HttpExchange, OtherMethodsAreNotAllowed) {
  const std::string out = response_to("POST /ok HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_THAT(out, StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_THAT(out, HasSubstr("Allow: GET, HEAD\r\n"));
}

TEST(HttpExchange, AMalformedRequestIsABadRequest) {
  EXPECT_THAT(response_to("GET /ok HTTP/1.1\r\nno colon here\r\n\r\n"),
              StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_THAT(response_to("GET /ok HTTP/9.1\r\n\r\n"), StartsWith("HTTP/1.1 400 Bad Request\r\n"));
}

TEST(HttpExchange, AHeaderPastTheLimitIsRefusedWithoutWaitingForItsEnd) {
  HttpExchange exchange(kHandler);
  std::string out;
  const std::string start = "GET /ok HTTP/1.1\r\nX-Long: ";
  ASSERT_EQ(exchange.feed(start, out), HttpExchange::Status::need_more);
  EXPECT_EQ(exchange.feed(std::string(HttpExchange::kMaxHeaderBytes, 'a'), out),
            HttpExchange::Status::answered);
  EXPECT_THAT(out, StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
}

}  // namespace
}  // namespace jamd::core
