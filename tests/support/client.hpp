#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jamd::test {

using namespace std::chrono_literals;

/// A blocking TCP client over loopback for tests: plain POSIX sockets, every wait bounded.
class Client {
 public:
  /// Connects to 127.0.0.1 (or `host`, IPv4 or IPv6) at `port`; throws on failure. A
  /// `receive_buffer` size other than 0 shrinks the socket's, to make the server wait. A
  /// `source` address (such as 127.0.0.2) is bound before connecting, to look like another
  /// client; empty: the kernel's choice.
  explicit Client(std::uint16_t port, const std::string& host = "127.0.0.1", int receive_buffer = 0,
                  const std::string& source = "");
  /// A client from `source` (127.0.0.2, ...) to 127.0.0.1 at `port`.
  static Client from(const std::string& source, std::uint16_t port) {
    return Client(port, "127.0.0.1", 0, source);
  }
  ~Client();
  Client(Client&& other) noexcept;
  Client& operator=(Client&&) = delete;

  /// Sends all of `bytes`; throws on failure.
  void send(std::string_view bytes);
  /// Stops sending (the client's half-close); the server may still reply.
  void shutdown_write();

  /// The next line, "\r\n" removed; nullopt when the connection ends or `timeout` passes
  /// first. A line not ending in "\r\n" is returned as it came, so tests can catch it.
  std::optional<std::string> line(std::chrono::milliseconds timeout = 5s);
  /// Everything until the server closes (at most `timeout`); nullopt if it did not close.
  std::optional<std::string> rest(std::chrono::milliseconds timeout = 5s);
  /// True when nothing arrives within `quiet` (and the connection is still open).
  bool silent_for(std::chrono::milliseconds quiet);

  /// Bytes sent that the server has not taken yet (the kernel's TIOCOUTQ): on loopback,
  /// more than 0 only once the server's receive buffer is full.
  std::size_t unsent() const;

  int fd() const { return fd_; }
  /// The client's own port, as the server sees it.
  std::uint16_t local_port() const;

 private:
  /// Reads more into buffer_; false when the peer closed, failed or the deadline passed.
  bool fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
};

/// Sends copies of `line` without blocking until `max_lines` are sent, the socket stays full
/// for `patience` (the server stopped reading) or `budget` passes; returns the bytes sent.
std::size_t flood(Client& client, const std::string& line, std::size_t max_lines,
                  std::chrono::milliseconds budget = 5s,
                  std::chrono::milliseconds patience = 300ms);

}  // namespace jamd::test
