#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/dispatcher.hpp"

namespace jamd::core {

/// Where and how the server listens; changing these needs a restart.
struct Listen {
  std::vector<std::string> addresses{"::"};  ///< "::" listens on IPv6 and IPv4
  std::uint16_t port = 45000;                ///< 0 picks a free port
  unsigned threads = 1;                      ///< I/O threads, at least 1
  unsigned busy_poll_us = 0;                 ///< how long an idle thread polls before it sleeps

  bool operator==(const Listen&) const = default;
};

/// The TCP core: listening sockets, a pool of I/O threads, one session per client. It hands
/// each request line to the Runtime's dispatcher and never knows a command by name.
class Server {
 public:
  /// Binds every address; throws std::runtime_error naming the address that failed.
  Server(const Listen& listen, std::shared_ptr<const Runtime> runtime);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The bound addresses as "address:port" ("[::1]:45000" for IPv6), the real port shown.
  std::vector<std::string> endpoints() const;

  /// The bound port (useful when Listen::port was 0).
  std::uint16_t port() const;

  /// Starts the I/O threads; returns at once.
  void start();

  /// Applies `runtime` to the next line of every session. Thread-safe.
  void update(std::shared_ptr<const Runtime> runtime);

  /// Stops accepting, lets sessions flush their replies for at most the drain deadline,
  /// closes them and returns once every I/O thread has ended. Thread-safe; call once.
  void stop();

  /// Open sessions right now.
  std::size_t sessions() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jamd::core
