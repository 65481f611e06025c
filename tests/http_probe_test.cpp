// The HTTP probe: which first lines mean a browser or a cross-protocol attack.

#include <gtest/gtest.h>

#include "core/http_probe.hpp"

namespace jamd::core {
namespace {

TEST(HttpProbe, RequestLinesLookLikeHttp) {
  EXPECT_TRUE(looks_like_http("GET / HTTP/1.1"));
  EXPECT_TRUE(looks_like_http("POST /submit?x=1 HTTP/1.0"));
  EXPECT_TRUE(looks_like_http("OPTIONS * HTTP/1.1"));
  EXPECT_TRUE(looks_like_http("M-SEARCH * HTTP/1.1"));
  EXPECT_TRUE(looks_like_http("GET  /\tHTTP/1.1 "));  // blanks as jamd splits words
  EXPECT_TRUE(looks_like_http("PRI * HTTP/2.0"));     // HTTP/2's preface
}

TEST(HttpProbe, HostHeaderLooksLikeHttpInAnyCase) {
  EXPECT_TRUE(looks_like_http("Host: example.com"));
  EXPECT_TRUE(looks_like_http("host:example.com"));
  EXPECT_TRUE(looks_like_http("HOST:"));
}

TEST(HttpProbe, JamdLinesDoNot) {
  EXPECT_FALSE(looks_like_http(""));
  EXPECT_FALSE(looks_like_http("TIME"));
  EXPECT_FALSE(looks_like_http("HELP TIME"));
  EXPECT_FALSE(looks_like_http("GET"));
  EXPECT_FALSE(looks_like_http("GET /"));
  EXPECT_FALSE(looks_like_http("Hostname: x"));
  EXPECT_FALSE(looks_like_http("Hos"));
}

TEST(HttpProbe, NearMissesDoNot) {
  EXPECT_FALSE(looks_like_http("get / HTTP/1.1"));   // methods are upper case
  EXPECT_FALSE(looks_like_http("GET / HTTP/1"));     // no minor version
  EXPECT_FALSE(looks_like_http("GET / HTTP/1.1x"));  // trailing garbage
  EXPECT_FALSE(looks_like_http("GET / FTP/1.1"));
  EXPECT_FALSE(looks_like_http("GET / x HTTP/1.1"));  // four words
  EXPECT_FALSE(looks_like_http("G3T / HTTP/1.1"));
  EXPECT_FALSE(looks_like_http(std::string(17, 'A') + " / HTTP/1.1"));  // not a method
}

}  // namespace
}  // namespace jamd::core
