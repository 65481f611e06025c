#pragma once

// Internal to the core: one HTTP request on the admin port, without I/O. A session whose first
// line is an HTTP request line hands it, and every byte after it, to an exchange, which
// parses the request with Boost.Beast and, once its header is complete, writes the whole
// response (Connection: close) for the session to send before it closes.

#include <memory>
#include <string>
#include <string_view>

#include "core/http_handler.hpp"

namespace jamd::core {

/// The request of one admin connection that speaks HTTP, and its one response.
class HttpExchange {
 public:
  /// What feed() made of the bytes so far.
  enum class Status { need_more, answered };

  /// The most a request's header may hold; a longer one is answered 431.
  static constexpr std::size_t kMaxHeaderBytes = 8192;

  /// An exchange whose GET and HEAD requests `handler` answers; it must outlive the exchange.
  explicit HttpExchange(const HttpHandler& handler);
  ~HttpExchange();
  HttpExchange(const HttpExchange&) = delete;
  HttpExchange& operator=(const HttpExchange&) = delete;

  /// Parses the next `bytes` of the request. Once its header is complete, or it cannot be an
  /// HTTP/1 request, appends the whole response to `out` and returns answered; bytes after
  /// the header (a body, a second request) are ignored, since the connection then closes.
  Status feed(std::string_view bytes, std::string& out);

 private:
  struct Parser;
  const HttpHandler& handler_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace jamd::core
