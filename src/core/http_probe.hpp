#pragma once

// Sans-I/O: tells a first line of another protocol (HTTP) from a jamd request. The session
// asks it only for a first line that is no command; the fuzzer calls it too.

#include <string_view>

namespace jamd::core {

/// True when `line` looks like the start of an HTTP request: a request line ("GET / HTTP/1.1":
/// an upper-case method, a target and an HTTP version) or a "Host:" header, in any case. Such a
/// first line means a browser or a cross-protocol attack, not a jamd client.
bool looks_like_http(std::string_view line);

/// True when `line` is an HTTP request line ("GET /metrics HTTP/1.1"): what the admin port
/// serves as HTTP, where a first "Host:" line is still refused.
bool is_http_request_line(std::string_view line);

}  // namespace jamd::core
