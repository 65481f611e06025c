#pragma once

// What the admin listener answers an HTTP request with: src/app supplies the content through
// this plain callback, so that no Beast or Asio type reaches past the core. Header-only.

#include <functional>
#include <string>
#include <string_view>

namespace jamd::core {

/// One HTTP response, before the core writes it with its headers (Content-Length,
/// Connection: close).
struct HttpResponse {
  unsigned status = 200;  ///< 200, 404, 503, ...
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

/// Answers a GET (or HEAD) of `path` (the request target without its query). Called on an I/O
/// thread, from many at once: it must be thread-safe and must not block.
using HttpHandler = std::function<HttpResponse(std::string_view path)>;

}  // namespace jamd::core
